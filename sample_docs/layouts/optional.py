"""Optional and unrelated pieces.

The income tax notice, a CV, and letters that are none of the expected pieces
(``other``).
"""

from __future__ import annotations

import random

from sample_docs.people import fold_text
from sample_docs.plans import CvFacts, OtherFacts, TaxFacts
from sample_docs.render import (
    GREY,
    LIGHT_GREY,
    DocCanvas,
    Rendered,
    draw_photo,
    draw_signature,
    footer,
    format_date,
    group_thousands,
)

DGFIP_BLUE = (0.0, 0.15, 0.4)
OTHER_LAYOUTS = ("lettre_motivation", "certificat_scolarite", "lettre_resiliation")
EMPLOYERS = (
    "Carrefour Market",
    "Restaurant Le Panier",
    "Clinique Bouchard",
    "Mairie de Vitrolles",
    "Transports Giraud",
    "Hôtel Mercure Prado",
    "Leclerc Drive",
    "Agence Adecco",
    "La Poste",
)
JOBS = (
    "Employé(e) polyvalent(e)",
    "Agent d'accueil",
    "Serveur / serveuse",
    "Préparateur de commandes",
    "Aide à domicile",
    "Caissier / caissière",
    "Agent d'entretien",
    "Vendeur / vendeuse",
)


def render_tax_notice(f: TaxFacts, rng: random.Random) -> Rendered:
    """``AVIS D'IMPÔT <year+1> SUR LES REVENUS DE L'ANNÉE <year>`` (1 or 2 pages)."""
    dc = DocCanvas(creator="DGFiP", stamp=f.issue_date, title="Avis d'impôt")
    dc.text(
        40, 56, "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES", size=9.5, font="Helvetica-Bold", color=DGFIP_BLUE
    )
    dc.text(40, 69, f"Centre des Finances publiques de {f.address.city}", size=8.5, color=GREY)
    given = " ".join(f.given_names)
    dc.text(330, 120, f"{fold_text(f.last_name)} {fold_text(given)}", size=10)
    dc.text(330, 133, f.address.line1.upper(), size=10)
    dc.text(330, 146, f"{f.address.postal_code} {f.address.city.upper()}", size=10)
    dc.text(
        40,
        200,
        f"AVIS D'IMPÔT {f.tax_year + 1} SUR LES REVENUS DE L'ANNÉE {f.tax_year}",
        size=13,
        font="Helvetica-Bold",
        color=DGFIP_BLUE,
    )
    dc.rect(38, 215, 250, 96, fill=(0.95, 0.96, 0.98), stroke=LIGHT_GREY)
    dc.text(46, 231, "Vos références", size=9.5, font="Helvetica-Bold")
    if rng.random() < 0.5:
        dc.label_value(46, 247, "Nom :", f.last_name, size=9)
        dc.label_value(46, 261, "Prénom(s) :", given, size=9, bold_value=False)
    else:
        dc.label_value(46, 254, "Déclarant 1 :", f"{f.last_name} {given}", size=9)
    dc.label_value(46, 277, "Numéro fiscal :", f.fiscal_number, size=9)
    dc.label_value(46, 291, "Référence de l'avis :", f.tax_reference, size=9)
    dc.text(
        46, 305, f"Date de mise en recouvrement : {format_date(f.issue_date, 'slash')}", size=8, color=GREY
    )
    y = 350.0
    rows = (
        ("Revenu fiscal de référence :", f"{group_thousands(f.reference_income)} €"),
        ("Nombre de parts :", rng.choice(("1", "1,5", "2", "2,5"))),
        ("Impôt sur le revenu net :", f"{group_thousands(max(0, (f.reference_income - 17000) // 9))} €"),
    )
    for label, value in rows:
        dc.label_value(40, y, label, value, size=11)
        y += 20
    dc.paragraph(
        40,
        y + 20,
        "Ce document est un avis d'impôt sur le revenu. Conservez-le : il peut vous être demandé "
        "pour bénéficier de certaines prestations sociales ou pour vos démarches administratives.",
        515,
        size=9,
        color=GREY,
    )
    pages = 2 if rng.random() < 0.5 else 1
    footer(dc, "impots.gouv.fr - Vos démarches en ligne", 1, pages)
    if pages == 2:
        dc.new_page()
        dc.text(40, 60, "DÉTAIL DU CALCUL DE VOTRE IMPÔT", size=12, font="Helvetica-Bold", color=DGFIP_BLUE)
        salaries = int(f.reference_income / 0.9)
        details = (
            ("Salaires et assimilés déclarés", salaries),
            ("Déduction de 10 % ou frais réels", salaries - f.reference_income),
            ("Revenu brut global", f.reference_income),
            ("Revenu imposable", f.reference_income),
        )
        y = 95.0
        for detail, euros in details:
            dc.text(46, y, detail, size=10)
            dc.text(547, y, f"{group_thousands(euros)} €", size=10, align="right")
            dc.hline(40, 555, y + 6, color=LIGHT_GREY)
            y += 20
        footer(dc, "impots.gouv.fr - Vos démarches en ligne", 2, pages)
    pdf, texts = dc.finish()
    fields = {
        "last_name": f.last_name,
        "fiscal_number": f.fiscal_number,
        "tax_reference": f.tax_reference,
        "reference_income": f.reference_income,
        "tax_year": f.tax_year,
    }
    return Rendered(pdf, texts, fields, f.layout, (dc.width, dc.height))


