"""More RIBs: six banks of their own, written independently of ``bank.py``.

Each family prints its own bank (``BANKS``): the generator opens the
applicant's account there when it draws the family (``builders.bind_bank_family``),
so that the form's IBAN is the RIB's. The IBAN is printed in groups of four, on
one line without spaces, under a table header, or split over two lines; the
holder with one label or another, or in an unlabelled block. Their split is in
``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sample_docs.layouts.kit import (
    FONTS,
    band,
    barcode_like,
    field,
    fit,
    fmt_date,
    logo_mark,
    phone_number,
    prose,
    qr_like,
    table,
    watermark,
    window,
)
from sample_docs.people import Bank
from sample_docs.plans import BankFacts
from sample_docs.render import GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered

BANKS: dict[str, Bank] = {
    "rib_cic": Bank("CIC", "30066", "CMCIFRPP", "CIC"),
    "rib_boursobank": Bank("BoursoBank", "40618", "BOUSFRPPXXX", "BOURSO"),
    "rib_credit_coop": Bank("Crédit Coopératif", "42559", "CCOPFRPPXXX", "CCOOP"),
    "rib_qonto": Bank("Qonto", "16958", "QNTOFRP1XXX", "QONTO"),
    "rib_fortuneo": Bank("Fortuneo", "14806", "FTNOFRP1XXX", "FORTUNEO"),
    "rib_nickel": Bank("Nickel", "16598", "NCKLFRP1XXX", "NICKEL"),
}
AGENCIES = (
    ("MARSEILLE CASTELLANE", "12 place Castellane", "13006"),
    ("TOULON MAYOL", "3 rue Mayol", "83000"),
    ("NICE JEAN MEDECIN", "41 avenue Jean Médecin", "06000"),
    ("AVIGNON CARNOT", "8 rue Carnot", "84000"),
    ("AIX ROTONDE", "2 place de la Rotonde", "13100"),
    ("GAP CARNOT", "17 rue Carnot", "05000"),
    ("CANNES ANTIBES", "90 rue d'Antibes", "06400"),
    ("DIGNE GASSENDI", "6 boulevard Gassendi", "04000"),
)


def grouped(iban: str) -> str:
    """``FR76 3006 6000 ...``."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def fields_of(f: BankFacts) -> dict[str, str]:
    """The truth fields of a RIB."""
    return {"holder_name": f.holder_name, "iban": f.account.iban, "bic": f.bank.bic}


def finish(dc: DocCanvas, f: BankFacts) -> Rendered:
    """Close the canvas and return the rendering."""
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, fields_of(f), f.layout, (dc.width, dc.height))


def holder_lines(f: BankFacts) -> list[str]:
    """The holder and their postal address."""
    a = f.holder_address
    return [f.holder_name, a.line1.upper(), f"{a.postal_code} {a.city.upper()}"]


def agency_city(postcode: str) -> str:
    """The town of an agency postcode."""
    return {
        "13006": "MARSEILLE",
        "83000": "TOULON",
        "06000": "NICE",
        "84000": "AVIGNON",
        "13100": "AIX-EN-PROVENCE",
        "05000": "GAP",
        "06400": "CANNES",
        "04000": "DIGNE-LES-BAINS",
    }[postcode]


# --------------------------------------------------------------------------- CIC (seen)

CIC_BLUE = (0.0, 0.28, 0.55)


