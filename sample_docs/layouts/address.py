"""Proofs of address: bills, rent receipts and home insurance certificates.

Energy, water and telecom bills, a rent receipt and a home insurance
certificate. Wordings follow ``docs/corpus_vocabulary.md``.

Bills of two pages carry the holder, address and issue date on page 1 and the
consumption details on page 2.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sample_docs.plans import AddressProofFacts
from sample_docs.render import (
    GREY,
    LIGHT_GREY,
    DocCanvas,
    Rendered,
    draw_logo_block,
    draw_signature,
    footer,
    format_amount,
    format_date,
)


@dataclass(frozen=True)
class Issuer:
    """One bill issuer and the wording its documents use."""

    layout: str
    name: str  # printed at the top; the ``issuer`` truth value
    color: tuple[float, float, float]
    kind: str  # electricity | gas | dual | telecom | water | rent | insurance
    title: str
    service_line: str
    holder_label: str
    address_label: str
    date_label: str
    date_style: str
    pages: int
    departments: tuple[str, ...] = ()  # empty = everywhere


ISSUERS: tuple[Issuer, ...] = (
    Issuer(
        "edf_facture",
        "EDF",
        (0.0, 0.3, 0.6),
        "electricity",
        "Facture d'électricité",
        "EDF - Service Clients - TSA 21941 - 62978 ARRAS CEDEX 9",
        "Titulaire du contrat :",
        "Adresse de consommation :",
        "Date de facture :",
        "slash",
        2,
    ),
    Issuer(
        "engie_facture",
        "ENGIE",
        (0.0, 0.55, 0.85),
        "gas",
        "Votre facture de gaz naturel",
        "ENGIE - Service Clients - TSA 52018 - 76934 ROUEN CEDEX 9",
        "Client :",
        "Lieu de consommation :",
        "Facture du",
        "long",
        2,
    ),
    Issuer(
        "totalenergies_facture",
        "TotalEnergies",
        (0.85, 0.1, 0.15),
        "dual",
        "Facture électricité et gaz",
        "TotalEnergies Électricité et Gaz France - TSA 21520 - 75901 PARIS CEDEX 15",
        "Titulaire du contrat :",
        "Adresse de consommation :",
        "Date d'émission :",
        "dot",
        1,
    ),
    Issuer(
        "orange_facture",
        "Orange",
        (1.0, 0.47, 0.0),
        "telecom",
        "Votre facture Orange",
        "Orange - Service Clients - 33734 BORDEAUX CEDEX 9",
        "Client :",
        "Lieu de consommation :",
        "Date de facture :",
        "slash",
        1,
    ),
    Issuer(
        "sfr_facture",
        "SFR",
        (0.89, 0.0, 0.1),
        "telecom",
        "Facture SFR Box et Mobile",
        "SFR - Service Client - TSA 73917 - 62978 ARRAS CEDEX 9",
        "Titulaire du contrat :",
        "Lieu de consommation :",
        "Date d'émission :",
        "slash",
        2,
    ),
    Issuer(
        "free_facture",
        "Free",
        (0.8, 0.0, 0.0),
        "telecom",
        "Facture Freebox",
        "Free - Service Abonnés - 75371 PARIS CEDEX 08",
        "Client :",
        "Adresse de consommation :",
        "Facture du",
        "slash",
        1,
    ),
    Issuer(
        "eau_marseille_facture",
        "Eau de Marseille Métropole",
        (0.0, 0.45, 0.7),
        "water",
        "Facture d'eau",
        "Eau de Marseille Métropole - 25 rue Édouard Delanglade - 13006 MARSEILLE",
        "Titulaire du contrat :",
        "Adresse de consommation :",
        "Date de facture :",
        "dot",
        2,
        ("13",),
    ),
    Issuer(
        "sep_facture",
        "SOCIÉTÉ DES EAUX DE PROVENCE",
        (0.1, 0.4, 0.65),
        "water",
        "Facture d'eau et d'assainissement",
        "SOCIÉTÉ DES EAUX DE PROVENCE - BP 90123 - 13603 AIX-EN-PROVENCE CEDEX",
        "Client :",
        "Adresse de consommation :",
        "Date d'émission :",
        "long",
        1,
        ("13", "83", "84", "04"),
    ),
    Issuer(
        "quittance_loyer",
        "Immobilière Provence Gestion",
        (0.3, 0.3, 0.3),
        "rent",
        "Quittance de loyer",
        "Administrateur de biens - 18 cours Mirabeau - 13100 AIX-EN-PROVENCE",
        "Locataire :",
        "Adresse du logement :",
        "Fait le",
        "slash",
        1,
    ),
    Issuer(
        "quittance_loyer_azur",
        "Cabinet Azur Habitat",
        (0.2, 0.35, 0.5),
        "rent",
        "Quittance de loyer",
        "Gestion locative - 7 avenue Jean Médecin - 06000 NICE",
        "Locataire :",
        "Adresse du logement :",
        "Fait le",
        "long",
        1,
    ),
    Issuer(
        "attestation_assurance",
        "Mutuelle Provençale d'Assurances",
        (0.1, 0.5, 0.3),
        "insurance",
        "Attestation d'assurance habitation",
        "Siège social - 40 boulevard Michelet - 13008 MARSEILLE",
        "Assuré :",
        "Adresse du logement :",
        "Date d'émission :",
        "slash",
        1,
    ),
)
ISSUER_BY_LAYOUT = {issuer.layout: issuer for issuer in ISSUERS}


def draw_date_line(
    dc: DocCanvas, x: float, y: float, issuer: Issuer, issued: date, size: float = 9.5
) -> None:
    """Draw the issue date with the issuer's label (``Facture du 12 mars 2026``...)."""
    dc.label_value(x, y, issuer.date_label, format_date(issued, issuer.date_style), size=size)


