"""More proofs of address: other energy, water and telecom issuers, rent receipts, insurers.

Twelve families written independently of ``address.py``, each with its own
issuer, wording, positions, date and amount formats and typeface. Their split
(seen / held out) is in ``sample_docs/families.py``.

Every family prints the facts' holder name, address line, postal code, city
and issue date exactly as given; ``fields_of`` returns them with the issuer.
Families ``veolia_facture`` and ``lapostemobile_facture`` print some of them on
page 2 only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sample_docs.layouts.kit import (
    FONTS,
    band,
    barcode_like,
    field,
    fit,
    fmt_amount,
    fmt_date,
    keep,
    logo_mark,
    phone_number,
    prose,
    qr_like,
    random_digits,
    stamp,
    table,
    watermark,
    wave,
    window,
)
from sample_docs.plans import AddressProofFacts
from sample_docs.render import GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered, draw_signature

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def fields_of(f: AddressProofFacts, issuer: str) -> dict[str, str]:
    """The truth fields of a proof of address."""
    return {
        "holder_name": f.holder_name,
        "address_line": f.address_line,
        "postal_code": f.postal_code,
        "city": f.city,
        "issue_date": f.issue_date.isoformat(),
        "issuer": issuer,
    }


def finish(dc: DocCanvas, f: AddressProofFacts, issuer: str) -> Rendered:
    """Close the canvas and return the rendering."""
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, fields_of(f, issuer), f.layout, (dc.width, dc.height))


def billing_period(f: AddressProofFacts, rng: random.Random, days: tuple[int, ...]) -> tuple[date, date]:
    """A consumption period ending a few days before the issue date."""
    end = f.issue_date - timedelta(days=rng.randint(2, 10))
    return end - timedelta(days=rng.choice(days)), end


def with_vat(ht_lines: list[int], rate: int = 20) -> tuple[int, int, int]:
    """(HT, VAT, TTC) in cents."""
    ht = sum(ht_lines)
    vat = ht * rate // 100
    return ht, vat, ht + vat


def small_footer(dc: DocCanvas, text: str, font: str, page: int = 0, pages: int = 0) -> None:
    """A grey legal line at the bottom, with a page counter when ``pages``."""
    dc.hline(40, dc.width - 40, dc.height - 50, color=LIGHT_GREY)
    dc.text(40, dc.height - 38, text, size=6.5, font=font, color=GREY)
    if pages:
        dc.text(
            dc.width - 40, dc.height - 26, f"{page} / {pages}", size=7, font=font, color=GREY, align="right"
        )


# --------------------------------------------------------------------------- octopus (dual energy)

OCTOPUS_NAVY = (0.12, 0.07, 0.33)
OCTOPUS_PINK = (0.93, 0.18, 0.55)


def render_octopus(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Dual energy bill: French and English labels, values under their labels in boxes, ISO dates."""
    F = FONTS["vera"]
    issuer = "Octopus Energy"
    dc = DocCanvas(
        creator="Octopus Energy France - Kraken billing", stamp=f.issue_date, title="Facture / Invoice"
    )
    band(dc, 0, 96, OCTOPUS_NAVY)
    logo_mark(dc, 40, 28, 38, OCTOPUS_PINK, "ring")
    dc.text(88, 55, issuer, size=21, font=F.bold, color=WHITE)
    dc.text(88, 71, "Électricité et gaz - Electricity and gas", size=8, font=F.regular, color=WHITE)
    for i, line in enumerate(
        (
            "Octopus Energy France - 6 boulevard Haussmann - 75009 PARIS",
            "www.octopusenergy.fr - 01 87 66 00 48",
            "bonjour@octopusenergy.fr",
        )
    ):
        dc.text(555, 42 + 12 * i, line, size=7, font=F.regular, color=WHITE, align="right")
    window(
        dc,
        330,
        128,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=9.5,
        leading=12.5,
    )
    dc.text(40, 136, "Votre facture", size=20, font=F.bold, color=OCTOPUS_NAVY)
    dc.text(40, 153, "Your bill", size=11, font=F.italic, color=GREY)
    start, end = billing_period(f, rng, (30, 31, 61))
    due = f.issue_date + timedelta(days=rng.randint(10, 15))
    elec, gas = rng.randint(3500, 11000), rng.randint(2500, 9000)
    ht, vat, ttc = with_vat([elec, gas])
    boxes = [
        ("Date de facture / Invoice date", fmt_date(f.issue_date, "iso")),
        ("N° de facture / Invoice number", f"OE-{random_digits(rng, 8)}"),
        ("N° client / Account number", f"A-{random_digits(rng, 6)}"),
        ("Période / Billing period", f"{fmt_date(start, 'iso')} - {fmt_date(end, 'iso')}"),
        ("À payer avant le / Due date", fmt_date(due, "iso")),
        ("Total TTC / Total incl. VAT", fmt_amount(ttc, "eur_prefix")),
    ]
    rng.shuffle(boxes)
    for i, (label, value) in enumerate(boxes):
        x, y = 40 + (i % 3) * 173, 180 + (i // 3) * 54
        dc.rect(x, y, 165, 46, fill=(0.96, 0.95, 0.99), stroke=(0.8, 0.78, 0.9), radius=5)
        field(dc, x + 8, y + 15, label, value, fonts=F, pos="below", size=10, label_size=7)
    y = field(
        dc,
        40,
        306,
        "Titulaire du contrat / Account holder",
        f.holder_name,
        fonts=F,
        pos="below",
        size=10.5,
        max_width=280,
    )
    address = [f.address_line, f"{f.postal_code} {f.city}"]
    field(
        dc,
        40,
        y,
        "Adresse de fourniture / Supply address",
        address,
        fonts=F,
        pos="below",
        size=10.5,
        max_width=280,
    )
    field(
        dc,
        330,
        306,
        "Point de livraison (PDL) / Meter point",
        random_digits(rng, 14),
        fonts=F,
        pos="below",
        size=9.5,
    )
    field(
        dc,
        330,
        337,
        "Point de comptage gaz (PCE) / Gas meter",
        random_digits(rng, 14),
        fonts=F,
        pos="below",
        size=9.5,
    )
    table(
        dc,
        40,
        410,
        [215, 100, 100, 100],
        ["Détail / Breakdown", "HT / excl. VAT", "TVA / VAT", "TTC / incl. VAT"],
        [
            ["Électricité / Electricity", *(fmt_amount(v, "eur_prefix") for v in with_vat([elec]))],
            ["Gaz naturel / Natural gas", *(fmt_amount(v, "eur_prefix") for v in with_vat([gas]))],
            [
                "Total",
                fmt_amount(ht, "eur_prefix"),
                fmt_amount(vat, "eur_prefix"),
                fmt_amount(ttc, "eur_prefix"),
            ],
        ],
        fonts=F,
        size=8.5,
        aligns="lrrr",
        header_fill=(0.9, 0.88, 0.97),
        bold_last=True,
    )
    next_read = f.issue_date + timedelta(days=rng.randint(25, 40))
    dc.text(
        40,
        512,
        f"Prochain relevé / Next meter reading : {fmt_date(next_read, 'iso')}",
        size=8.5,
        font=F.regular,
    )
    prose(
        dc,
        40,
        540,
        "Votre électricité est garantie d'origine renouvelable. Une question ? Écrivez-nous ou appelez-nous "
        "du lundi au vendredi. Your electricity comes from renewable sources; questions are welcome.",
        380,
        font=F.regular,
        size=8,
        color=GREY,
    )
    qr_like(dc, 470, 520, 80, rng)
    dc.text(510, 612, "Payer en ligne / Pay online", size=6.5, font=F.regular, color=GREY, align="center")
    small_footer(dc, "Octopus Energy France SAS - RCS Paris 833 145 018 - TVA FR12833145018", F.regular)
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- mint (electricity, prose)

MINT_GREEN = (0.1, 0.55, 0.38)


def render_mint(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Electricity bill written as a letter, dates in words; the detail on page 2."""
    F = FONTS["times"]
    issuer = "Mint Énergie"
    dc = DocCanvas(creator="Mint Énergie - Éditique", stamp=f.issue_date, title="Facture d'électricité")
    logo_mark(dc, 40, 34, 30, MINT_GREEN, "leaf")
    dc.text(78, 56, issuer, size=21, font=F.bold, color=MINT_GREEN)
    dc.text(78, 70, "Électricité verte et locale", size=9.5, font=F.italic, color=GREY)
    dc.text(
        40,
        96,
        "Mint Énergie - Service clients - 10 rue du Colisée - 75008 PARIS",
        size=8,
        font=F.regular,
        color=GREY,
    )
    dc.text(
        40,
        107,
        "Tél. 09 70 80 26 63 (appel non surtaxé) - www.mint-energie.com",
        size=8,
        font=F.regular,
        color=GREY,
    )
    window(
        dc,
        330,
        142,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=10.5,
        leading=13,
    )
    invoice = random_digits(rng, 9)
    dc.text(40, 222, f"Objet : votre facture d'électricité n° {invoice}", size=11.5, font=F.bold)
    start, end = billing_period(f, rng, (30, 31, 59))
    due = f.issue_date + timedelta(days=rng.randint(9, 16))
    next_read = f.issue_date + timedelta(days=rng.randint(50, 70))
    lines = [
        rng.randint(1800, 3200),
        rng.randint(4000, 9500),
        rng.randint(1500, 4500),
        rng.randint(400, 1800),
    ]
    ht, vat, ttc = with_vat(lines)
    y = prose(dc, 40, 252, f"Bonjour {keep(f.holder_name)},", 515, font=F.regular, size=11)
    y = prose(
        dc,
        40,
        y + 6,
        f"Voici votre facture du {keep(fmt_date(f.issue_date, 'long'))}, établie pour l'électricité "
        "consommée "
        f"dans votre logement situé {keep(f.address_line)}, {keep(f'{f.postal_code} {f.city}')}, entre le "
        f"{fmt_date(start, 'long')} et le {fmt_date(end, 'long')}.",
        515,
        font=F.regular,
        size=11,
    )
    y = prose(
        dc,
        40,
        y + 6,
        f"Elle s'élève à {keep(fmt_amount(ttc, 'fr'))} TTC, dont {keep(fmt_amount(vat, 'fr'))} de "
        "TVA. Ce montant "
        f"sera prélevé sur votre compte le {fmt_date(due, 'long')}. Votre prochain relevé de "
        "compteur est prévu "
        f"aux alentours du {fmt_date(next_read, 'long')}.",
        515,
        font=F.regular,
        size=11,
    )
    y = prose(
        dc,
        40,
        y + 6,
        f"Votre numéro de client est le {random_digits(rng, 8)} et votre point de livraison porte le numéro "
        f"{random_digits(rng, 14)}. Notre équipe vous répond du lundi au vendredi, de 9 h à 18 h.",
        515,
        font=F.regular,
        size=11,
    )
    dc.text(40, y + 14, "Bien cordialement,", size=11, font=F.regular)
    dc.text(40, y + 30, "L'équipe Mint Énergie", size=11, font=F.italic)
    top = y + 60
    dc.rect(40, top, 250, 70, fill=(0.93, 0.97, 0.94), stroke=None, radius=6)
    dc.text(52, top + 18, "En résumé", size=11, font=F.bold, color=MINT_GREEN)
    dc.text(52, top + 36, f"Montant TTC : {fmt_amount(ttc, 'fr')}", size=10, font=F.regular)
    dc.text(52, top + 52, f"Consommation : {rng.randint(180, 1400)} kWh", size=10, font=F.regular)
    wave(dc, top + 110, MINT_GREEN, rng)
    small_footer(dc, "Mint Énergie SA - RCS Paris 809 367 349 - Fournisseur d'électricité", F.regular, 1, 2)
    dc.new_page()
    dc.text(40, 70, "Le détail de votre facture", size=16, font=F.bold, color=MINT_GREEN)
    labels = [
        "Abonnement",
        "Consommation heures pleines",
        "Consommation heures creuses",
        "Contribution et accise",
    ]
    rows = [[label, fmt_amount(cents, "fr")] for label, cents in zip(labels, lines, strict=True)]
    rows += [
        ["Total HT", fmt_amount(ht, "fr")],
        ["TVA (20 %)", fmt_amount(vat, "fr")],
        ["Total TTC", fmt_amount(ttc, "fr")],
    ]
    y = table(
        dc,
        40,
        95,
        [380, 135],
        ["Désignation", "Montant"],
        rows,
        fonts=F,
        size=10,
        aligns="lr",
        bold_last=True,
    )
    prose(
        dc,
        40,
        y + 30,
        "Le prix de l'électricité comprend la fourniture, l'acheminement sur le réseau et les taxes. "
        "Les conditions générales de vente sont disponibles sur notre site. Médiateur national de "
        "l'énergie : "
        "www.energie-mediateur.fr.",
        515,
        font=F.regular,
        size=9.5,
        color=GREY,
    )
    small_footer(dc, "Mint Énergie SA - RCS Paris 809 367 349 - Fournisseur d'électricité", F.regular, 2, 2)
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- veolia (water, date on page 2)

VEOLIA_RED = (0.86, 0.1, 0.15)


def render_veolia(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Water bill: values above their captions, abbreviations, short dates; issue date on page 2."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    issuer = "VEOLIA"
    dc = DocCanvas(creator="Veolia Eau - Éditique clients", stamp=f.issue_date, title="Facture d'eau")
    watermark(dc, (0.92, 0.95, 0.99), rng, shape="dots")
    logo_mark(dc, 40, 32, 28, VEOLIA_RED, "triangle")
    dc.text(76, 56, issuer, size=22, font=F.bold, color=VEOLIA_RED)
    dc.text(76, 70, "Eau - Compagnie Générale des Eaux", size=8.5, font=F.regular, color=GREY)
    dc.text(
        40, 92, "Veolia Eau - Centre Service Client - TSA 30111 - 37911 TOURS CEDEX 9", size=7.5, color=GREY
    )
    dc.text(40, 102, "Urgences 24h/24 : 09 69 32 34 58 - www.service.eau.veolia.fr", size=7.5, color=GREY)
    window(
        dc,
        330,
        126,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=9.5,
        leading=12.5,
    )
    dc.text(40, 200, "Votre facture d'eau", size=15, font=F.bold)
    start, end = billing_period(f, rng, (90, 91, 182))
    due = f.issue_date + timedelta(days=rng.randint(14, 21))
    account = f"{random_digits(rng, 4)} {random_digits(rng, 4)}"
    lines = [
        rng.randint(1500, 2800),
        rng.randint(5000, 14000),
        rng.randint(1200, 2500),
        rng.randint(4000, 11000),
        rng.randint(600, 1500),
    ]
    ht = sum(lines)
    vat_low, vat_mid = (lines[0] + lines[1]) * 55 // 1000, (lines[2] + lines[3] + lines[4]) * 10 // 100
    ttc = ht + vat_low + vat_mid
    tiles = [
        (account, "Réf. client"),
        (fmt_amount(ttc, "dot_eur"), "Montant TTC"),
        (fmt_date(due, "dot2"), "Date limite de paiement"),
        (f"{fmt_date(start, 'dot2')} au {fmt_date(end, 'dot2')}", "Période facturée"),
    ]
    for i, (value, caption) in enumerate(tiles):
        x = 40 + i * 130
        dc.rect(x, 214, 124, 40, fill=(0.97, 0.97, 0.97), stroke=LIGHT_GREY)
        fit(dc, x + 6, 232, value, 112, font=C.bold, size=10)
        dc.text(x + 6, 246, caption, size=7, font=F.regular, color=GREY)
    y = field(
        dc,
        40,
        290,
        "Titulaire de l'abonnement",
        f.holder_name,
        fonts=F,
        pos="above",
        size=10.5,
        label_size=7.5,
        max_width=275,
    )
    address = [f.address_line, f"{f.postal_code} {f.city}"]
    field(
        dc,
        40,
        y + 4,
        "Adr. de desserte",
        address,
        fonts=F,
        pos="above",
        size=10.5,
        label_size=7.5,
        max_width=275,
    )
    meter = f"{rng.choice('ABCDEFGH')}{random_digits(rng, 2)}{rng.choice('LMNP')}{random_digits(rng, 6)}"
    dc.text(330, 290, f"Compteur n° {meter}", size=9, font=C.regular)
    previous = rng.randint(200, 1800)
    used = rng.randint(12, 60)
    table(
        dc,
        330,
        300,
        [70, 80, 75],
        ["Relevé", "Date", "Index m³"],
        [
            ["Précédent", fmt_date(start, "dot2"), str(previous)],
            ["Actuel", fmt_date(end, "dot2"), str(previous + used)],
        ],
        fonts=C,
        size=8.5,
        aligns="lcr",
    )
    dc.text(330, 370, f"Consommation : {used} m³", size=9, font=F.regular)
    next_read = end + timedelta(days=rng.choice((90, 91, 182)))
    dc.text(330, 383, f"Prochain relevé prévu vers le {fmt_date(next_read, 'dot2')}", size=9, font=F.regular)
    prose(
        dc,
        40,
        420,
        "L'eau distribuée au cours de la période a été conforme aux limites de qualité réglementaires. "
        "Vous pouvez régler votre facture par prélèvement, par carte bancaire sur votre espace client, "
        "ou par chèque à l'ordre de Veolia Eau.",
        515,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    top = dc.height - 160
    for i in range(0, 515, 9):
        dc.hline(40 + i, 45 + i, top, color=GREY)
    dc.text(40, top + 20, "Talon à joindre à votre règlement", size=8, font=F.bold)
    dc.text(40, top + 36, f"Réf. client {account}", size=8.5, font=C.regular)
    dc.text(40, top + 50, f"Montant {fmt_amount(ttc, 'dot_eur')}", size=8.5, font=C.regular)
    barcode_like(dc, 330, top + 28, 200, 30, rng)
    small_footer(dc, "Veolia Eau - Compagnie Générale des Eaux", F.regular, 1, 2)
    dc.new_page()
    dc.text(40, 66, issuer, size=13, font=F.bold, color=VEOLIA_RED)
    dc.text(555, 66, f"Réf. client {account}", size=9, font=C.regular, align="right")
    dc.text(40, 100, "Détail de votre facture", size=14, font=F.bold)
    labels = [
        "Abonnement eau potable",
        "Consommation eau potable",
        "Abonnement assainissement",
        "Collecte et traitement des eaux usées",
        "Préservation des ressources en eau",
    ]
    rows = [[label, fmt_amount(cents, "dot_eur")] for label, cents in zip(labels, lines, strict=True)]
    rows += [
        ["Sous-total HT", fmt_amount(ht, "dot_eur")],
        ["TVA 5,5 %", fmt_amount(vat_low, "dot_eur")],
        ["TVA 10 %", fmt_amount(vat_mid, "dot_eur")],
        ["Total TTC", fmt_amount(ttc, "dot_eur")],
    ]
    y = table(
        dc,
        40,
        115,
        [380, 135],
        ["Désignation", "Montant"],
        rows,
        fonts=C,
        size=9,
        aligns="lr",
        bold_last=True,
    )
    invoice = f"{random_digits(rng, 3)} {random_digits(rng, 6)}"
    dc.rect(40, y + 24, 515, 34, fill=(0.96, 0.96, 0.96), stroke=LIGHT_GREY)
    dc.text(50, y + 45, f"Facture n° {invoice}", size=9.5, font=F.bold)
    dc.text(300, y + 45, f"Émis le {fmt_date(f.issue_date, 'dot2')}", size=9.5, font=F.bold)
    prose(
        dc,
        40,
        y + 90,
        "Veolia Eau - Compagnie Générale des Eaux, société en commandite par actions, 21 rue La Boétie "
        "75008 PARIS, RCS Paris 572 025 526. Médiation de l'eau : www.mediation-eau.fr.",
        515,
        font=F.regular,
        size=8,
        color=GREY,
    )
    small_footer(dc, "Veolia Eau - Compagnie Générale des Eaux", F.regular, 2, 2)
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- bouygues (telecom, table)

BYT_BLUE = (0.0, 0.2, 0.55)
BYT_CYAN = (0.0, 0.6, 0.85)


def render_bouygues(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Box and mobile bill: holder, address and date in the columns of a table."""
    F = FONTS["helvetica"]
    issuer = "Bouygues Telecom"
    style = rng.choice(("slash", "dot2"))
    dc = DocCanvas(creator="Bouygues Telecom - Facturation", stamp=f.issue_date, title="Facture")
    watermark(dc, (0.95, 0.97, 0.99), rng, shape="diagonal")
    logo_mark(dc, 40, 36, 26, BYT_CYAN, "bars")
    dc.text(74, 58, issuer, size=19, font=F.bold, color=BYT_BLUE)
    account = f"1.{random_digits(rng, 8)}"
    invoice = f"{random_digits(rng, 10)}"
    dc.text(555, 52, "Facture", size=22, font=F.bold, color=BYT_BLUE, align="right")
    dc.text(555, 68, f"N° {invoice}", size=9, align="right")
    dc.text(555, 80, f"Compte client {account}", size=9, align="right")
    top = 118
    dc.rect(40, top, 515, 18, fill=(0.85, 0.93, 0.98), stroke=None)
    columns = (
        (44, 200, "Titulaire du compte"),
        (250, 215, "Adresse d'installation"),
        (470, 85, "Date de facture"),
    )
    for x, _, caption in columns:
        dc.text(x, top + 12.5, caption, size=8.5, font=F.bold, color=BYT_BLUE)
    fit(dc, 44, top + 34, f.holder_name, 200, font=F.bold, size=9.5)
    fit(dc, 250, top + 34, f.address_line, 215, font=F.regular, size=9.5)
    fit(dc, 250, top + 47, f"{f.postal_code} {f.city}", 215, font=F.regular, size=9.5)
    dc.text(470, top + 34, fmt_date(f.issue_date, style), size=9.5, font=F.regular)
    dc.rect(40, top, 515, 58, fill=None, stroke=LIGHT_GREY)
    start, end = billing_period(f, rng, (30, 31))
    due = f.issue_date + timedelta(days=rng.randint(8, 14))
    mobile = phone_number(rng, rng.choice(("06", "07")))
    dc.text(40, 205, f"Période du {fmt_date(start, style)} au {fmt_date(end, style)}", size=9)
    dc.text(40, 219, f"Ligne mobile {mobile} - Ligne fixe {phone_number(rng)}", size=9)
    dc.text(
        40,
        233,
        f"Prélèvement le {fmt_date(due, style)} sur le compte se terminant par {random_digits(rng, 3)}",
        size=9,
    )
    box = rng.randrange(2699, 4299, 100)
    mobile_plan = rng.randrange(999, 2499, 100)
    options = rng.choice((0, 500, 800))
    discount = -rng.choice((0, 300, 500))
    items = [
        ("Bbox fibre", box),
        ("Forfait mobile 100 Go", mobile_plan),
        ("Options TV", options),
        ("Remise fidélité", discount),
    ]
    rows = []
    for label, cents in items:
        ht = round(cents / 1.2)
        rows.append([label, fmt_amount(ht, "fr"), fmt_amount(cents - ht, "fr"), fmt_amount(cents, "fr")])
    total = sum(c for _, c in items)
    total_ht = round(total / 1.2)
    rows.append(
        ["Total", fmt_amount(total_ht, "fr"), fmt_amount(total - total_ht, "fr"), fmt_amount(total, "fr")]
    )
    dc.text(40, 268, "Récapitulatif", size=12, font=F.bold, color=BYT_BLUE)
    y = table(
        dc,
        40,
        278,
        [220, 95, 95, 105],
        ["Offre", "Montant HT", "TVA 20 %", "Montant TTC"],
        rows,
        fonts=F,
        size=9,
        aligns="lrrr",
        header_fill=(0.85, 0.93, 0.98),
        bold_last=True,
    )
    dc.rect(330, y + 20, 225, 44, fill=BYT_BLUE, stroke=None)
    dc.text(340, y + 38, "Total à payer", size=10, color=WHITE)
    dc.text(545, y + 56, fmt_amount(total, "fr"), size=15, font=F.bold, color=WHITE, align="right")
    prose(
        dc,
        40,
        y + 100,
        "Consultez le détail de vos communications dans votre Espace Client sur www.bouyguestelecom.fr "
        "ou depuis l'application. Service client : 1064 (appel gratuit depuis une ligne Bouygues Telecom).",
        515,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    small_footer(
        dc,
        "Bouygues Telecom - SA au capital de 712 588 399,56 € - 37-39 rue Boissière - 75116 PARIS "
        "- RCS Paris 397 480 930",
        F.regular,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- private landlord (letter)

LANDLORDS = (
    ("Bernadette CASTELLI", "4 allée des Mimosas", "83190", "Ollioules"),
    ("Jean-Claude MARCHETTI", "27 avenue de la Gare", "84300", "Cavaillon"),
    ("Sylvie RENAUDIN", "9 rue des Tanneurs", "06130", "Grasse"),
    ("Paul-Henri ESTRANGIN", "3 traverse des Fenêtres Rouges", "13011", "Marseille"),
    ("Monique FERRAND", "15 rue Pasteur", "05000", "Gap"),
    ("Gérard TOURNIER", "58 chemin de la Pinède", "04100", "Manosque"),
)


def render_private_landlord(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Rent receipt written by a private landlord: a letter, dates like ``le 6/3/2026``."""
    F = FONTS["times"]
    landlord, street, postcode, town = rng.choice(LANDLORDS)
    dc = DocCanvas(creator="Microsoft Word", stamp=f.issue_date, title="Quittance de loyer")
    dc.text(40, 60, landlord, size=12.5, font=F.bold)
    dc.text(40, 75, street, size=10.5, font=F.regular)
    dc.text(40, 89, f"{postcode} {town.upper()}", size=10.5, font=F.regular)
    dc.text(40, 103, f"Tél. {phone_number(rng, rng.choice(('06', '07')))}", size=10.5, font=F.regular)
    window(
        dc,
        330,
        150,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=11,
        leading=14,
    )
    month_end = f.issue_date.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    dc.text(dc.width / 2, 245, "QUITTANCE DE LOYER", size=16, font=F.bold, align="center")
    dc.text(
        dc.width / 2,
        263,
        f"Mois de {MONTHS[month_start.month - 1]} {month_start.year}",
        size=11,
        font=F.italic,
        align="center",
    )
    rent = rng.randrange(42000, 95000, 1000)
    charges = rng.randrange(2000, 9000, 500)
    total = rent + charges
    y = prose(
        dc,
        40,
        300,
        f"Je soussigné(e) {keep(landlord)}, propriétaire du logement situé {keep(f.address_line)}, "
        f"{keep(f'{f.postal_code} {f.city}')}, déclare avoir reçu de {keep(f.holder_name)} la somme de "
        f"{keep(fmt_amount(total, 'euros'))} au titre du loyer et des charges de ce logement pour "
        "la période du "
        f"{fmt_date(month_start, 'nozero')} au {fmt_date(month_end, 'nozero')}, et lui en donne "
        "quittance, sous "
        "réserve de tous mes droits.",
        515,
        font=F.regular,
        size=11.5,
        leading=17,
    )
    paid = f.issue_date - timedelta(days=rng.randint(1, 6))
    y += 14
    for label, value in (
        ("Loyer hors charges :", fmt_amount(rent, "euros")),
        ("Provision pour charges :", fmt_amount(charges, "euros")),
        ("Total versé :", fmt_amount(total, "euros")),
        ("Paiement reçu :", f"le {fmt_date(paid, 'nozero')}"),
    ):
        dc.text(70, y, label, size=11, font=F.regular)
        dc.text(300, y, value, size=11, font=F.bold if label.startswith("Total") else F.regular)
        y += 17
    dc.text(330, y + 30, f"Fait à {town}, le {fmt_date(f.issue_date, 'nozero')}", size=11, font=F.regular)
    dc.text(330, y + 46, "Le bailleur", size=10, font=F.italic)
    draw_signature(dc, 340, y + 80, 95, rng)
    prose(
        dc,
        40,
        dc.height - 80,
        "Cette quittance annule tous les reçus qui auraient pu être donnés pour acompte versé sur "
        "la présente "
        "échéance. Le paiement de la présente n'emporte pas présomption de paiement des termes antérieurs.",
        515,
        font=F.italic,
        size=8.5,
        color=GREY,
    )
    return finish(dc, f, landlord)


# --------------------------------------------------------------------------- maif (insurance)

MAIF_RED = (0.8, 0.05, 0.15)


def render_maif(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Home insurance certificate: values in a column right of their labels, a stamp."""
    F = FONTS["helvetica"]
    issuer = "MAIF"
    dc = DocCanvas(creator="MAIF - Espace sociétaire", stamp=f.issue_date, title="Attestation d'assurance")
    logo_mark(dc, 40, 34, 30, MAIF_RED, "disc")
    dc.text(78, 60, issuer, size=24, font=F.bold, color=MAIF_RED)
    dc.text(
        40,
        84,
        "Société d'assurance mutuelle à cotisations variables - CS 90000 - 79038 NIORT CEDEX 9",
        size=7.5,
        color=GREY,
    )
    window(
        dc,
        330,
        128,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=9.5,
        leading=12.5,
    )
    dc.text(dc.width / 2, 212, "ATTESTATION D'ASSURANCE", size=15, font=F.bold, align="center")
    dc.text(
        dc.width / 2,
        228,
        "Contrat Habitation - responsabilité civile vie privée et risques locatifs",
        size=9,
        color=GREY,
        align="center",
    )
    year = f.issue_date.year
    member = f"{random_digits(rng, 7)} {rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
    column = 200.0
    y = 265.0
    rows = [
        ("Sociétaire :", f.holder_name),
        ("N° de sociétaire :", member),
        ("Risque assuré :", f.address_line),
        ("", f"{f.postal_code} {f.city}"),
        ("Qualité de l'occupant :", rng.choice(("Locataire", "Propriétaire occupant"))),
        ("Nombre de pièces :", str(rng.randint(1, 5))),
        (
            "Période de validité :",
            f"du {fmt_date(date(year, 1, 1), 'slash')} au {fmt_date(date(year, 12, 31), 'slash')}",
        ),
        ("Date d'établissement :", fmt_date(f.issue_date, rng.choice(("long", "nozero")))),
    ]
    for label, value in rows:
        if label:
            dc.text(60, y, label, size=10, color=GREY)
        fit(dc, column, y, value, 555 - column, font=F.bold, size=10)
        y += 18
    y = prose(
        dc,
        60,
        y + 16,
        "La MAIF atteste que le sociétaire désigné ci-dessus est garanti, pour l'habitation "
        "désignée, au titre "
        "de la responsabilité civile et des risques locatifs (incendie, dégât des eaux, "
        "explosion), sous réserve "
        "du paiement des cotisations. Cette attestation ne constitue pas une présomption de garantie.",
        475,
        font=F.regular,
        size=9.5,
    )
    stamp(
        dc,
        330,
        y + 24,
        ["MAIF", "DÉLÉGATION DE MARSEILLE", "SERVICE SOCIÉTAIRES"],
        (0.15, 0.25, 0.65),
        size=8.5,
    )
    draw_signature(dc, 120, y + 70, 90, rng)
    small_footer(
        dc,
        "MAIF - 200 avenue Salvador Allende - 79038 Niort cedex 9 - www.maif.fr - 09 78 97 98 99",
        F.regular,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- alpiq (electricity, FR/DE)

ALPIQ_GREEN = (0.0, 0.45, 0.38)


def render_alpiq(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Electricity bill with French and German labels, values in a column, ISO dates."""
    F = FONTS["vera"]
    issuer = "Alpiq"
    dc = DocCanvas(creator="Alpiq Energie - SAP IS-U", stamp=f.issue_date, title="Facture / Rechnung")
    logo_mark(dc, 40, 34, 28, ALPIQ_GREEN, "bars")
    dc.text(76, 58, issuer, size=24, font=F.bold, color=ALPIQ_GREEN)
    dc.text(
        40,
        84,
        "Alpiq Énergie France SAS - 1 place de la Coupole - 92400 COURBEVOIE - www.alpiq.fr",
        size=7,
        color=GREY,
        font=F.regular,
    )
    window(
        dc,
        330,
        122,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=9.5,
        leading=12.5,
    )
    dc.text(40, 196, "Facture d'électricité", size=15, font=F.bold)
    dc.text(40, 210, "Stromrechnung", size=10, font=F.italic, color=GREY)
    start, end = billing_period(f, rng, (30, 31, 91))
    due = f.issue_date + timedelta(days=rng.randint(14, 30))
    rows = [
        ("Date de facture / Rechnungsdatum", fmt_date(f.issue_date, "iso")),
        ("N° de facture / Rechnungsnummer", random_digits(rng, 10)),
        ("N° de client / Kundennummer", random_digits(rng, 7)),
        ("Période / Abrechnungszeitraum", f"{fmt_date(start, 'iso')} / {fmt_date(end, 'iso')}"),
        ("Échéance / Fällig am", fmt_date(due, "iso")),
    ]
    rng.shuffle(rows)
    y = 240.0
    for label, value in rows:
        y = field(dc, 40, y, label, value, fonts=F, size=9, column=250, label_color=GREY)
    y += 10
    y = field(dc, 40, y, "Client / Kunde", f.holder_name, fonts=F, size=9.5, column=250, max_width=515)
    address = [f.address_line, f"{f.postal_code} {f.city}"]
    y = field(
        dc, 40, y, "Lieu de fourniture / Lieferadresse", address, fonts=F, size=9.5, column=250, max_width=515
    )
    parts = [
        rng.randint(1200, 2400),
        rng.randint(3500, 9000),
        rng.randint(1500, 3500),
        rng.randint(800, 2200),
    ]
    labels = [
        "Abonnement / Grundpreis",
        "Énergie / Arbeitspreis",
        "Acheminement / Netzentgelt",
        "Taxes / Abgaben",
    ]
    rows_t = [
        [label, *(fmt_amount(v, "eur_prefix") for v in with_vat([c]))]
        for label, c in zip(labels, parts, strict=True)
    ]
    ht, vat, ttc = with_vat(parts)
    rows_t.append(
        ["Total", fmt_amount(ht, "eur_prefix"), fmt_amount(vat, "eur_prefix"), fmt_amount(ttc, "eur_prefix")]
    )
    y = table(
        dc,
        40,
        y + 26,
        [205, 100, 100, 110],
        ["Poste / Position", "HT / Netto", "TVA / MwSt.", "TTC / Brutto"],
        rows_t,
        fonts=F,
        size=8.5,
        aligns="lrrr",
        header_fill=(0.88, 0.95, 0.92),
        bold_last=True,
    )
    dc.text(
        40,
        y + 28,
        f"Montant à payer / Zu zahlender Betrag : {fmt_amount(ttc, 'eur_prefix')}",
        size=10.5,
        font=F.bold,
    )
    dc.text(
        40,
        y + 46,
        "Service clients / Kundendienst : 01 73 03 55 00 - service.clients@alpiq.fr",
        size=8,
        font=F.regular,
        color=GREY,
    )
    qr_like(dc, 465, y + 60, 85, rng)
    dc.text(507, y + 157, "Paiement / Zahlung", size=6.5, font=F.regular, color=GREY, align="center")
    small_footer(dc, "Alpiq Énergie France SAS - RCS Nanterre 490 519 025 - TVA FR 61 490519025", F.regular)
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- plenitude (gas, tiles)

PLENITUDE_ORANGE = (0.93, 0.45, 0.1)


def render_plenitude(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Gas bill: big values with small captions under them, dates like ``le 6/3/2026``."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    issuer = "Plenitude"
    dc = DocCanvas(creator="Eni Plenitude - Facturation", stamp=f.issue_date, title="Facture gaz naturel")
    logo_mark(dc, 40, 32, 26, PLENITUDE_ORANGE, "triangle")
    dc.text(74, 56, issuer, size=20, font=F.bold, color=PLENITUDE_ORANGE)
    dc.text(74, 69, "Gaz naturel - offre à prix fixe", size=8, color=GREY)
    dc.text(
        40,
        90,
        "Eni Plenitude - Service clients - TSA 41135 - 69924 LYON CEDEX 20 - 09 69 36 43 54",
        size=7.5,
        color=GREY,
    )
    window(
        dc,
        330,
        125,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=9.5,
        leading=12.5,
    )
    start, end = billing_period(f, rng, (59, 61, 91))
    due = f.issue_date + timedelta(days=rng.randint(12, 20))
    kwh = rng.randint(600, 4200)
    parts = [rng.randint(1800, 3200), kwh * rng.randint(9, 13), rng.randint(300, 900)]
    vat_low = parts[0] * 55 // 1000
    vat_high = (parts[1] + parts[2]) * 20 // 100
    ht = sum(parts)
    ttc = ht + vat_low + vat_high
    tiles = [
        (f"le {fmt_date(f.issue_date, 'nozero')}", "Facture émise"),
        (f"{random_digits(rng, 3)}-{random_digits(rng, 7)}", "N° de facture"),
        (fmt_amount(ttc, "dot_eur"), "Total TTC à régler"),
        (f"le {fmt_date(due, 'nozero')}", "Prélèvement"),
    ]
    for i, (value, caption) in enumerate(tiles):
        top = 192 + i * 50
        dc.rect(40, top, 160, 42, fill=(1.0, 0.95, 0.9), stroke=None, radius=4)
        fit(dc, 48, top + 18, value, 146, font=C.bold, size=11)
        dc.text(48, top + 32, caption, size=7, color=GREY)
    y = field(
        dc,
        225,
        212,
        "Titulaire du contrat",
        f.holder_name,
        fonts=F,
        pos="above",
        size=11,
        label_size=7.5,
        max_width=330,
    )
    address = [f.address_line, f"{f.postal_code} {f.city}"]
    y = field(
        dc,
        225,
        y + 6,
        "Point de livraison",
        address,
        fonts=F,
        pos="above",
        size=11,
        label_size=7.5,
        max_width=330,
    )
    field(
        dc,
        225,
        y + 12,
        "N° PCE",
        random_digits(rng, 14),
        fonts=F,
        pos="above",
        size=11,
        label_size=7.5,
        value_font=C.bold,
    )
    previous = rng.randint(1000, 40000)
    y = table(
        dc,
        40,
        420,
        [130, 125, 130, 130],
        ["Relevé", "Date", "Index (m³)", "Énergie (kWh)"],
        [
            ["Ancien index", fmt_date(start, "nozero"), str(previous), ""],
            ["Nouvel index", fmt_date(end, "nozero"), str(previous + kwh // 11), str(kwh)],
        ],
        fonts=C,
        size=8.5,
        aligns="lcrr",
        header_fill=(1.0, 0.9, 0.8),
    )
    y = table(
        dc,
        40,
        y + 18,
        [385, 130],
        None,
        [
            ["Abonnement", fmt_amount(parts[0], "dot_eur")],
            ["Consommation", fmt_amount(parts[1], "dot_eur")],
            ["Contribution tarifaire d'acheminement", fmt_amount(parts[2], "dot_eur")],
            ["TVA 5,5 %", fmt_amount(vat_low, "dot_eur")],
            ["TVA 20 %", fmt_amount(vat_high, "dot_eur")],
            ["Total TTC", fmt_amount(ttc, "dot_eur")],
        ],
        fonts=C,
        size=8.5,
        aligns="lr",
        bold_last=True,
    )
    dc.text(
        40,
        y + 26,
        "Espace client : www.eniplenitude.fr - Urgence sécurité gaz : 0 800 47 33 33",
        size=8,
        color=GREY,
    )
    small_footer(dc, "Eni Plenitude - SAS au capital de 38 024 745 € - RCS Nanterre 451 072 717", F.regular)
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- saur (water, prose)

SAUR_BLUE = (0.0, 0.35, 0.65)


def render_saur(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Water bill written as a letter: every field inside sentences, dates in words."""
    F = FONTS["times"]
    issuer = "SAUR"
    dc = DocCanvas(creator="SAUR - Éditique", stamp=f.issue_date, title="Facture d'eau")
    logo_mark(dc, 40, 32, 30, SAUR_BLUE, "ring")
    dc.text(80, 58, issuer, size=24, font=F.bold, color=SAUR_BLUE)
    dc.text(80, 72, "Gestion de l'eau et de l'assainissement", size=9, font=F.italic, color=GREY)
    dc.text(
        40,
        94,
        "SAUR - Centre régional Méditerranée - CS 60512 - 30932 NÎMES CEDEX 9",
        size=8.5,
        font=F.regular,
        color=GREY,
    )
    dc.text(40, 106, "Tél. 04 30 62 10 00 - www.saur.com", size=8.5, font=F.regular, color=GREY)
    window(
        dc,
        330,
        140,
        [f.holder_name, f.address_line, f"{f.postal_code} {f.city}"],
        font=F.regular,
        size=11,
        leading=13,
    )
    invoice = f"{random_digits(rng, 2)}{rng.choice('ABCD')}{random_digits(rng, 7)}"
    dc.text(40, 215, f"Objet : facture d'eau n° {invoice}", size=11.5, font=F.bold)
    dc.text(40, 230, f"Référence client : {random_digits(rng, 9)}", size=11, font=F.regular)
    start, end = billing_period(f, rng, (91, 182, 184))
    due = f.issue_date + timedelta(days=rng.randint(14, 25))
    next_read = end + timedelta(days=rng.choice((182, 183)))
    used = rng.randint(15, 90)
    parts = [rng.randint(4000, 14000), rng.randint(3000, 12000), rng.randint(800, 2500)]
    vat = (parts[0] * 55 + (parts[1] + parts[2]) * 100) // 1000
    ttc = sum(parts) + vat
    y = prose(dc, 40, 262, "Madame, Monsieur,", 515, font=F.regular, size=11.5)
    y = prose(
        dc,
        40,
        y + 6,
        f"Nous vous adressons la facture n° {invoice}, établie le "
        f"{keep(fmt_date(f.issue_date, 'long'))} au nom de "
        f"{keep(f.holder_name)}, pour la fourniture d'eau potable et l'assainissement du logement situé "
        f"{keep(f.address_line)}, {keep(f'{f.postal_code} {f.city}')}.",
        515,
        font=F.regular,
        size=11.5,
        leading=16,
    )
    y = prose(
        dc,
        40,
        y + 6,
        f"Elle porte sur la période du {fmt_date(start, 'long')} au {fmt_date(end, 'long')}, "
        "d'après le relevé de "
        f"votre compteur effectué le {fmt_date(end, 'long')}, soit une consommation de {used} m³. "
        "Son montant de "
        f"{keep(fmt_amount(ttc, 'euros'))} TTC sera prélevé le {fmt_date(due, 'long')}.",
        515,
        font=F.regular,
        size=11.5,
        leading=16,
    )
    y = prose(
        dc,
        40,
        y + 6,
        f"Le prochain relevé de votre compteur est programmé aux alentours du {fmt_date(next_read, 'long')}. "
        "Merci de laisser l'accès à votre compteur libre ce jour-là.",
        515,
        font=F.regular,
        size=11.5,
        leading=16,
    )
    y = table(
        dc,
        60,
        y + 16,
        [320, 150],
        ["Détail", "Montant"],
        [
            ["Eau potable", fmt_amount(parts[0], "euros")],
            ["Assainissement collectif", fmt_amount(parts[1], "euros")],
            ["Organismes publics", fmt_amount(parts[2], "euros")],
            ["TVA", fmt_amount(vat, "euros")],
            ["Total TTC", fmt_amount(ttc, "euros")],
        ],
        fonts=F,
        size=10,
        aligns="lr",
        header_fill=(0.88, 0.93, 0.98),
        bold_last=True,
    )
    y = prose(
        dc,
        40,
        y + 24,
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        515,
        font=F.regular,
        size=11.5,
    )
    dc.text(330, y + 16, "Le service clientèle", size=11, font=F.italic)
    small_footer(
        dc,
        "SAUR SAS - 11 chemin de Bretagne - 92130 Issy-les-Moulineaux - RCS Nanterre 339 379 984",
        F.regular,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- social housing rent

LMH_PURPLE = (0.5, 0.18, 0.45)


def render_social_housing(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Social housing notice and receipt: a table of references, charges, a paid stamp."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    issuer = "Logis Méditerranée Habitat"
    dc = DocCanvas(
        creator="Logis Méditerranée Habitat - Gestion locative", stamp=f.issue_date, title="Avis d'échéance"
    )
    watermark(dc, (0.97, 0.94, 0.97), rng, shape="rings")
    logo_mark(dc, 40, 32, 32, LMH_PURPLE, "house")
    dc.text(82, 54, issuer, size=16, font=F.bold, color=LMH_PURPLE)
    dc.text(
        82, 67, "Office public de l'habitat - 58 boulevard National - 13003 MARSEILLE", size=7.5, color=GREY
    )
    dc.text(82, 78, f"Agence de proximité : {phone_number(rng, '04')}", size=7.5, color=GREY)
    dc.text(dc.width / 2, 128, "AVIS D'ÉCHÉANCE VALANT QUITTANCE", size=13, font=F.bold, align="center")
    month_end = f.issue_date.replace(day=1) - timedelta(days=1)
    table(
        dc,
        40,
        145,
        [120, 140, 115, 140],
        ["N° locataire", "Réf. logement", "Échéance", "Édité le"],
        [
            [
                random_digits(rng, 8),
                f"Bât. {rng.choice('ABCDEF')} - Lgt {rng.randint(1, 320)}",
                f"{month_end.month:02d}/{month_end.year}",
                fmt_date(f.issue_date, "dot2"),
            ]
        ],
        fonts=C,
        size=9,
        aligns="cccc",
        header_fill=(0.93, 0.88, 0.93),
    )
    y = field(dc, 40, 212, "Locataire(s)", f.holder_name, fonts=F, pos="below", size=10.5, max_width=515)
    address = [f.address_line, f"{f.postal_code} {f.city}"]
    y = field(dc, 40, y, "Adresse du logement", address, fonts=F, pos="below", size=10.5, max_width=515)
    rent = rng.randrange(28000, 62000, 1)
    charges = rng.randrange(4000, 11000, 1)
    water = rng.randrange(1500, 4000, 1)
    aid = -rng.randrange(5000, min(rent, 30000), 1)
    total = rent + charges + water + aid
    rows = [
        ["Loyer principal", fmt_amount(rent, "dot_eur")],
        ["Charges récupérables", fmt_amount(charges, "dot_eur")],
        ["Eau froide (provision)", fmt_amount(water, "dot_eur")],
        ["Aide personnalisée au logement (APL)", fmt_amount(aid, "dot_eur")],
        ["Reste à payer", fmt_amount(total, "dot_eur")],
    ]
    y = table(
        dc, 40, y + 20, [360, 155], ["Libellé", "Montant"], rows, fonts=C, size=9, aligns="lr", bold_last=True
    )
    paid = f.issue_date - timedelta(days=rng.randint(2, 9))
    stamp(dc, 330, y + 20, ["ACQUITTÉ", f"LE {fmt_date(paid, 'dot2')}"], (0.8, 0.1, 0.1), size=11)
    prose(
        dc,
        40,
        y + 30,
        "Le présent avis vaut quittance pour la période indiquée après encaissement effectif du règlement. "
        "Conservez-le : il peut servir de justificatif de domicile.",
        270,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    small_footer(
        dc,
        "Logis Méditerranée Habitat - OPH - SIRET 274 130 015 00027 - www.logis-mediterranee.fr",
        F.regular,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- leocare (insurance, FR/EN)

LEOCARE_BLUE = (0.2, 0.33, 0.95)


def render_leocare(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Home insurance certificate in French and English, values under their labels, ISO dates."""
    F = FONTS["vera"]
    issuer = "Leocare"
    dc = DocCanvas(creator="Leocare - Documents", stamp=f.issue_date, title="Attestation d'assurance")
    logo_mark(dc, 40, 30, 30, LEOCARE_BLUE, "ring")
    dc.text(78, 54, issuer, size=22, font=F.bold, color=LEOCARE_BLUE)
    dc.text(
        40,
        80,
        "Leocare SAS - Courtier en assurance - 19 rue de Vienne - 75008 PARIS - ORIAS 17 003 568",
        size=7,
        font=F.regular,
        color=GREY,
    )
    dc.text(40, 132, "Attestation d'assurance habitation", size=17, font=F.bold)
    dc.text(40, 148, "Home insurance certificate", size=10, font=F.italic, color=GREY)
    effective = f.issue_date - timedelta(days=rng.randint(60, 700))
    renewal = effective.replace(
        year=f.issue_date.year
        + (1 if (effective.month, effective.day) <= (f.issue_date.month, f.issue_date.day) else 0)
    )
    y = field(
        dc, 40, 190, "Assuré(e) / Policyholder", f.holder_name, fonts=F, pos="below", size=10.5, max_width=285
    )
    address = [f.address_line, f"{f.postal_code} {f.city}"]
    y = field(
        dc,
        40,
        y,
        "Adresse du bien assuré / Insured property",
        address,
        fonts=F,
        pos="below",
        size=10.5,
        max_width=285,
    )
    kind = rng.choice(("Appartement, 2 pièces", "Appartement, 3 pièces", "Maison, 4 pièces"))
    y = field(dc, 40, y, "Logement / Property", kind, fonts=F, pos="below", size=10)
    right = [
        ("N° de contrat / Policy number", f"LEO-HAB-{random_digits(rng, 7)}"),
        ("Date d'effet / Effective date", fmt_date(effective, "iso")),
        ("Échéance / Renewal date", fmt_date(renewal, "iso")),
        ("Émise le / Issued on", fmt_date(f.issue_date, "iso")),
    ]
    rng.shuffle(right)
    ry = 190.0
    for label, value in right:
        ry = field(dc, 340, ry, label, value, fonts=F, pos="below", size=10)
    y = max(y, ry) + 10
    y = prose(
        dc,
        40,
        y,
        "Leocare certifie que l'assuré(e) désigné(e) ci-dessus est titulaire d'un contrat "
        "d'assurance habitation "
        "en cours de validité couvrant sa responsabilité civile et les dommages au logement désigné.",
        515,
        font=F.regular,
        size=9.5,
    )
    y = prose(
        dc,
        40,
        y + 4,
        "Leocare certifies that the policyholder named above holds a valid home insurance policy covering "
        "civil liability and damage to the property described.",
        515,
        font=F.italic,
        size=9,
        color=GREY,
    )
    y = table(
        dc,
        40,
        y + 14,
        [300, 150],
        ["Garantie / Cover", "Plafond / Limit"],
        [
            [
                "Responsabilité civile / Liability",
                fmt_amount(rng.choice((500_000_00, 1_000_000_00)), "eur_prefix"),
            ],
            [
                "Dégâts des eaux / Water damage",
                fmt_amount(rng.randrange(1_000_000, 3_000_000, 100_000), "eur_prefix"),
            ],
            ["Vol / Theft", fmt_amount(rng.randrange(300_000, 1_500_000, 50_000), "eur_prefix")],
        ],
        fonts=F,
        size=8.5,
        aligns="lr",
        header_fill=(0.9, 0.92, 1.0),
    )
    qr_like(dc, 465, y + 24, 80, rng)
    dc.text(505, y + 116, "Vérifier / Verify", size=6.5, font=F.regular, color=GREY, align="center")
    dc.text(
        40,
        y + 40,
        "Contact : 01 76 41 01 01 - hello@leocare.eu - www.leocare.eu",
        size=8,
        font=F.regular,
        color=GREY,
    )
    small_footer(
        dc, "Leocare SAS - RCS Paris 822 211 185 - contrats assurés par des compagnies partenaires", F.regular
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- la poste mobile (2 pages)

LPM_YELLOW = (1.0, 0.8, 0.0)
LPM_NAVY = (0.1, 0.15, 0.4)


def render_lapostemobile(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Mobile phone bill: page 1 a summary, the address and the issue date on page 2."""
    F = FONTS["helvetica"]
    issuer = "La Poste Mobile"
    dc = DocCanvas(creator="La Poste Telecom - Facturation", stamp=f.issue_date, title="Votre facture")
    band(dc, 0, 78, LPM_YELLOW)
    dc.text(40, 50, issuer, size=21, font=F.bold, color=LPM_NAVY)
    account = random_digits(rng, 9)
    dc.text(555, 48, f"Compte client n° {account}", size=9, color=LPM_NAVY, align="right")
    line = phone_number(rng, "07")
    dc.text(555, 61, f"Ligne {line}", size=9, color=LPM_NAVY, align="right")
    dc.text(40, 130, "Votre facture du mois", size=17, font=F.bold, color=LPM_NAVY)
    dc.text(40, 156, f"Bonjour {f.holder_name},", size=11)
    start, end = billing_period(f, rng, (30, 31))
    due = f.issue_date + timedelta(days=rng.randint(5, 12))
    plan = rng.randrange(999, 2499, 100)
    options = rng.choice((0, 300, 500))
    extra = rng.randint(0, 400)
    discount = -rng.choice((0, 200, 500))
    total = plan + options + extra + discount
    dc.rect(40, 180, 515, 92, fill=(1.0, 0.97, 0.85), stroke=None, radius=6)
    dc.text(56, 204, "Montant total TTC", size=10, color=GREY)
    dc.text(56, 232, fmt_amount(total, "fr"), size=22, font=F.bold, color=LPM_NAVY)
    dc.text(300, 204, f"Période du {fmt_date(start, 'slash')} au {fmt_date(end, 'slash')}", size=9.5)
    dc.text(300, 222, f"Prélevé le {fmt_date(due, 'slash')}", size=9.5)
    dc.text(300, 240, f"Forfait {rng.choice(('20 Go', '60 Go', '100 Go', '150 Go'))}", size=9.5)
    for i in range(6):
        h = rng.uniform(15, 70)
        dc.rect(60 + i * 40, 380 - h, 22, h, fill=LPM_NAVY, stroke=None)
    dc.text(40, 300, "Votre consommation de données sur 6 mois", size=10, font=F.bold, color=LPM_NAVY)
    prose(
        dc,
        40,
        420,
        "Le détail de votre facture et vos informations figurent en page 2. Retrouvez toutes vos "
        "factures dans "
        "votre espace client sur www.lapostemobile.fr ou au 09 69 39 39 00 (appel non surtaxé).",
        515,
        font=F.regular,
        size=9,
        color=GREY,
    )
    small_footer(
        dc,
        "La Poste Telecom - SAS - 9 rue du Colonel Pierre Avia - 75015 PARIS - RCS Paris 509 441 039",
        F.regular,
        1,
        2,
    )
    dc.new_page()
    band(dc, 0, 40, LPM_YELLOW)
    dc.text(40, 28, issuer, size=12, font=F.bold, color=LPM_NAVY)
    dc.text(40, 80, "Vos informations", size=14, font=F.bold, color=LPM_NAVY)
    y = 104.0
    invoice = f"F{random_digits(rng, 11)}"
    for label, value in (
        ("Titulaire :", f.holder_name),
        ("Adresse de facturation :", f.address_line),
        ("", f"{f.postal_code} {f.city}"),
        ("Date d'émission :", fmt_date(f.issue_date, "slash")),
        ("N° de facture :", invoice),
    ):
        if label:
            dc.text(40, y, label, size=10, color=GREY)
        fit(dc, 190, y, value, 365, font=F.bold, size=10)
        y += 16
    dc.text(40, y + 24, "Détail de votre facture", size=12, font=F.bold, color=LPM_NAVY)
    items = [
        ("Forfait mobile", plan),
        ("Options", options),
        ("Hors forfait", extra),
        ("Remise fidélité", discount),
    ]
    total_ht = round(total / 1.2)
    rows = [[label, fmt_amount(c, "fr")] for label, c in items]
    rows += [
        ["Total HT", fmt_amount(total_ht, "fr")],
        ["TVA 20 %", fmt_amount(total - total_ht, "fr")],
        ["Total TTC", fmt_amount(total, "fr")],
    ]
    table(
        dc,
        40,
        y + 36,
        [380, 135],
        ["Libellé", "Montant TTC"],
        rows,
        fonts=F,
        size=9.5,
        aligns="lr",
        header_fill=(1.0, 0.93, 0.7),
        bold_last=True,
    )
    small_footer(
        dc,
        "La Poste Telecom - SAS - 9 rue du Colonel Pierre Avia - 75015 PARIS - RCS Paris 509 441 039",
        F.regular,
        2,
        2,
    )
    return finish(dc, f, issuer)


RENDERERS: dict[str, Callable[[AddressProofFacts, random.Random], Rendered]] = {
    "octopus_facture": render_octopus,
    "mint_facture": render_mint,
    "veolia_facture": render_veolia,
    "bouygues_facture": render_bouygues,
    "quittance_particulier": render_private_landlord,
    "maif_attestation": render_maif,
    "alpiq_facture": render_alpiq,
    "plenitude_facture": render_plenitude,
    "saur_facture": render_saur,
    "hlm_quittance": render_social_housing,
    "leocare_attestation": render_leocare,
    "lapostemobile_facture": render_lapostemobile,
}


def render_address_more(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
