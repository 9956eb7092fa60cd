"""Bank details (RIB).

A classic branch RIB, an online-banking print-out and a sheet of two RIB
coupons. Wordings follow ``docs/corpus_vocabulary.md``.
"""

from __future__ import annotations

import random

from sample_docs.plans import BankFacts
from sample_docs.render import GREY, LIGHT_GREY, DocCanvas, Rendered, draw_logo_block, format_date

BANK_COLORS = {
    "BNP": (0.0, 0.5, 0.35),
    "SG": (0.85, 0.0, 0.1),
    "CA": (0.0, 0.45, 0.45),
    "CE": (0.85, 0.05, 0.2),
    "BP": (0.1, 0.2, 0.55),
    "LBP": (0.1, 0.2, 0.5),
    "LCL": (0.05, 0.15, 0.45),
    "CM": (0.0, 0.3, 0.6),
}
BANK_LAYOUTS = ("rib_classic", "rib_online", "rib_coupons")
BRANCH_NAMES = (
    "MARSEILLE PRADO",
    "AIX MIRABEAU",
    "NICE MASSENA",
    "TOULON LIBERTE",
    "AVIGNON REPUBLIQUE",
    "GAP CENTRE",
    "MANOSQUE",
    "CANNES CROISETTE",
    "HYERES",
    "ARLES",
)


def draw_rib_row(dc: DocCanvas, x: float, y: float, f: BankFacts, size: float = 9) -> None:
    """Draw the ``Code banque  Code guichet  N° de compte  Clé RIB`` row and its values."""
    columns = (
        ("Code banque", f.account.bank_code, 0),
        ("Code guichet", f.account.branch_code, 80),
        ("N° de compte", f.account.account_number, 165),
        ("Clé RIB", f.account.rib_key, 280),
    )
    for header, value, dx in columns:
        dc.text(x + dx, y, header, size=size - 1, color=GREY)
        dc.text(x + dx, y + size + 5, value, size=size + 1, font="Helvetica-Bold")


def draw_rib_block(
    dc: DocCanvas, x: float, y: float, f: BankFacts, holder_label: str, bic_label: str, rng_branch: str
) -> float:
    """One RIB: holder, branch, RIB row, IBAN and BIC; return the next baseline."""
    dc.label_value(x, y, holder_label, f.holder_name, size=10)
    dc.text(x + 12, y + 13, f.holder_address.line1.upper(), size=9)
    dc.text(x + 12, y + 25, f"{f.holder_address.postal_code} {f.holder_address.city.upper()}", size=9)
    dc.label_value(
        x, y + 45, "Domiciliation :", f"{f.bank.name} - AGENCE {rng_branch}", size=9, bold_value=False
    )
    draw_rib_row(dc, x, y + 68, f)
    dc.label_value(x, y + 104, "IBAN :", f.account.iban_grouped, size=11)
    dc.label_value(x, y + 122, bic_label, f.bank.bic, size=11)
    return y + 140


def render_bank_details(f: BankFacts, rng: random.Random) -> Rendered:
    """Draw a RIB in one of three layouts."""
    color = BANK_COLORS.get(f.bank.short, (0.1, 0.2, 0.5))
    branch = rng.choice(BRANCH_NAMES)
    issue = f.edited_on
    dc = DocCanvas(creator=f"{f.bank.name} - Banque en ligne", stamp=issue, title="RIB")
    if f.layout == "rib_classic":
        draw_logo_block(dc, 40, 64, f.bank.name, color, size=14)
        dc.text(
            dc.width / 2, 130, "RELEVÉ D'IDENTITÉ BANCAIRE", size=15, font="Helvetica-Bold", align="center"
        )
        dc.rect(36, 150, 523, 170, fill=None, stroke=LIGHT_GREY)
        draw_rib_block(dc, 48, 172, f, "Titulaire du compte :", "BIC :", branch)
        dc.paragraph(
            40,
            350,
            "Ce relevé est destiné à être remis, sur leur demande, à vos créanciers ou débiteurs "
            "appelés à faire inscrire des opérations à votre compte (virements, prélèvements, etc.).",
            515,
            size=8.5,
            color=GREY,
        )
    elif f.layout == "rib_online":
        dc.text(40, 60, f.bank.name, size=13, font="Helvetica-Bold", color=color)
        dc.text(40, 110, "RIB", size=28, font="Helvetica-Bold", color=color)
        dc.text(40, 130, "Relevé d'identité bancaire", size=11, color=GREY)
        dc.label_value(40, 170, "Intitulé du compte :", f.holder_name, size=11)
        dc.text(
            40,
            186,
            f"{f.holder_address.line1.upper()} - "
            f"{f.holder_address.postal_code} {f.holder_address.city.upper()}",
            size=9,
        )
        dc.label_value(40, 220, "IBAN :", f.account.iban_grouped, size=12)
        dc.label_value(40, 242, "Code BIC (SWIFT) :", f.bank.bic, size=12)
        draw_rib_row(dc, 40, 280, f)
        dc.label_value(40, 330, "Domiciliation :", f"AGENCE {branch}", size=9, bold_value=False)
        dc.text(
            40,
            360,
            f"Document édité le {format_date(issue, 'slash')} depuis votre espace de banque en ligne.",
            size=8,
            color=GREY,
        )
    else:  # rib_coupons: two identical coupons on one sheet
        for top in (60.0, 330.0):
            draw_logo_block(dc, 40, top + 4, f.bank.name, color, size=11)
            dc.text(555, top, "RELEVÉ D'IDENTITÉ BANCAIRE", size=10, font="Helvetica-Bold", align="right")
            draw_rib_block(dc, 48, top + 34, f, "Titulaire :", "BIC :", branch)
            dc.hline(30, 565, top + 200, color=LIGHT_GREY)
    pdf, texts = dc.finish()
    fields = {"holder_name": f.holder_name, "iban": f.account.iban, "bic": f.bank.bic}
    return Rendered(pdf, texts, fields, f.layout, (dc.width, dc.height))
