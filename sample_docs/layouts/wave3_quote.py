"""Wave-3 training quotes (held out).

A quote whose training is split into modules in a table (ISO dates, a total
row, ``1.234,50 €``), a quote written as a letter (« Madame, … », dates with
their weekday, the price in figures and in words), a quote of two or three
pages whose price is on page 2 only with the general terms of sale after it
(``EUR 1 234,50``, ``6 janv. 2026`` dates), and a quote printing many amounts
(excluding and including VAT, deposit, balance, the share a funder is asked
for, what is left to the trainee) of which the total is the cost. Every
family prints the facts' cost (``f.cost_cents``) and SIRET (``f.siret``;
nothing derived from it when it is empty: fault ``field_not_found``). Their
split and wave are in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sample_docs.identifiers import format_siret_grouped
from sample_docs.layouts.kit import FONTS, fit, fmt_amount, fmt_date, keep, logo_mark, prose, random_digits
from sample_docs.layouts.quote_more import finish  # the truth plumbing every family shares
from sample_docs.layouts.wave3_kit import (
    OTHER_GIVEN,
    amount_in_words,
    cell_table,
    checkbox,
    fmt_date_w3,
    fmt_money_w3,
    small_print,
)
from sample_docs.people import OTHER_LAST_NAMES, fold_text
from sample_docs.plans import QuoteFacts
from sample_docs.render import GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered, draw_signature


def fees_of(f: QuoteFacts) -> int:
    """Enrolment fees included in the cost (0 when none or not below the cost)."""
    fees = f.training.enrolment_fees_cents
    return fees if 0 < fees < f.cost_cents else 0


def nda_grouped(nda: str) -> str:
    """``93 13 01234 56`` (the activity declaration number: 11 digits, not a SIRET)."""
    return f"{nda[:2]} {nda[2:4]} {nda[4:9]} {nda[9:]}"


def quote_number(f: QuoteFacts) -> str:
    """The provider's own numbering of the quote (``2026/0412``)."""
    digits = f.training.reference.rsplit("-", 1)[-1]
    return f"{f.training.issue_date.year}/{digits}"


def slug(name: str) -> str:
    """``ecole-cuisine-saveurs-d-avignon`` (a web or mail domain made from a name)."""
    words = "".join(c if c.isalnum() else " " for c in fold_text(name).lower()).split()
    return "-".join(w for w in words if len(w) > 1)[:30].strip("-")


def learner_civility(f: QuoteFacts) -> str:
    """``Madame`` or ``Monsieur`` (the learner's first word)."""
    return f.learner.split()[0]


def signatory(rng: random.Random) -> str:
    """A name for the provider's signatory (never an applicant's)."""
    return f"{rng.choice(OTHER_GIVEN)} {rng.choice(OTHER_LAST_NAMES)}"


MODULE_NAMES = (
    "Accueil, positionnement et individualisation du parcours",
    "Fondamentaux du métier",
    "Techniques professionnelles",
    "Mises en situation et projets",
    "Période en entreprise",
    "Préparation et passage de la certification",
)


def split_modules(f: QuoteFacts, rng: random.Random) -> list[tuple[str, date, date, int, int]]:
    """(name, start, end, hours, cents) of each module, adding up to the training's hours, dates, price."""
    t = f.training
    span = (t.end_date - t.start_date).days
    n = 1 if t.hours < 30 or span < 6 else 2 if t.hours <= 40 or span < 20 else rng.randint(3, 5)
    names = [MODULE_NAMES[0], *MODULE_NAMES[1 : n - 1], MODULE_NAMES[-1]] if n > 1 else [t.title]
    if n > 2 and rng.random() < 0.5:
        names[-2] = MODULE_NAMES[4]
    weights = [rng.uniform(0.6, 1.6) for _ in range(n)]
    hours = [max(1, int(t.hours * w / sum(weights))) for w in weights]
    hours[-1] = t.hours - sum(hours[:-1])
    while hours[-1] < 1:  # keep every module at least an hour
        i = hours.index(max(hours))
        hours[i] -= 1
        hours[-1] += 1
    modules = []
    done = 0
    first = t.start_date
    spent = 0
    for i in range(n):
        done += hours[i]
        last = t.end_date if i == n - 1 else t.start_date + timedelta(days=round(span * done / t.hours))
        last = max(last, first)
        cents = f.cost_cents - spent if i == n - 1 else round(f.cost_cents * hours[i] / t.hours / 100) * 100
        spent += cents
        modules.append((names[i], first, last, hours[i], cents))
        first = min(last + timedelta(days=1), t.end_date)
    return modules


