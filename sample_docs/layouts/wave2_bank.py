"""Wave-2 RIBs (held out): four banks no earlier family prints.

A regional bank's RIB in a ruled grid with capital labels ending with a dash,
an online bank's English-first account details with an intermediary BIC, a
RIB whose IBAN is written in ruled boxes of four characters, and a two-page
letter whose RIB is on page 2. Each family prints its own bank (``BANKS``):
the generator opens the applicant's account there when it draws the family
(``builders.bind_bank_family``). Their split and wave are in
``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sample_docs.layouts.kit import (
    FONTS,
    band,
    fit,
    logo_mark,
    phone_number,
    prose,
    qr_like,
    random_digits,
    window,
)
from sample_docs.layouts.wave2_kit import fmt_date_w2, grey_box, kv_grid, side_text
from sample_docs.people import Bank
from sample_docs.plans import BankFacts
from sample_docs.render import BLACK, GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered, draw_signature

BANKS: dict[str, Bank] = {
    "rib_smc": Bank("Société Marseillaise de Crédit", "30077", "SMCTFR2A", "SMC"),
    "rib_revolut": Bank("Revolut Bank UAB", "28233", "REVOFRP2", "REVOLUT"),
    "rib_hsbc": Bank("HSBC Continental Europe", "30056", "CCFRFRPP", "HSBC"),
    "rib_axa_banque": Bank("AXA Banque", "12548", "AXABFRPP", "AXA"),
}
BRANCHES = (
    ("MARSEILLE CANEBIÈRE", "75 La Canebière", "13001 MARSEILLE"),
    ("AIX CÉZANNE", "10 avenue Paul Cézanne", "13100 AIX-EN-PROVENCE"),
    ("TOULON STRASBOURG", "22 boulevard de Strasbourg", "83000 TOULON"),
    ("AVIGNON RÉPUBLIQUE", "40 rue de la République", "84000 AVIGNON"),
    ("NICE MASSÉNA", "3 place Masséna", "06000 NICE"),
)


def grouped(iban: str) -> str:
    """``FR76 3007 7000 ...``."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def fields_of(f: BankFacts) -> dict[str, str]:
    """The truth fields of a RIB."""
    return {"holder_name": f.holder_name, "iban": f.account.iban, "bic": f.bank.bic}


def finish(dc: DocCanvas, f: BankFacts) -> Rendered:
    """Close the canvas and return the rendering."""
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, fields_of(f), f.layout, (dc.width, dc.height))


def holder_town(f: BankFacts) -> str:
    """``13001 MARSEILLE``."""
    return f"{f.holder_address.postal_code} {f.holder_address.city.upper()}"


# --------------------------------------------------------------------------- SMC (ruled grid, dash labels)

SMC_RED = (0.7, 0.05, 0.12)


