"""Wave-2 proofs of address (held out): eight more issuers, each unlike the earlier families.

An electricity bill with French and Spanish labels in a ruled grid, a gas bill
in two columns with a payment schedule, a water bill with dash-ended
abbreviated labels and bare amounts, a landscape box + mobile bill, a letting
agency's notice and receipt, a private landlord's hand-filled receipt form, a
home insurance certificate in French and Italian sentences, and a two-page
electricity bill whose supply address is on page 2 only.

Every family prints the facts' holder name, address line, postal code, city
and issue date exactly as given; ``fields_of`` returns them with the issuer.
Their split and wave are in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sample_docs.layouts.kit import (
    FONTS,
    band,
    barcode_like,
    fit,
    keep,
    logo_mark,
    phone_number,
    prose,
    qr_like,
    random_digits,
    stamp,
    table,
    window,
)
from sample_docs.layouts.wave2_kit import (
    dotted_line,
    fmt_date_w2,
    fmt_money,
    grey_box,
    ink_text,
    kv_grid,
    mandate_reference,
    masked_iban,
    month_year,
    sepa_creditor_id,
    side_text,
)
from sample_docs.plans import AddressProofFacts
from sample_docs.render import GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered, draw_signature

LANDSCAPE = (841.89, 595.28)


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


def town(f: AddressProofFacts) -> str:
    """``13001 MARSEILLE``."""
    return f"{f.postal_code} {f.city}"


def period_before(issued: date, rng: random.Random, days: tuple[int, ...]) -> tuple[date, date]:
    """A service period ending a few days before ``issued``."""
    end = issued - timedelta(days=rng.randint(3, 9))
    return end - timedelta(days=rng.choice(days)), end


def vat_of(ht: int, rate_per_mille: int = 200) -> int:
    """VAT in cents of an amount excluding VAT."""
    return ht * rate_per_mille // 1000


# --------------------------------------------------------------------------- Iberdrola (FR + ES grid)

IBD_GREEN = (0.36, 0.62, 0.18)
IBD_DARK = (0.1, 0.3, 0.15)


def render_iberdrola(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Electricity bill: French and Spanish labels in a ruled key/value grid, ``06 MAR 2026`` dates."""
    F = FONTS["vera"]
    issuer = "Iberdrola"
    d = lambda day: fmt_date_w2(day, "abbr_upper")  # noqa: E731
    money = lambda cents: fmt_money(cents, "sym_prefix")  # noqa: E731
    dc = DocCanvas(creator="Iberdrola Clientes France - SAP", stamp=f.issue_date, title="Facture / Factura")
    side_text(
        dc,
        22,
        780,
        "Iberdrola Clientes France SAS - 21 rue de la Banque 75002 Paris - RCS Paris 801 389 555 - "
        "TVA FR 48 801389555",
        font=F.regular,
        size=6,
    )
    logo_mark(dc, 40, 30, 30, IBD_GREEN, "leaf")
    dc.text(78, 52, issuer, size=22, font=F.bold, color=IBD_DARK)
    dc.text(78, 65, "Électricité verte - Electricidad verde", size=7.5, font=F.italic, color=GREY)
    dc.text(555, 46, "FACTURE / FACTURA", size=13, font=F.bold, color=IBD_DARK, align="right")
    invoice = f"FE{random_digits(rng, 2)}-{random_digits(rng, 9)}"
    dc.text(555, 60, f"N° {invoice}", size=7.5, font=F.regular, align="right")
    dc.text(
        555,
        71,
        f"Date d'émission / Fecha de emisión : {d(f.issue_date)}",
        size=7.5,
        font=F.regular,
        align="right",
    )
    dc.text(
        40, 92, "Service clients - Atención al cliente : 09 69 32 36 36", size=7, font=F.regular, color=GREY
    )
    window(dc, 330, 120, [f.holder_name, f.address_line, town(f)], font=F.regular, size=9.5, leading=12.5)
    start, end = period_before(f.issue_date, rng, (29, 30, 31))
    due = f.issue_date + timedelta(days=rng.randint(10, 20))
    rows: list[tuple[str, str | list[str]]] = [
        ("Titulaire / Titular", f.holder_name),
        ("Adresse de fourniture / Dirección de suministro", [f.address_line, town(f)]),
        ("N° de contrat / N.º de contrato", f"{random_digits(rng, 4)}-{random_digits(rng, 8)}"),
        ("PDL / CUPS", random_digits(rng, 14)),
        ("Période / Periodo", f"{d(start)} - {d(end)}"),
        ("Échéance / Vencimiento", d(due)),
    ]
    y = kv_grid(
        dc,
        40,
        200,
        rows,
        fonts=F,
        label_width=205,
        value_width=310,
        size=9,
        label_size=7.5,
        label_fill=(0.93, 0.96, 0.9),
    )
    lines = [rng.randint(1500, 3200), rng.randint(4000, 12000), rng.randint(700, 2400)]
    ht = sum(lines)
    vat = vat_of(ht)
    ttc = ht + vat
    paid = rng.randrange(ttc // 4, ttc * 3 // 4, 100)
    rest = ttc - paid
    labels = (
        "Abonnement / Término fijo",
        "Consommation / Energía consumida",
        "Taxes et contributions / Impuestos",
    )
    body = [[label, money(cents)] for label, cents in zip(labels, lines, strict=True)]
    body += [
        ["Total HT / Base imponible", money(ht)],
        ["TVA 20 % / IVA 20 %", money(vat)],
        ["Total TTC / Total factura", money(ttc)],
        ["Déjà réglé (mensualités) / Ya pagado", money(-paid)],
        ["Reste à payer / Importe pendiente", money(rest)],
    ]
    y = table(
        dc,
        40,
        y + 22,
        [365, 150],
        ["Détail / Detalle", "Montant / Importe"],
        body,
        fonts=F,
        size=8.5,
        aligns="lr",
        header_fill=(0.86, 0.93, 0.82),
        bold_last=True,
    )
    grey_box(dc, 330, y + 16, 225, 34, tone=0.9)
    dc.text(338, y + 30, "À prélever le / Se cargará el", size=7, font=F.regular, color=GREY)
    dc.text(338, y + 43, f"{d(due)} - {money(rest)}", size=9.5, font=F.bold)
    dc.text(40, y + 30, f"Compte débité / Cuenta : {masked_iban(rng)}", size=7.5, font=F.regular)
    dc.text(40, y + 43, f"ICS {sepa_creditor_id(rng)}", size=7.5, font=F.regular, color=GREY)
    qr_like(dc, 40, y + 60, 64, rng)
    prose(
        dc,
        120,
        y + 68,
        "Votre électricité est produite à partir de sources renouvelables. Su electricidad procede de "
        "fuentes renovables. Médiateur national de l'énergie : www.energie-mediateur.fr.",
        435,
        font=F.regular,
        size=7.5,
        color=GREY,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- ekWateur (gas, two columns)

EKW_BLUE = (0.0, 0.45, 0.75)


def render_ekwateur(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Gas bill in two columns: a grey summary sidebar, capital labels ending with a dot, a schedule."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    issuer = "ekWateur"
    d = lambda day: fmt_date_w2(day, "dash_nozero")  # noqa: E731
    money = lambda cents: fmt_money(cents, "eur_suffix")  # noqa: E731
    dc = DocCanvas(creator="ekWateur - Facturation", stamp=f.issue_date, title="Facture gaz")
    grey_box(dc, 0, 0, 190, dc.height, tone=0.93)
    logo_mark(dc, 24, 34, 26, EKW_BLUE, "ring")
    dc.text(58, 54, issuer, size=17, font=F.bold, color=EKW_BLUE)
    dc.text(24, 100, "VOTRE FACTURE DE GAZ", size=10, font=F.bold)
    parts = [rng.randint(1800, 3500), rng.randint(5000, 16000), rng.randint(600, 1600)]
    vat_low = parts[0] * 55 // 1000
    vat_high = (parts[1] + parts[2]) * 20 // 100
    ttc = sum(parts) + vat_low + vat_high
    due = f.issue_date + timedelta(days=rng.randint(10, 15))
    customer = f"C{random_digits(rng, 8)}"
    y = 130.0
    for label, value in (
        ("MONTANT TTC.", money(ttc)),
        ("PRÉLEVÉ LE.", d(due)),
        ("N° CLIENT.", customer),
        ("N° DE FACTURE.", f"{f.issue_date.year}-{random_digits(rng, 7)}"),
    ):
        dc.text(24, y, label, size=7.5, font=F.bold, color=GREY)
        fit(dc, 24, y + 15, value, 150, font=C.bold, size=11)
        y += 40
    dc.text(24, y + 10, "UNE QUESTION ?", size=7.5, font=F.bold, color=GREY)
    dc.text(24, y + 23, "01 84 60 56 50", size=9, font=F.regular)
    dc.text(24, y + 35, "bonjour@ekwateur.fr", size=8, font=F.regular)
    dc.text(24, y + 60, "ekWateur SAS", size=7, font=F.regular, color=GREY)
    dc.text(24, y + 70, "1 terrasse Bellini", size=7, font=F.regular, color=GREY)
    dc.text(24, y + 80, "92800 PUTEAUX", size=7, font=F.regular, color=GREY)
    dc.text(
        555,
        30,
        f"Émise le {d(f.issue_date)} - Page 1/1",
        size=7.5,
        font=F.regular,
        color=GREY,
        align="right",
    )
    window(dc, 330, 86, [f.holder_name, f.address_line, town(f)], font=F.regular, size=9.5, leading=12.5)
    start, end = period_before(f.issue_date, rng, (59, 61, 62))
    y = 170.0
    column = 345.0
    for label, value in (
        ("TITULAIRE DU CONTRAT.", [f.holder_name]),
        ("LIEU DE CONSOMMATION.", [f.address_line, town(f)]),
        ("PCE.", [random_digits(rng, 14)]),
        ("N° DE COMPTEUR.", [f"{rng.choice('GHKM')}{random_digits(rng, 7)}"]),
        ("PÉRIODE FACTURÉE.", [f"du {d(start)} au {d(end)}"]),
    ):
        dc.text(210, y, label, size=7.5, font=F.bold, color=GREY)
        for i, line in enumerate(value):
            fit(dc, column, y + i * 12, line, 555 - column, font=F.regular, size=9.5)
        y += 12 * len(value) + 8
    previous = rng.randint(2000, 30000)
    used = rng.randint(40, 400)
    y = table(
        dc,
        210,
        y + 6,
        [95, 80, 80, 90],
        ["Relevé", "Date", "Index m³", "kWh"],
        [
            ["Ancien", d(start), str(previous), ""],
            ["Nouveau", d(end), str(previous + used), str(used * 11)],
        ],
        fonts=C,
        size=8,
        aligns="lccr",
        header_fill=(0.88, 0.94, 0.98),
    )
    y = table(
        dc,
        210,
        y + 14,
        [235, 110],
        None,
        [
            ["Abonnement", money(parts[0])],
            ["Consommation", money(parts[1])],
            ["Acheminement et taxes", money(parts[2])],
            ["TVA 5,5 %", money(vat_low)],
            ["TVA 20 %", money(vat_high)],
            ["TOTAL TTC", money(ttc)],
        ],
        fonts=C,
        size=8,
        aligns="lr",
        bold_last=True,
    )
    dc.text(210, y + 24, "ÉCHÉANCIER.", size=8, font=F.bold, color=EKW_BLUE)
    monthly = rng.randrange(4000, 11000, 100)
    first = (f.issue_date.replace(day=1) + timedelta(days=32)).replace(day=rng.choice((5, 10, 15)))
    schedule = []
    when = first
    for _ in range(6):
        schedule.append([d(when), money(monthly)])
        when = (when.replace(day=1) + timedelta(days=32)).replace(day=when.day)
    table(dc, 210, y + 32, [120, 110], ["Date", "Mensualité"], schedule, fonts=C, size=7.5, aligns="lr")
    dc.text(
        210,
        dc.height - 40,
        "ekWateur - SAS au capital de 1 122 916 € - RCS Nanterre 818 878 523 - fournisseur de gaz vert",
        size=6.5,
        font=F.regular,
        color=GREY,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- Canal de Provence (water)

SCP_BLUE = (0.05, 0.3, 0.55)


def render_canal_provence(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Water bill: abbreviated labels ending with a dash on ruled lines, bare amounts under a € heading."""
    T, C = FONTS["times"], FONTS["courier"]
    issuer = "Société du Canal de Provence"
    d = lambda day: fmt_date_w2(day, "slash2")  # noqa: E731
    dc = DocCanvas(creator="SCP - Facturation abonnés", stamp=f.issue_date, title="Facture d'eau")
    logo_mark(dc, 40, 32, 28, SCP_BLUE, "triangle")
    dc.text(76, 48, issuer.upper(), size=13, font=T.bold, color=SCP_BLUE)
    dc.text(76, 61, "Le Tholonet - CS 70064 - 13182 AIX-EN-PROVENCE CEDEX 5", size=8, font=T.regular)
    dc.text(76, 72, "Service abonnés : 04 42 66 70 00 - www.canal-de-provence.com", size=8, font=T.regular)
    window(dc, 330, 112, [f.holder_name, f.address_line, town(f)], font=T.regular, size=10.5, leading=13)
    dc.text(40, 180, "FACTURE D'EAU BRUTE ET POTABLE", size=12, font=T.bold)
    account = f"{random_digits(rng, 3)}.{random_digits(rng, 5)}.{random_digits(rng, 2)}"
    start, end = period_before(f.issue_date, rng, (90, 91, 92))
    due = f.issue_date + timedelta(days=rng.randint(20, 30))
    y = 206.0
    for label, value in (
        ("Date fact. -", d(f.issue_date)),
        ("Réf. abonnement -", account),
        ("Abonné -", f.holder_name),
        ("Adr. desserte -", f.address_line),
        ("", town(f)),
        ("Pér. -", f"{d(start)} au {d(end)}"),
        ("Lim. paiement -", d(due)),
    ):
        if label:
            dc.text(40, y, label, size=9.5, font=T.regular, color=GREY)
        fit(dc, 150, y, value, 250, font=C.bold, size=9.5)
        dc.hline(40, 400, y + 4, color=LIGHT_GREY)
        y += 17
    meter = f"{rng.choice('ABCD')}{random_digits(rng, 2)}-{random_digits(rng, 6)}"
    grey_box(dc, 420, 200, 135, 100, tone=0.92)
    dc.text(428, 216, "Compteur -", size=8, font=T.regular, color=GREY)
    dc.text(428, 229, meter, size=9, font=C.bold)
    previous = rng.randint(100, 2000)
    used = rng.randint(20, 90)
    dc.text(428, 247, f"Index {d(start)} : {previous}", size=8, font=C.regular)
    dc.text(428, 259, f"Index {d(end)} : {previous + used}", size=8, font=C.regular)
    dc.text(428, 271, f"Conso. : {used} m3", size=8, font=C.regular)
    next_read = end + timedelta(days=rng.choice((91, 92)))
    dc.text(428, 289, f"Proch. relevé : {d(next_read)}", size=8, font=C.regular)
    parts = [rng.randint(2000, 4000), used * rng.randint(150, 260), rng.randint(800, 2000)]
    vat = sum(parts) * 55 // 1000
    ttc = sum(parts) + vat
    y = table(
        dc,
        40,
        y + 18,
        [300, 70, 70, 75],
        ["Désignation", "Qté", "P.U. (€)", "Montant (€)"],
        [
            ["Abonnement trimestriel", "1", fmt_money(parts[0], "bare"), fmt_money(parts[0], "bare")],
            [
                "Eau consommée (m3)",
                str(used),
                fmt_money(parts[1] // used, "bare"),
                fmt_money(parts[1], "bare"),
            ],
            ["Redevances Agence de l'eau", "1", "", fmt_money(parts[2], "bare")],
            ["TVA 5,5 %", "", "", fmt_money(vat, "bare")],
            ["Net à payer", "", "", fmt_money(ttc, "bare")],
        ],
        fonts=C,
        size=8.5,
        aligns="lrrr",
        header_fill=(0.88, 0.92, 0.96),
        bold_last=True,
    )
    y = prose(
        dc,
        40,
        y + 24,
        f"Règlement par prélèvement SEPA sur le compte {masked_iban(rng)}. Référence unique de mandat "
        f"(RUM) : {mandate_reference(rng, 'SCP')} - Identifiant créancier SEPA : {sepa_creditor_id(rng)}.",
        515,
        font=T.regular,
        size=8.5,
    )
    prose(
        dc,
        40,
        y + 6,
        "L'eau distribuée a fait l'objet de contrôles réguliers par l'Agence régionale de santé. En cas de "
        "fuite après compteur, contactez le service abonnés.",
        515,
        font=T.italic,
        size=8.5,
        color=GREY,
    )
    top = dc.height - 130
    for i in range(0, 515, 7):
        dc.hline(40 + i, 44 + i, top, color=GREY)
    dc.text(40, top + 18, "TIP SEPA - à joindre à votre règlement", size=8, font=T.bold)
    dc.text(
        40, top + 32, f"Réf. {account}   Montant : {fmt_money(ttc, 'bare')} EUR", size=8.5, font=C.regular
    )
    barcode_like(dc, 330, top + 12, 220, 26, rng)
    dc.text(
        40,
        dc.height - 36,
        "Société du Canal de Provence et d'Aménagement de la Région Provençale - SA d'économie mixte",
        size=7,
        font=T.regular,
        color=GREY,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- Coriolis (landscape telecom)

COR_RED = (0.78, 0.1, 0.2)


def render_coriolis(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Box + mobile bill on a landscape page in three columns; the billed month as ``Mars 2026``."""
    F = FONTS["helvetica"]
    issuer = "Coriolis Telecom"
    dc = DocCanvas(LANDSCAPE, creator="Coriolis Telecom - Facturation", stamp=f.issue_date, title="Facture")
    band(dc, 0, 8, COR_RED)
    logo_mark(dc, 30, 26, 26, COR_RED, "bars")
    dc.text(64, 46, issuer, size=18, font=F.bold, color=COR_RED)
    dc.text(30, 66, "Coriolis Telecom SAS - 2 rue du Capitaine Scott - 75015 Paris", size=7, color=GREY)
    dc.text(30, 76, "Service client 3232 - www.coriolis.com", size=7, color=GREY)
    grey_box(dc, 30, 96, 250, 150, tone=0.92)
    dc.text(40, 114, "Vos coordonnées", size=10, font=F.bold, color=COR_RED)
    fit(dc, 40, 132, f.holder_name, 230, font=F.bold, size=10)
    fit(dc, 40, 146, f.address_line, 230, font=F.regular, size=10)
    fit(dc, 40, 160, town(f), 230, font=F.regular, size=10)
    customer = random_digits(rng, 9)
    dc.text(40, 184, f"N° client : {customer}", size=8.5)
    dc.text(40, 198, f"Ligne fixe : {phone_number(rng, '09')}", size=8.5)
    dc.text(40, 212, f"Ligne mobile : {phone_number(rng, rng.choice(('06', '07')))}", size=8.5)
    dc.text(40, 226, f"Contrat n° {random_digits(rng, 4)}-{random_digits(rng, 6)}", size=8.5)
    service_month = f.issue_date.replace(day=1)
    dc.text(305, 62, f"Facture de {month_year(service_month)}", size=17, font=F.bold)
    dc.text(305, 80, f"Éditée le {fmt_date_w2(f.issue_date, 'weekday_long')}", size=9.5)
    dc.text(305, 93, f"Facture n° {service_month:%y%m}{random_digits(rng, 7)}", size=8.5, color=GREY)
    box = rng.randrange(2499, 3999, 100)
    mobile = rng.randrange(699, 2499, 100)
    options = rng.choice((0, 300, 500))
    calls = rng.randint(0, 600)
    discount = -rng.choice((0, 500, 1000))
    items = [
        ("Box fibre", box),
        ("Forfait mobile", mobile),
        ("Options", options),
        ("Hors forfait", calls),
        ("Remise de bienvenue", discount),
    ]
    rows = []
    for label, cents in items:
        ht = round(cents / 1.2)
        rows.append(
            [label, fmt_money(ht, "fr_eur"), fmt_money(cents - ht, "fr_eur"), fmt_money(cents, "fr_eur")]
        )
    total = sum(c for _, c in items)
    total_ht = round(total / 1.2)
    rows.append(
        [
            "Total",
            fmt_money(total_ht, "fr_eur"),
            fmt_money(total - total_ht, "fr_eur"),
            fmt_money(total, "fr_eur"),
        ]
    )
    y = table(
        dc,
        305,
        110,
        [120, 75, 70, 80],
        ["Service", "HT", "TVA", "TTC"],
        rows,
        fonts=F,
        size=8,
        aligns="lrrr",
        header_fill=(0.97, 0.88, 0.9),
        bold_last=True,
    )
    for i in range(6):
        h = rng.uniform(12, 48)
        dc.rect(320 + i * 46, y + 90 - h, 24, h, fill=COR_RED, stroke=None)
    dc.text(305, y + 24, "Vos 6 dernières factures", size=8.5, font=F.bold)
    due = f.issue_date + timedelta(days=rng.randint(6, 12))
    dc.rect(670, 96, 142, 70, fill=COR_RED, stroke=None)
    dc.text(680, 116, "Montant à régler", size=9, color=WHITE)
    dc.text(802, 150, fmt_money(total, "fr_eur"), size=16, font=F.bold, color=WHITE, align="right")
    dc.text(670, 190, "Prélèvement automatique", size=9, font=F.bold)
    dc.text(670, 204, f"le {fmt_date_w2(due, 'dash')}", size=9)
    dc.text(670, 218, masked_iban(rng), size=7)
    dc.text(670, 232, f"ICS {sepa_creditor_id(rng)}", size=7, color=GREY)
    qr_like(dc, 690, 250, 80, rng)
    dc.text(730, 345, "Espace client", size=7, color=GREY, align="center")
    prose(
        dc,
        30,
        280,
        "Le détail de vos communications est disponible dans votre espace client. En cas de "
        "réclamation, contactez le 3232 ; après deux mois sans réponse, vous pouvez saisir le "
        "médiateur des communications électroniques.",
        250,
        font=F.regular,
        size=7.5,
        color=GREY,
    )
    side_text(
        dc,
        826,
        560,
        "Coriolis Telecom - SAS au capital de 1 000 000 € - RCS Paris 403 346 471",
        font=F.regular,
        size=6,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- Foncia (agency notice + receipt)

FONCIA_BLUE = (0.0, 0.23, 0.45)
OWNERS = (
    ("SCI LES AMANDIERS", "12 rue Breteuil", "13006 MARSEILLE"),
    ("M. et Mme GIORDANO Pierre", "45 avenue de la Victoire", "06000 NICE"),
    ("Indivision BARRAL", "7 place aux Herbes", "83000 TOULON"),
    ("SCI PROVENCE PATRIMOINE", "30 cours Jean Jaurès", "84000 AVIGNON"),
)


def render_foncia(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Letting agency's notice and receipt: landlord and tenant in two columns, a ruled grid, EUR amounts."""
    F = FONTS["vera"]
    issuer = "Foncia"
    d = lambda day: fmt_date_w2(day, "dash")  # noqa: E731
    money = lambda cents: fmt_money(cents, "fr_eur")  # noqa: E731
    dc = DocCanvas(creator="Foncia - Gestion locative", stamp=f.issue_date, title="Avis d'échéance")
    logo_mark(dc, 40, 30, 28, FONCIA_BLUE, "house")
    dc.text(76, 50, issuer, size=20, font=F.bold, color=FONCIA_BLUE)
    agency = rng.choice(("Foncia Marseille Prado", "Foncia Toulon", "Foncia Nice Riviera", "Foncia Avignon"))
    dc.text(76, 63, f"{agency} - administrateur de biens", size=7.5, font=F.regular, color=GREY)
    dc.text(
        76, 73, f"Tél. {phone_number(rng, '04')} - carte professionnelle CPI 1310 2016 000 008 442", size=7
    )
    dc.text(dc.width / 2, 112, "AVIS D'ÉCHÉANCE VALANT QUITTANCE", size=13, font=F.bold, align="center")
    service_month = f.issue_date.replace(day=1)
    owner, street, owner_town = rng.choice(OWNERS)
    dc.text(40, 146, "BAILLEUR", size=7.5, font=F.bold, color=GREY)
    dc.text(40, 160, owner, size=9.5, font=F.regular)
    dc.text(40, 173, street, size=9.5, font=F.regular)
    dc.text(40, 186, owner_town, size=9.5, font=F.regular)
    dc.text(315, 146, "LOCATAIRE", size=7.5, font=F.bold, color=GREY)
    fit(dc, 315, 160, f.holder_name, 240, font=F.bold, size=9.5)
    fit(dc, 315, 173, f.address_line, 240, font=F.regular, size=9.5)
    fit(dc, 315, 186, town(f), 240, font=F.regular, size=9.5)
    rows: list[tuple[str, str | list[str]]] = [
        ("Référence locataire", f"{random_digits(rng, 3)}/{random_digits(rng, 6)}"),
        ("Lot", f"Appartement n° {rng.randint(1, 60)} - {rng.choice(('T1', 'T2', 'T3', 'T4'))}"),
        ("Période", month_year(service_month)),
        ("Date d'édition", d(f.issue_date)),
        ("Date d'exigibilité", d(service_month + timedelta(days=4))),
    ]
    y = kv_grid(dc, 40, 206, rows, fonts=F, label_width=150, value_width=365, size=9, label_size=8.5)
    rent = rng.randrange(45000, 98000, 100)
    charges = rng.randrange(3000, 12000, 100)
    fees = rng.choice((0, 0, 1500, 2500))
    total = rent + charges + fees
    paid = total
    body = [
        ["Loyer", money(rent)],
        ["Provisions sur charges", money(charges)],
    ]
    if fees:
        body.append(["Taxe d'enlèvement des ordures ménagères", money(fees)])
    body += [
        ["Total de l'échéance", money(total)],
        ["Règlement reçu", money(-paid)],
        ["Solde", money(total - paid)],
    ]
    y = table(
        dc,
        40,
        y + 20,
        [365, 150],
        ["Libellé", "Montant"],
        body,
        fonts=F,
        size=8.5,
        aligns="lr",
        header_fill=(0.88, 0.92, 0.96),
        bold_last=True,
    )
    y = prose(
        dc,
        40,
        y + 24,
        f"Pour le compte du bailleur, {issuer} donne quittance au locataire de la somme de "
        f"{money(total)} pour la période de {month_year(service_month).lower()}, sous réserve "
        "d'encaissement. Ce document peut servir de justificatif de domicile.",
        515,
        font=F.regular,
        size=8.5,
    )
    stamp(dc, 360, y + 14, ["PAYÉ", agency.upper()], (0.1, 0.35, 0.7), font=F.bold, size=8.5)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        "Foncia Groupe - SAS - RCS Annecy 420 958 829 - garantie financière Galian",
        size=6.5,
        font=F.regular,
        color=GREY,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- hand-filled receipt (landlord)

LANDLORDS_W2 = (
    ("Martine ESCOFFIER", "11 chemin des Vignes", "84120", "Pertuis"),
    ("Robert CAILLOL", "2 rue du Four", "13400", "Aubagne"),
    ("Josiane MOURIÈS", "68 boulevard Carnot", "83000", "Toulon"),
    ("André LUCIANI", "5 montée du Château", "06500", "Menton"),
    ("Danielle REYNAUD", "19 avenue des Alpes", "05000", "Gap"),
)


def render_handwritten(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """A pre-printed receipt form from a stationer's booklet, filled in by hand by a private landlord."""
    F = FONTS["helvetica"]
    hand = rng.choice((FONTS["times"].italic, FONTS["vera"].italic))
    landlord, street, postcode, place = rng.choice(LANDLORDS_W2)
    dc = DocCanvas(creator="Microsoft Word", stamp=f.issue_date, title="Quittance")
    dc.rect(30, 40, 535, 420, fill=None, stroke=GREY, line_width=0.8)
    number = rng.randint(1, 48)
    dc.text(45, 70, "QUITTANCE DE LOYER", size=15, font=F.bold)
    dc.text(420, 70, "N°", size=10, font=F.regular)
    ink_text(dc, 440, 70, str(number), rng, font=hand, size=13)
    service = f.issue_date.replace(day=1) - timedelta(days=1)
    rent = rng.randrange(40000, 90000, 1000)
    charges = rng.randrange(2000, 8000, 1000)
    total = rent + charges

    def line(y: float, label: str, value: str, x_value: float | None = None, end: float = 550) -> None:
        w = dc.text(45, y, label, size=9.5, font=F.regular)
        start = x_value if x_value is not None else 45 + w + 8
        dotted_line(dc, start - 2, end, y + 2)
        ink_text(dc, start, y, value, rng, font=hand, size=12.5, max_width=end - start)

    line(110, "Reçu de", f.holder_name)
    line(138, "demeurant", f.address_line)
    line(166, "Code postal et commune", town(f))
    line(194, "la somme de", fmt_money(total, "fr_int"))
    line(222, "pour le loyer et les charges du mois de", f"{service.strftime('%m')}/{service.year}")
    dc.text(45, 256, "Détail :", size=9, font=F.regular, color=GREY)
    dc.text(110, 256, "Loyer", size=9, font=F.regular, color=GREY)
    ink_text(dc, 190, 256, fmt_money(rent, "fr_int"), rng, font=hand, size=11.5)
    dc.text(290, 256, "Charges", size=9, font=F.regular, color=GREY)
    ink_text(dc, 360, 256, fmt_money(charges, "fr_int"), rng, font=hand, size=11.5)
    line(290, "Le bailleur (nom et adresse)", landlord)
    ink_text(dc, 200, 312, f"{street}, {postcode} {place}", rng, font=hand, size=11)
    dotted_line(dc, 198, 550, 314)
    dc.text(45, 350, "Fait à", size=9.5, font=F.regular)
    ink_text(dc, 85, 350, place, rng, font=hand, size=12.5)
    dc.text(250, 350, "le", size=9.5, font=F.regular)
    ink_text(dc, 268, 350, fmt_date_w2(f.issue_date, "nozero2"), rng, font=hand, size=12.5)
    dc.text(380, 350, "Signature", size=9, font=F.regular, color=GREY)
    draw_signature(dc, 390, 395, 100, rng, color=(0.08, 0.15, 0.55))
    prose(
        dc,
        45,
        430,
        "Le paiement de la présente quittance n'emporte pas présomption de paiement des termes "
        "antérieurs. Cette quittance annule tout reçu donné pour acompte.",
        505,
        font=F.regular,
        size=7,
        color=GREY,
    )
    dc.text(45, 500, "Modèle n° 512 - reproduction interdite", size=6.5, font=F.regular, color=GREY)
    return finish(dc, f, landlord)


# --------------------------------------------------------------------------- Generali (FR + IT sentences)

GEN_RED = (0.75, 0.08, 0.1)
MONTHS_IT = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)


def next_anniversary(start: date, after: date) -> date:
    """The first anniversary of ``start`` after ``after`` (29 February as 1 March)."""
    for year in (after.year, after.year + 1):
        try:
            candidate = start.replace(year=year)
        except ValueError:
            candidate = date(year, 3, 1)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable")


def render_generali(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Home insurance certificate: the fields inside a French sentence, then the Italian translation."""
    T = FONTS["times"]
    issuer = "Generali"
    dc = DocCanvas(creator="Generali IARD - Éditique", stamp=f.issue_date, title="Attestation d'assurance")
    logo_mark(dc, 40, 30, 32, GEN_RED, "disc")
    dc.text(80, 52, issuer.upper(), size=22, font=T.bold, color=GEN_RED)
    dc.text(80, 66, "Generali IARD - 2 rue Pillet-Will - 75009 Paris", size=8, font=T.regular, color=GREY)
    window(dc, 330, 110, [f.holder_name, f.address_line, town(f)], font=T.regular, size=10.5, leading=13)
    dc.text(dc.width / 2, 196, "ATTESTATION D'ASSURANCE HABITATION", size=14, font=T.bold, align="center")
    dc.text(
        dc.width / 2,
        212,
        "Attestato di assicurazione abitazione",
        size=10,
        font=T.italic,
        color=GREY,
        align="center",
    )
    policy = f"AH {random_digits(rng, 3)} {random_digits(rng, 3)} {random_digits(rng, 3)}"
    start = f.issue_date - timedelta(days=rng.randint(90, 900))
    renewal = next_anniversary(start, f.issue_date)
    issued = fmt_date_w2(f.issue_date, "long_zero")
    issued_it = f"{f.issue_date.day:02d} {MONTHS_IT[f.issue_date.month - 1]} {f.issue_date.year}"
    y = prose(
        dc,
        50,
        248,
        f"Generali IARD atteste que {keep(f.holder_name)}, demeurant {keep(f.address_line)}, "
        f"{keep(town(f))}, est titulaire du contrat d'assurance habitation n° {keep(policy)}, "
        f"en vigueur depuis le {fmt_date_w2(start, 'long_zero')}, garantissant les risques locatifs et la "
        "responsabilité civile vie privée pour le logement ci-dessus.",
        495,
        font=T.regular,
        size=11.5,
        leading=16,
    )
    y = prose(
        dc,
        50,
        y + 8,
        "Generali IARD attesta che l'assicurato sopra indicato è titolare di un contratto di "
        "assicurazione abitazione valido per l'alloggio sopra descritto (rischi locativi e "
        "responsabilità civile).",
        495,
        font=T.italic,
        size=10,
        leading=13.5,
        color=GREY,
    )
    grey_box(dc, 50, y + 10, 250, 66, tone=0.93)
    for i, (label, value) in enumerate(
        (
            ("Échéance principale / Scadenza", fmt_date_w2(renewal, "slash2")),
            ("Formule / Formula", rng.choice(("Essentielle", "Confort", "Confort Plus"))),
            ("Agence / Agenzia", f"{rng.randint(1, 99):02d}{random_digits(rng, 3)} - {f.city.title()}"),
        )
    ):
        dc.text(58, y + 26 + i * 18, label, size=7.5, font=T.regular, color=GREY)
        dc.text(200, y + 26 + i * 18, value, size=8, font=T.bold)
    y += 100
    dc.text(330, y, f"Fait à Paris, le {issued}", size=11, font=T.regular)
    dc.text(330, y + 14, f"Parigi, {issued_it}", size=9.5, font=T.italic, color=GREY)
    stamp(dc, 340, y + 28, ["GENERALI IARD", "SERVICE CLIENTS"], GEN_RED, font=T.bold, size=8.5)
    draw_signature(dc, 80, y + 40, 95, rng)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        "Generali IARD - SA au capital de 94 630 300 € - 552 062 663 RCS Paris - Entreprise régie par "
        "le Code des assurances",
        size=6.5,
        font=T.regular,
        color=GREY,
    )
    return finish(dc, f, issuer)


# --------------------------------------------------------------------------- Enercoop (address on page 2)

ENC_GREEN = (0.0, 0.55, 0.45)


def render_enercoop(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Electricity e-bill of two pages: no postal window, the supply address on page 2 only."""
    F, C = FONTS["vera"], FONTS["courier"]
    issuer = "Enercoop"
    d = lambda day: fmt_date_w2(day, "slash2")  # noqa: E731
    money = lambda cents: fmt_money(cents, "fr_eur")  # noqa: E731
    dc = DocCanvas(creator="Enercoop - Facturation", stamp=f.issue_date, title="Facture d'électricité")
    logo_mark(dc, 40, 30, 30, ENC_GREEN, "leaf")
    dc.text(80, 52, issuer, size=21, font=F.bold, color=ENC_GREEN)
    dc.text(80, 66, "Coopérative d'électricité renouvelable", size=8, font=F.italic, color=GREY)
    dc.text(555, 46, "Facture", size=16, font=F.bold, align="right")
    dc.text(555, 60, f"du {d(f.issue_date)}", size=9, font=F.regular, align="right")
    side_text(
        dc, 575, 700, "Enercoop SCIC SA - RCS Paris 484 223 094 - www.enercoop.fr", font=F.regular, size=6
    )
    dc.text(40, 118, f"Bonjour {f.holder_name},", size=12, font=F.regular)
    prose(
        dc,
        40,
        140,
        "Voici votre facture d'électricité. Merci de soutenir les producteurs d'énergie renouvelable "
        "du territoire. Le détail de votre point de livraison et de votre consommation figure en page 2.",
        515,
        font=F.regular,
        size=9.5,
    )
    start, end = period_before(f.issue_date, rng, (30, 31))
    due = f.issue_date + timedelta(days=rng.randint(8, 15))
    parts = [rng.randint(1500, 2900), rng.randint(3500, 11000), rng.randint(900, 2600)]
    ht = sum(parts)
    vat = vat_of(ht)
    ttc = ht + vat
    tiles = [
        ("Montant TTC", money(ttc)),
        ("Prélevé le", d(due)),
        ("Référence client", f"EC-{random_digits(rng, 7)}"),
    ]
    for i, (label, value) in enumerate(tiles):
        x = 40 + i * 175
        grey_box(dc, x, 190, 165, 52, tone=0.93)
        dc.text(x + 10, 208, label, size=8, font=F.regular, color=GREY)
        fit(dc, x + 10, 230, value, 148, font=F.bold, size=13)
    dc.text(40, 280, "Consommation des 12 derniers mois (kWh)", size=9.5, font=F.bold, color=ENC_GREEN)
    for i in range(12):
        h = rng.uniform(15, 80)
        dc.rect(50 + i * 40, 380 - h, 24, h, fill=ENC_GREEN, stroke=None)
    dc.hline(42, 530, 380, color=GREY)
    y = table(
        dc,
        40,
        410,
        [365, 150],
        ["Récapitulatif", "Montant"],
        [
            ["Total HT", money(ht)],
            ["TVA 20 %", money(vat)],
            ["Total TTC", money(ttc)],
        ],
        fonts=F,
        size=9,
        aligns="lr",
        header_fill=(0.85, 0.94, 0.91),
        bold_last=True,
    )
    prose(
        dc,
        40,
        y + 24,
        f"Période de consommation du {d(start)} au {d(end)}. Prélèvement sur le compte {masked_iban(rng)}.",
        515,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(555, dc.height - 38, "1 / 2", size=7, font=F.regular, color=GREY, align="right")
    dc.new_page()
    dc.text(40, 60, issuer, size=13, font=F.bold, color=ENC_GREEN)
    dc.text(555, 60, f"Facture du {d(f.issue_date)}", size=8.5, font=F.regular, align="right")
    dc.text(40, 100, "Votre point de livraison", size=14, font=F.bold)
    rows: list[tuple[str, str | list[str]]] = [
        ("Titulaire", f.holder_name),
        ("Adresse du point de livraison", [f.address_line, town(f)]),
        ("PDL", random_digits(rng, 14)),
        ("Puissance souscrite", f"{rng.choice((3, 6, 9, 12))} kVA"),
        ("Option tarifaire", rng.choice(("Base", "Heures pleines / heures creuses"))),
        ("Contrat souscrit le", d(f.issue_date - timedelta(days=rng.randint(200, 1500)))),
    ]
    y = 124.0
    for label, value in rows:
        lines = [value] if isinstance(value, str) else value
        grey_box(dc, 200, y - 11, 355, 15 * len(lines) + 1, tone=0.92)
        dc.text(40, y, label, size=8.5, font=F.regular, color=GREY)
        for i, text in enumerate(lines):
            fit(dc, 206, y + i * 15, text, 345, font=C.bold, size=9.5)
        y += 15 * len(lines) + 8
    previous = rng.randint(5000, 60000)
    used = rng.randint(90, 700)
    y = table(
        dc,
        40,
        y + 16,
        [165, 120, 115, 115],
        ["Relevé", "Date", "Index (kWh)", "Consommation"],
        [
            ["Index de début", d(start), str(previous), ""],
            ["Index de fin", d(end), str(previous + used), f"{used} kWh"],
        ],
        fonts=F,
        size=8.5,
        aligns="lcrr",
        header_fill=(0.85, 0.94, 0.91),
    )
    labels = ("Abonnement", "Électricité consommée", "Acheminement, taxes et contributions")
    table(
        dc,
        40,
        y + 18,
        [365, 150],
        ["Détail", "Montant HT"],
        [[label, money(cents)] for label, cents in zip(labels, parts, strict=True)],
        fonts=F,
        size=8.5,
        aligns="lr",
        header_fill=(0.85, 0.94, 0.91),
    )
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(555, dc.height - 38, "2 / 2", size=7, font=F.regular, color=GREY, align="right")
    return finish(dc, f, issuer)


RENDERERS: dict[str, Callable[[AddressProofFacts, random.Random], Rendered]] = {
    "iberdrola_factura": render_iberdrola,
    "ekwateur_gaz": render_ekwateur,
    "canal_provence_eau": render_canal_provence,
    "coriolis_paysage": render_coriolis,
    "foncia_avis_quittance": render_foncia,
    "quittance_manuscrite": render_handwritten,
    "generali_attestation": render_generali,
    "enercoop_2_pages": render_enercoop,
}


def render_wave2_address(f: AddressProofFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