# --------------------------------------------------------------------------- table of modules


TEAL = (0.0, 0.4, 0.45)


def render_modules(f: QuoteFacts, rng: random.Random) -> Rendered:
    """A quote whose training is split into modules in a table; ISO dates; ``1.234,50 €``."""
    F = FONTS["helvetica"]
    t, p = f.training, f.training.provider
    iso = lambda day: day.isoformat()  # noqa: E731
    money = lambda cents: fmt_money_w3(cents, "dot_sym")  # noqa: E731
    dc = DocCanvas(creator=f"{p.name} - Devis", stamp=t.issue_date, title="Devis")
    logo_mark(dc, 40, 30, 30, TEAL, "triangle")
    fit(dc, 80, 46, p.name, 250, font=F.bold, size=14, color=TEAL)
    dc.text(80, 59, f"{p.street} - {p.postal_code} {p.city}", size=8)
    dc.text(80, 70, f"Tél. {p.phone}", size=8)
    if f.siret:
        dc.text(80, 81, f"SIRET : {format_siret_grouped(f.siret)}", size=8)
    dc.text(80, 92, f"N° d'activité {p.nda} (préfet de région PACA)", size=7.5, color=GREY)
    dc.text(555, 46, "DEVIS", size=24, font=F.bold, color=TEAL, align="right")
    cell_table(
        dc,
        375,
        60,
        [80, 100],
        None,
        [
            ["Numéro", quote_number(f)],
            ["Date", iso(t.issue_date)],
            ["Valable jusqu'au", iso(t.issue_date + timedelta(days=60))],
        ],
        fonts=F,
        size=8,
        vertical=False,
    )
    dc.rect(40, 126, 250, 52, fill=(0.94, 0.97, 0.97), stroke=None)
    dc.text(50, 142, "Bénéficiaire", size=7.5, color=GREY)
    fit(dc, 50, 158, f.learner, 230, font=F.bold, size=10)
    dc.text(50, 171, "Stagiaire de la formation professionnelle", size=7.5, color=GREY)
    dc.rect(305, 126, 250, 52, fill=(0.94, 0.97, 0.97), stroke=None)
    dc.text(315, 142, "Financeur sollicité", size=7.5, color=GREY)
    dc.text(
        315, 158, rng.choice(("Région Sud - aide individuelle", "Région Provence-Alpes-Côte d'Azur")), size=9
    )
    dc.text(315, 171, "Dispositif : aide individuelle à la formation", size=7.5, color=GREY)
    dc.text(40, 206, "Action de formation", size=8, color=GREY)
    fit(dc, 40, 222, t.title, 515, font=F.bold, size=12.5, color=TEAL)
    modules = split_modules(f, rng)
    rows = [
        [str(i + 1), name, iso(start), iso(end), f"{hours}", money(cents)]
        for i, (name, start, end, hours, cents) in enumerate(modules)
    ]
    rows.append(
        ["", "Total de l'action", iso(t.start_date), iso(t.end_date), f"{t.hours}", money(f.cost_cents)]
    )
    y = cell_table(
        dc,
        40,
        240,
        [22, 211, 72, 72, 50, 88],
        ["N°", "Module", "Du", "Au", "Heures", "Prix net"],
        rows,
        fonts=F,
        size=8,
        aligns="clccrr",
        header_fill=TEAL,
        header_color=WHITE,
        bold_rows=(-1,),
        row_height=19,
    )
    y += 20
    fees = fees_of(f)
    notes = ["TVA non applicable - article 261-4-4° a du Code général des impôts."]
    if fees:
        notes.append(f"Le prix net comprend {money(fees)} de droits d'inscription.")
    notes.append(f"Durée hebdomadaire : {rng.choice((30, 35))} heures en centre, du lundi au vendredi.")
    for note in notes:
        dc.text(40, y, note, size=8.5)
        y += 13
    y += 8
    dc.rect(305, y, 250, 34, fill=TEAL, stroke=None)
    dc.text(317, y + 21, "Net à payer", size=10, font=F.bold, color=WHITE)
    dc.text(545, y + 21, money(f.cost_cents), size=12, font=F.bold, color=WHITE, align="right")
    y += 64
    dc.text(40, y, "Bon pour accord", size=10, font=F.bold)
    dc.rect(40, y + 8, 250, 70, fill=None, stroke=LIGHT_GREY)
    dc.text(48, y + 22, "Date :", size=8, color=GREY)
    dc.text(48, y + 40, "Signature du bénéficiaire :", size=8, color=GREY)
    dc.text(305, y + 22, "Pour l'organisme de formation,", size=8.5)
    dc.text(305, y + 35, signatory(rng), size=8.5, font=F.bold)
    draw_signature(dc, 320, y + 62, 90, rng)
    legal = [f"{p.name} - {p.street}, {p.postal_code} {p.city}"]
    if f.siret:
        legal.append(
            f"SIRET {format_siret_grouped(f.siret)} - Cet enregistrement ne vaut pas agrément de l'État"
        )
    small_print(dc, legal, font=F.regular)
    return finish(dc, f)


