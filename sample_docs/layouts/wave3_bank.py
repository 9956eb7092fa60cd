"""Wave-3 RIBs (held out): six banks no earlier family prints.

A regional bank's branch print whose IBAN and BIC sit under an « IBAN | BIC »
table header, a savings bank's card whose IBAN is split over two lines, an
online bank with French and English labels and the IBAN on one line without
spaces, a mobile bank's half-sheet (A5) export with values under their labels,
a small bank's form printing the IBAN twice (electronic and paper formats),
and an online bank with French and German labels. Each family prints its own
bank (``BANKS``): the generator opens the applicant's account there when it
draws the family (``builders.bind_bank_family``). Their split and wave are in
``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sample_docs.layouts.bank_more import finish, grouped  # the truth plumbing every family shares
from sample_docs.layouts.kit import FONTS, fit, fmt_date, logo_mark, phone_number, prose, qr_like, stamp
from sample_docs.layouts.wave3_kit import (
    bilingual_label,
    cell_table,
    fmt_date_w3,
    legend_box,
    pill,
    small_print,
)
from sample_docs.people import Bank
from sample_docs.plans import BankFacts
from sample_docs.render import BLACK, GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered, draw_signature

A5 = (419.53, 595.28)

BANKS: dict[str, Bank] = {
    "rib_ca_pca": Bank("Crédit Agricole Provence Côte d'Azur", "19106", "AGRIFRPP891", "CAPCA"),
    "rib_ce_cotedazur": Bank("Caisse d'Epargne Côte d'Azur", "18315", "CEPAFRPP831", "CECAZ"),
    "rib_bforbank": Bank("BforBank", "16218", "BFBKFRP1XXX", "BFORBANK"),
    "rib_orange_bank": Bank("Orange Bank", "18370", "GPBAFRPPXXX", "ORANGE"),
    "rib_banque_durance": Bank("Banque de la Durance", "13825", "BDURFRP1", "BDD"),
    "rib_orea_banque": Bank("Oréa Banque", "17269", "OREAFRP2XXX", "OREA"),
}
AGENCIES = (
    ("NICE GARIBALDI", "12 place Garibaldi", "06300 NICE"),
    ("ANTIBES CENTRE", "5 boulevard Albert 1er", "06600 ANTIBES"),
    ("DRAGUIGNAN", "18 boulevard Clemenceau", "83300 DRAGUIGNAN"),
    ("FRÉJUS PORT", "140 rue du Port", "83600 FRÉJUS"),
    ("GRASSE", "3 cours Honoré Cresp", "06130 GRASSE"),
    ("MENTON", "22 avenue Félix Faure", "06500 MENTON"),
)


def holder_lines(f: BankFacts) -> list[str]:
    """The holder's street line and town."""
    a = f.holder_address
    return [a.line1, f"{a.postal_code} {a.city.upper()}"]


# --------------------------------------------------------------------------- regional bank: IBAN | BIC header


CA_GREEN = (0.0, 0.45, 0.42)


