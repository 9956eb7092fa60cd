"""Job-seeker registration certificates.

France Travail (labelled fields or a sentence) and the older Pôle emploi form.
Wordings follow ``docs/corpus_vocabulary.md``.
"""

from __future__ import annotations

import random

from sample_docs.plans import JobseekerFacts
from sample_docs.render import GREY, DocCanvas, Rendered, draw_logo_block, draw_signature, footer, format_date

FT_BLUE = (0.1, 0.15, 0.45)
PE_BLUE = (0.0, 0.35, 0.6)
ID_LABELS = ("Identifiant :", "N° d'identifiant :", "Identifiant France Travail :")


def draw_issue_line(dc: DocCanvas, x: float, y: float, f: JobseekerFacts, style: int) -> None:
    """One of ``Fait à X, le …``, ``Date d'édition :``, ``Délivrée le``."""
    when = format_date(f.issue_date, "slash")
    if style == 0:
        dc.text(x, y, f"Fait à {f.agency_city}, le {when}", size=10)
    elif style == 1:
        dc.label_value(x, y, "Date d'édition :", when, size=10)
    else:
        dc.text(x, y, f"Délivrée le {when}", size=10)


def draw_agency_header(
    dc: DocCanvas, f: JobseekerFacts, brand: str, color: tuple[float, float, float]
) -> None:
    """Logo, agency address and the addressee window."""
    draw_logo_block(dc, 40, 64, brand, color, size=20)
    dc.text(40, 84, f"Agence {brand} {f.agency_city}", size=8.5, color=GREY)
    dc.text(40, 95, "Tél. 3949 (service gratuit + prix d'un appel)", size=8.5, color=GREY)
    dc.text(330, 130, f"{f.civility} {f.last_name} {' '.join(f.given_names)}", size=10)
    dc.text(330, 143, f.address.line1.upper(), size=10)
    dc.text(330, 156, f"{f.address.postal_code} {f.address.city.upper()}", size=10)


def render_jobseeker(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Draw a registration certificate in the layout ``f.layout``."""
    brand = "Pôle emploi" if f.layout == "pe_attestation" else "France Travail"
    color = PE_BLUE if f.layout == "pe_attestation" else FT_BLUE
    dc = DocCanvas(creator=brand, stamp=f.issue_date, title="Attestation d'inscription")
    draw_agency_header(dc, f, brand, color)
    dc.text(
        dc.width / 2,
        220,
        "ATTESTATION D'INSCRIPTION",
        size=16,
        font="Helvetica-Bold",
        align="center",
        color=color,
    )
    given = " ".join(f.given_names)
    registered = format_date(f.registration_date, "slash")
    feminine = f.civility == "Madame"
    if f.layout == "ft_sentence":
        y = dc.paragraph(
            60,
            270,
            f"France Travail certifie que {f.civility} {f.last_name} {given} est "
            f"{'inscrite' if feminine else 'inscrit'} sur la liste des demandeurs d'emploi depuis le "
            f"{registered}, en catégorie 1.",
            475,
            size=11,
            leading=16,
        )
        dc.label_value(60, y + 14, rng.choice(ID_LABELS), f.france_travail_id, size=11)
        y += 40
    else:
        id_label = "N° d'identifiant :" if f.layout == "pe_attestation" else rng.choice(ID_LABELS)
        rows = [(id_label, f.france_travail_id), ("Nom :", f.last_name), ("Prénom(s) :", given)]
        if f.layout == "ft_attestation":
            rows.append(("Date d'inscription :", registered))
        rows.append(("Catégorie :", "1"))
        y = 270.0
        for label, value in rows:
            dc.text(60, y, label, size=11)
            dc.text(230, y, value, size=11, font="Helvetica-Bold")
            y += 20
        if f.layout == "pe_attestation":
            dc.text(
                60, y + 6, f"Vous êtes inscrit(e) comme demandeur d'emploi depuis le {registered}.", size=11
            )
            y += 26
        y = dc.paragraph(
            60,
            y + 12,
            f"{brand} certifie que la personne désignée ci-dessus est inscrite sur la liste des demandeurs "
            "d'emploi à la date de délivrance de la présente attestation.",
            475,
            size=10,
            leading=14,
        )
    y = dc.paragraph(
        60,
        y + 14,
        "Cette attestation est délivrée pour servir et valoir ce que de droit. Elle ne préjuge pas de "
        "l'ouverture de droits à une allocation.",
        475,
        size=9,
        color=GREY,
    )
    draw_issue_line(dc, 330, y + 30, f, rng.randrange(3))
    dc.text(330, y + 46, "Le directeur d'agence", size=9, color=GREY)
    draw_signature(dc, 340, y + 80, 90, rng)
    footer(
        dc,
        f"{brand} - www.francetravail.fr"
        if brand == "France Travail"
        else "Pôle emploi - www.pole-emploi.fr",
        1,
        1,
    )
    pdf, texts = dc.finish()
    fields = {
        "last_name": f.last_name,
        "first_names": given,
        "france_travail_id": f.france_travail_id,
        "registration_date": f.registration_date.isoformat(),
        "issue_date": f.issue_date.isoformat(),
    }
    return Rendered(pdf, texts, fields, f.layout, (dc.width, dc.height))