# --------------------------------------------------------------------------- letter


def render_letter(f: QuoteFacts, rng: random.Random) -> Rendered:
    """A quote written as a letter: weekday dates, hours and price (figures and words) in sentences."""
    T = FONTS["times"]
    t, p = f.training, f.training.provider
    d = lambda day: fmt_date(day, "long")  # noqa: E731
    wd = lambda day: fmt_date_w3(day, "weekday_slash")  # noqa: E731
    dc = DocCanvas(creator="Microsoft Word - Modèle proposition", stamp=t.issue_date, title="Proposition")
    dc.text(297, 48, p.name.upper(), size=15, font=T.bold, align="center")
    dc.text(
        297, 62, f"{p.street} - {p.postal_code} {p.city} - {p.phone}", size=8.5, font=T.italic, align="center"
    )
    dc.hline(150, 445, 70, color=GREY, line_width=0.5)
    dc.text(330, 110, f"{p.city}, le {d(t.issue_date)}", size=10.5, font=T.regular)
    dc.text(330, 140, f.learner, size=10.5, font=T.regular)
    dc.text(40, 180, f"Réf. : proposition n° {quote_number(f)}", size=10, font=T.regular)
    dc.text(40, 194, "Objet : proposition de formation et conditions tarifaires", size=10, font=T.bold)
    civility = learner_civility(f)
    dc.text(40, 226, f"{civility},", size=10.5, font=T.regular)
    fees = fees_of(f)
    price = fmt_money_w3(f.cost_cents, "sym_ttc")
    practice = t.hours // 5 if t.hours > 100 else 0
    weekly = rng.choice((30, 35))
    paragraphs = [
        "Faisant suite à notre entretien et à l'examen de votre projet professionnel, nous avons le plaisir "
        "de vous adresser notre proposition pour la formation suivante :",
        f"« {keep(t.title)} ».",
        f"La formation se déroulera du {keep(wd(t.start_date))} au {keep(wd(t.end_date))}, à raison de "
        f"{weekly} heures par semaine, soit une durée totale de {t.hours} heures"
        + (f", dont {practice} heures de stage en entreprise." if practice else "."),
        f"Le coût de cette formation s'élève à {keep(price)} ({amount_in_words(f.cost_cents)}), TVA au "
        "taux de 20 % incluse"
        + (f", frais de dossier de {keep(fmt_amount(fees, 'fr'))} compris." if fees else "."),
        "Ce prix peut être pris en charge en tout ou partie par la Région dans le cadre de l'aide "
        "individuelle à la formation. Nous vous invitons à joindre la présente proposition à votre "
        "demande ; elle reste valable trois mois à compter de sa date d'émission.",
        f"Nous restons à votre disposition pour tout renseignement et vous prions d'agréer, {civility}, "
        "l'expression de nos salutations distinguées.",
    ]
    y = 250
    for i, paragraph in enumerate(paragraphs):
        if i == 1:
            y = prose(dc, 80, y, paragraph, 435, font=T.bold, size=11) + 6
        else:
            y = prose(dc, 40, y, paragraph, 515, font=T.regular, size=10.5, leading=15) + 8
    y += 10
    name = signatory(rng)
    dc.text(330, y, name, size=10.5, font=T.regular)
    dc.text(330, y + 14, "Responsable pédagogique", size=10, font=T.italic)
    draw_signature(dc, 340, y + 44, 100, rng)
    y += 78
    dc.rect(40, y, 515, 74, fill=None, stroke=GREY, line_width=0.6)
    dc.text(50, y + 18, "Bon pour accord - à retourner daté et signé", size=10, font=T.bold)
    checkbox(dc, 50, y + 30, 9, False)
    dc.text(
        65,
        y + 38,
        "J'accepte la présente proposition et les conditions générales de vente.",
        size=9.5,
        font=T.regular,
    )
    dc.text(50, y + 60, "Date :", size=9.5, font=T.regular)
    dc.text(300, y + 60, "Signature :", size=9.5, font=T.regular)
    legal = [f"{p.name} - Numéro de déclaration d'activité {nda_grouped(p.nda)}"]
    if f.siret:
        legal.append(f"Siret {f.siret} - Code APE 8559A")
    small_print(dc, legal, font=T.regular, size=7)
    return finish(dc, f)