def draw_holder_block(
    dc: DocCanvas, x: float, y: float, issuer: Issuer, f: AddressProofFacts, rng: random.Random
) -> float:
    """Holder and address with their labels; return the next baseline."""
    dc.label_value(x, y, issuer.holder_label, f.holder_name, size=9.5)
    y += 15
    if rng.random() < 0.5:
        value_x = dc.label_value(x, y, issuer.address_label, f.address_line, size=9.5)
        dc.text(value_x, y + 12, f"{f.postal_code} {f.city}", size=9.5, font="Helvetica-Bold")
        return y + 26
    dc.text(x, y, issuer.address_label, size=9.5)
    dc.text(x, y + 12, f.address_line, size=9.5, font="Helvetica-Bold")
    dc.text(x, y + 24, f"{f.postal_code} {f.city}", size=9.5, font="Helvetica-Bold")
    return y + 38


def draw_addressee(dc: DocCanvas, f: AddressProofFacts, x: float = 330, y: float = 130) -> None:
    """Draw the postal addressee window (top right)."""
    dc.text(x, y, f.holder_name.upper(), size=9.5)
    dc.text(x, y + 12, f.address_line.upper(), size=9.5)
    dc.text(x, y + 24, f"{f.postal_code} {f.city.upper()}", size=9.5)


def bill_lines(issuer: Issuer, rng: random.Random) -> list[tuple[str, int]]:
    """Detail lines (label, cents) for page 2 of a bill."""
    if issuer.kind == "telecom":
        lines = [
            ("Forfait Box Fibre", rng.randrange(2999, 4999, 100)),
            ("Forfait mobile 100 Go", rng.randrange(999, 1999, 100)),
            ("Option TV", rng.choice((0, 500, 900))),
            ("Communications hors forfait", rng.randint(0, 350)),
        ]
    elif issuer.kind == "water":
        lines = [
            ("Abonnement eau potable", rng.randint(1500, 2600)),
            ("Consommation eau potable", rng.randint(4000, 9000)),
            ("Assainissement collectif", rng.randint(3000, 7000)),
            ("Redevances Agence de l'eau", rng.randint(800, 2000)),
        ]
    else:
        lines = [
            ("Abonnement", rng.randint(1500, 3500)),
            ("Consommation heures pleines", rng.randint(3000, 9000)),
            ("Consommation heures creuses", rng.randint(1500, 5000)),
            ("Accise sur l'électricité", rng.randint(500, 2500)),
            ("Contribution tarifaire d'acheminement", rng.randint(200, 900)),
        ]
    return lines