def render_cv(f: CvFacts, rng: random.Random) -> Rendered:
    """Draw a one-page curriculum vitae."""
    p = f.person
    dc = DocCanvas(
        creator="Microsoft Word" if rng.random() < 0.5 else "LibreOffice Writer",
        stamp=f.edited_on,
        title="CV",
    )
    draw_photo(dc, 40, 40, 70, 88, rng)
    dc.text(
        125,
        62,
        f"{' '.join(p.given_names)} {p.name}",
        size=20,
        font="Helvetica-Bold",
        color=(0.15, 0.25, 0.4),
    )
    dc.text(125, 80, "Curriculum vitae", size=11, color=GREY)
    dc.text(125, 98, f"{p.address.line1}, {p.address.postal_code} {p.address.city}", size=9)
    dc.text(125, 111, f"{p.phone} - {p.email}", size=9)
    dc.text(125, 124, f"Projet : {f.training_title}", size=9, font="Helvetica-Oblique")
    y = 165.0
    sections: list[tuple[str, list[str]]] = []
    experiences = []
    year = 2026
    for _ in range(3):
        start = year - rng.randint(1, 4)
        experiences.append(
            f"{start} - {year} : {rng.choice(JOBS)}, {rng.choice(EMPLOYERS)} ({p.address.city})"
        )
        year = start
    sections.append(("Expérience professionnelle", experiences))
    sections.append(
        (
            "Formation",
            [
                f"{year - 2} : Baccalauréat professionnel, lycée Saint-Exupéry (Marseille)",
                f"{year - 4} : Brevet des collèges",
            ],
        )
    )
    sections.append(
        (
            "Compétences",
            [
                "Travail en équipe, sens du service, rigueur",
                "Bureautique : traitement de texte, tableur, messagerie",
                "Permis B, véhiculé(e)",
            ],
        )
    )
    sections.append(("Langues", ["Français : langue maternelle", "Anglais : niveau B1"]))
    sections.append(("Centres d'intérêt", ["Randonnée, cuisine, bénévolat associatif"]))
    for title, items in sections:
        dc.text(40, y, title.upper(), size=11.5, font="Helvetica-Bold", color=(0.15, 0.25, 0.4))
        dc.hline(40, 555, y + 5, color=LIGHT_GREY)
        y += 22
        for item in items:
            y = dc.paragraph(52, y, f"- {item}", 500, size=10)
        y += 12
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, {}, f.layout, (dc.width, dc.height))