# --------------------------------------------------------------------------- price on page 2, terms after


VIOLET = (0.32, 0.2, 0.55)

TERMS = (
    (
        "Article 1 - Objet et champ d'application",
        "Les présentes conditions générales s'appliquent à toute action de formation commandée à l'organisme "
        "par une personne physique à titre individuel. Toute inscription vaut acceptation sans réserve de "
        "leur contenu.",
    ),
    (
        "Article 2 - Inscription",
        "L'inscription devient définitive à réception du devis signé et, le cas échéant, de l'accord de "
        "prise "
        "en charge du financeur. Un contrat de formation professionnelle est alors adressé au stagiaire.",
    ),
    (
        "Article 3 - Délai de rétractation",
        "À compter de la signature du contrat, le stagiaire dispose d'un délai de dix jours pour se "
        "rétracter "
        "par lettre recommandée avec avis de réception. Aucune somme ne peut être exigée avant son "
        "expiration.",
    ),
    (
        "Article 4 - Prix et règlement",
        "Les prix sont indiqués nets, l'organisme n'étant pas assujetti à la TVA pour ses actions de "
        "formation. Les sommes non prises en charge par un financeur sont dues par le stagiaire selon "
        "l'échéancier convenu.",
    ),
    (
        "Article 5 - Abandon, absence",
        "En cas d'abandon en cours de formation pour un motif autre que la force majeure dûment reconnue, "
        "seules les heures effectivement suivies sont facturées au prorata de la durée totale.",
    ),
    (
        "Article 6 - Report ou annulation par l'organisme",
        "L'organisme se réserve le droit de reporter une session lorsque le nombre de participants est "
        "insuffisant ; le stagiaire en est informé au moins dix jours ouvrés avant le début de la session.",
    ),
    (
        "Article 7 - Propriété intellectuelle",
        "Les supports remis au stagiaire sont réservés à son usage personnel. Toute reproduction ou "
        "diffusion "
        "sans l'accord écrit de l'organisme est interdite.",
    ),
    (
        "Article 8 - Données personnelles",
        "Les données recueillies sont nécessaires à la gestion de la formation et aux déclarations auprès "
        "des "
        "financeurs. Le stagiaire dispose d'un droit d'accès, de rectification et d'effacement.",
    ),
    (
        "Article 9 - Règlement intérieur",
        "Le stagiaire s'engage à respecter le règlement intérieur de l'organisme, qui lui est remis lors de "
        "l'accueil et affiché dans les locaux.",
    ),
    (
        "Article 10 - Réclamations et litiges",
        "Toute réclamation est adressée par écrit au responsable qualité. À défaut d'accord amiable, le "
        "litige est porté devant le tribunal compétent du siège de l'organisme.",
    ),
)


def page_footer(dc: DocCanvas, f: QuoteFacts, page: int, pages: int, font: str) -> None:
    """The provider and SIRET on every page, with the page number."""
    p = f.training.provider
    text = f"{p.name} - {p.postal_code} {p.city}"
    if f.siret:
        text += f" - N° SIRET {f.siret[:9]} {f.siret[9:]}"
    dc.hline(40, 555, dc.height - 46, color=LIGHT_GREY)
    fit(dc, 40, dc.height - 34, text, 440, font=font, size=7, color=GREY)
    dc.text(555, dc.height - 34, f"Page {page} sur {pages}", size=7, font=font, color=GREY, align="right")