def render_smc(f: BankFacts, rng: random.Random) -> Rendered:
    """Branch RIB: capital labels ending with a dash in a ruled grid, national codes on one line."""
    T, C = FONTS["times"], FONTS["courier"]
    branch, street, branch_town = rng.choice(BRANCHES)
    a = f.account
    dc = DocCanvas(creator="SMC - Poste agence", stamp=f.edited_on, title="RIB")
    side_text(
        dc,
        24,
        800,
        "Société Marseillaise de Crédit - SA au capital de 19 800 000 € - 054 806 542 RCS Marseille - "
        "ORIAS 07 027 921",
        font=T.regular,
        size=6,
    )
    logo_mark(dc, 40, 30, 30, SMC_RED, "grid")
    dc.text(80, 50, "SOCIÉTÉ MARSEILLAISE DE CRÉDIT", size=14, font=T.bold, color=SMC_RED)
    dc.text(80, 64, "Banque régionale depuis 1865", size=8.5, font=T.italic, color=GREY)
    dc.text(40, 110, "RELEVÉ D'IDENTITÉ BANCAIRE", size=14, font=T.bold)
    dc.text(
        40, 124, f"ÉDITÉ LE - {fmt_date_w2(f.edited_on, 'abbr_upper')}", size=8, font=C.regular, color=GREY
    )
    rows: list[tuple[str, str | list[str]]] = [
        ("TITULAIRE -", [f.holder_name, f.holder_address.line1, holder_town(f)]),
        ("DOMICILIATION -", [f"SMC {branch}", f"{street} - {branch_town}"]),
        ("N° CLIENT -", random_digits(rng, 10)),
        ("RIB -", f"{a.bank_code} {a.branch_code} {a.account_number} {a.rib_key}"),
        ("IBAN -", grouped(a.iban)),
        ("BIC -", f.bank.bic),
    ]
    y = kv_grid(
        dc,
        40,
        146,
        rows,
        fonts=T,
        label_width=120,
        value_width=395,
        size=11,
        label_size=9,
        value_font=C.bold,
        label_fill=(0.96, 0.92, 0.92),
    )
    dc.text(40, y + 22, f"Tél. agence {phone_number(rng, '04')} - www.smc.fr", size=8.5, font=T.regular)
    prose(
        dc,
        40,
        y + 44,
        "Ce relevé est destiné à être remis, sur leur demande, à vos créanciers ou débiteurs appelés à "
        "faire inscrire des opérations à votre compte (virements, prélèvements).",
        515,
        font=T.italic,
        size=9,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- Revolut (English first)

REV_NAVY = (0.1, 0.1, 0.2)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def render_revolut(f: BankFacts, rng: random.Random) -> Rendered:
    """Online account details, English first: values under labels on grey, an intermediary BIC."""
    F = FONTS["vera"]
    a = f.account
    dc = DocCanvas(creator="Revolut - App", stamp=f.edited_on, title="Account details")
    dc.text(40, 60, "Revolut", size=24, font=F.bold, color=REV_NAVY)
    dc.text(555, 52, "Account details", size=12, font=F.bold, align="right")
    dc.text(555, 66, "Relevé d'identité bancaire (RIB)", size=8, font=F.regular, color=GREY, align="right")
    dc.text(40, 112, "EUR account / Compte en euros", size=13, font=F.bold)
    generated = f.edited_on
    dc.text(
        40,
        127,
        f"Generated on {generated.day} {MONTHS_EN[generated.month - 1]} {generated.year}",
        size=8,
        font=F.regular,
        color=GREY,
    )
    y = 160.0
    for label, value, big in (
        ("Beneficiary (Titulaire du compte)", f.holder_name, True),
        ("IBAN", grouped(a.iban), True),
        ("BIC / SWIFT", f.bank.bic, True),
        ("Bank / Banque", "Revolut Bank UAB, French branch - 10 avenue Kléber, 75116 Paris", False),
        ("Beneficiary address (Adresse)", f"{f.holder_address.line1}, {holder_town(f)}", False),
    ):
        dc.text(40, y, label, size=8, font=F.regular, color=GREY)
        grey_box(dc, 40, y + 5, 330, 22, tone=0.93)
        fit(dc, 48, y + 20, value, 316, font=F.bold if big else F.regular, size=11 if big else 8.5)
        y += 44
    dc.text(40, y + 8, "For international (SWIFT) transfers only", size=9, font=F.bold)
    dc.text(
        40,
        y + 22,
        "Intermediary BIC (BIC intermédiaire) : CHASDEFX",
        size=8.5,
        font=F.regular,
    )
    dc.text(
        40,
        y + 35,
        "Use the BIC above for SEPA transfers. / Utilisez le BIC ci-dessus pour les virements SEPA.",
        size=7.5,
        font=F.regular,
        color=GREY,
    )
    dc.text(400, 168, "Code banque / Bank code", size=7, font=F.regular, color=GREY)
    dc.text(400, 180, a.bank_code, size=9, font=F.regular)
    dc.text(400, 198, "Code guichet / Branch code", size=7, font=F.regular, color=GREY)
    dc.text(400, 210, a.branch_code, size=9, font=F.regular)
    dc.text(400, 228, "N° de compte / Account number", size=7, font=F.regular, color=GREY)
    dc.text(400, 240, a.account_number, size=9, font=F.regular)
    dc.text(400, 258, "Clé RIB / Key", size=7, font=F.regular, color=GREY)
    dc.text(400, 270, a.rib_key, size=9, font=F.regular)
    qr_like(dc, 420, 300, 90, rng)
    prose(
        dc,
        40,
        dc.height - 90,
        "Revolut Bank UAB is a credit institution licensed by the Bank of Lithuania (Konstitucijos ave. 21B, "
        "Vilnius). Revolut Bank UAB, succursale française, RCS Paris 899 271 665. Les dépôts sont "
        "protégés par le système de garantie des dépôts lituanien.",
        515,
        font=F.regular,
        size=7,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- HSBC (IBAN in boxes)

HSBC_RED = (0.86, 0.0, 0.07)


def render_hsbc(f: BankFacts, rng: random.Random) -> Rendered:
    """RIB whose IBAN and BIC are written in ruled boxes; small national codes; two holders."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    a = f.account
    branch, street, branch_town = rng.choice(BRANCHES)
    dc = DocCanvas(creator="HSBC - HSBC Net", stamp=f.edited_on, title="Relevé d'identité bancaire")
    band(dc, 0, 6, HSBC_RED)
    dc.rect(40, 30, 28, 28, fill=HSBC_RED, stroke=None)
    dc.rect(47, 37, 14, 14, fill=WHITE, stroke=None)
    dc.text(78, 52, "HSBC", size=22, font=F.bold)
    dc.text(555, 46, "Relevé d'Identité Bancaire", size=11, font=F.bold, align="right")
    dc.text(555, 59, f"Agence {branch.title()}", size=8, color=GREY, align="right")
    window(
        dc,
        330,
        100,
        [f.holder_name, f.holder_address.line1.upper(), holder_town(f)],
        font=F.regular,
        size=10,
    )
    dc.text(40, 100, "Intitulé du compte", size=8, color=GREY)
    fit(dc, 40, 114, f.holder_name, 270, font=F.bold, size=10.5)
    dc.text(40, 134, "Nature du compte", size=8, color=GREY)
    dc.text(40, 148, rng.choice(("Compte de chèques", "Compte courant joint", "HSBC Premier")), size=10)
    dc.text(40, 196, "Identifiant international de compte bancaire", size=9, font=F.bold)
    parts = grouped(a.iban).split(" ")
    x = 40.0
    for part in parts:
        dc.rect(x, 204, 62, 24, fill=None, stroke=BLACK, line_width=0.6)
        dc.text(x + 31, 221, part, size=12, font=C.bold, align="center")
        x += 68
    dc.text(40, 250, "Code SWIFT de l'établissement", size=9, font=F.bold)
    dc.rect(40, 258, 130, 24, fill=None, stroke=BLACK, line_width=0.6)
    dc.text(105, 275, f.bank.bic, size=12, font=C.bold, align="center")
    y = 312.0
    dc.text(40, y, "Identifiant national de compte bancaire - RIB", size=7.5, color=GREY)
    for caption, value, dx in (
        ("Établissement", a.bank_code, 0),
        ("Guichet", a.branch_code, 80),
        ("N° de compte", a.account_number, 150),
        ("Clé", a.rib_key, 260),
    ):
        dc.text(40 + dx, y + 12, caption, size=7, color=GREY)
        dc.text(40 + dx, y + 23, value, size=8, font=C.regular)
    dc.text(330, y + 12, "Domiciliation", size=7, color=GREY)
    dc.text(330, y + 23, f"{street} - {branch_town}", size=7.5)
    dc.text(330, y + 34, f"Tél. {phone_number(rng, '04')}", size=7.5)
    dc.hline(40, 555, y + 50, color=LIGHT_GREY)
    prose(
        dc,
        40,
        y + 70,
        "Ce relevé est destiné à être remis, sur leur demande, à vos créanciers ou débiteurs appelés à "
        "faire inscrire des opérations à votre compte. HSBC Continental Europe - SA au capital de "
        "1 062 332 775 € - SIREN 775 670 284 RCS Paris - 38 avenue Kléber 75116 Paris.",
        515,
        font=F.regular,
        size=7.5,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- AXA Banque (RIB on page 2)

AXA_BLUE = (0.0, 0.0, 0.56)


def render_axa(f: BankFacts, rng: random.Random) -> Rendered:
    """A letter on page 1 (holder in the window), the RIB itself on page 2."""
    T, F = FONTS["times"], FONTS["helvetica"]
    a = f.account
    dc = DocCanvas(creator="AXA Banque - Courrier", stamp=f.edited_on, title="Votre RIB")
    dc.rect(40, 30, 34, 34, fill=AXA_BLUE, stroke=None)
    dc.text(57, 53, "AXA", size=11, font=F.bold, color=WHITE, align="center")
    dc.text(84, 52, "AXA Banque", size=17, font=F.bold, color=AXA_BLUE)
    dc.text(
        84, 64, "Service clients - 203-205 rue Carnot - 94138 Fontenay-sous-Bois cedex", size=7.5, color=GREY
    )
    window(
        dc,
        330,
        120,
        [f.holder_name, f.holder_address.line1, holder_town(f)],
        font=T.regular,
        size=11,
        leading=14,
    )
    dc.text(
        330, 200, f"Fontenay-sous-Bois, le {fmt_date_w2(f.edited_on, 'long_zero')}", size=10.5, font=T.regular
    )
    customer = random_digits(rng, 8)
    dc.text(40, 240, f"Réf. client : {customer}", size=10, font=T.regular)
    dc.text(40, 262, "Objet : votre relevé d'identité bancaire", size=11, font=T.bold)
    y = prose(dc, 40, 294, "Madame, Monsieur,", 515, font=T.regular, size=11)
    y = prose(
        dc,
        40,
        y + 6,
        "Vous nous avez demandé un relevé d'identité bancaire de votre compte. Vous le trouverez au verso de "
        "ce courrier. Il vous permet de communiquer vos coordonnées bancaires à votre employeur, aux "
        "organismes sociaux ou à vos créanciers pour la mise en place de virements et de prélèvements.",
        515,
        font=T.regular,
        size=11,
        leading=15,
    )
    y = prose(
        dc,
        40,
        y + 6,
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        515,
        font=T.regular,
        size=11,
    )
    dc.text(330, y + 24, "Votre conseiller AXA Banque", size=10.5, font=T.italic)
    draw_signature(dc, 340, y + 60, 90, rng)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        "AXA Banque - SA au capital de 137 840 815 € - 542 016 993 RCS Créteil - ORIAS 07 025 585",
        size=6.5,
        color=GREY,
    )
    dc.text(555, dc.height - 38, "1/2", size=7, color=GREY, align="right")
    dc.new_page()
    side_text(
        dc, 24, 700, f"Document édité le {fmt_date_w2(f.edited_on, 'dash')} - ne pas jeter", font=F.regular
    )
    dc.text(40, 60, "AXA Banque", size=13, font=F.bold, color=AXA_BLUE)
    dc.text(dc.width / 2, 110, "RELEVÉ D'IDENTITÉ BANCAIRE", size=14, font=F.bold, align="center")
    dc.rect(40, 130, 515, 210, fill=None, stroke=AXA_BLUE, line_width=1)
    dc.text(56, 154, "Titulaire du compte", size=8, color=GREY)
    fit(dc, 56, 168, f.holder_name, 480, font=F.bold, size=11)
    dc.text(56, 181, f"{f.holder_address.line1} - {holder_town(f)}", size=8.5)
    grey_box(dc, 52, 196, 491, 40, tone=0.9)
    dc.text(60, 210, "IBAN", size=8, color=GREY)
    dc.text(60, 228, grouped(a.iban), size=13, font=F.bold)
    dc.text(56, 258, "Code BIC", size=8, color=GREY)
    dc.text(56, 272, f.bank.bic, size=11, font=F.bold)
    dc.text(250, 258, "Domiciliation", size=8, color=GREY)
    dc.text(250, 272, "AXA BANQUE - 94138 FONTENAY-SOUS-BOIS", size=9)
    x = 56.0
    for caption, value, width in (
        ("Code banque", a.bank_code, 90),
        ("Code guichet", a.branch_code, 90),
        ("Numéro de compte", a.account_number, 130),
        ("Clé RIB", a.rib_key, 60),
    ):
        dc.text(x, 300, caption, size=7, color=GREY)
        dc.text(x, 313, value, size=8, font=F.regular)
        x += width
    prose(
        dc,
        40,
        370,
        "À remettre à tout organisme qui vous demande vos coordonnées bancaires pour effectuer un virement "
        "ou un prélèvement sur votre compte.",
        515,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(555, dc.height - 38, "2/2", size=7, color=GREY, align="right")
    return finish(dc, f)


RENDERERS: dict[str, Callable[[BankFacts, random.Random], Rendered]] = {
    "rib_smc": render_smc,
    "rib_revolut": render_revolut,
    "rib_hsbc": render_hsbc,
    "rib_axa_banque": render_axa,
}


def render_wave2_bank(f: BankFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