def render_other(f: OtherFacts, rng: random.Random) -> Rendered:
    """Draw a letter that is none of the expected pieces."""
    p = f.person
    dc = DocCanvas(creator="LibreOffice Writer", stamp=f.issue_date, title="Courrier")
    when = format_date(f.issue_date, "long")
    sender = f"{' '.join(p.given_names)} {p.name}"
    if f.layout == "certificat_scolarite":
        dc.text(40, 60, "ACADÉMIE D'AIX-MARSEILLE", size=11, font="Helvetica-Bold")
        dc.text(40, 74, f"École élémentaire Jean Jaurès - {p.address.city}", size=9.5, color=GREY)
        dc.text(dc.width / 2, 170, "CERTIFICAT DE SCOLARITÉ", size=17, font="Helvetica-Bold", align="center")
        child = rng.choice(("Lucas", "Emma", "Nathan", "Jade", "Louis", "Lina"))
        y = dc.paragraph(
            60,
            220,
            f"Je soussigné(e), directeur(trice) de l'école, certifie que l'élève {child} {p.name}, "
            f"domicilié(e) chez {p.civility} {sender}, est inscrit(e) dans mon établissement en classe de "
            f"{rng.choice(('CP', 'CE1', 'CE2', 'CM1', 'CM2'))} pour l'année scolaire "
            f"{f.issue_date.year}-{f.issue_date.year + 1}.",
            475,
            size=11,
            leading=16,
        )
        dc.text(330, y + 40, f"À {p.address.city}, le {when}", size=10)
        dc.text(330, y + 56, "Le directeur", size=9, color=GREY)
        draw_signature(dc, 340, y + 90, 90, rng)
    else:
        dc.text(40, 60, sender, size=10)
        dc.text(40, 73, p.address.line1, size=10)
        dc.text(40, 86, f"{p.address.postal_code} {p.address.city}", size=10)
        dc.text(40, 99, p.email, size=10)
        if f.layout == "lettre_motivation":
            recipient = (
                "Conseil régional Provence-Alpes-Côte d'Azur",
                "Direction de la formation professionnelle",
            )
            subject = "Objet : lettre de motivation"
            body = (
                "Madame, Monsieur,",
                "Inscrit(e) comme demandeur d'emploi, je souhaite me reconvertir et suivre une formation "
                "qualifiante qui correspond à mon projet professionnel, élaboré avec mon conseiller. Mes "
                "expériences passées m'ont permis d'acquérir le sens du contact et de l'organisation.",
                "Je reste à votre disposition pour tout renseignement complémentaire et vous prie d'agréer, "
                "Madame, Monsieur, l'expression de mes salutations distinguées.",
            )
        else:
            recipient = ("Salle de sport Form'Azur", "Service abonnements")
            subject = "Objet : résiliation de mon abonnement"
            body = (
                "Madame, Monsieur,",
                f"Par la présente, je vous informe de ma décision de résilier mon abonnement n° "
                f"{rng.randint(100000, 999999)} à compter de la fin du mois en cours, conformément aux "
                "conditions générales de mon contrat.",
                "Je vous remercie de bien vouloir m'adresser une confirmation écrite de cette résiliation. "
                "Veuillez agréer, Madame, Monsieur, mes salutations distinguées.",
            )
        dc.text(330, 140, recipient[0], size=10)
        dc.text(330, 153, recipient[1], size=10)
        dc.text(330, 190, f"{p.address.city}, le {when}", size=10)
        dc.text(40, 240, subject, size=10.5, font="Helvetica-Bold")
        y = 275.0
        for paragraph in body:
            y = dc.paragraph(40, y, paragraph, 515, size=10.5, leading=15) + 10
        dc.text(330, y + 20, sender, size=10)
        draw_signature(dc, 340, y + 55, 90, rng)
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, {}, f.layout, (dc.width, dc.height))
