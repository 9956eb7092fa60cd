"""Another income tax document, written independently of ``optional.py``.

The ``avis de situation déclarative`` a taxpayer downloads from their online
space: the household's people in a table, the reference income among other
income figures. Its split is in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random

from sample_docs.layouts.kit import (
    FONTS,
    field,
    fmt_date,
    logo_mark,
    prose,
    qr_like,
    random_digits,
    table,
    window,
)
from sample_docs.plans import TaxFacts
from sample_docs.render import GREY, LIGHT_GREY, DocCanvas, Rendered, group_thousands

DGFIP_NAVY = (0.0, 0.13, 0.38)


def euros(value: int) -> str:
    """``12 345 €``."""
    return f"{group_thousands(value)} €"


def render_asdir(f: TaxFacts, rng: random.Random) -> Rendered:
    """``Avis de situation déclarative``: names and tax number in table columns."""
    F, T = FONTS["helvetica"], FONTS["times"]
    given = " ".join(f.given_names)
    dc = DocCanvas(
        creator="DGFiP - Espace particulier", stamp=f.issue_date, title="Avis de situation déclarative"
    )
    logo_mark(dc, 40, 30, 30, DGFIP_NAVY, "grid")
    dc.text(80, 46, "FINANCES PUBLIQUES", size=12, font=T.bold, color=DGFIP_NAVY)
    dc.text(80, 60, "impots.gouv.fr", size=9, font=F.regular, color=GREY)
    window(
        dc,
        330,
        100,
        [
            f"{f.last_name} {given}",
            f.address.line1.upper(),
            f"{f.address.postal_code} {f.address.city.upper()}",
        ],
        font=F.regular,
        size=9.5,
    )
    dc.text(40, 180, "AVIS DE SITUATION DÉCLARATIVE", size=15, font=T.bold, color=DGFIP_NAVY)
    dc.text(40, 197, "À L'IMPÔT SUR LE REVENU", size=15, font=T.bold, color=DGFIP_NAVY)
    dc.text(40, 216, f"Revenus de l'année {f.tax_year}", size=11, font=F.bold)
    dc.text(40, 230, f"Document établi le {fmt_date(f.issue_date, 'iso')}", size=9, color=GREY)
    y = table(
        dc,
        40,
        250,
        [160, 200],
        ["", "Déclarant 1"],
        [["Nom", f.last_name], ["Prénom(s)", given], ["Numéro fiscal", f.fiscal_number]],
        fonts=F,
        size=9.5,
        aligns="ll",
        header_fill=(0.9, 0.92, 0.96),
    )
    field(dc, 420, 262, "Référence de l'avis", f.tax_reference, fonts=F, pos="below", size=10.5)
    field(
        dc,
        420,
        300,
        "Code d'authentification",
        random_digits(rng, 4) + " " + random_digits(rng, 4),
        fonts=F,
        pos="below",
        size=9,
    )
    gross = f.reference_income + rng.randrange(500, 4000, 1)
    taxable = max(0, f.reference_income - rng.randrange(100, 900, 1))
    shares = rng.choice(("1", "1,5", "2", "2,5", "3"))
    tax = max(0, (taxable - 11294) // 8)
    rows = [
        ["Nombre de parts", shares],
        ["Revenu brut global", euros(gross)],
        ["Revenu imposable", euros(taxable)],
        ["Revenu fiscal de référence", euros(f.reference_income)],
        ["Impôt sur le revenu net avant corrections", euros(tax)],
        ["Montant de l'impôt", euros(max(0, tax - rng.randrange(0, 300)))],
    ]
    dc.text(40, y + 30, "Situation du foyer fiscal", size=11, font=F.bold, color=DGFIP_NAVY)
    y = table(dc, 40, y + 40, [360, 155], None, rows, fonts=F, size=10, aligns="lr")
    y = prose(
        dc,
        40,
        y + 28,
        "Ce document atteste de la situation déclarative du foyer. Il ne remplace pas l'avis d'impôt. Son "
        "authenticité peut être vérifiée en ligne avec le numéro fiscal et la référence de l'avis.",
        420,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    qr_like(dc, 475, y - 40, 80, rng)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        "Direction générale des Finances publiques - www.impots.gouv.fr",
        size=7,
        color=GREY,
    )
    pdf, texts = dc.finish()
    fields = {
        "last_name": f.last_name,
        "fiscal_number": f.fiscal_number,
        "tax_reference": f.tax_reference,
        "reference_income": f.reference_income,
        "tax_year": f.tax_year,
    }
    return Rendered(pdf, texts, fields, f.layout, (dc.width, dc.height))