def render_cic(f: BankFacts, rng: random.Random) -> Rendered:
    """Branch RIB: holder block without a label, IBAN in groups under a table header."""
    F = FONTS["times"]
    agency, street, postcode = rng.choice(AGENCIES)
    dc = DocCanvas(creator="CIC - Filbanque", stamp=f.edited_on, title="Relevé d'identité bancaire")
    watermark(dc, (0.94, 0.96, 0.99), rng, shape="rings")
    logo_mark(dc, 40, 34, 26, CIC_BLUE, "grid")
    dc.text(74, 56, f.bank.name, size=26, font=F.bold, color=CIC_BLUE)
    dc.text(40, 78, "Crédit Industriel et Commercial", size=9, font=F.italic, color=GREY)
    dc.text(
        40, 96, f"Agence {agency} - {street} - {postcode} {agency_city(postcode)}", size=8.5, font=F.regular
    )
    dc.text(40, 108, f"Tél. {phone_number(rng, '04')} - www.cic.fr", size=8.5, font=F.regular)
    window(dc, 330, 140, holder_lines(f), font=F.bold, size=10.5, leading=14)
    dc.text(dc.width / 2, 220, "RELEVÉ D'IDENTITÉ BANCAIRE", size=15, font=F.bold, align="center")
    a = f.account
    y = table(
        dc,
        40,
        240,
        [110, 110, 190, 105],
        ["Banque", "Guichet", "N° de compte", "Clé"],
        [[a.bank_code, a.branch_code, a.account_number, a.rib_key]],
        fonts=F,
        size=10.5,
        aligns="cccc",
        header_fill=(0.9, 0.93, 0.97),
    )
    y = table(
        dc,
        40,
        y + 16,
        [330, 185],
        ["IBAN (International Bank Account Number)", "BIC (Bank Identifier Code)"],
        [[grouped(a.iban), f.bank.bic]],
        fonts=F,
        size=10.5,
        aligns="cc",
        header_fill=(0.9, 0.93, 0.97),
    )
    dc.text(40, y + 26, f"Domiciliation : CIC {agency}", size=10, font=F.regular)
    prose(
        dc,
        40,
        y + 52,
        "Ce relevé est destiné à être remis, sur leur demande, aux organismes qui doivent faire inscrire des "
        "opérations à votre compte : virements de salaires, de prestations sociales, prélèvements.",
        515,
        font=F.italic,
        size=9,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- BoursoBank (seen)

BOURSO_PINK = (0.84, 0.08, 0.45)
BOURSO_NAVY = (0.05, 0.1, 0.3)


def render_boursobank(f: BankFacts, rng: random.Random) -> Rendered:
    """Online bank print-out: ``Intitulé`` label, IBAN on one line without spaces, QR code."""
    F = FONTS["vera"]
    dc = DocCanvas(creator="BoursoBank - Espace client", stamp=f.edited_on, title="RIB")
    band(dc, 0, 70, BOURSO_NAVY)
    logo_mark(dc, 40, 22, 26, BOURSO_PINK, "disc")
    dc.text(74, 44, f.bank.name, size=20, font=F.bold, color=WHITE)
    dc.text(74, 58, "Banque en ligne", size=8, font=F.regular, color=WHITE)
    dc.text(40, 118, "Relevé d'Identité Bancaire (RIB)", size=16, font=F.bold, color=BOURSO_NAVY)
    y = 156.0
    a = f.account
    kind = "Compte joint" if "et Mme" in f.holder_name or "OU MME" in f.holder_name else "Compte individuel"
    rows = [
        (
            "Intitulé du compte",
            [
                f.holder_name,
                f.holder_address.line1.upper(),
                f"{f.holder_address.postal_code} {f.holder_address.city.upper()}",
            ],
        ),
        ("Type de compte", [kind]),
        ("IBAN", [a.iban]),
        ("BIC / SWIFT", [f.bank.bic]),
    ]
    for label, value in rows:
        y = field(dc, 40, y, label, value, fonts=F, size=10.5, column=175, max_width=425) + 6
    dc.text(40, y + 14, "Identifiant national (RIB)", size=9, font=F.bold, color=BOURSO_NAVY)
    y = table(
        dc,
        40,
        y + 22,
        [100, 100, 150, 70],
        ["Code banque", "Code guichet", "Numéro de compte", "Clé RIB"],
        [[a.bank_code, a.branch_code, a.account_number, a.rib_key]],
        fonts=F,
        size=9,
        aligns="cccc",
        header_fill=(0.97, 0.9, 0.94),
    )
    dc.text(
        40,
        y + 24,
        "Domiciliation : BoursoBank - 44 rue Traversière - CS 80134 - 92772 BOULOGNE-BILLANCOURT CEDEX",
        size=7.5,
        font=F.regular,
        color=GREY,
    )
    dc.text(
        40,
        y + 38,
        f"Document généré le {fmt_date(f.edited_on, 'slash')} depuis votre espace client.",
        size=7.5,
        font=F.regular,
        color=GREY,
    )
    qr_like(dc, 475, 150, 80, rng)
    dc.text(515, 242, "Partager mon RIB", size=6.5, font=F.regular, color=GREY, align="center")
    return finish(dc, f)


# --------------------------------------------------------------------------- Crédit Coopératif (seen)

CCOOP_GREEN = (0.35, 0.6, 0.15)


def render_credit_coop(f: BankFacts, rng: random.Random) -> Rendered:
    """Branch RIB in a frame: ``Titulaire(s)``, the IBAN split over two lines, ``Code BIC``."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    agency, street, postcode = rng.choice(AGENCIES)
    dc = DocCanvas(creator="Crédit Coopératif - Coop@ccès", stamp=f.edited_on, title="RIB")
    logo_mark(dc, 40, 36, 28, CCOOP_GREEN, "leaf")
    dc.text(76, 58, f.bank.name, size=18, font=F.bold, color=CCOOP_GREEN)
    dc.text(76, 71, "Banque coopérative", size=8, color=GREY)
    dc.text(555, 52, f"Agence {agency.title()}", size=8.5, align="right")
    dc.text(555, 64, f"{street} - {postcode} {agency_city(postcode)}", size=8.5, align="right")
    dc.rect(36, 110, 523, 250, fill=None, stroke=CCOOP_GREEN, line_width=1.2, radius=8)
    dc.text(52, 134, "RELEVÉ D'IDENTITÉ BANCAIRE", size=13, font=F.bold, color=CCOOP_GREEN)
    y = field(dc, 52, 164, "Titulaire(s) :", holder_lines(f), fonts=F, size=10, column=135, max_width=500)
    a = f.account
    x = 52.0
    for caption, value, width in (
        ("Établissement", a.bank_code, 95),
        ("Guichet", a.branch_code, 80),
        ("Numéro de compte", a.account_number, 150),
        ("Clé RIB", a.rib_key, 60),
    ):
        dc.text(x, y + 14, caption, size=7.5, color=GREY)
        dc.text(x, y + 28, value, size=11, font=C.bold)
        x += width
    parts = grouped(a.iban).split(" ")
    dc.text(52, y + 58, "IBAN :", size=10, color=GREY)
    dc.text(100, y + 58, " ".join(parts[:4]), size=11.5, font=C.bold)
    dc.text(100, y + 73, " ".join(parts[4:]), size=11.5, font=C.bold)
    dc.text(52, y + 98, "Code BIC :", size=10, color=GREY)
    dc.text(120, y + 98, f.bank.bic, size=11.5, font=C.bold)
    prose(
        dc,
        40,
        385,
        "Remettez ce relevé à vos créanciers ou débiteurs appelés à faire inscrire des opérations sur votre "
        "compte. Crédit Coopératif - société coopérative anonyme de Banque populaire - 12 boulevard Pesaro "
        "92000 Nanterre.",
        515,
        font=F.regular,
        size=8,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- Qonto (held out)


def render_qonto(f: BankFacts, rng: random.Random) -> Rendered:
    """Bilingual bank details: values under French and English labels."""
    F = FONTS["vera"]
    dc = DocCanvas(creator="Qonto - Dashboard", stamp=f.edited_on, title="Bank details")
    logo_mark(dc, 40, 36, 26, (0.05, 0.05, 0.05), "ring")
    dc.text(74, 58, f.bank.name, size=22, font=F.bold)
    dc.text(555, 52, "qonto.com", size=9, font=F.regular, color=GREY, align="right")
    dc.text(40, 116, "Relevé d'identité bancaire", size=17, font=F.bold)
    dc.text(40, 132, "Bank account details", size=10, font=F.italic, color=GREY)
    a = f.account
    left = [
        ("Titulaire du compte / Account holder", f.holder_name),
        ("Nom du compte / Account name", rng.choice(("Compte principal", "Compte courant", "Main account"))),
        ("IBAN", grouped(a.iban)),
        ("BIC / SWIFT code", f.bank.bic),
    ]
    y = 172.0
    for label, value in left:
        y = field(dc, 40, y, label, value, fonts=F, pos="below", size=11, max_width=300) + 4
    ry = 172.0
    for label, value in (
        ("Banque / Bank", "Qonto (Olinda SAS)"),
        ("Adresse de la banque / Bank address", ["18 rue de Navarin", "75009 Paris, France"]),
        (
            "Adresse du titulaire / Holder address",
            [f.holder_address.line1, f"{f.holder_address.postal_code} {f.holder_address.city}"],
        ),
    ):
        ry = field(dc, 350, ry, label, value, fonts=F, pos="below", size=9.5, max_width=205) + 4
    y = max(y, ry) + 10
    y = table(
        dc,
        40,
        y,
        [125, 115, 165, 75],
        ["Code banque / Bank code", "Code guichet / Branch", "N° de compte / Account", "Clé / Key"],
        [[a.bank_code, a.branch_code, a.account_number, a.rib_key]],
        fonts=F,
        size=7.5,
        aligns="cccc",
        header_fill=(0.94, 0.94, 0.94),
    )
    dc.text(
        40,
        y + 24,
        f"Généré le / Generated on {fmt_date(f.edited_on, 'iso')}",
        size=8,
        font=F.regular,
        color=GREY,
    )
    qr_like(dc, 470, y + 20, 80, rng)
    prose(
        dc,
        40,
        y + 44,
        "Qonto est un établissement de paiement agréé par l'ACPR. Les fonds sont cantonnés. Qonto "
        "is a payment "
        "institution licensed in France.",
        400,
        font=F.regular,
        size=7.5,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- Fortuneo (held out)

FORTUNEO_GREEN = (0.0, 0.52, 0.45)


def render_fortuneo(f: BankFacts, rng: random.Random) -> Rendered:
    """Online RIB: holder block without a label, compact IBAN in a table column."""
    F = FONTS["helvetica"]
    dc = DocCanvas(creator="Fortuneo - Banque en ligne", stamp=f.edited_on, title="RIB")
    watermark(dc, (0.93, 0.97, 0.96), rng, shape="diagonal")
    band(dc, 0, 8, FORTUNEO_GREEN)
    logo_mark(dc, 40, 34, 26, FORTUNEO_GREEN, "triangle")
    dc.text(74, 56, f.bank.name, size=20, font=F.bold, color=FORTUNEO_GREEN)
    dc.text(74, 69, "la banque en ligne", size=8, color=GREY)
    window(dc, 330, 118, holder_lines(f), font=F.regular, size=10)
    dc.text(40, 190, "Relevé d'Identité Bancaire", size=15, font=F.bold)
    dc.text(40, 205, f"Édité le {fmt_date(f.edited_on, 'long')}", size=8.5, color=GREY)
    a = f.account
    y = table(
        dc,
        40,
        222,
        [330, 185],
        ["Identifiant international de compte (IBAN)", "Code BIC de la banque"],
        [[a.iban, f.bank.bic]],
        fonts=F,
        size=10,
        aligns="ll",
        header_fill=(0.88, 0.95, 0.93),
    )
    y = table(
        dc,
        40,
        y + 14,
        [120, 120, 190, 85],
        ["Code établissement", "Code guichet", "N° de compte", "Clé RIB"],
        [[a.bank_code, a.branch_code, a.account_number, a.rib_key]],
        fonts=F,
        size=10,
        aligns="llll",
        header_fill=(0.88, 0.95, 0.93),
    )
    dc.text(40, y + 26, "Domiciliation : FORTUNEO - TSA 41707 - 35917 RENNES CEDEX 9", size=9)
    dc.text(40, y + 40, "Service clients : 02 98 00 00 00 - www.fortuneo.fr", size=9, color=GREY)
    return finish(dc, f)


# --------------------------------------------------------------------------- Nickel (held out)

NICKEL_ORANGE = (0.98, 0.45, 0.0)


def render_nickel(f: BankFacts, rng: random.Random) -> Rendered:
    """Account opened at a tobacconist: ``Nom du titulaire``, IBAN over two lines, ``Code SWIFT``."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    dc = DocCanvas(creator="Nickel - Espace client", stamp=f.edited_on, title="RIB Nickel")
    dc.rect(40, 40, 515, 330, fill=None, stroke=LIGHT_GREY, line_width=1.0, radius=14)
    dc.rect(40, 40, 515, 46, fill=(0.1, 0.1, 0.1), stroke=None, radius=14)
    logo_mark(dc, 56, 50, 26, NICKEL_ORANGE, "disc")
    dc.text(90, 71, f.bank.name, size=20, font=F.bold, color=WHITE)
    dc.text(540, 69, "Relevé d'identité bancaire", size=10, color=WHITE, align="right")
    a = f.account
    y = field(dc, 60, 116, "Nom du titulaire :", f.holder_name, fonts=F, size=11, column=175, max_width=480)
    dc.text(175, y - 2, f.holder_address.line1, size=9.5)
    dc.text(175, y + 11, f"{f.holder_address.postal_code} {f.holder_address.city}", size=9.5)
    y += 40
    parts = grouped(a.iban).split(" ")
    dc.text(60, y, "IBAN :", size=11, color=GREY)
    dc.text(175, y, " ".join(parts[:3]), size=12, font=C.bold)
    dc.text(175, y + 16, " ".join(parts[3:]), size=12, font=C.bold)
    dc.text(60, y + 44, "Code SWIFT :", size=11, color=GREY)
    dc.text(175, y + 44, f.bank.bic, size=12, font=C.bold)
    dc.text(60, y + 72, "Banque  Guichet  Compte       Clé", size=8.5, font=C.regular, color=GREY)
    fit(
        dc,
        60,
        y + 86,
        f"{a.bank_code}  {a.branch_code}  {a.account_number}  {a.rib_key}",
        300,
        font=C.bold,
        size=10,
    )
    barcode_like(dc, 380, y + 62, 150, 28, rng)
    dc.text(
        60,
        350,
        f"Édité le {fmt_date(f.edited_on, 'dot2')} - Nickel, 1 place des Marseillais, 94220 "
        "Charenton-le-Pont",
        size=7.5,
        color=GREY,
    )
    prose(
        dc,
        40,
        400,
        "Nickel est un compte sans banque ouvert chez un buraliste agréé. Ce relevé permet de recevoir des "
        "virements et de mettre en place des prélèvements.",
        515,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    return finish(dc, f)


RENDERERS: dict[str, Callable[[BankFacts, random.Random], Rendered]] = {
    "rib_cic": render_cic,
    "rib_boursobank": render_boursobank,
    "rib_credit_coop": render_credit_coop,
    "rib_qonto": render_qonto,
    "rib_fortuneo": render_fortuneo,
    "rib_nickel": render_nickel,
}


def render_bank_more(f: BankFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
