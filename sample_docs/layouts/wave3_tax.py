"""Wave-3 income tax notice (held out).

A household's notice whose identification numbers sit in a box of their own
on the right (the fiscal number grouped 2-2-3-3-3), the income year only in
the subtitle, the reference income at the foot of a column of income figures
in euros, a tax calculation below it (often « non imposable ») and a long
issue date. Its split and wave are in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random

from sample_docs.layouts.kit import FONTS, barcode_like, fit, fmt_date, prose, random_digits
from sample_docs.layouts.wave3_kit import (
    cell_table,
    legend_box,
    of_city,
    proper_city,
    small_print,
    window_marks,
)
from sample_docs.plans import TaxFacts
from sample_docs.render import GREY, DocCanvas, Rendered

FIP_BLUE = (0.05, 0.18, 0.45)


def euros(value: int) -> str:
    """``12 345 €``."""
    return f"{value:,} €".replace(",", " ")


def render_household(f: TaxFacts, rng: random.Random) -> Rendered:
    """Tax notice: identification box on the right, income figures in a column, the tax calculated below."""
    F, T = FONTS["helvetica"], FONTS["times"]
    given = " ".join(f.given_names)
    city = proper_city(f.address.postal_code, f.address.city)
    dc = DocCanvas(creator="DGFiP - Avis d'impôt sur le revenu", stamp=f.issue_date, title="Avis d'impôt")
    dc.rect(40, 30, 8, 44, fill=FIP_BLUE, stroke=None)
    dc.text(56, 44, "Finances publiques", size=13, font=F.bold, color=FIP_BLUE)
    dc.text(56, 57, f"Service des impôts des particuliers {of_city(city)}", size=8)
    dc.text(
        56,
        68,
        f"Accueil sur rendez-vous - {random_digits(rng, 2)} rue de la Trésorerie",
        size=7.5,
        color=GREY,
    )
    dc.text(555, 46, f"Avis d'impôt {f.tax_year + 1}", size=17, font=T.bold, align="right", color=FIP_BLUE)
    dc.text(555, 62, f"Impôt sur les revenus perçus en {f.tax_year}", size=9.5, font=T.italic, align="right")
    window_marks(dc, 40, 100, 240, 76)
    lines = [f"{f.last_name} {given}", f.address.line1, f"{f.address.postal_code} {f.address.city.upper()}"]
    for i, line in enumerate(lines):
        fit(dc, 50, 122 + i * 13, line, 222, font=F.regular, size=9.5)
    legend_box(dc, 315, 96, 240, 92, "Identification", font=F.bold, color=FIP_BLUE)
    number = f.fiscal_number
    ref = f.tax_reference
    rows = [
        ("Numéro fiscal", f"{number[:2]} {number[2:4]} {number[4:7]} {number[7:10]} {number[10:]}"),
        ("Référence de l'avis", f"{ref[:2]} {ref[2:4]} {ref[4:]}"),
        ("N° d'accès en ligne", random_digits(rng, 7)),
        ("Établi le", fmt_date(f.issue_date, "long")),
    ]
    y = 118
    for label, value in rows:
        dc.text(325, y, label, size=8, color=GREY)
        dc.text(
            545,
            y,
            value,
            size=9,
            font=FONTS["courier"].bold if label != "Établi le" else F.bold,
            align="right",
        )
        y += 17
    children = rng.choice((0, 0, 0, 1, 2))  # a household of one adult (the applicant)
    parts = 1 + children / 2
    dc.text(40, 216, "Votre foyer fiscal", size=11, font=F.bold, color=FIP_BLUE)
    dc.text(40, 232, f"Situation : {rng.choice(('Célibataire', 'Divorcé(e)', 'Séparé(e)'))}", size=9)
    dc.text(220, 232, f"Parts fiscales : {parts:g}".replace(".", ","), size=9)
    dc.text(400, 232, f"Personnes à charge : {children}", size=9)
    rfr = f.reference_income
    capital = rng.choice((0, 0, rng.randint(12, 380)))  # taxed at a flat rate: in the reference income only
    taxable = rfr - capital
    declared = round(taxable / 0.9)
    unemployment = rng.randint(declared // 4, declared // 2)
    wages = declared - unemployment
    y = 260
    dc.text(40, y, f"Détail de vos revenus {f.tax_year}", size=11, font=F.bold, color=FIP_BLUE)
    y = cell_table(
        dc,
        40,
        y + 8,
        [395, 120],
        ["Revenus déclarés", "Montant"],
        [
            ["Traitements, salaires, rémunérations assimilées", euros(wages)],
            ["Allocations de chômage", euros(unemployment)],
            ["Déduction forfaitaire de 10 %", "-" + euros(declared - taxable)],
            ["Revenu imposable", euros(taxable)],
            ["Revenus soumis au prélèvement forfaitaire unique", euros(capital)],
            ["Revenu fiscal de référence", euros(rfr)],
        ],
        fonts=F,
        size=9,
        aligns="lr",
        header_fill=(0.9, 0.92, 0.97),
        bold_rows=(-1,),
        row_height=20,
    )
    quotient = taxable / parts
    gross_tax = max(0, round((quotient - 11497) * 0.11 * parts)) if quotient > 11497 else 0
    discount = min(gross_tax, max(0, round(889 - gross_tax * 0.4525))) if gross_tax else 0
    net = gross_tax - discount
    y += 26
    dc.text(40, y, "Calcul de l'impôt", size=11, font=F.bold, color=FIP_BLUE)
    y = cell_table(
        dc,
        40,
        y + 8,
        [395, 120],
        None,
        [
            ["Impôt brut résultant du barème", euros(gross_tax)],
            ["Décote", euros(discount)],
            ["Impôt dû après décote", euros(net)],
        ],
        fonts=F,
        size=9,
        aligns="lr",
        bold_rows=(-1,),
        row_height=20,
    )
    y += 24
    if net < 61:
        verdict = "Vous n'êtes pas imposable : aucune somme n'est à payer au titre de ces revenus."
    else:
        verdict = (
            f"Montant prélevé à la source en {f.tax_year} : {euros(net)}. Aucun solde ne reste à payer "
            "ni à rembourser."
        )
    dc.rect(40, y, 515, 30, fill=(0.93, 0.95, 0.99), stroke=None)
    dc.text(52, y + 19, verdict, size=9.5, font=F.bold)
    y += 54
    y = prose(
        dc,
        40,
        y,
        "Le revenu fiscal de référence figurant sur cet avis peut vous être demandé pour bénéficier de "
        "certaines prestations ou aides (logement, formation, tarifs sociaux). Conservez cet avis et vos "
        "justificatifs pendant au moins trois ans.",
        515,
        font=T.regular,
        size=9.5,
    )
    barcode_like(dc, 40, y + 16, 200, 24, rng)
    dc.text(
        260,
        y + 32,
        f"{random_digits(rng, 4)} {random_digits(rng, 6)} {random_digits(rng, 5)}",
        size=7,
        font=FONTS["courier"].regular,
    )
    small_print(
        dc,
        ["impots.gouv.fr - espace particulier, rubrique Documents", "Page 1/1"],
        font=F.regular,
    )
    return Rendered(
        *dc.finish(),
        {
            "last_name": f.last_name,
            "fiscal_number": f.fiscal_number,
            "tax_reference": f.tax_reference,
            "reference_income": f.reference_income,
            "tax_year": f.tax_year,
        },
        f.layout,
        (dc.width, dc.height),
    )