def render_ca_pca(f: BankFacts, rng: random.Random) -> Rendered:
    """Branch print: two boxes (holder, branch), national codes and « IBAN | BIC » under table headers."""
    F = FONTS["helvetica"]
    a = f.account
    agency, street, agency_town = rng.choice(AGENCIES)
    dc = DocCanvas(creator=f"{f.bank.name} - Poste agence", stamp=f.edited_on, title="Identité bancaire")
    logo_mark(dc, 40, 30, 30, CA_GREEN, "grid")
    fit(dc, 80, 44, f.bank.name, 300, font=F.bold, size=13, color=CA_GREEN)
    dc.text(80, 58, "Banque coopérative régionale", size=7.5, color=GREY)
    dc.text(297, 112, "Identité bancaire", size=20, font=F.bold, align="center")
    dc.text(
        297,
        128,
        "À remettre à tout organisme qui vous demande vos coordonnées pour un virement ou un prélèvement",
        size=7.5,
        color=GREY,
        align="center",
    )
    legend_box(dc, 40, 150, 250, 96, "Titulaire du compte", font=F.bold, color=CA_GREEN)
    fit(dc, 52, 174, f.holder_name, 226, font=F.bold, size=10.5)
    for i, line in enumerate(holder_lines(f)):
        fit(dc, 52, 192 + i * 12.5, line, 226, font=F.regular, size=9)
    legend_box(dc, 305, 150, 250, 96, "Agence gestionnaire", font=F.bold, color=CA_GREEN)
    dc.text(317, 174, f"CA PCA - AGENCE {agency}", size=9, font=F.bold)
    dc.text(317, 190, street, size=9)
    dc.text(317, 202.5, agency_town, size=9)
    dc.text(317, 222, f"Tél. {phone_number(rng, '04')}", size=8.5, color=GREY)
    y = cell_table(
        dc,
        40,
        274,
        [125, 110, 170, 110],
        ["Code établissement", "Code guichet", "Numéro de compte", "Clé RIB"],
        [[a.bank_code, a.branch_code, a.account_number, a.rib_key]],
        fonts=F,
        size=9,
        aligns="cccc",
        header_fill=(0.9, 0.95, 0.94),
        row_height=20,
    )
    y = cell_table(
        dc,
        40,
        y + 18,
        [365, 150],
        ["IBAN", "BIC"],
        [[grouped(a.iban), f.bank.bic]],
        fonts=FONTS["courier"],
        size=10.5,
        aligns="cc",
        header_fill=(0.9, 0.95, 0.94),
        row_height=24,
    )
    y += 30
    y = prose(
        dc,
        40,
        y,
        "L'IBAN (International Bank Account Number) et le BIC (Bank Identifier Code) identifient "
        "votre compte pour les virements et prélèvements SEPA en France et dans l'Espace économique "
        "européen. Votre conseiller reste à votre disposition pour toute question.",
        515,
        font=F.regular,
        size=8.5,
    )
    dc.text(40, y + 14, f"Édition du {fmt_date(f.edited_on, 'dot')}", size=8, color=GREY)
    dc.text(555, y + 14, f"Réf. {rng.randint(100000, 999999)}", size=8, color=GREY, align="right")
    small_print(
        dc,
        [
            f"{f.bank.name} - Société coopérative à capital variable - Siège social : Saint-Laurent-du-Var",
            "Établissement de crédit - Intermédiaire en assurance - ORIAS n° 07 024 000",
        ],
        font=F.regular,
        size=6.3,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- savings bank: IBAN on two lines


CE_RED = (0.82, 0.1, 0.15)


def render_ce_card(f: BankFacts, rng: random.Random) -> Rendered:
    """Savings bank card: holder right of its label, IBAN split over two lines, codes under small captions."""
    T, C = FONTS["times"], FONTS["courier"]
    a = f.account
    agency, street, agency_town = rng.choice(AGENCIES)
    dc = DocCanvas(creator="Caisse d'Epargne - Banque à distance", stamp=f.edited_on, title="RIB")
    dc.rect(40, 40, 515, 330, fill=None, stroke=CE_RED, line_width=1.2, radius=10)
    logo_mark(dc, 58, 58, 26, CE_RED, "disc")
    dc.text(92, 76, f.bank.name, size=15, font=T.bold, color=CE_RED)
    dc.text(537, 76, "Coordonnées de votre compte", size=10, font=T.italic, align="right")
    dc.hline(58, 537, 92, color=CE_RED, line_width=0.8)
    dc.text(58, 118, "Intitulé du compte :", size=10, font=T.regular, color=GREY)
    fit(dc, 160, 118, f.holder_name, 220, font=T.bold, size=11)
    dc.text(58, 136, "Nature du compte :", size=10, font=T.regular, color=GREY)
    dc.text(
        160, 136, rng.choice(("Compte de dépôt", "Compte courant", "Compte chèques")), size=10, font=T.regular
    )
    lines = holder_lines(f)
    for i, line in enumerate(lines):
        fit(dc, 160, 152 + i * 12, line, 220, font=T.regular, size=9)
    dc.text(400, 118, "Votre agence", size=9, font=T.bold)
    dc.text(400, 131, agency.title(), size=9, font=T.regular)
    dc.text(400, 143, street, size=9, font=T.regular)
    dc.text(400, 155, agency_town, size=9, font=T.regular)
    dc.text(400, 170, phone_number(rng, "04"), size=9, font=T.regular)
    split = rng.choice((16, 20))  # characters on the first line: 4 or 5 groups
    dc.rect(58, 196, 479, 56, fill=(0.98, 0.94, 0.94), stroke=None, radius=5)
    dc.text(70, 218, "IBAN", size=11, font=T.bold, color=CE_RED)
    dc.text(140, 218, grouped(a.iban[:split]), size=13, font=C.bold)
    dc.text(140, 238, grouped(a.iban[split:]), size=13, font=C.bold)
    dc.text(70, 272, "Code BIC", size=11, font=T.bold, color=CE_RED)
    dc.text(140, 272, f.bank.bic, size=13, font=C.bold)
    captions = ["Banque", "Guichet", "N° de compte", "Clé"]
    values = [a.bank_code, a.branch_code, a.account_number, a.rib_key]
    xs = [300, 352, 404, 500]
    for x, caption, value in zip(xs, captions, values, strict=True):
        dc.text(x, 292, caption, size=7.5, font=T.italic, color=GREY)
        dc.text(x, 306, value, size=9.5, font=C.regular)
    dc.text(
        58,
        336,
        f"Document établi le {fmt_date_w3(f.edited_on, 'abbr_fr')} - à communiquer sans rature.",
        size=8,
        font=T.italic,
        color=GREY,
    )
    dc.text(58, 354, f"Identifiant client : {rng.randint(1000000000, 9999999999)}", size=8, font=T.regular)
    y = 410
    dc.text(40, y, "Sécurité", size=11, font=T.bold, color=CE_RED)
    prose(
        dc,
        40,
        y + 18,
        "Votre conseiller ne vous demandera jamais vos codes d'accès ni de valider une opération que vous "
        "n'avez pas initiée. Communiquer vos coordonnées bancaires ne permet que de créditer votre compte ou "
        "d'y présenter un prélèvement que vous avez autorisé par un mandat.",
        515,
        font=T.regular,
        size=9.5,
    )
    small_print(
        dc,
        [
            f"{f.bank.name} - Banque coopérative régie par les articles L.512-85 et suivants du "
            "Code monétaire et financier",
            "Siège social : Nice - Intermédiaire en assurance immatriculé à l'ORIAS",
        ],
        font=T.regular,
        size=6.5,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- online bank: French and English


BFOR_PURPLE = (0.35, 0.1, 0.55)


def render_bforbank(f: BankFacts, rng: random.Random) -> Rendered:
    """Online bank: each label in French with its English translation under it, IBAN without spaces."""
    V = FONTS["vera"]
    a = f.account
    dc = DocCanvas(creator="BforBank - Espace client", stamp=f.edited_on, title="Relevé d'identité bancaire")
    pill(dc, 40, 32, 36, 36, BFOR_PURPLE)
    dc.text(49, 56, "B", size=20, font=V.bold, color=WHITE)
    dc.text(86, 56, f.bank.name, size=19, font=V.bold, color=BFOR_PURPLE)
    dc.text(555, 46, "Coordonnées bancaires", size=10, font=V.bold, align="right")
    dc.text(555, 59, "Bank account details", size=8.5, font=V.italic, color=GREY, align="right")
    dc.hline(40, 555, 84, color=LIGHT_GREY)
    rows: list[tuple[str, str, list[str], str]] = [
        ("Titulaire du compte", "Account holder", [f.holder_name], V.bold),
        ("Adresse du titulaire", "Holder's address", holder_lines(f), V.regular),
        ("Numéro de compte", "Account number", [a.account_number], V.regular),
        ("IBAN", "International Bank Account Number", [a.iban], V.bold),
        ("BIC", "Bank Identifier Code", [f.bank.bic], V.bold),
        (
            "Adresse de la banque",
            "Bank address",
            ["BforBank", "Tour Europlaza, 20 avenue André Prothin", "92400 Courbevoie"],
            V.regular,
        ),
    ]
    y = 116
    for first, second, values, font in rows:
        bilingual_label(dc, 40, y, first, second, V, size=9)
        for i, value in enumerate(values):
            fit(dc, 245, y + i * 13, value, 310, font=font, size=10.5 if font == V.bold else 9.5)
        y += max(36, 13 * len(values) + 18)
        dc.hline(40, 555, y - 16, color=(0.92, 0.92, 0.95))
    y += 4
    cell_table(
        dc,
        40,
        y,
        [128, 128, 130, 129],
        ["Code banque / Bank code", "Code guichet / Branch", "N° de compte / Account", "Clé / Key"],
        [[a.bank_code, a.branch_code, a.account_number, a.rib_key]],
        fonts=V,
        size=7.5,
        aligns="cccc",
        header_fill=(0.95, 0.93, 0.97),
    )
    y += 66
    dc.text(40, y, f"Émis le {fmt_date(f.edited_on, 'long')}", size=8.5, font=V.regular, color=GREY)
    dc.text(
        40, y + 12, f"Issued on {fmt_date_w3(f.edited_on, 'english')}", size=8.5, font=V.italic, color=GREY
    )
    qr_like(dc, 485, y - 12, 70, rng)
    small_print(
        dc,
        [
            "BforBank - Société anonyme au capital de 85 000 000 € - RCS Nanterre - Établissement de "
            "crédit agréé par l'ACPR",
            "Ce document ne constitue pas un relevé de compte. This document is not a bank statement.",
        ],
        font=V.regular,
        size=6.3,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- mobile bank: A5 export


ORANGE = (1.0, 0.47, 0.0)


def render_orange_a5(f: BankFacts, rng: random.Random) -> Rendered:
    """Half-sheet (A5) export of a mobile bank: cards with the value under its label, ISO date and time."""
    F = FONTS["helvetica"]
    a = f.account
    dc = DocCanvas(A5, creator="Orange Bank - Application mobile", stamp=f.edited_on, title="Mon RIB")
    w = dc.width
    dc.rect(0, 0, w, 64, fill=BLACK, stroke=None)
    dc.rect(24, 18, 28, 28, fill=ORANGE, stroke=None)
    dc.text(62, 38, f.bank.name, size=16, font=F.bold, color=WHITE)
    dc.text(w - 24, 38, "Mon RIB", size=11, font=F.bold, color=ORANGE, align="right")
    cards = [
        ("Titulaire", f.holder_name, 12),
        ("IBAN", grouped(a.iban), 11.5),
        ("BIC", f.bank.bic, 11.5),
    ]
    y = 86
    for label, value, size in cards:
        dc.rect(24, y, w - 48, 46, fill=(0.96, 0.96, 0.96), stroke=None, radius=6)
        dc.text(36, y + 16, label, size=7.5, color=GREY)
        fit(dc, 36, y + 34, value, w - 72, font=F.bold, size=size)
        y += 56
    dc.rect(24, y, w - 48, 58, fill=(0.96, 0.96, 0.96), stroke=None, radius=6)
    dc.text(36, y + 16, "Banque", size=7.5, color=GREY)
    dc.text(36, y + 32, f"{f.bank.name} - 67 rue Robespierre", size=9)
    dc.text(36, y + 45, "93100 Montreuil", size=9)
    y += 78
    captions = ["Code banque", "Code guichet", "N° de compte", "Clé RIB"]
    values = [a.bank_code, a.branch_code, a.account_number, a.rib_key]
    xs = [24, 104, 184, 320]
    for x, caption, value in zip(xs, captions, values, strict=True):
        dc.text(x, y, caption, size=6.8, color=GREY)
        dc.text(x, y + 12, value, size=8.5, font=F.bold)
    y += 40
    stamp_time = f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"
    dc.text(24, y, f"Créé le {f.edited_on.isoformat()} à {stamp_time}", size=7.5, color=GREY)
    dc.text(24, y + 11, "depuis l'application Orange Bank", size=7.5, color=GREY)
    qr_like(dc, w - 24 - 64, y - 14, 64, rng)
    y += 90
    prose(
        dc,
        24,
        y,
        "Partagez ce RIB pour recevoir un virement ou mettre en place un prélèvement. Il ne permet pas "
        "d'effectuer une opération au débit de votre compte.",
        w - 48,
        font=F.regular,
        size=7.5,
        color=GREY,
    )
    dc.text(
        w / 2,
        dc.height - 22,
        "Orange Bank SA - RCS Bobigny - Établissement de crédit",
        size=6,
        color=GREY,
        align="center",
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- small bank: IBAN in both formats


DURANCE_BLUE = (0.1, 0.3, 0.45)


def render_durance_form(f: BankFacts, rng: random.Random) -> Rendered:
    """A small bank's form: boxed fields with their label above; the IBAN in electronic and paper formats."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    a = f.account
    towns = (("PERTUIS", "84120"), ("MANOSQUE", "04100"), ("SISTERON", "04200"), ("CAVAILLON", "84300"))
    branch_town, branch_code = rng.choice(towns)
    dc = DocCanvas(creator="Banque de la Durance - SIBD", stamp=f.edited_on, title="RIB")
    logo_mark(dc, 40, 30, 28, DURANCE_BLUE, "bars")
    dc.text(78, 44, f.bank.name.upper(), size=14, font=F.bold, color=DURANCE_BLUE)
    dc.text(78, 57, f"Agence de {branch_town.title()} - {rng.randint(2, 60)} cours de la République", size=8)
    dc.text(78, 68, f"{branch_code} {branch_town}", size=8)
    dc.text(555, 44, "Coordonnées du compte", size=12, font=F.bold, color=DURANCE_BLUE, align="right")
    dc.text(555, 58, "à remettre à vos créanciers", size=8, color=GREY, align="right")

    def box(x: float, y: float, w: float, label: str, values: list[str], size: float = 11) -> float:
        h = 20 + 14 * len(values)
        dc.rect(x, y, w, h, fill=None, stroke=DURANCE_BLUE, line_width=0.7)
        dc.rect(x, y, w, 13, fill=(0.9, 0.93, 0.96), stroke=None)
        dc.text(x + 5, y + 9.5, label.upper(), size=6.8, font=F.bold, color=DURANCE_BLUE)
        for i, value in enumerate(values):
            fit(dc, x + 6, y + 27 + i * 14, value, w - 12, font=C.regular, size=size)
        return y + h

    y = box(40, 96, 515, "Titulaire(s) du compte", [f.holder_name, *holder_lines(f)], size=10.5)
    y += 12
    xs, widths = [40, 150, 260, 470], [106, 106, 206, 85]
    labels = ["Code banque", "Code guichet", "Numéro de compte", "Clé RIB"]
    values = [a.bank_code, a.branch_code, a.account_number, a.rib_key]
    bottom = y
    for x, w, label, value in zip(xs, widths, labels, values, strict=True):
        bottom = box(x, y, w, label, [value])
    y = bottom + 12
    y = box(40, y, 515, "IBAN (format électronique)", [a.iban], size=12)
    y += 12
    y = box(40, y, 380, "IBAN (format papier)", [grouped(a.iban)], size=12)
    box(430, y - 34, 125, "BIC", [f.bank.bic], size=12)
    y += 26
    dc.text(
        40, y, f"Délivré le {fmt_date(f.edited_on, 'slash')} par l'agence de {branch_town.title()}", size=8.5
    )
    dc.text(40, y + 13, "Cadre réservé à l'agence", size=7.5, color=GREY)
    dc.rect(40, y + 20, 220, 70, fill=None, stroke=LIGHT_GREY)
    stamp(
        dc, 56, y + 30, [f.bank.name.upper(), f"AGENCE DE {branch_town}"], DURANCE_BLUE, font=F.bold, size=7.5
    )
    draw_signature(dc, 330, y + 56, 100, rng)
    small_print(
        dc,
        [
            f"{f.bank.name} - Société anonyme - Siège : {branch_code} {branch_town.title()} - "
            "Établissement de crédit soumis au contrôle de l'ACPR",
        ],
        font=F.regular,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- online bank: French and German


OREA_TEAL = (0.0, 0.5, 0.55)


def render_orea(f: BankFacts, rng: random.Random) -> Rendered:
    """Online bank with French and German labels side by side; the IBAN grouped in a band under its label."""
    T, F = FONTS["times"], FONTS["helvetica"]
    a = f.account
    issued = f.edited_on
    dc = DocCanvas(creator="Oréa Banque - Onlinebanking", stamp=f.edited_on, title="Bankverbindung")
    logo_mark(dc, 40, 28, 32, OREA_TEAL, "ring")
    dc.text(82, 52, f.bank.name, size=20, font=T.bold, color=OREA_TEAL)
    dc.text(82, 64, "Banque en ligne franco-allemande - Strasbourg", size=7.5, font=F.regular, color=GREY)
    dc.text(40, 108, "Vos coordonnées de compte", size=14, font=T.bold)
    dc.text(40, 124, "Bankverbindung", size=11, font=T.italic, color=GREY)
    y = 160
    entries = [
        ("Titulaire", "Kontoinhaber", f.holder_name),
        (
            "Adresse",
            "Anschrift",
            f"{f.holder_address.line1}, {f.holder_address.postal_code} {f.holder_address.city.upper()}",
        ),
    ]
    for fr, de, value in entries:
        dc.text(40, y, f"{fr} / {de}", size=8.5, font=F.regular, color=GREY)
        fit(dc, 40, y + 16, value, 515, font=F.bold, size=11)
        y += 40
    dc.text(40, y, "IBAN", size=8.5, font=F.regular, color=GREY)
    dc.rect(40, y + 6, 515, 30, fill=(0.9, 0.96, 0.96), stroke=None)
    dc.text(52, y + 26, grouped(a.iban), size=14, font=FONTS["courier"].bold)
    y += 58
    dc.text(40, y, "Code BIC / BIC-Code", size=8.5, font=F.regular, color=GREY)
    dc.text(40, y + 16, f.bank.bic, size=12, font=F.bold)
    dc.text(300, y, "Banque / Bank", size=8.5, font=F.regular, color=GREY)
    dc.text(300, y + 16, f"{f.bank.name}, 3 quai Kléber, 67000 Strasbourg", size=9, font=F.regular)
    y += 46
    cell_table(
        dc,
        40,
        y,
        [120, 120, 170, 105],
        ["Banque / Bankcode", "Guichet / Filiale", "Compte / Kontonummer", "Clé / Schlüssel"],
        [[a.bank_code, a.branch_code, a.account_number, a.rib_key]],
        fonts=FONTS["helvetica"],
        size=8,
        aligns="cccc",
        header_fill=None,
    )
    y += 64
    dc.text(
        40,
        y,
        f"Date / Datum : {fmt_date(issued, 'long')} / {fmt_date_w3(issued, 'german')}",
        size=8.5,
        font=F.regular,
    )
    y = prose(
        dc,
        40,
        y + 24,
        "Ce relevé permet de recevoir des virements et de domicilier des prélèvements SEPA. Diese "
        "Bankverbindung dient dem Empfang von Überweisungen und SEPA-Lastschriften.",
        515,
        font=T.italic,
        size=9,
    )
    small_print(
        dc,
        [f"Oréa Banque SA - 3 quai Kléber - 67000 Strasbourg - Service clients {phone_number(rng, '03')}"],
        font=F.regular,
    )
    return finish(dc, f)


RENDERERS: dict[str, Callable[[BankFacts, random.Random], Rendered]] = {
    "rib_ca_pca": render_ca_pca,
    "rib_ce_cotedazur": render_ce_card,
    "rib_bforbank": render_bforbank,
    "rib_orange_bank": render_orange_a5,
    "rib_banque_durance": render_durance_form,
    "rib_orea_banque": render_orea,
}


def render_wave3_bank(f: BankFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
