"""Wave-3 proofs of address (held out): six more issuers, each unlike the earlier families.

A gas supplier's invoice made of tables (the issue date under a column
header), a régie municipale's water bill written as a letter (the issue date
only in the closing « Fait à … »), an internet box bill laid out like the
customer area (the installation address in a card), a mobile-phone bill whose
holder and address are only in the window envelope block, a rent receipt
written by hand on ruled notebook paper by a private landlord, and a home
insurance certificate with a column of labels and check boxes.

Every family prints the facts' holder name, address line, postal code, city
and issue date exactly as given; ``fields_of`` returns them with the issuer.
Holder addresses sometimes carry an extra ``chez …`` or ``Bât. …`` line.
Their split and wave are in ``sample_docs/families.py``.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from datetime import date, timedelta

from sample_docs.layouts.address_more import finish  # the truth plumbing every family shares
from sample_docs.layouts.kit import (
    FONTS,
    barcode_like,
    fit,
    fmt_date,
    keep,
    logo_mark,
    phone_number,
    prose,
    qr_like,
    random_digits,
    stamp,
)
from sample_docs.layouts.wave3_kit import (
    OTHER_GIVEN,
    amount_in_words,
    cell_table,
    checkbox,
    complement_line,
    fmt_date_w3,
    fmt_money_w3,
    handwrite,
    legend_box,
    notebook_paper,
    of_city,
    pill,
    plain_money,
    proper_city,
    small_print,
    tear_off,
    underline_stroke,
    window_marks,
)
from sample_docs.people import OTHER_LAST_NAMES, STREETS, SUD_CITIES
from sample_docs.plans import AddressProofFacts
from sample_docs.render import GREY, LIGHT_GREY, MONTHS_FR, WHITE, DocCanvas, Rendered, draw_signature


def town(f: AddressProofFacts) -> str:
    """``13001 MARSEILLE``."""
    return f"{f.postal_code} {f.city}"


def postal_block(
    f: AddressProofFacts, rng: random.Random, *, holder: bool = True, host: bool = True
) -> list[str]:
    """Holder (optional), an optional ``chez`` (when ``host``) / ``Bât.`` line, street line, town."""
    extra = complement_line(rng, OTHER_LAST_NAMES)
    if extra and extra.startswith("chez") and not host:
        extra = None
    lines = [f.holder_name] if holder else []
    if extra:
        lines.append(extra)
    return [*lines, f.address_line, town(f)]


def first_code(city: str, fallback: str) -> str:
    """The first postal code of ``city`` in the region (its town hall's), else ``fallback``."""
    return next((code for name, code, _ in SUD_CITIES if name == city), fallback)


def month_before(day: date) -> tuple[date, date]:
    """The first and last day of the month before ``day``'s."""
    last = day.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def draw_lines(
    dc: DocCanvas, x: float, y: float, lines: list[str], *, font: str, size: float, width: float
) -> float:
    """Lines one under the other, each shrunk to ``width``; return the next baseline."""
    leading = size * 1.3
    for i, line in enumerate(lines):
        fit(dc, x, y + i * leading, line, width, font=font, size=size)
    return y + len(lines) * leading


# --------------------------------------------------------------------------- gas: tables


VATTENFALL_BLUE = (0.12, 0.2, 0.38)
VATTENFALL_YELLOW = (1.0, 0.78, 0.1)


def render_gas_tables(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Gas invoice made of tables: references (issue date under its column header), readings, charges."""
    F = FONTS["vera"]
    issuer = "Vattenfall"
    d = lambda day: fmt_date(day, "dot")  # noqa: E731
    money = lambda cents: fmt_money_w3(cents, "dot_sym")  # noqa: E731
    dc = DocCanvas(
        creator="Vattenfall Energies - Facturation", stamp=f.issue_date, title="Facture gaz naturel"
    )
    dc.circle(52, 46, 13, fill=VATTENFALL_YELLOW)
    dc.circle(52, 46, 6, fill=VATTENFALL_BLUE)
    dc.text(72, 52, issuer, size=21, font=F.bold, color=VATTENFALL_BLUE)
    dc.text(72, 64, "Gaz naturel · Électricité", size=7.5, color=GREY, font=F.regular)
    client = random_digits(rng, 10)
    invoice = f"{f.issue_date:%y}{random_digits(rng, 9)}"
    cell_table(
        dc,
        300,
        28,
        [78, 92, 85],
        ["Réf. client", "Facture n°", "Émise le"],
        [[client, invoice, d(f.issue_date)]],
        fonts=F,
        size=7.5,
        aligns="ccc",
        header_fill=VATTENFALL_BLUE,
        header_color=WHITE,
    )
    # window envelope block
    window_marks(dc, 312, 104, 243, 88)
    draw_lines(dc, 322, 124, postal_block(f, rng), font=F.regular, size=9.5, width=225)
    # the contract, a small table of its own
    pce = random_digits(rng, 14)
    offer = rng.choice(("Gaz Fixe 2 ans", "Gaz Eco Prix bloqué", "Gaz Indexé Repère"))
    cell_table(
        dc,
        40,
        100,
        [92, 140],
        None,
        [
            ["Contrat", random_digits(rng, 9)],
            ["Offre", offer],
            ["PCE", " ".join(pce[i : i + 2] for i in range(0, 14, 2))],
            ["Tarif d'acheminement", rng.choice(("T1", "T2"))],
            ["Règlement", "Prélèvement automatique"],
        ],
        fonts=F,
        size=7.5,
        zebra=(0.95, 0.96, 0.98),
        vertical=False,
    )
    end = f.issue_date - timedelta(days=rng.randint(4, 10))
    start = end - timedelta(days=rng.choice((29, 30, 60, 61)))
    due = f.issue_date + timedelta(days=rng.randint(10, 16))
    y = 215
    dc.text(40, y, "Votre point de livraison", size=10, font=F.bold, color=VATTENFALL_BLUE)
    y = cell_table(
        dc,
        40,
        y + 6,
        [110, 300, 105],
        ["Point de comptage", "Adresse de consommation", "Fréquence de relève"],
        [[pce, f"{f.address_line}, {town(f)}", rng.choice(("Semestrielle", "Mensuelle"))]],
        fonts=F,
        size=7.5,
    )
    y += 24
    dc.text(40, y, "Vos relevés", size=10, font=F.bold, color=VATTENFALL_BLUE)
    old_index = rng.randint(2000, 19000)
    volume = rng.randint(18, 160)
    coefficient = rng.uniform(10.6, 11.4)
    kwh = round(volume * coefficient)
    y = cell_table(
        dc,
        40,
        y + 6,
        [170, 95, 110, 140],
        ["Relevé", "Date", "Index (m³)", "Origine"],
        [
            ["Index de début de période", d(start), f"{old_index:,}".replace(",", " "), "Réel"],
            ["Index de fin de période", d(end), f"{old_index + volume:,}".replace(",", " "), "Télérelevé"],
            ["Volume consommé", "", f"{volume}", ""],
            ["Coefficient de conversion", "", f"{coefficient:.3f}".replace(".", ","), "kWh/m³"],
            ["Consommation facturée", "", f"{kwh} kWh", ""],
        ],
        fonts=F,
        size=7.5,
        aligns="lcrl",
        bold_rows=(-1,),
    )
    y += 24
    dc.text(40, y, "Décompte de la période", size=10, font=F.bold, color=VATTENFALL_BLUE)
    price = rng.randint(95, 135)  # cents per kWh x 10
    consumption = round(kwh * price / 10)
    subscription = rng.randint(1800, 2900) * (2 if (end - start).days > 40 else 1)
    excise = round(kwh * 1.637)
    cta = round(subscription * 0.2)
    ht = consumption + subscription + excise + cta
    vat = round(ht * 0.2)
    period = f"{d(start)} - {d(end)}"
    y = cell_table(
        dc,
        40,
        y + 6,
        [150, 125, 60, 60, 75, 45],
        ["Libellé", "Période", "Quantité", "P.U. HT", "Montant HT", "TVA"],
        [
            ["Abonnement", period, "1", money(subscription), money(subscription), "20 %"],
            ["Consommation", period, f"{kwh}", f"0,{price:03d} €", money(consumption), "20 %"],
            ["Accise sur le gaz naturel", "", f"{kwh}", "0,01637 €", money(excise), "20 %"],
            ["Contribution tarifaire d'acheminement", "", "", "", money(cta), "20 %"],
            ["Total hors taxes", "", "", "", money(ht), ""],
            ["TVA", "", "", "", money(vat), ""],
            ["Total taxes comprises", "", "", "", money(ht + vat), ""],
        ],
        fonts=F,
        size=7.5,
        aligns="lcrrrc",
        bold_rows=(-1,),
    )
    y += 18
    pill(dc, 300, y, 255, 40, (0.95, 0.93, 0.8))
    dc.text(312, y + 16, "Montant à payer", size=9, font=F.bold)
    dc.text(545, y + 16, money(ht + vat), size=12, font=F.bold, align="right")
    dc.text(312, y + 31, f"prélevé le {d(due)} sur votre compte", size=7.5, color=GREY, font=F.regular)
    dc.text(40, y + 16, "Prochain relevé prévu :", size=7.5, color=GREY, font=F.regular)
    dc.text(40, y + 28, d(end + timedelta(days=rng.choice((30, 182)))), size=7.5, font=F.bold)
    y += 66
    dc.text(40, y, "Historique de vos consommations", size=10, font=F.bold, color=VATTENFALL_BLUE)
    history = []
    h_end = start - timedelta(days=1)
    for _ in range(4):
        h_start = h_end - timedelta(days=rng.choice((29, 30, 31)))
        history.append([f"{d(h_start)} - {d(h_end)}", f"{rng.randint(250, 2400)} kWh", "Réel"])
        h_end = h_start - timedelta(days=1)
    cell_table(
        dc,
        40,
        y + 6,
        [190, 110, 70],
        ["Période", "Consommation", "Relevé"],
        history,
        fonts=F,
        size=7.5,
        aligns="crc",
        zebra=(0.95, 0.96, 0.98),
    )
    dc.rect(430, y + 6, 125, 84, fill=(0.95, 0.96, 0.98), stroke=None, radius=5)
    prose(
        dc,
        440,
        y + 22,
        "Le chèque énergie est accepté en règlement de vos factures de gaz naturel.",
        108,
        font=F.regular,
        size=7.5,
    )
    barcode_like(dc, 40, 760, 170, 22, rng)
    small_print(
        dc,
        [
            f"Service clients : {phone_number(rng, '09')} (appel non surtaxé) - Vattenfall Energies SAS, "
            "TSA 41207, 92099 La Défense Cedex",
            f"SAS au capital de 3 000 000 € - RCS Nanterre {random_digits(rng, 9)} - "
            "Médiateur national de l'énergie",
        ],
        font=F.regular,
        size=6.3,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- water: a régie's letter


REGIE_BLUE = (0.05, 0.3, 0.55)


def render_regie_letter(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """A régie municipale's water bill as a letter; the issue date only in « Fait à …, le … »."""
    T = FONTS["times"]
    city = proper_city(f.postal_code, f.city)
    issuer = f"Régie municipale des eaux {of_city(city)}"
    d = lambda day: fmt_date(day, "long")  # noqa: E731
    dc = DocCanvas(creator=f"Ville de {city} - Régie des eaux", stamp=f.issue_date, title="Facture d'eau")
    # coat of arms: a shield of shapes
    c = dc.canvas
    c.setFillColorRGB(*REGIE_BLUE)
    path = c.beginPath()
    top = dc.height - 30
    path.moveTo(40, top)
    path.lineTo(66, top)
    path.lineTo(66, top - 20)
    path.curveTo(66, top - 30, 53, top - 34, 53, top - 36)
    path.curveTo(53, top - 34, 40, top - 30, 40, top - 20)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    dc.rect(46, 38, 14, 3, fill=WHITE, stroke=None)
    dc.text(76, 42, f"VILLE {of_city(city)}".upper(), size=12, font=T.bold, color=REGIE_BLUE)
    fit(dc, 76, 56, issuer, 230, font=T.italic, size=10)
    office = f"CS {rng.randint(10, 99)}0{rng.randint(10, 99)}"
    lines = ["Hôtel de Ville - Service des eaux", f"place de la Mairie - {office}"]
    lines.append(f"{first_code(city, f.postal_code)} {city.upper()} CEDEX")
    draw_lines(dc, 76, 70, lines, font=T.regular, size=8, width=220)
    dc.text(76, 100, f"Accueil : {phone_number(rng, '04')}", size=8, font=T.regular)
    t = lambda x, y, value, **kw: dc.text(x, y, value, font=T.regular, **kw)  # noqa: E731
    subscriber = random_digits(rng, 7)
    meter = f"{rng.choice('ABCDJ')}{rng.randint(10, 24)}{random_digits(rng, 7)}"
    window_marks(dc, 318, 118, 237, 86)
    draw_lines(dc, 328, 138, postal_block(f, rng), font=T.regular, size=10, width=220)
    fit(
        dc,
        40,
        138,
        f"Abonné n° {subscriber}",
        250,
        font=T.regular,
        size=8.5,
    )
    t(40, 150, f"Exercice {f.issue_date.year} - Titre n° {rng.randint(100, 4999)}", size=8.5)
    t(40, 162, f"Bordereau n° {rng.randint(10, 300)}", size=8.5)
    reading = f.issue_date - timedelta(days=rng.randint(8, 25))
    previous = reading - timedelta(days=rng.choice((182, 183, 184, 181)))
    due = f.issue_date + timedelta(days=rng.randint(25, 35))
    volume = rng.randint(14, 95)
    water = round(volume * rng.uniform(1.6, 2.3) * 100)
    sewage = round(volume * rng.uniform(1.4, 2.1) * 100)
    fees = round(volume * rng.uniform(0.35, 0.6) * 100)
    subscription = rng.randint(1800, 4200)
    total = water + sewage + fees + subscription
    y = 232
    dc.text(40, y, "Objet : facture d'eau potable et d'assainissement", size=10.5, font=T.bold)
    y += 26
    dc.text(40, y, "Madame, Monsieur,", size=10.5, font=T.regular)
    y += 20
    width = 515
    paragraphs = [
        f"Le relevé du compteur n° {meter}, effectué par nos agents le {keep(d(reading))}, a permis "
        f"d'établir la consommation d'eau du logement de {keep(f.holder_name)}, situé "
        f"{keep(f.address_line)}, {keep(town(f))}. Depuis le précédent relevé du {keep(d(previous))}, "
        f"elle s'élève à {volume} m³.",
        f"Le montant de la présente facture est de {keep(plain_money(total) + ' €')} "
        f"({amount_in_words(total)}). Il comprend la part fixe de l'abonnement "
        f"({keep(plain_money(subscription) + ' €')}), l'eau potable ({keep(plain_money(water) + ' €')}), "
        f"l'assainissement collectif ({keep(plain_money(sewage) + ' €')}) et les redevances reversées à "
        f"l'Agence de l'eau Rhône Méditerranée Corse ({keep(plain_money(fees) + ' €')}), taxes comprises.",
        f"Nous vous remercions de bien vouloir régler cette somme avant le {keep(d(due))} par prélèvement, "
        "par carte bancaire sur le site de paiement des collectivités publiques, ou en espèces auprès d'un "
        "buraliste agréé, en rappelant votre numéro d'abonné.",
        "Le service des eaux vous reçoit du lundi au vendredi de 8 h 30 à 12 h. Cette somme peut être "
        "contestée dans les deux mois suivant la réception du présent avis devant la juridiction compétente "
        "(article L. 1617-5 du code général des collectivités territoriales).",
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    ]
    for paragraph in paragraphs:
        y = prose(dc, 40, y, paragraph, width, font=T.regular, size=10.5) + 7
    y += 10
    dc.text(330, y, f"Fait à {city}, le {d(f.issue_date)}", size=10.5, font=T.regular)
    dc.text(330, y + 16, "Pour le Maire et par délégation,", size=10, font=T.italic)
    signatory = f"{rng.choice(OTHER_GIVEN)} {rng.choice(OTHER_LAST_NAMES)}"
    dc.text(330, y + 29, f"{signatory}, directeur de la régie", size=10, font=T.italic)
    draw_signature(dc, 345, y + 52, 90, rng, color=(0.1, 0.1, 0.3))
    tear_off(dc, 716)
    dc.text(40, 734, "Coupon à joindre à votre règlement", size=8.5, font=T.bold)
    t(40, 748, f"Abonné n° {subscriber}", size=8.5)
    t(40, 760, f"Somme due : {plain_money(total)} €", size=8.5)
    t(40, 772, f"À régler avant le {d(due)}", size=8.5)
    barcode_like(dc, 330, 738, 200, 26, rng)
    dc.text(
        330, 778, f"{random_digits(rng, 12)} {random_digits(rng, 10)}", size=7, font=FONTS["courier"].regular
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- internet box: customer area


NORDNET_NAVY = (0.1, 0.14, 0.3)
NORDNET_CYAN = (0.0, 0.62, 0.78)


def render_box_account(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Internet box bill laid out like the customer area: cards, ``6 janv. 2026`` dates, ``EUR 39,99``."""
    F = FONTS["helvetica"]
    issuer = "Nordnet"
    d = lambda day: fmt_date_w3(day, "abbr_fr")  # noqa: E731
    dc = DocCanvas(creator="Nordnet - Espace abonné", stamp=f.issue_date, title="Facture Internet")
    dc.rect(0, 0, dc.width, 58, fill=NORDNET_NAVY, stroke=None)
    logo_mark(dc, 40, 16, 24, NORDNET_CYAN, "ring")
    dc.text(72, 36, issuer, size=22, font=F.bold, color=WHITE)
    dc.text(72, 48, "Internet · Téléphone · TV", size=7.5, color=(0.8, 0.85, 0.95))
    dc.text(555, 38, "FACTURE", size=16, font=F.bold, color=WHITE, align="right")
    number = f"FA{f.issue_date:%Y%m}{random_digits(rng, 6)}"
    dc.text(40, 88, "Numéro de facture", size=8, color=GREY)
    dc.text(150, 88, number, size=9, font=F.bold)
    dc.text(40, 102, "Date de facture", size=8, color=GREY)
    dc.text(150, 102, d(f.issue_date), size=9, font=F.bold)
    start = f.issue_date.replace(day=1)  # billed in advance: the month of the bill
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    debit = f.issue_date + timedelta(days=rng.randint(6, 12))
    lines_cents = [
        ("Abonnement Fibre 1 Gb/s", rng.choice((2999, 3499, 3999))),
        ("Location box Wi-Fi 6", rng.choice((0, 300, 500))),
        (rng.choice(("Option TV 150 chaînes", "Option sécurité 5 postes")), rng.choice((500, 700, 900))),
        ("Appels vers les mobiles", rng.choice((0, 0, 120, 245))),
    ]
    total = sum(c for _, c in lines_cents)
    ht = round(total / 1.2)
    pill(dc, 330, 74, 225, 50, (0.92, 0.96, 0.98))
    dc.text(344, 93, "Montant du mois", size=8.5, color=GREY)
    dc.text(540, 98, fmt_money_w3(total, "eur_fr"), size=15, font=F.bold, align="right", color=NORDNET_NAVY)
    dc.text(344, 114, f"prélevé le {d(debit)}", size=8, color=GREY)
    # two cards: the holder, the installation address
    legend_box(dc, 40, 148, 245, 104, "Titulaire du contrat", font=F.bold, color=NORDNET_NAVY)
    fit(dc, 52, 170, f.holder_name, 222, font=F.bold, size=10)
    dc.text(52, 190, "Identifiant client", size=7.5, color=GREY)
    dc.text(52, 201, f"nn{random_digits(rng, 7)}", size=9)
    dc.text(160, 190, "Ligne fixe", size=7.5, color=GREY)
    dc.text(160, 201, phone_number(rng, "09"), size=9)
    dc.text(52, 221, "Contrat", size=7.5, color=GREY)
    dc.text(52, 232, f"C-{random_digits(rng, 8)}", size=9)
    legend_box(dc, 310, 148, 245, 104, "Adresse d'installation", font=F.bold, color=NORDNET_NAVY)
    draw_lines(dc, 322, 170, postal_block(f, rng, holder=False), font=F.regular, size=9.5, width=222)
    y = 282
    dc.text(40, y, "Détail de vos services", size=11, font=F.bold, color=NORDNET_NAVY)
    rows = [[label, f"{d(start)} au {d(end)}", plain_money(c) + " €"] for label, c in lines_cents]
    rows += [
        ["Total HT", "", plain_money(ht) + " €"],
        ["TVA 20 %", "", plain_money(total - ht) + " €"],
        ["Total toutes taxes comprises", "", plain_money(total) + " €"],
    ]
    y = cell_table(
        dc,
        40,
        y + 8,
        [230, 185, 100],
        ["Service", "Période", "Montant TTC"],
        rows,
        fonts=F,
        size=8.5,
        aligns="lcr",
        header_fill=(0.9, 0.95, 0.97),
        bold_rows=(-1,),
        vertical=False,
    )
    y += 28
    dc.text(40, y, "Bon à savoir", size=10, font=F.bold, color=NORDNET_NAVY)
    next_bill = (end + timedelta(days=1)).replace(day=min(f.issue_date.day, 28))
    y = prose(
        dc,
        40,
        y + 16,
        f"Votre prochaine facture sera disponible dans votre espace abonné le {keep(d(next_bill))}. "
        "Le prélèvement intervient une dizaine de jours après sa mise à disposition. En cas de "
        "réclamation, contactez notre service clients ou écrivez-nous depuis votre espace abonné.",
        515,
        font=F.regular,
        size=8.5,
    )
    qr_like(dc, 480, y + 14, 70, rng)
    dc.text(40, y + 30, "Assistance technique", size=8, font=F.bold)
    dc.text(40, y + 42, f"{phone_number(rng, '09')} - 7j/7 de 8 h à 21 h", size=8)
    small_print(
        dc,
        [
            "Nordnet SA - 20 rue Denis Papin - 59650 Villeneuve-d'Ascq - SA au capital de 225 000 €",
            f"RCS Lille Métropole {random_digits(rng, 9)} - TVA FR{random_digits(rng, 11)}",
        ],
        font=F.regular,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- mobile: window only


NRJ_RED = (0.86, 0.05, 0.18)


def render_mobile_window(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Mobile bill: holder and address only in the window envelope block on the right."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    issuer = "NRJ Mobile"
    d = lambda day: fmt_date(day, "slash")  # noqa: E731
    dc = DocCanvas(creator="NRJ Mobile - Facturation", stamp=f.issue_date, title="Facture mobile")
    logo_mark(dc, 40, 30, 30, NRJ_RED, "triangle")
    dc.text(78, 54, issuer, size=20, font=F.bold, color=NRJ_RED)
    start, end = month_before(f.issue_date)
    line = phone_number(rng, rng.choice(("06", "07")))
    dc.text(40, 112, "Facture", size=17, font=F.bold)
    rows = [
        ("Date", d(f.issue_date)),
        ("Référence", f"M{random_digits(rng, 10)}"),
        ("Compte client", random_digits(rng, 8)),
        ("Ligne", line),
        ("Période", f"{d(start)} - {d(end)}"),
    ]
    y = 132
    for label, value in rows:
        dc.text(40, y, label, size=8.5, color=GREY)
        dc.text(120, y, value, size=8.5, font=F.bold)
        y += 13
    window_marks(dc, 310, 118, 245, 88)
    draw_lines(dc, 322, 140, postal_block(f, rng), font=C.regular, size=9.5, width=226)
    plan = rng.choice((("Forfait 20 Go", 799), ("Forfait 100 Go", 1299), ("Forfait 5G 200 Go", 1699)))
    calls = []
    for _ in range(rng.choice((0, 2, 3, 4))):
        day = start + timedelta(days=rng.randint(0, (end - start).days))
        calls.append(
            [
                f"{day:%d/%m} {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}",
                rng.choice(("Appel international", "SMS surtaxé", "Appel n° spécial")),
                f"00{rng.randint(30, 49)} {random_digits(rng, 9)}",
                f"{rng.randint(0, 5)}:{rng.randint(0, 59):02d}",
                rng.randint(20, 180),
            ]
        )
    calls.sort(key=lambda row: (row[0][3:5], row[0][:2]))
    extra = sum(row[4] for row in calls)
    options = rng.choice((0, 300))
    total = plan[1] + extra + options
    ht = round(total / 1.2)
    due = f.issue_date + timedelta(days=rng.randint(8, 14))
    y = 240
    dc.rect(40, y, 515, 48, fill=(0.98, 0.92, 0.93), stroke=None, radius=6)
    dc.text(54, y + 20, "Total à payer ce mois-ci", size=10, font=F.bold)
    dc.text(54, y + 36, f"Prélèvement automatique à partir du {d(due)}", size=8, color=GREY)
    dc.text(540, y + 30, fmt_money_w3(total, "sym_ttc"), size=16, font=F.bold, align="right", color=NRJ_RED)
    y += 76
    dc.text(40, y, "Récapitulatif", size=11, font=F.bold)
    y = cell_table(
        dc,
        40,
        y + 8,
        [245, 90, 90, 90],
        ["", "Montant HT", "TVA 20 %", "Montant TTC"],
        [
            [
                plan[0],
                plain_money(round(plan[1] / 1.2)),
                plain_money(plan[1] - round(plan[1] / 1.2)),
                plain_money(plan[1]),
            ],
            [
                "Options",
                plain_money(round(options / 1.2)),
                plain_money(options - round(options / 1.2)),
                plain_money(options),
            ],
            [
                "Hors forfait",
                plain_money(round(extra / 1.2)),
                plain_money(extra - round(extra / 1.2)),
                plain_money(extra),
            ],
            ["Total (€)", plain_money(ht), plain_money(total - ht), plain_money(total)],
        ],
        fonts=F,
        size=8.5,
        aligns="lrrr",
        bold_rows=(-1,),
    )
    y += 30
    dc.text(40, y, "Vos 6 derniers mois", size=11, font=F.bold)
    months = (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    )
    base = y + 92
    for i in range(6):
        month = (end.month - 6 + i) % 12
        h = rng.uniform(22, 70)
        dc.rect(60 + i * 46, base - h, 24, h, fill=(0.86, 0.4, 0.45) if i == 5 else LIGHT_GREY, stroke=None)
        dc.text(72 + i * 46, base + 12, months[month], size=7, color=GREY, align="center")
    dc.text(360, y + 30, "Consommation data", size=8, color=GREY)
    dc.text(360, y + 44, f"{rng.randint(2, 60)},{rng.randint(0, 9)} Go", size=12, font=F.bold)
    dc.text(360, y + 66, "Appels", size=8, color=GREY)
    dc.text(360, y + 80, f"{rng.randint(1, 14)} h {rng.randint(0, 59):02d} min", size=12, font=F.bold)
    y = base + 38
    dc.text(40, y, "Détail des communications hors forfait", size=9, font=F.bold)
    y += 6
    if not calls:
        dc.text(40, y + 12, "Aucune communication hors forfait sur la période.", size=8, font=C.regular)
    else:
        cell_table(
            dc,
            40,
            y,
            [80, 150, 140, 60, 85],
            ["Date", "Type", "Destination", "Durée", "€ TTC"],
            [[*row[:4], plain_money(row[4])] for row in calls],
            fonts=C,
            size=7.5,
            aligns="llllr",
            header_fill=None,
            grid=None,
        )
    small_print(
        dc,
        [
            "NRJ Mobile - Service clients - TSA 30026 - 92894 Nanterre Cedex 9",
            f"Euro-Information Telecom SAS - RCS Paris {random_digits(rng, 9)} - www.nrjmobile.fr",
        ],
        font=F.regular,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- rent receipt: handwritten


def render_notebook_receipt(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """A private landlord's rent receipt written by hand on ruled notebook paper (issuer = the landlord)."""
    font = rng.choice(("Vera-Italic", "Times-Italic", "Helvetica-Oblique"))
    size = 14.5 if font == "Times-Italic" else 12.5
    ink = rng.choice(((0.12, 0.18, 0.52), (0.1, 0.1, 0.14)))
    feminine = rng.random() < 0.55
    landlord = (
        f"{rng.choice(OTHER_GIVEN[::2] if feminine else OTHER_GIVEN[1::2])} {rng.choice(OTHER_LAST_NAMES)}"
    )
    issuer = landlord
    home_city, home_code, _ = rng.choice(SUD_CITIES)
    home_street = f"{rng.randint(2, 90)} {rng.choice(STREETS)}"
    dc = DocCanvas(creator="Microsoft Word", stamp=f.issue_date, title="Quittance")
    pitch = notebook_paper(dc, 52, 812, rng)
    x = 74
    line = lambda k: 52 + pitch * k  # noqa: E731  (the k-th strong line)
    d = lambda day: fmt_date(day, "nozero")  # noqa: E731
    write = lambda k, text, dx=0.0: handwrite(  # noqa: E731
        dc, x + dx, line(k) - 3, text, rng, font=font, size=size, color=ink, max_width=dc.width - 30 - x - dx
    )
    write(1, landlord)
    write(2, home_street)
    write(3, f"{home_code} {home_city}")
    place = f"{home_city}, le {d(f.issue_date)}"
    handwrite(dc, 330, line(5) - 3, place, rng, font=font, size=size, color=ink, max_width=dc.width - 370)
    title = "Quittance de loyer"
    width = handwrite(dc, 215, line(7) - 3, title, rng, font=font, size=size + 3, color=ink)
    underline_stroke(dc, 215, line(7) + 3, width, rng, ink)
    start, end = month_before(f.issue_date)
    if f.issue_date.day >= 26 and rng.random() < 0.5:  # the month itself, paid in advance
        start = f.issue_date.replace(day=1)
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    write(8, f"Période : {MONTHS_FR[start.month - 1]} {start.year}")
    rent = rng.randrange(38000, 98000, 500)
    charges = rng.choice((2500, 4000, 5000, 6000, 7500))
    total = rent + charges
    paid = start + timedelta(days=rng.randint(0, max(0, min(9, (f.issue_date - start).days))))
    k = 10
    write(k, f"Je soussigné{'e' if feminine else ''} {landlord}, propriétaire du logement situé :")
    k += 1
    apartment = rng.random() < 0.5
    if apartment:
        write(k, f"Appartement n° {rng.randint(1, 40)}, {rng.randint(1, 6)}e étage", 14)
        k += 1
    write(k, f.address_line, 14)
    write(k + 1, town(f), 14)
    write(k + 2, "reconnais avoir reçu de")
    write(k + 3, f.holder_name, 14)
    amount = f"{total // 100:,}".replace(",", " ") + " €"
    write(k + 4, f"la somme de {amount}")
    write(k + 5, f"({amount_in_words(total)})", 14)
    write(k + 6, f"pour le loyer et les charges du {d(start)} au {d(end)},")
    write(k + 7, f"soit {rent // 100} € de loyer et {charges // 100} € de charges.")
    how = rng.choice(("par virement", "par chèque", "en espèces"))
    write(k + 8, f"Règlement reçu le {d(paid)} {how}.")
    write(k + 10, "Pour servir et valoir ce que de droit.")
    write(k + 12, "Signature :", 230)
    draw_signature(dc, 330, line(k + 13) - 6, 110, rng, color=ink)
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- home insurance certificate


MATMUT_GREEN = (0.0, 0.45, 0.35)


def render_insurance_columns(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Home insurance certificate: a column of labels with values right of a rule, ticked guarantees."""
    V, T = FONTS["vera"], FONTS["times"]
    issuer = "Matmut"
    style = rng.choice(("long", "abbr"))
    d = (lambda day: fmt_date(day, "long")) if style == "long" else (lambda day: fmt_date_w3(day, "abbr_fr"))
    dc = DocCanvas(
        creator="Matmut - Gestion des contrats", stamp=f.issue_date, title="Attestation d'assurance"
    )
    logo_mark(dc, 40, 28, 30, MATMUT_GREEN, "leaf")
    dc.text(78, 52, issuer, size=22, font=V.bold, color=MATMUT_GREEN)
    dc.text(
        78, 64, "Société d'assurance mutuelle à cotisations variables", size=6.8, color=GREY, font=V.regular
    )
    draw_lines(
        dc,
        380,
        38,
        ["Centre de gestion de Rouen", "TSA 70117", "76934 Rouen Cedex 9", phone_number(rng, "02")],
        font=V.regular,
        size=7.5,
        width=175,
    )
    dc.rect(40, 96, 515, 54, fill=(0.93, 0.97, 0.95), stroke=MATMUT_GREEN, line_width=0.8)
    dc.text(297, 118, "ATTESTATION D'ASSURANCE", size=15, font=T.bold, color=MATMUT_GREEN, align="center")
    dc.text(
        297, 136, "Multirisque Habitation - Responsabilité civile", size=9.5, font=T.italic, align="center"
    )
    intro = (
        f"{issuer} certifie que la personne désignée ci-dessous est titulaire d'un contrat d'assurance "
        "habitation en cours de validité à la date de la présente attestation."
    )
    prose(dc, 40, 176, intro, 400, font=V.regular, size=9)
    coverage_start = date(f.issue_date.year, rng.choice((1, 1, 4, 7, 10)), 1)
    if coverage_start > f.issue_date:
        coverage_start = coverage_start.replace(year=coverage_start.year - 1)
    coverage_end = coverage_start.replace(year=coverage_start.year + 1) - timedelta(days=1)
    rows: list[tuple[str, list[str]]] = [
        ("Sociétaire", [f.holder_name]),
        ("N° de sociétaire", [random_digits(rng, 8)]),
        ("Contrat", [f"Habitation n° {random_digits(rng, 10)}"]),
        ("Lieu du risque", postal_block(f, rng, holder=False, host=False)),
        ("Qualité", [rng.choice(("Locataire", "Propriétaire occupant", "Colocataire"))]),
        (
            "Logement",
            [rng.choice(("Appartement", "Maison")) + f", {rng.randint(1, 6)} pièce(s) principale(s)"],
        ),
        (
            "Période de garantie",
            [f"Du {d(coverage_start)} à 0 h au {d(coverage_end)} à 24 h"],
        ),
    ]
    y = 222
    rule_x = 190
    for label, values in rows:
        dc.text(rule_x - 12, y, label, size=9, font=V.regular, color=GREY, align="right")
        for i, value in enumerate(values):
            fit(dc, rule_x + 12, y + i * 13, value, 555 - rule_x - 12, font=V.bold, size=9.5)
        y += 13 * len(values) + 9
    c = dc.canvas
    c.setStrokeColorRGB(*MATMUT_GREEN)
    c.setLineWidth(1.2)
    c.line(rule_x, dc.height - 210, rule_x, dc.height - (y - 12))
    y += 12
    dc.text(40, y, "Garanties souscrites", size=10.5, font=T.bold, color=MATMUT_GREEN)
    y += 10
    guarantees = [
        ("Incendie et événements assimilés", True),
        ("Dégâts des eaux", True),
        ("Responsabilité civile vie privée", True),
        ("Catastrophes naturelles et technologiques", True),
        ("Vol et vandalisme", rng.random() < 0.7),
        ("Bris de glace", rng.random() < 0.6),
        ("Dommages électriques", rng.random() < 0.4),
        ("Assistance au domicile", rng.random() < 0.8),
    ]
    for i, (label, ticked) in enumerate(guarantees):
        gx = 40 + (i % 2) * 260
        gy = y + (i // 2) * 17
        checkbox(dc, gx, gy + 4, 9, ticked, MATMUT_GREEN)
        dc.text(gx + 15, gy + 12, label, size=8.5, font=V.regular)
    y += 17 * ((len(guarantees) + 1) // 2) + 18
    y = prose(
        dc,
        40,
        y,
        "La présente attestation ne constitue qu'une présomption de garantie. Elle est délivrée sous réserve "
        "du paiement des cotisations et ne peut engager l'assureur au-delà des conditions et limites du "
        "contrat auquel elle se réfère.",
        515,
        font=T.italic,
        size=9,
    )
    y += 18
    dc.text(330, y, f"Délivrée à Rouen, le {d(f.issue_date)}", size=9.5, font=V.regular)
    dc.text(330, y + 14, f"Pour {issuer}, le service Sociétaires", size=8.5, font=V.regular, color=GREY)
    draw_signature(dc, 340, y + 44, 85, rng)
    stamp(dc, 60, y - 4, ["MATMUT", "SERVICE SOCIÉTAIRES"], MATMUT_GREEN, font=V.bold, size=8)
    small_print(
        dc,
        [
            "Matmut - Société d'assurance mutuelle à cotisations variables - Entreprise régie par le "
            "Code des assurances",
            "Siège social : Rouen - Autorité de contrôle prudentiel et de résolution, 4 place de Budapest, "
            "75436 Paris Cedex 09",
        ],
        font=V.regular,
        size=6,
    )
    return finish(dc, f, issuer)


RENDERERS: dict[str, Callable[[AddressProofFacts, random.Random], Rendered]] = {
    "vattenfall_gaz_tableaux": render_gas_tables,
    "regie_eau_courrier": render_regie_letter,
    "nordnet_espace_abonne": render_box_account,
    "nrjmobile_fenetre": render_mobile_window,
    "quittance_cahier": render_notebook_receipt,
    "matmut_attestation_colonnes": render_insurance_columns,
}


def render_wave3_address(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