def render_bill(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Draw an energy, water or telecom bill (1 or 2 pages)."""
    issuer = ISSUER_BY_LAYOUT[f.layout]
    dc = DocCanvas(creator=f"{issuer.name} - Éditique", stamp=f.issue_date, title=issuer.title)
    pages = issuer.pages
    draw_logo_block(dc, 40, 62, issuer.name, issuer.color, size=22 if len(issuer.name) < 14 else 13)
    dc.text(40, 80, issuer.service_line, size=7, color=GREY)
    draw_addressee(dc, f)
    dc.text(40, 200, issuer.title, size=16, font="Helvetica-Bold", color=issuer.color)
    client_number = f"{rng.randint(1, 9)}{rng.randint(0, 999999999):09d}"
    invoice_number = f"{rng.randint(10, 99)}{rng.randint(0, 9999999999):010d}"
    dc.rect(38, 212, 240, 58, fill=(0.96, 0.96, 0.97), stroke=LIGHT_GREY)
    dc.label_value(46, 228, "N° client :", client_number, size=9)
    dc.label_value(46, 243, "N° de facture :", invoice_number, size=9)
    draw_date_line(dc, 46, 258, issuer, f.issue_date, size=9)
    y = draw_holder_block(dc, 40, 296, issuer, f, rng)
    period_end = f.issue_date - timedelta(days=rng.randint(2, 9))
    period_start = period_end - timedelta(days=rng.choice((30, 60, 61, 91)))
    dc.text(
        40,
        y + 10,
        f"Période du {format_date(period_start, 'slash')} au {format_date(period_end, 'slash')}",
        size=9,
        color=GREY,
    )
    total = sum(cents for _, cents in bill_lines(issuer, random.Random(rng.random())))
    total = int(total * 1.2)
    dc.rect(330, 212, 225, 58, fill=issuer.color, stroke=None)
    dc.text(342, 234, "Montant TTC à payer", size=10, color=(1, 1, 1))
    dc.text(
        542, 258, format_amount(total, "fr"), size=16, font="Helvetica-Bold", color=(1, 1, 1), align="right"
    )
    due = f.issue_date + timedelta(days=rng.randint(12, 20))
    dc.text(40, y + 40, f"À payer avant le {format_date(due, 'slash')} par prélèvement automatique.", size=9)
    dc.paragraph(
        40,
        y + 70,
        "Pour toute question sur votre contrat, connectez-vous à votre espace client ou contactez "
        "notre service clients du lundi au vendredi de 8h à 20h. En cas de difficultés de paiement, "
        "des solutions existent : parlez-en à votre conseiller.",
        515,
        size=8.5,
        color=GREY,
    )
    draw_usage_chart(dc, issuer, f, y + 120, rng)
    draw_payment_slip(dc, issuer, client_number, total, due)
    footer(dc, f"{issuer.name} - Document à conserver 5 ans", 1, pages)
    if pages == 2:
        dc.new_page()
        draw_bill_details(dc, issuer, f, client_number, rng)
        footer(dc, f"{issuer.name} - Document à conserver 5 ans", 2, pages)
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, bill_fields(f, issuer), f.layout, (dc.width, dc.height))


def draw_usage_chart(
    dc: DocCanvas, issuer: Issuer, f: AddressProofFacts, top: float, rng: random.Random
) -> None:
    """Draw a bar chart of the last six periods (no numbers that look like fields)."""
    unit = {"telecom": "Go", "water": "m³"}.get(issuer.kind, "kWh")
    dc.text(40, top, f"Votre consommation ({unit})", size=10, font="Helvetica-Bold", color=issuer.color)
    base = top + 95
    month = f.issue_date.month
    for i in range(6):
        height = rng.uniform(20, 75)
        x = 50 + i * 48
        dc.rect(x, base - height, 28, height, fill=issuer.color, stroke=None)
        label = (
            "janv.",
            "févr.",
            "mars",
            "avril",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        )[(month - 6 + i) % 12]
        dc.text(x + 14, base + 11, label, size=7, color=GREY, align="center")
    dc.hline(42, 340, base, color=GREY)


def draw_payment_slip(dc: DocCanvas, issuer: Issuer, client_number: str, total: int, due: date) -> None:
    """Draw the detachable payment stub at the bottom of page 1."""
    top = dc.height - 170
    for i in range(0, 515, 8):
        dc.hline(40 + i, 44 + i, top, color=GREY)
    dc.text(
        40,
        top + 18,
        "TALON DE PAIEMENT - à joindre à votre règlement par chèque",
        size=8,
        font="Helvetica-Bold",
    )
    dc.label_value(40, top + 36, "N° client :", client_number, size=8.5, bold_value=False)
    dc.label_value(40, top + 50, "Montant :", format_amount(total, "fr"), size=8.5)
    dc.label_value(40, top + 64, "Échéance :", format_date(due, "slash"), size=8.5, bold_value=False)
    dc.text(330, top + 36, f"{issuer.name}", size=8.5)
    dc.text(330, top + 50, issuer.service_line.split(" - ")[-1], size=8.5)
    dc.rect(330, top + 62, 200, 26, fill=None, stroke=LIGHT_GREY)
    dc.text(
        336,
        top + 79,
        "".join(str((int(c) * 7) % 10) for c in client_number) + " 000 " + f"{total:08d}",
        size=8,
        font="Courier",
    )


def draw_bill_details(
    dc: DocCanvas, issuer: Issuer, f: AddressProofFacts, client_number: str, rng: random.Random
) -> None:
    """Page 2 of a bill: the detail of the amount."""
    dc.text(40, 60, issuer.name, size=12, font="Helvetica-Bold", color=issuer.color)
    dc.label_value(330, 60, "N° client :", client_number, size=9)
    dc.text(40, 100, "Détail de votre facture", size=14, font="Helvetica-Bold")
    dc.rect(38, 112, 517, 18, fill=(0.92, 0.92, 0.94), stroke=None)
    dc.text(46, 125, "Désignation", size=9, font="Helvetica-Bold")
    dc.text(547, 125, "Montant HT", size=9, font="Helvetica-Bold", align="right")
    y = 146
    subtotal = 0
    for label, cents in bill_lines(issuer, rng):
        dc.text(46, y, label, size=9)
        dc.text(547, y, format_amount(cents, "fr"), size=9, align="right")
        dc.hline(40, 555, y + 5, color=LIGHT_GREY)
        subtotal += cents
        y += 18
    vat = subtotal * 20 // 100
    dc.text(46, y + 6, "TVA à 20 %", size=9)
    dc.text(547, y + 6, format_amount(vat, "fr"), size=9, align="right")
    dc.text(46, y + 26, "Total TTC", size=10, font="Helvetica-Bold")
    dc.text(547, y + 26, format_amount(subtotal + vat, "fr"), size=10, font="Helvetica-Bold", align="right")
    dc.text(40, y + 70, "Vos informations pratiques", size=11, font="Helvetica-Bold", color=issuer.color)
    dc.paragraph(
        40,
        y + 88,
        "Votre prochaine facture sera établie à partir d'un relevé de votre compteur. Vous pouvez "
        "transmettre votre index en ligne. Les tarifs appliqués sont consultables sur notre site. "
        "Médiateur national de l'énergie : www.energie-mediateur.fr.",
        515,
        size=8.5,
        color=GREY,
    )


def render_rent_receipt(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Draw a rent receipt (quittance de loyer) from a letting agency."""
    issuer = ISSUER_BY_LAYOUT[f.layout]
    dc = DocCanvas(creator=issuer.name, stamp=f.issue_date, title=issuer.title)
    dc.text(40, 60, issuer.name, size=16, font="Helvetica-Bold", color=issuer.color)
    dc.text(40, 74, issuer.service_line, size=8, color=GREY)
    draw_addressee(dc, f, y=120)
    dc.text(dc.width / 2, 200, issuer.title.upper(), size=16, font="Helvetica-Bold", align="center")
    month_start = (f.issue_date.replace(day=1) - timedelta(days=1)).replace(day=1)
    month_end = f.issue_date.replace(day=1) - timedelta(days=1)
    dc.text(
        dc.width / 2,
        218,
        f"Période du {format_date(month_start, 'slash')} au {format_date(month_end, 'slash')}",
        size=10,
        align="center",
    )
    y = draw_holder_block(dc, 40, 255, issuer, f, rng)
    rent = rng.randrange(42000, 98000, 500)
    charges = rng.randrange(3000, 12000, 500)
    rows = (("Loyer hors charges", rent), ("Provision pour charges", charges), ("Total", rent + charges))
    y += 10
    for label, cents in rows:
        bold = label == "Total"
        dc.text(60, y, label, size=10, font="Helvetica-Bold" if bold else "Helvetica")
        dc.text(
            400,
            y,
            format_amount(cents, "fr"),
            size=10,
            font="Helvetica-Bold" if bold else "Helvetica",
            align="right",
        )
        y += 16
    y = dc.paragraph(
        40,
        y + 16,
        f"Le bailleur déclare avoir reçu de {f.holder_name} la somme de "
        f"{format_amount(rent + charges, 'fr')} "
        "au titre du loyer et des charges pour la période indiquée ci-dessus, et lui en donne quittance, "
        "sous réserve de tous ses droits.",
        515,
        size=10,
    )
    draw_date_line(dc, 330, y + 30, issuer, f.issue_date, size=10)
    dc.text(330, y + 46, "Pour le bailleur, le gestionnaire", size=9, color=GREY)
    draw_signature(dc, 340, y + 80, 90, rng)
    footer(dc, f"{issuer.name} - Carte professionnelle CPI 1310 2018 000 012 345", 1, 1)
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, bill_fields(f, issuer), f.layout, (dc.width, dc.height))