def render_price_page_2(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Two or three pages: the training on p.1, the price on p.2 only, the terms of sale after it."""
    V, T = FONTS["vera"], FONTS["times"]
    t, p = f.training, f.training.provider
    d = lambda day: fmt_date_w3(day, "abbr_fr")  # noqa: E731
    money = lambda cents: fmt_money_w3(cents, "eur_fr")  # noqa: E731
    pages = rng.choice((2, 3))
    dc = DocCanvas(creator=f"{p.name} - Logiciel de gestion", stamp=t.issue_date, title="Devis de formation")
    # ---- page 1: who, what, when; no amount at all
    dc.rect(0, 0, dc.width, 90, fill=VIOLET, stroke=None)
    fit(dc, 40, 42, p.name, 330, font=V.bold, size=17, color=WHITE)
    dc.text(40, 58, f"{p.street}, {p.postal_code} {p.city}", size=8.5, font=V.regular, color=WHITE)
    if f.siret:
        dc.text(40, 72, f"SIRET {format_siret_grouped(f.siret)}", size=8.5, font=V.regular, color=WHITE)
    dc.text(555, 42, "Devis de formation", size=13, font=V.bold, color=WHITE, align="right")
    dc.text(555, 58, f"N° {quote_number(f)}", size=9, font=V.regular, color=WHITE, align="right")
    dc.text(40, 124, "Date d'émission", size=8, font=V.regular, color=GREY)
    dc.text(40, 138, d(t.issue_date), size=11, font=V.bold)
    dc.text(200, 124, "Validité de l'offre", size=8, font=V.regular, color=GREY)
    dc.text(200, 138, f"jusqu'au {d(t.issue_date + timedelta(days=90))}", size=11, font=V.bold)
    dc.text(380, 124, "Participant(e)", size=8, font=V.regular, color=GREY)
    fit(dc, 380, 138, f.learner, 175, font=V.bold, size=11)
    dc.hline(40, 555, 156, color=LIGHT_GREY)
    dc.text(40, 184, "Formation", size=8, font=V.regular, color=GREY)
    fit(dc, 40, 202, t.title, 515, font=V.bold, size=14, color=VIOLET)
    rows = [
        ("Date de début", d(t.start_date)),
        ("Date de fin", d(t.end_date)),
        ("Volume horaire total", f"{t.hours} h"),
        ("Rythme", f"{rng.choice((28, 30, 35))} h hebdomadaires, en présentiel"),
        ("Lieu", f"{p.street}, {p.postal_code} {p.city}"),
        ("Public", "Demandeurs d'emploi, salariés en reconversion"),
        ("Prérequis", rng.choice(("Niveau 3e ou équivalent", "Aucun", "Entretien de positionnement"))),
    ]
    y = 232
    for label, value in rows:
        dc.text(40, y, label, size=9, font=V.regular, color=GREY)
        fit(dc, 200, y, value, 355, font=V.bold, size=9.5)
        y += 18
    y += 14
    dc.text(40, y, "Objectifs et contenu", size=11, font=V.bold, color=VIOLET)
    y += 18
    bullets = [
        "Acquérir les compétences professionnelles décrites dans le référentiel de la certification visée.",
        "Alterner apports théoriques, ateliers pratiques et mises en situation professionnelle.",
        "Se préparer aux épreuves d'évaluation devant un jury de professionnels.",
        "Bénéficier d'un accompagnement individuel à la recherche d'emploi en fin de parcours.",
    ]
    for bullet in bullets:
        dc.circle(46, y - 3, 1.8, fill=VIOLET)
        y = prose(dc, 56, y, bullet, 499, font=V.regular, size=9) + 3
    y += 14
    dc.text(40, y, "Modalités d'évaluation", size=11, font=V.bold, color=VIOLET)
    y = prose(
        dc,
        40,
        y + 18,
        "Évaluations formatives en cours de formation, dossier professionnel et épreuve de mise en "
        "situation. "
        "Une attestation de fin de formation est remise à chaque stagiaire.",
        515,
        font=V.regular,
        size=9,
    )
    dc.rect(40, y + 16, 515, 30, fill=(0.95, 0.93, 0.98), stroke=None)
    dc.text(
        52,
        y + 35,
        "Conditions financières et conditions générales de vente : voir pages suivantes.",
        size=9,
        font=V.italic,
    )
    page_footer(dc, f, 1, pages, V.regular)
    # ---- page 2: the price, a schedule of payments, the first terms
    dc.new_page()
    dc.text(40, 60, "Conditions financières", size=14, font=V.bold, color=VIOLET)
    fees = fees_of(f)
    lines = [["Coût pédagogique de l'action", f"{t.hours} h", money(f.cost_cents - fees)]]
    if fees:
        lines.append(["Droits d'inscription", "forfait", money(fees)])
    lines.append(["Prix total, net de taxes", "", money(f.cost_cents)])
    y = cell_table(
        dc,
        40,
        74,
        [300, 90, 125],
        ["Prestation", "Volume", "Prix net"],
        lines,
        fonts=V,
        size=9,
        aligns="lcr",
        header_fill=(0.9, 0.87, 0.95),
        bold_rows=(-1,),
        row_height=20,
    )
    dc.text(40, y + 16, "Exonération de TVA - article 261-4-4° a du CGI", size=8, font=V.italic, color=GREY)
    y += 42
    dc.text(40, y, "Échéancier en cas de paiement par le stagiaire", size=10, font=V.bold)
    share = f.cost_cents // 3 // 100 * 100
    schedule = [
        [d(t.start_date - timedelta(days=14)), "À l'inscription", money(share)],
        [d(t.start_date + timedelta(days=30)), "Deuxième échéance", money(share)],
        [d(t.start_date + timedelta(days=60)), "Solde", money(f.cost_cents - 2 * share)],
    ]
    y = cell_table(
        dc, 40, y + 8, [130, 260, 125], None, schedule, fonts=V, size=8.5, aligns="llr", vertical=False
    )
    y += 30
    terms = list(TERMS[:7]) if pages == 2 else list(TERMS[:5])
    dc.text(40, y, "Nos conditions générales de vente", size=12, font=T.bold, color=VIOLET)
    y += 20
    for title, text in terms:
        dc.text(40, y, title, size=9, font=T.bold)
        y = prose(dc, 40, y + 12, text, 515, font=T.regular, size=8.5) + 6
    page_footer(dc, f, 2, pages, V.regular)
    if pages == 3:
        dc.new_page()
        y = 60
        dc.text(40, y, "Conditions générales de vente (suite)", size=12, font=T.bold, color=VIOLET)
        y += 20
        for title, text in TERMS[5:]:
            dc.text(40, y, title, size=9, font=T.bold)
            y = prose(dc, 40, y + 12, text, 515, font=T.regular, size=8.5) + 6
        y += 20
    else:
        y += 16
    dc.text(40, y, "Lu et approuvé, bon pour accord", size=9.5, font=V.bold)
    dc.text(40, y + 16, "Date et signature du stagiaire :", size=8.5, font=V.regular, color=GREY)
    dc.rect(40, y + 24, 240, 60, fill=None, stroke=LIGHT_GREY)
    dc.text(330, y + 16, "Cachet et signature de l'organisme :", size=8.5, font=V.regular, color=GREY)
    draw_signature(dc, 345, y + 60, 90, rng)
    page_footer(dc, f, pages, pages, V.regular)
    return finish(dc, f)


# --------------------------------------------------------------------------- many amounts


def render_many_amounts(f: QuoteFacts, rng: random.Random) -> Rendered:
    """A quote with HT, VAT, TTC, deposit, balance, a funder's share and the rest: the cost is the TTC."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    t, p = f.training, f.training.provider
    d = lambda day: fmt_date(day, "dot")  # noqa: E731
    money = lambda cents: fmt_amount(cents, "fr")  # noqa: E731
    dc = DocCanvas(creator=f"{p.name} - ERP Formation", stamp=t.issue_date, title="Devis")
    dc.rect(40, 30, 4, 56, fill=(0.75, 0.3, 0.1), stroke=None)
    fit(dc, 54, 44, p.name, 280, font=F.bold, size=14)
    dc.text(54, 57, f"{p.street}, {p.postal_code} {p.city}", size=8)
    dc.text(54, 68, f"Tél. {p.phone} - contact@{slug(p.name)}.fr", size=8)
    if f.siret:
        siret = f.siret
        dc.text(54, 79, f"SIRET {siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:12]} {siret[12:]}", size=8)
    dc.text(555, 44, f"Devis {quote_number(f)}", size=13, font=F.bold, align="right")
    dc.text(555, 58, f"Date : {d(t.issue_date)}", size=9, align="right")
    dc.text(555, 70, f"Réf. client : {random_digits(rng, 6)}", size=8, color=GREY, align="right")
    vat = rng.random() < 0.5  # the provider charges VAT: the cost includes it
    ht = round(f.cost_cents / 1.2) if vat else f.cost_cents
    deposit = round(f.cost_cents * 0.3 / 100) * 100
    funder_share = min(f.cost_cents, rng.choice((300000, 400000, 500000, f.cost_cents)))
    funder_share = min(funder_share, f.cost_cents)
    info = [
        ("Apprenant(e)", f.learner),
        ("Formation", t.title),
        ("Période", f"du {d(t.start_date)} au {d(t.end_date)}"),
        ("Durée", f"{t.hours} heures ({max(1, round(t.hours / 7))} jours)"),
        ("Modalité", rng.choice(("Présentiel", "Présentiel et distanciel", "Présentiel, groupe de 12"))),
    ]
    y = 116
    for label, value in info:
        dc.text(40, y, label, size=9, color=GREY)
        fit(dc, 140, y, value, 415, font=F.bold, size=10)
        y += 17
    y += 14
    dc.text(40, y, "Montants (en euros)", size=11, font=F.bold)
    rows = [
        ["Coût pédagogique hors taxes", money(ht)],
        ["TVA 20 %" if vat else "TVA (exonération, art. 261-4-4° a du CGI)", money(f.cost_cents - ht)],
        ["Coût total de la formation TTC", money(f.cost_cents)],
        ["Acompte à la signature (30 %)", money(deposit)],
        ["Solde restant dû à l'entrée en formation", money(f.cost_cents - deposit)],
        ["Prise en charge sollicitée (Région Sud - AIF)", money(funder_share)],
        ["Reste à la charge du stagiaire", money(f.cost_cents - funder_share)],
    ]
    y = cell_table(
        dc,
        40,
        y + 8,
        [380, 135],
        None,
        rows,
        fonts=F,
        size=9.5,
        aligns="lr",
        bold_rows=(2,),
        zebra=(0.97, 0.95, 0.93),
        row_height=21,
    )
    fees = fees_of(f)
    y += 18
    if fees:
        dc.text(40, y, f"Le coût total comprend des frais d'inscription de {money(fees)}.", size=8.5)
        y += 14
    dc.text(40, y, "Règlement par virement ou chèque à l'ordre de l'organisme.", size=8.5)
    y += 30
    dc.text(40, y, "Calendrier prévisionnel", size=11, font=F.bold)
    weeks = max(1, (t.end_date - t.start_date).days // 7)
    calendar_rows = [
        [d(t.start_date), "Entrée en formation - accueil à 9 h"],
        [d(t.start_date + timedelta(days=7 * (weeks // 2))), "Bilan intermédiaire"],
        [d(t.end_date), "Fin de formation - évaluation finale"],
    ]
    y = cell_table(dc, 40, y + 8, [110, 405], None, calendar_rows, fonts=C, size=8.5, vertical=False)
    y += 34
    dc.text(40, y, "Acceptation du devis", size=11, font=F.bold)
    dc.text(40, y + 16, "Nom, date et signature précédés de la mention « bon pour accord » :", size=8.5)
    dc.rect(40, y + 24, 260, 64, fill=None, stroke=LIGHT_GREY)
    dc.text(330, y + 16, f"Le {d(t.issue_date)}, pour l'organisme,", size=8.5)
    dc.text(330, y + 30, signatory(rng), size=8.5, font=F.bold)
    draw_signature(dc, 340, y + 62, 90, rng)
    legal = [
        f"{p.name} - Activité de formation enregistrée sous le numéro {p.nda} auprès du préfet de région"
    ]
    if f.siret:
        legal.append(f"SIREN {f.siret[:9]} - RCS {p.city}")
    small_print(dc, legal, font=F.regular)
    return finish(dc, f)


RENDERERS: dict[str, Callable[[QuoteFacts, random.Random], Rendered]] = {
    "devis_modules": render_modules,
    "devis_courrier": render_letter,
    "devis_tarif_page_2": render_price_page_2,
    "devis_montants_multiples": render_many_amounts,
}


def render_wave3_quote(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
