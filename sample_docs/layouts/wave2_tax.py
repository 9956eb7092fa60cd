"""Wave-2 income tax notice (held out).

A notice of a household of one or two declarants side by side (a second
declarant's name competes with the first's), capital labels ending with a
dot, grouped tax numbers, and the reference income among other figures in a
ruled grid of bare amounts under a heading in euros. Its split and wave are
in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random

from sample_docs.layouts.kit import FONTS, logo_mark, prose, qr_like, random_digits, table, window
from sample_docs.layouts.wave2_kit import fmt_date_w2, kv_grid, side_text
from sample_docs.people import FEMALE_NAMES, LAST_NAMES, MALE_NAMES, fold_text
from sample_docs.plans import TaxFacts
from sample_docs.render import GREY, LIGHT_GREY, DocCanvas, Rendered

DGFIP_BLUE = (0.0, 0.2, 0.45)


def grouped_number(value: int) -> str:
    """``23 456``."""
    return f"{value:,}".replace(",", " ")


def render_two_declarants(f: TaxFacts, rng: random.Random) -> Rendered:
    """Tax notice with the declarants side by side and the figures in a ruled grid of bare amounts."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="DGFiP - Avis d'impôt", stamp=f.issue_date, title="Avis d'impôt")
    side_text(
        dc,
        24,
        790,
        f"Avis {f.tax_year + 1} - document à conserver - {random_digits(rng, 6)} {random_digits(rng, 6)}",
        font=C.regular,
        size=6.5,
    )
    logo_mark(dc, 40, 28, 28, DGFIP_BLUE, "grid")
    dc.text(76, 42, "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES", size=9, font=F.bold, color=DGFIP_BLUE)
    dc.text(76, 54, f"SIP de {f.address.city}", size=8, color=GREY)
    couple = rng.random() < 0.5
    if couple:
        partner_last = rng.choice([n for n in LAST_NAMES if fold_text(n) != fold_text(f.last_name)])
        partner_given = rng.choice(MALE_NAMES + FEMALE_NAMES)
        addressee = f"{f.last_name} {given} ET {partner_last} {partner_given}"
    else:
        addressee = f"{f.last_name} {given}"
    window(
        dc,
        330,
        92,
        [addressee, f.address.line1.upper(), f"{f.address.postal_code} {f.address.city.upper()}"],
        font=F.regular,
        size=9.5,
    )
    dc.text(
        40,
        170,
        f"IMPÔT {f.tax_year + 1} SUR LES REVENUS {f.tax_year}",
        size=14,
        font=F.bold,
        color=DGFIP_BLUE,
    )
    dc.text(40, 185, "Avis d'impôt sur le revenu et de prélèvements sociaux", size=9, color=GREY)
    fiscal = f.fiscal_number
    fiscal_grouped = f"{fiscal[:2]} {fiscal[2:4]} {fiscal[4:7]} {fiscal[7:10]} {fiscal[10:]}"
    ref = f.tax_reference
    ref_grouped = f"{ref[:2]} {ref[2:4]} {ref[4:7]} {ref[7:10]} {ref[10:]}"
    rows = [
        ["NOM.", f.last_name, partner_last if couple else "-"],
        ["PRÉNOM(S).", given, partner_given if couple else "-"],
        [
            "N° FISCAL.",
            fiscal_grouped,
            " ".join(random_digits(rng, n) for n in (2, 2, 3, 3, 3)) if couple else "-",
        ],
    ]
    y = table(
        dc,
        40,
        202,
        [110, 205, 200],
        ["", "DÉCLARANT 1", "DÉCLARANT 2"],
        rows,
        fonts=F,
        size=9,
        aligns="lll",
        header_fill=(0.88, 0.91, 0.96),
    )
    dc.text(40, y + 22, f"RÉF. DE L'AVIS. {ref_grouped}", size=10, font=C.bold)
    dc.text(330, y + 22, f"ÉTABLI LE. {fmt_date_w2(f.issue_date, 'slash2')}", size=9, font=C.regular)
    shares = "2" if couple else rng.choice(("1", "1,5", "2"))
    salaries = f.reference_income + rng.randrange(800, 4000)
    deduction = salaries - f.reference_income
    tax = max(0, (f.reference_income - 11294) // 9)
    grid = [
        ("Salaires déclarés", grouped_number(salaries)),
        ("Abattement de 10 %", grouped_number(deduction)),
        ("Revenu brut global", grouped_number(f.reference_income)),
        ("REVENU FISCAL DE RÉFÉRENCE.", grouped_number(f.reference_income)),
        ("Nombre de parts", shares),
        ("Impôt sur le revenu net", grouped_number(tax)),
        ("Prélèvement à la source déjà versé", grouped_number(tax + rng.randrange(0, 300))),
    ]
    dc.text(40, y + 54, "Montants en euros", size=8, font=F.bold, color=GREY)
    y = kv_grid(
        dc,
        40,
        y + 62,
        grid,
        fonts=F,
        label_width=300,
        value_width=140,
        size=9.5,
        label_size=8.5,
        value_font=C.bold,
    )
    y = prose(
        dc,
        40,
        y + 24,
        f"Cet avis porte sur les revenus perçus en {f.tax_year}. Le revenu fiscal de référence sert au "
        "calcul de nombreuses aides et exonérations : conservez cet avis.",
        400,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    qr_like(dc, 470, y - 40, 80, rng)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(40, dc.height - 38, "impots.gouv.fr - Votre espace particulier", size=7, color=GREY)
    pdf, texts = dc.finish()
    fields = {
        "last_name": f.last_name,
        "fiscal_number": f.fiscal_number,
        "tax_reference": f.tax_reference,
        "reference_income": f.reference_income,
        "tax_year": f.tax_year,
    }
    return Rendered(pdf, texts, fields, f.layout, (dc.width, dc.height))
