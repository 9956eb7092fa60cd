"""Documents that are none of the expected pieces, for the classifier's open set.

Applicants upload things a caseworker files as "other": an invoice for goods
or services, a business letter, a contract, a payslip, a bank statement, an
administrative form, a quote for building works. Several of them carry what
the expected pieces carry (an invoice has a customer address, a total and
often the seller's IBAN; a statement has an IBAN and a BIC; a works quote has
a SIRET and the word « devis »), so the classifier must learn that these
alone do not make a proof of address, a RIB or a training quote.

Every family draws its wording, language (French, sometimes English or
German for invoices), typeface, date and amount formats and layout at random
from its own lists; none is copied from a real document. Their split
(``seen``) is in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sample_docs.identifiers import format_siret_grouped, make_bank_account, make_siret
from sample_docs.layouts.kit import (
    AMOUNT_STYLES,
    FONTS,
    band,
    barcode_like,
    field,
    fmt_amount,
    fmt_date,
    logo_mark,
    prose,
    qr_like,
    random_digits,
    stamp,
    table,
    watermark,
    window,
)
from sample_docs.people import Person
from sample_docs.plans import OtherFacts
from sample_docs.render import GREY, DocCanvas, Rendered, draw_signature

OTHER_MORE_LAYOUTS = (
    "facture_achat",
    "facture_prestation",
    "courrier_entreprise",
    "contrat",
    "bulletin_paie",
    "releve_compte",
    "formulaire_administratif",
    "devis_travaux",
)

COLOURS = ((0.1, 0.3, 0.6), (0.6, 0.1, 0.2), (0.1, 0.45, 0.3), (0.35, 0.2, 0.5), (0.2, 0.2, 0.2))
SHOPS = (
    ("Électro Dépôt Provence", "électroménager"),
    ("Meubles Durand & Fils", "ameublement"),
    ("Informatique Services Sud", "matériel informatique"),
    ("Brico Azur", "bricolage"),
    ("Librairie du Vieux-Port", "librairie"),
    ("Cycles Martinez", "cycles"),
    ("Optique Lumière", "optique"),
)
GOODS = {
    "électroménager": (
        "Lave-linge 8 kg",
        "Réfrigérateur combiné",
        "Micro-ondes grill",
        "Aspirateur sans sac",
    ),
    "ameublement": ("Canapé 3 places", "Table basse chêne", "Chaise pliante", "Armoire 2 portes"),
    "matériel informatique": (
        "Ordinateur portable 15 pouces",
        "Souris sans fil",
        "Écran 24 pouces",
        "Clé USB 64 Go",
    ),
    "bricolage": ("Perceuse visseuse", "Lot de vis inox", "Peinture blanche 10 L", "Escabeau 5 marches"),
    "librairie": ("Dictionnaire bilingue", "Manuel de comptabilité", "Roman poche", "Cahier grand format"),
    "cycles": ("Vélo de ville", "Antivol en U", "Casque adulte", "Révision complète"),
    "optique": ("Monture acétate", "Verres progressifs", "Étui rigide", "Lentilles mensuelles"),
}
SERVICES = (
    ("Plomberie Rossi", ("Recherche de fuite", "Remplacement mitigeur", "Déplacement", "Main d'oeuvre 2 h")),
    ("Garage du Centre", ("Vidange moteur", "Filtre à huile", "Plaquettes de frein", "Main d'oeuvre 1,5 h")),
    ("WebHost Solutions", ("Hébergement mutualisé 12 mois", "Nom de domaine", "Certificat SSL", "Support")),
    ("Déménagements Roux", ("Camion 20 m³", "Équipe de 3 déménageurs", "Cartons", "Assurance transport")),
    ("Cabinet Vétérinaire des Pins", ("Consultation", "Vaccin", "Vermifuge", "Antiparasitaire")),
)
INVOICE_WORDS = {
    "fr": {
        "title": "FACTURE",
        "number": "Facture n°",
        "date": "Date",
        "client": "Client",
        "item": "Désignation",
        "qty": "Qté",
        "unit": "P.U. HT",
        "total": "Total HT",
        "ht": "Total HT",
        "vat": "TVA 20 %",
        "ttc": "Total TTC",
        "due": "Échéance",
        "pay": "Règlement par virement",
    },
    "en": {
        "title": "INVOICE",
        "number": "Invoice no.",
        "date": "Invoice date",
        "client": "Bill to",
        "item": "Description",
        "qty": "Qty",
        "unit": "Unit price",
        "total": "Amount",
        "ht": "Subtotal",
        "vat": "VAT 20%",
        "ttc": "Total due",
        "due": "Due date",
        "pay": "Payment by bank transfer",
    },
    "de": {
        "title": "RECHNUNG",
        "number": "Rechnungsnummer",
        "date": "Rechnungsdatum",
        "client": "Kunde",
        "item": "Bezeichnung",
        "qty": "Menge",
        "unit": "Einzelpreis",
        "total": "Gesamt",
        "ht": "Nettobetrag",
        "vat": "MwSt. 19 %",
        "ttc": "Rechnungsbetrag",
        "due": "Zahlbar bis",
        "pay": "Zahlung per Überweisung",
    },
}
EMPLOYERS = (
    ("Carrefour Market Aubagne", "4711B"),
    ("Restaurant Le Panier", "5610A"),
    ("Clinique Bouchard", "8610Z"),
    ("Transports Giraud", "4941A"),
    ("Hôtel Mercure Prado", "5510Z"),
    ("Nettoyage Pro Azur", "8121Z"),
)
BANKS = (
    ("Banque Populaire Méditerranée", "13807"),
    ("Crédit Agricole Alpes Provence", "11306"),
    ("Caisse d'Epargne CEPAC", "11315"),
    ("Société Générale", "30003"),
)


def _company(rng: random.Random, name: str) -> dict[str, str]:
    street = f"{rng.randint(1, 180)} {rng.choice(('avenue', 'boulevard', 'rue', 'chemin'))} "
    street += rng.choice(("de la Gare", "Jean Jaurès", "des Artisans", "du Prado", "de Lattre", "Pasteur"))
    city = rng.choice((("13002", "Marseille"), ("83000", "Toulon"), ("06000", "Nice"), ("84000", "Avignon")))
    siret = make_siret(rng)
    return {
        "name": name,
        "street": street,
        "postal_code": city[0],
        "city": city[1],
        "siret": siret,
        "vat": f"FR{rng.randint(10, 99)}{siret[:9]}",
        "phone": "04 " + " ".join(str(rng.randint(10, 99)) for _ in range(4)),
        "rcs": f"RCS {city[1]} {siret[:3]} {siret[3:6]} {siret[6:9]}",
    }


def _customer_lines(p: Person, rng: random.Random) -> list[str]:
    name = f"{p.civility_short} {p.name.upper()} {p.given_names[0]}"
    if rng.random() < 0.4:
        name = f"{p.given_names[0]} {p.name}"
    return [name, p.address.line1, f"{p.address.postal_code} {p.address.city}"]


def _footer(dc: DocCanvas, co: dict[str, str], rng: random.Random) -> None:
    parts = [co["name"], f"{co['street']}, {co['postal_code']} {co['city']}"]
    parts.append(f"SIRET {co['siret'] if rng.random() < 0.5 else format_siret_grouped(co['siret'])}")
    if rng.random() < 0.6:
        parts.append(f"TVA {co['vat']}")
    dc.text(dc.width / 2, dc.height - 30, " - ".join(parts), size=6.5, color=GREY, align="center")


def _lines(rng: random.Random, items: tuple[str, ...], n: int) -> list[tuple[str, int, int]]:
    chosen = rng.sample(items, k=min(n, len(items)))
    return [(item, rng.randint(1, 3), rng.randint(800, 65000)) for item in chosen]


def _invoice(f: OtherFacts, rng: random.Random, *, service: bool) -> DocCanvas:
    p = f.person
    fonts = FONTS[rng.choice(("helvetica", "times", "vera"))]
    lang = rng.choices(("fr", "en", "de"), weights=(0.7, 0.15, 0.15))[0]
    w = INVOICE_WORDS[lang]
    if service:
        name, items = rng.choice(SERVICES)
    else:
        name, kind = rng.choice(SHOPS)
        items = GOODS[kind]
    co = _company(rng, name)
    colour = rng.choice(COLOURS)
    amount_style = rng.choice(AMOUNT_STYLES)
    date_style = rng.choice(("slash", "iso", "dot", "long"))
    dc = DocCanvas(
        creator=rng.choice(("Sage 100", "EBP Facturation", "Odoo", "Dolibarr")), stamp=f.issue_date
    )
    logo_mark(dc, 40, 32, 34, colour, rng.choice(("ring", "bars", "grid", "triangle")))
    dc.text(84, 48, co["name"], size=13, font=fonts.bold, color=colour)
    dc.text(
        84, 62, f"{co['street']} - {co['postal_code']} {co['city']}", size=8, font=fonts.regular, color=GREY
    )
    dc.text(84, 73, f"Tél. {co['phone']}", size=8, font=fonts.regular, color=GREY)
    window(dc, 330, 120, _customer_lines(p, rng), font=fonts.regular, size=9.5)
    dc.text(40, 130, w["title"], size=20, font=fonts.bold, color=colour)
    number = f"{rng.choice(('F', 'FA', 'INV-', 'RE'))}{f.issue_date.year}-{random_digits(rng, 5)}"
    y = field(dc, 40, 160, w["number"], number, fonts=fonts, size=9.5)
    y = field(dc, 40, y, w["date"], fmt_date(f.issue_date, date_style), fonts=fonts, size=9.5)
    if rng.random() < 0.6:
        y = field(dc, 40, y, w["client"] + " n°", "C" + random_digits(rng, 6), fonts=fonts, size=9.5)
    lines = _lines(rng, items, rng.randint(2, 4))
    rows = [[d, str(q), fmt_amount(u, amount_style), fmt_amount(q * u, amount_style)] for d, q, u in lines]
    top = table(
        dc,
        40,
        max(y, 215) + 10,
        [250, 50, 95, 120],
        [w["item"], w["qty"], w["unit"], w["total"]],
        rows,
        fonts=fonts,
        size=9,
        aligns="lrrr",
    )
    ht = sum(q * u for _, q, u in lines)
    vat = ht * (19 if lang == "de" else 20) // 100
    y = top + 22
    for label, value in ((w["ht"], ht), (w["vat"], vat), (w["ttc"], ht + vat)):
        dc.text(400, y, label, size=9.5, font=fonts.bold if label == w["ttc"] else fonts.regular)
        dc.text(555, y, fmt_amount(value, amount_style), size=9.5, font=fonts.bold, align="right")
        y += 15
    y += 18
    due = f.issue_date + timedelta(days=rng.choice((0, 15, 30)))
    dc.text(40, y, f"{w['due']} : {fmt_date(due, date_style)}", size=9, font=fonts.regular)
    if rng.random() < 0.6:
        account = make_bank_account(rng, rng.choice(BANKS)[1])
        y += 14
        dc.text(
            40,
            y,
            f"{w['pay']} - IBAN {account.iban_grouped} - BIC {rng.choice(BANKS)[0][:4].upper()}FRPP",
            size=8,
        )
    if rng.random() < 0.4:
        qr_like(dc, 480, y + 20, 60, rng)
    if rng.random() < 0.3:
        stamp(dc, 80, y + 40, ["PAYÉ" if lang == "fr" else "PAID"], colour)
    _footer(dc, co, rng)
    return dc


def _letter(f: OtherFacts, rng: random.Random) -> DocCanvas:
    p = f.person
    fonts = FONTS[rng.choice(("helvetica", "times", "vera"))]
    kind = rng.choice(("relance", "offre", "commande", "information", "resiliation_confirmee"))
    name = rng.choice(
        (
            "Assurances Méditerranée",
            "Auto-École Horizon",
            "Club Forme Azur",
            "Opticien Vision Plus",
            "Agence Immobilière du Port",
            "Mutuelle Santé Sud",
            "Éditions Lumière",
        )
    )
    co = _company(rng, name)
    colour = rng.choice(COLOURS)
    dc = DocCanvas(creator="Microsoft Word", stamp=f.issue_date)
    logo_mark(dc, 40, 30, 30, colour, rng.choice(("ring", "bars", "leaf")))
    dc.text(78, 46, co["name"], size=12, font=fonts.bold, color=colour)
    dc.text(
        78, 59, f"{co['street']}, {co['postal_code']} {co['city']}", size=8, font=fonts.regular, color=GREY
    )
    window(dc, 330, 110, _customer_lines(p, rng), font=fonts.regular, size=10)
    dc.text(330, 175, f"{co['city']}, le {fmt_date(f.issue_date, 'long')}", size=10, font=fonts.regular)
    ref = f"Réf. : {rng.choice(('CL', 'DOS', 'CT'))}-{random_digits(rng, 6)}"
    dc.text(40, 205, ref, size=9, font=fonts.regular, color=GREY)
    subjects = {
        "relance": "Objet : relance pour facture impayée",
        "offre": "Objet : notre offre personnalisée",
        "commande": "Objet : confirmation de votre commande",
        "information": "Objet : évolution de nos conditions générales",
        "resiliation_confirmee": "Objet : confirmation de résiliation",
    }
    bodies = {
        "relance": (
            f"Sauf erreur de notre part, la facture n° {random_digits(rng, 6)} d'un montant de "
            f"{fmt_amount(rng.randint(3000, 90000), 'fr')} reste impayée à ce jour. Nous vous remercions "
            "de bien vouloir procéder à son règlement dans les meilleurs délais."
        ),
        "offre": (
            "Fidèle client, vous bénéficiez ce mois-ci d'une remise exceptionnelle sur l'ensemble de nos "
            "services. Cette offre est valable jusqu'à la fin du mois sur simple présentation de ce courrier."
        ),
        "commande": (
            f"Nous accusons réception de votre commande n° {random_digits(rng, 7)} du "
            f"{fmt_date(f.issue_date - timedelta(days=3), 'slash')}. Elle sera expédiée sous huit jours "
            "ouvrés à l'adresse indiquée ci-dessus."
        ),
        "information": (
            "Nous vous informons qu'à compter du premier jour du mois prochain, nos conditions générales "
            "évoluent. Le nouveau document est consultable dans votre espace client."
        ),
        "resiliation_confirmee": (
            "Nous accusons réception de votre demande et vous confirmons la résiliation de votre contrat "
            "à la date d'échéance. Aucun prélèvement ne sera effectué après cette date."
        ),
    }
    dc.text(40, 230, subjects[kind], size=10.5, font=fonts.bold)
    y = prose(dc, 40, 262, f"{p.civility},", 515, font=fonts.regular, size=10.5)
    y = prose(dc, 40, y + 6, bodies[kind], 515, font=fonts.regular, size=10.5, leading=15) + 8
    closing = rng.choice(
        (
            f"Nous vous prions d'agréer, {p.civility}, l'expression de nos salutations distinguées.",
            "Nous restons à votre disposition pour tout renseignement. Cordialement,",
            f"Veuillez recevoir, {p.civility}, nos sincères salutations.",
        )
    )
    y = prose(dc, 40, y + 6, closing, 515, font=fonts.regular, size=10.5, leading=15)
    dc.text(
        330,
        y + 30,
        rng.choice(("Le service client", "La direction", "Le service comptabilité")),
        size=10,
        font=fonts.regular,
    )
    draw_signature(dc, 340, y + 60, 90, rng)
    _footer(dc, co, rng)
    return dc


def _contract(f: OtherFacts, rng: random.Random) -> DocCanvas:
    p = f.person
    fonts = FONTS[rng.choice(("times", "helvetica", "vera"))]
    kind = rng.choice(
        (
            (
                "CONTRAT DE LOCATION DE VÉHICULE",
                "Loca Sud Véhicules",
                "la location d'un véhicule de tourisme",
            ),
            ("CONTRAT DE PRESTATION DE SERVICES", "Jardins et Services", "l'entretien d'un jardin"),
            ("CONTRAT D'ABONNEMENT", "Salle Fitness Plus", "l'accès illimité à la salle de sport"),
            ("CONTRAT DE TRAVAIL À DURÉE DÉTERMINÉE", "Transports Giraud", "un emploi de chauffeur livreur"),
        )
    )
    title, company, purpose = kind
    co = _company(rng, company)
    dc = DocCanvas(creator="LibreOffice Writer", stamp=f.issue_date, title=title.title())
    dc.text(dc.width / 2, 70, title, size=14, font=fonts.bold, align="center")
    dc.text(
        dc.width / 2,
        88,
        f"N° {random_digits(rng, 8)}",
        size=9,
        font=fonts.regular,
        color=GREY,
        align="center",
    )
    y = prose(dc, 50, 125, "ENTRE LES SOUSSIGNÉS :", 495, font=fonts.bold, size=10)
    y = prose(
        dc,
        50,
        y + 4,
        f"{co['name']}, {co['street']}, {co['postal_code']} {co['city']}, immatriculée sous le numéro "
        f"{co['rcs']}, ci-après « le Prestataire », d'une part,",
        495,
        font=fonts.regular,
        size=10,
    )
    y = prose(
        dc,
        50,
        y + 4,
        f"ET {p.civility} {' '.join(p.given_names)} {p.name}, demeurant {p.address.line1}, "
        f"{p.address.postal_code} {p.address.city}, ci-après « le Client », d'autre part,",
        495,
        font=fonts.regular,
        size=10,
    )
    y = prose(dc, 50, y + 8, "IL A ÉTÉ CONVENU CE QUI SUIT :", 495, font=fonts.bold, size=10)
    articles = [
        ("Objet", f"Le présent contrat a pour objet {purpose}, dans les conditions définies ci-après."),
        (
            "Durée",
            f"Il prend effet le {fmt_date(f.issue_date, 'long')} pour une durée de "
            f"{rng.choice((6, 12, 24))} mois.",
        ),
        (
            "Prix",
            f"Le prix convenu est de {fmt_amount(rng.randint(5000, 200000), 'fr')} "
            "payable selon l'échéancier.",
        ),
        (
            "Résiliation",
            "Chaque partie peut résilier le contrat par lettre recommandée avec un préavis d'un mois.",
        ),
        ("Litiges", f"Tout litige relève de la compétence des tribunaux de {co['city']}."),
    ]
    for i, (name, text) in enumerate(articles, start=1):
        y = prose(dc, 50, y + 10, f"Article {i} - {name}", 495, font=fonts.bold, size=10)
        y = prose(dc, 50, y + 2, text, 495, font=fonts.regular, size=10)
    y += 25
    dc.text(
        50,
        y,
        f"Fait à {co['city']}, le {fmt_date(f.issue_date, 'slash')}, en deux exemplaires.",
        size=10,
        font=fonts.regular,
    )
    dc.text(70, y + 30, "Le Prestataire", size=10, font=fonts.regular)
    dc.text(360, y + 30, "Le Client (lu et approuvé)", size=10, font=fonts.regular)
    draw_signature(dc, 80, y + 60, 90, rng)
    draw_signature(dc, 370, y + 60, 90, rng)
    return dc


def _payslip(f: OtherFacts, rng: random.Random) -> DocCanvas:
    p = f.person
    fonts = FONTS[rng.choice(("helvetica", "courier", "vera"))]
    employer, naf = rng.choice(EMPLOYERS)
    co = _company(rng, employer)
    month = f.issue_date.replace(day=1) - timedelta(days=1)
    dc = DocCanvas(creator="Silae Paie", stamp=f.issue_date, title="Bulletin de paie")
    dc.text(40, 50, rng.choice(("BULLETIN DE PAIE", "BULLETIN DE SALAIRE")), size=15, font=fonts.bold)
    dc.text(40, 66, f"Période du 01/{month:%m/%Y} au {month:%d/%m/%Y}", size=9, font=fonts.regular)
    y = field(dc, 40, 95, "Employeur", co["name"], fonts=fonts, size=9)
    y = field(dc, 40, y, "SIRET", co["siret"], fonts=fonts, size=9)
    y = field(dc, 40, y, "Code NAF", naf, fonts=fonts, size=9)
    y = field(dc, 40, y, "URSSAF", random_digits(rng, 12), fonts=fonts, size=9)
    window(dc, 330, 100, _customer_lines(p, rng), font=fonts.regular, size=9.5)
    y = field(
        dc,
        330,
        160,
        "Emploi",
        rng.choice(("Employé polyvalent", "Agent d'accueil", "Chauffeur")),
        fonts=fonts,
        size=9,
    )
    y = field(
        dc,
        330,
        y,
        "N° sécurité sociale",
        f"{rng.choice('12')} {random_digits(rng, 2)} {random_digits(rng, 2)} "
        f"{random_digits(rng, 2)} {random_digits(rng, 3)} {random_digits(rng, 3)}",
        fonts=fonts,
        size=9,
    )
    gross = rng.randint(150000, 320000)
    rows = [
        ["Salaire de base", "151,67", fmt_amount(gross * 100 // 15167, "fr"), fmt_amount(gross, "fr"), ""]
    ]
    total_contrib = 0
    for name, rate in (
        ("Sécurité sociale maladie", 0),
        ("Vieillesse plafonnée", 690),
        ("Retraite complémentaire", 401),
        ("CSG déductible", 680),
        ("CSG/CRDS non déductible", 290),
    ):
        amount = gross * rate // 10000
        total_contrib += amount
        rows.append(
            [
                name,
                fmt_amount(gross, "fr"),
                f"{rate / 100:.2f}".replace(".", ","),
                "",
                fmt_amount(amount, "fr"),
            ]
        )
    top = table(
        dc,
        40,
        230,
        [190, 80, 60, 95, 90],
        ["Rubrique", "Base", "Taux", "À payer", "À déduire"],
        rows,
        fonts=fonts,
        size=8,
        aligns="lrrrr",
    )
    net = gross - total_contrib
    y = top + 24
    for label, value in (
        ("Salaire brut", gross),
        ("Net à payer avant impôt", net),
        ("Impôt sur le revenu prélevé à la source", net * 3 // 100),
        ("NET À PAYER", net - net * 3 // 100),
    ):
        dc.text(300, y, label, size=9, font=fonts.bold if label.isupper() else fonts.regular)
        dc.text(555, y, fmt_amount(value, "fr"), size=9, font=fonts.bold, align="right")
        y += 14
    dc.text(
        40, y + 20, f"Payé le {fmt_date(f.issue_date, 'slash')} par virement", size=8.5, font=fonts.regular
    )
    dc.text(40, y + 34, "Congés payés acquis : 2,08 j - pris : 0 j", size=8.5, font=fonts.regular, color=GREY)
    dc.text(
        40,
        y + 60,
        "Dans votre intérêt, conservez ce bulletin de paie sans limitation de durée.",
        size=7.5,
        font=fonts.italic,
        color=GREY,
    )
    return dc


def _statement(f: OtherFacts, rng: random.Random) -> DocCanvas:
    p = f.person
    fonts = FONTS[rng.choice(("helvetica", "vera", "times"))]
    bank, code = rng.choice(BANKS)
    colour = rng.choice(COLOURS)
    account = make_bank_account(rng, code)
    start = f.issue_date.replace(day=1) - timedelta(days=1)
    start = start.replace(day=1)
    dc = DocCanvas(creator=bank, stamp=f.issue_date, title="Relevé de compte")
    band(dc, 20, 40, colour)
    dc.text(40, 46, bank.upper(), size=13, font=fonts.bold, color=(1, 1, 1))
    dc.text(
        40,
        90,
        rng.choice(("RELEVÉ DE COMPTE", "EXTRAIT DE COMPTE", "Relevé de vos opérations")),
        size=14,
        font=fonts.bold,
    )
    dc.text(40, 106, f"Compte courant n° {account.account_number}", size=9, font=fonts.regular)
    dc.text(40, 119, f"IBAN {account.iban_grouped}", size=8.5, font=fonts.regular)
    dc.text(
        40,
        132,
        f"BIC {bank[:4].upper().replace(' ', 'X')}FRPP{random_digits(rng, 3)}",
        size=8.5,
        font=fonts.regular,
    )
    window(dc, 330, 95, _customer_lines(p, rng), font=fonts.regular, size=9.5)
    balance = rng.randint(-20000, 300000)
    rows = [
        [fmt_date(start, "slash"), "SOLDE PRÉCÉDENT", "", fmt_amount(balance, "fr") if balance >= 0 else ""]
    ]
    day = start
    labels = (
        "CB CARREFOUR",
        "PRLV SEPA EDF",
        "VIR SALAIRE",
        "CB PHARMACIE",
        "RETRAIT DAB",
        "PRLV SEPA FREE MOBILE",
        "CB BOULANGERIE",
        "VIR CAF",
        "CHQ 1234567",
        "CB STATION SERVICE",
    )
    for _ in range(rng.randint(6, 11)):
        day += timedelta(days=rng.randint(1, 4))
        label = rng.choice(labels)
        amount = rng.randint(500, 150000 if label.startswith("VIR") else 12000)
        credit = label.startswith("VIR")
        balance += amount if credit else -amount
        rows.append(
            [
                fmt_date(day, "slash"),
                label,
                "" if credit else fmt_amount(amount, "fr"),
                fmt_amount(amount, "fr") if credit else "",
            ]
        )
    top = table(
        dc,
        40,
        170,
        [70, 245, 100, 100],
        ["Date", "Libellé", "Débit", "Crédit"],
        rows,
        fonts=fonts,
        size=8.5,
        aligns="llrr",
    )
    dc.text(
        40,
        top + 24,
        f"Nouveau solde au {fmt_date(day, 'slash')} : {fmt_amount(balance, 'fr')}",
        size=10,
        font=fonts.bold,
    )
    if rng.random() < 0.5:
        barcode_like(dc, 40, top + 50, 160, 24, rng)
    return dc


def _form(f: OtherFacts, rng: random.Random) -> DocCanvas:
    p = f.person
    fonts = FONTS[rng.choice(("helvetica", "vera"))]
    filled = rng.random() < 0.6
    title = rng.choice(
        (
            "DEMANDE DE CARTE DE STATIONNEMENT RÉSIDENT",
            "DÉCLARATION DE CHANGEMENT DE SITUATION",
            "DEMANDE D'INSCRIPTION À LA CANTINE SCOLAIRE",
            "FORMULAIRE DE RÉCLAMATION",
            "DEMANDE D'AIDE AUX VACANCES",
        )
    )
    dc = DocCanvas(creator="Formulaire en ligne", stamp=f.issue_date, title=title.title())
    dc.text(
        40,
        40,
        rng.choice(
            (
                "MAIRIE DE MARSEILLE",
                "DÉPARTEMENT DU VAR",
                "CAISSE D'ALLOCATIONS FAMILIALES",
                "MINISTÈRE DE L'INTÉRIEUR",
            )
        ),
        size=9,
        font=fonts.bold,
    )
    if rng.random() < 0.5:
        dc.text(
            555,
            40,
            f"N° {random_digits(rng, 5)}*0{rng.randint(1, 9)}",
            size=9,
            font=fonts.bold,
            align="right",
        )
    dc.text(dc.width / 2, 80, title, size=12.5, font=fonts.bold, align="center")
    y = 110.0
    sections = (
        (
            "1",
            "IDENTITÉ DU DEMANDEUR",
            [
                ("Nom", p.name),
                ("Prénom(s)", " ".join(p.given_names)),
                ("Date de naissance", fmt_date(p.birth_date, "slash")),
            ],
        ),
        (
            "2",
            "ADRESSE",
            [
                ("N° et voie", p.address.line1),
                ("Code postal", p.address.postal_code),
                ("Commune", p.address.city),
            ],
        ),
        (
            "3",
            "VOTRE DEMANDE",
            [
                ("Motif", rng.choice(("Première demande", "Renouvellement", "Modification"))),
                ("Date souhaitée", fmt_date(f.issue_date + timedelta(days=30), "slash")),
            ],
        ),
    )
    for number, name, rows in sections:
        dc.rect(40, y - 12, 515, 17, fill=(0.85, 0.85, 0.85), stroke=None)
        dc.text(46, y, f"{number}. {name}", size=9.5, font=fonts.bold)
        y += 22
        for label, value in rows:
            dc.text(46, y, label, size=9, font=fonts.regular)
            dc.rect(170, y - 11, 380, 15, fill=None, stroke=GREY)
            if filled:
                dc.text(175, y, value, size=9, font=fonts.regular)
            y += 22
        y += 8
    for option in (
        "Je certifie l'exactitude des renseignements fournis",
        "J'accepte d'être contacté par courriel",
    ):
        dc.rect(46, y - 8, 9, 9, fill=None, stroke=GREY)
        if filled:
            dc.text(47, y, "X", size=8, font=fonts.bold)
        dc.text(62, y, option, size=9, font=fonts.regular)
        y += 18
    dc.text(46, y + 16, "Fait à ......................, le ....................", size=9, font=fonts.regular)
    dc.text(360, y + 16, "Signature :", size=9, font=fonts.regular)
    if filled:
        draw_signature(dc, 370, y + 46, 80, rng)
    dc.text(
        40,
        dc.height - 40,
        "Les informations recueillies font l'objet d'un traitement informatique. "
        "Vous disposez d'un droit d'accès et de rectification.",
        size=6.5,
        font=fonts.regular,
        color=GREY,
    )
    return dc


def _works_quote(f: OtherFacts, rng: random.Random) -> DocCanvas:
    p = f.person
    fonts = FONTS[rng.choice(("helvetica", "times", "vera"))]
    trade = rng.choice(
        (
            (
                "Rénovation Provençale",
                ("Dépose carrelage existant", "Pose carrelage 45x45", "Plinthes", "Évacuation gravats"),
            ),
            (
                "Électricité Générale Bruno",
                ("Tableau électrique", "Prises supplémentaires", "Mise à la terre", "Main d'oeuvre"),
            ),
            (
                "Menuiserie Alu Sud",
                ("Fenêtre PVC double vitrage", "Volet roulant", "Pose", "Dépose ancienne fenêtre"),
            ),
            (
                "Peinture Décor",
                ("Préparation des murs", "Peinture plafond", "Peinture murs 2 couches", "Protection sols"),
            ),
        )
    )
    co = _company(rng, trade[0])
    colour = rng.choice(COLOURS)
    style = rng.choice(AMOUNT_STYLES)
    dc = DocCanvas(creator="Batappli", stamp=f.issue_date, title="Devis")
    logo_mark(dc, 40, 30, 32, colour, rng.choice(("house", "bars", "grid")))
    dc.text(80, 46, co["name"], size=12.5, font=fonts.bold, color=colour)
    dc.text(
        80, 59, f"{co['street']} - {co['postal_code']} {co['city']}", size=8, font=fonts.regular, color=GREY
    )
    dc.text(
        80,
        70,
        f"SIRET {format_siret_grouped(co['siret'])} - Assurance décennale n° {random_digits(rng, 8)}",
        size=7.5,
        font=fonts.regular,
        color=GREY,
    )
    window(dc, 330, 110, _customer_lines(p, rng), font=fonts.regular, size=9.5)
    dc.text(
        40,
        130,
        rng.choice(("DEVIS", "DEVIS DE TRAVAUX", "PROPOSITION DE PRIX")),
        size=17,
        font=fonts.bold,
        color=colour,
    )
    y = field(dc, 40, 155, "Devis n°", f"D{f.issue_date.year}{random_digits(rng, 4)}", fonts=fonts, size=9.5)
    y = field(
        dc, 40, y, "Date", fmt_date(f.issue_date, rng.choice(("slash", "long", "iso"))), fonts=fonts, size=9.5
    )
    y = field(dc, 40, y, "Chantier", f"{p.address.line1}, {p.address.city}", fonts=fonts, size=9.5)
    lines = _lines(rng, trade[1], 4)
    rows = [[d, str(q), fmt_amount(u, style), fmt_amount(q * u, style)] for d, q, u in lines]
    top = table(
        dc,
        40,
        max(y, 215) + 8,
        [250, 50, 95, 120],
        ["Désignation", "Qté", "P.U. HT", "Montant HT"],
        rows,
        fonts=fonts,
        size=9,
        aligns="lrrr",
    )
    ht = sum(q * u for _, q, u in lines)
    y = top + 22
    for label, value in (("Total HT", ht), ("TVA 10 %", ht // 10), ("Total TTC", ht + ht // 10)):
        dc.text(400, y, label, size=9.5, font=fonts.regular)
        dc.text(555, y, fmt_amount(value, style), size=9.5, font=fonts.bold, align="right")
        y += 15
    y = prose(
        dc,
        40,
        y + 20,
        f"Devis valable {rng.choice((30, 60, 90))} jours. Acompte de 30 % à la commande. "
        "Bon pour accord, date et signature du client :",
        515,
        font=fonts.regular,
        size=9,
    )
    if rng.random() < 0.5:
        watermark(dc, (0.93, 0.93, 0.93), rng)
    return dc


RENDERERS = {
    "facture_achat": lambda f, rng: _invoice(f, rng, service=False),
    "facture_prestation": lambda f, rng: _invoice(f, rng, service=True),
    "courrier_entreprise": _letter,
    "contrat": _contract,
    "bulletin_paie": _payslip,
    "releve_compte": _statement,
    "formulaire_administratif": _form,
    "devis_travaux": _works_quote,
}


def render_other_more(f: OtherFacts, rng: random.Random) -> Rendered:
    """Draw one of ``OTHER_MORE_LAYOUTS`` (``f.layout``): a document that is none of the pieces."""
    dc = RENDERERS[f.layout](f, rng)
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, {}, f.layout, (dc.width, dc.height))