def render_insurance(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Draw a home insurance certificate."""
    issuer = ISSUER_BY_LAYOUT[f.layout]
    dc = DocCanvas(creator=issuer.name, stamp=f.issue_date, title=issuer.title)
    draw_logo_block(dc, 40, 62, issuer.name, issuer.color, size=15)
    dc.text(40, 80, issuer.service_line, size=7.5, color=GREY)
    draw_addressee(dc, f, y=125)
    dc.text(dc.width / 2, 205, issuer.title.upper(), size=15, font="Helvetica-Bold", align="center")
    contract = f"MH{rng.randint(10000000, 99999999)}"
    dc.label_value(40, 240, "Contrat n° :", contract, size=10)
    y = draw_holder_block(dc, 40, 258, issuer, f, rng)
    year = f.issue_date.year
    y = dc.paragraph(
        40,
        y + 12,
        f"{issuer.name} certifie que l'assuré désigné ci-dessus est titulaire d'un contrat Multirisque "
        f"Habitation garantissant sa responsabilité civile et les risques locatifs du logement ci-dessus, "
        f"pour la période du 01/01/{year} au 31/12/{year}, sous réserve du paiement des cotisations.",
        515,
        size=10,
    )
    y = dc.paragraph(
        40,
        y + 10,
        "La présente attestation ne peut engager l'assureur au-delà des conditions du contrat.",
        515,
        size=9,
        color=GREY,
    )
    draw_date_line(dc, 330, y + 30, issuer, f.issue_date, size=10)
    draw_signature(dc, 340, y + 70, 90, rng)
    footer(dc, f"{issuer.name} - Entreprise régie par le Code des assurances", 1, 1)
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, bill_fields(f, issuer), f.layout, (dc.width, dc.height))


def bill_fields(f: AddressProofFacts, issuer: Issuer) -> dict[str, str]:
    """Return the truth fields of a proof of address."""
    return {
        "holder_name": f.holder_name,
        "address_line": f.address_line,
        "postal_code": f.postal_code,
        "city": f.city,
        "issue_date": f.issue_date.isoformat(),
        "issuer": issuer.name,
    }


def render_address_proof(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Dispatch on the issuer's kind."""
    kind = ISSUER_BY_LAYOUT[f.layout].kind
    if kind == "rent":
        return render_rent_receipt(f, rng)
    if kind == "insurance":
        return render_insurance(f, rng)
    return render_bill(f, rng)
