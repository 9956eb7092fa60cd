"""More training quotes, written independently of ``quote.py``.

A quote as a letter, a three-page quote (cover, programme and price on page 2,
terms on page 3), a dense grid form, and a bilingual two-page proposal. Hours
are written ``798 heures``, ``798 h``, ``114 jours (798 h)`` or summed in a
schedule table; dates in words (``du 11 janvier au 25 juin 2027``) or in
figures; the price with or without VAT lines. Their split is in
``sample_docs/families.py``.

Every family prints the facts' cost (``f.cost_cents``) and SIRET (``f.siret``,
nothing at all when it is empty: fault ``field_not_found``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sample_docs.layouts.kit import (
    FONTS,
    FontSet,
    band,
    field,
    fit,
    fmt_amount,
    fmt_date,
    fmt_range,
    keep,
    logo_mark,
    prose,
    table,
    vertical_rule,
    window,
)
from sample_docs.plans import QuoteFacts
from sample_docs.render import BLACK, GREY, LIGHT_GREY, DocCanvas, Rendered, cents_to_number, draw_signature

TERMS = (
    "1. Inscription - L'inscription devient définitive à réception du présent document signé et de l'accord "
    "de prise en charge du financeur. 2. Prix - Les prix s'entendent par stagiaire, supports pédagogiques "
    "compris. 3. Règlement - Le règlement est effectué par le financeur selon ses propres modalités ; le "
    "reste à charge éventuel est réglé par le stagiaire avant l'entrée en formation. 4. Absences - Les "
    "heures d'absence non justifiées peuvent être facturées. 5. Annulation - Toute annulation par le "
    "stagiaire doit être notifiée par écrit. L'organisme se réserve le droit de reporter une session si le "
    "nombre de participants est insuffisant. 6. Données personnelles - Les données recueillies sont "
    "nécessaires au suivi de la formation et conservées pendant la durée légale. 7. Litiges - Tout litige "
    "relève de la compétence du tribunal du siège de l'organisme."
)


def fields_of(f: QuoteFacts) -> dict[str, object]:
    """The truth fields of a quote (no SIRET when none is printed)."""
    t = f.training
    fields: dict[str, object] = {
        "provider_name": t.provider.name,
        "provider_siret": f.siret,
        "training_title": t.title,
        "start_date": t.start_date.isoformat(),
        "end_date": t.end_date.isoformat(),
        "hours": t.hours,
        "cost_eur": cents_to_number(f.cost_cents),
        "issue_date": t.issue_date.isoformat(),
    }
    if not f.siret:
        del fields["provider_siret"]
    return fields


def finish(dc: DocCanvas, f: QuoteFacts) -> Rendered:
    """Close the canvas and return the rendering."""
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, fields_of(f), f.layout, (dc.width, dc.height))


def siret_text(siret: str, style: str) -> str:
    """``73282932000074``, ``732 829 320 00074`` or ``732829320 00074``."""
    if style == "grouped":
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    if style == "siren_nic":
        return f"{siret[:9]} {siret[9:]}"
    return siret


def vat_number(siret: str) -> str:
    """The intra-community VAT number derived from the SIREN."""
    siren = int(siret[:9])
    key = (12 + 3 * (siren % 97)) % 97
    return f"FR{key:02d}{siret[:9]}"


def nda_text(nda: str) -> str:
    """Activity declaration number as printed."""
    return f"{nda[:2]} {nda[2:4]} {nda[4:9]} {nda[9:]}"


def days_of(hours: int) -> int:
    """Training days of 7 hours."""
    return max(1, round(hours / 7))


def split_hours(total: int, parts: int, rng: random.Random) -> list[int]:
    """``parts`` positive integers summing to ``total``."""
    parts = max(1, min(parts, total))
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


MODULES = (
    "Accueil, positionnement et projet professionnel",
    "Fondamentaux du métier",
    "Mise en pratique et études de cas",
    "Approfondissement technique",
    "Période d'application en entreprise",
    "Préparation à la certification et évaluation",
)


def schedule(f: QuoteFacts, rng: random.Random, modules: int) -> list[tuple[str, date, date, int]]:
    """(module, start, end, hours) covering the training's dates and hours."""
    t = f.training
    hours = split_hours(t.hours, modules, rng)
    names = (
        [MODULES[0], *rng.sample(MODULES[1:-1], len(hours) - 2), MODULES[-1]]
        if len(hours) > 2
        else list(MODULES[: len(hours)])
    )
    span = (t.end_date - t.start_date).days
    out = []
    done = 0
    start = t.start_date
    for i, (name, h) in enumerate(zip(names, hours, strict=True)):
        done += h
        end = (
            t.end_date
            if i == len(hours) - 1
            else t.start_date + timedelta(days=max(0, span * done // t.hours - 1))
        )
        end = max(end, start)
        out.append((name, start, end, h))
        start = min(end + timedelta(days=1), t.end_date)
    return out


def vat_split(cents: int) -> tuple[int, int]:
    """(HT, VAT) of a price including 20 % VAT."""
    ht = round(cents / 1.2)
    return ht, cents - ht


def letterhead(
    dc: DocCanvas, f: QuoteFacts, fonts: FontSet, color: tuple[float, float, float], siret_style: str
) -> None:
    """Provider name, address, phone, SIRET (when printed) and activity number, left column."""
    p = f.training.provider
    dc.text(40, 58, p.name, size=16, font=fonts.bold, color=color)
    dc.text(
        40, 73, f"{p.street} - {p.postal_code} {p.city.upper()}", size=8.5, font=fonts.regular, color=GREY
    )
    line = f"Tél. {p.phone}"
    if f.siret:
        line += f" - SIRET {siret_text(f.siret, siret_style)}"
    dc.text(40, 85, line, size=8.5, font=fonts.regular, color=GREY)
    dc.text(40, 97, f"Déclaration d'activité n° {nda_text(p.nda)}", size=8.5, font=fonts.regular, color=GREY)


# --------------------------------------------------------------------------- letter (seen)

LETTER_INK = (0.2, 0.2, 0.35)


def render_letter(f: QuoteFacts, rng: random.Random) -> Rendered:
    """A quote written as a letter: title, hours, dates and price inside sentences."""
    F = FONTS["times"]
    t, p = f.training, f.training.provider
    dc = DocCanvas(creator="LibreOffice Writer", stamp=t.issue_date, title="Proposition de formation")
    logo_mark(dc, 520, 40, 32, LETTER_INK, "grid")
    letterhead(dc, f, F, LETTER_INK, rng.choice(("grouped", "compact")))
    window(dc, 330, 140, [f.learner], font=F.regular, size=11.5)
    dc.text(330, 190, f"{p.city}, le {fmt_date(t.issue_date, 'long')}", size=11, font=F.regular)
    dc.text(40, 232, f"Objet : proposition de formation - réf. {t.reference}", size=11.5, font=F.bold)
    y = prose(dc, 40, 264, f"{f.learner.split(' ')[0]},", 515, font=F.regular, size=11.5)
    fees = t.enrolment_fees_cents if 0 < t.enrolment_fees_cents < f.cost_cents else 0
    rhythm = "35 heures par semaine" if t.hours >= 70 else "7 heures par jour"
    y = prose(
        dc,
        40,
        y + 6,
        f"Suite à notre entretien, nous avons le plaisir de vous proposer la formation « {keep(t.title)} ». "
        f"D'une durée de {keep(f'{t.hours} heures')}, elle se déroulera "
        f"{keep(fmt_range(t.start_date, t.end_date))} "
        f"dans nos locaux de {p.city}, à raison de {rhythm}.",
        515,
        font=F.regular,
        size=11.5,
        leading=16.5,
    )
    price = f"Son coût total s'élève à {keep(fmt_amount(f.cost_cents, 'euros'))} net de taxes"
    if fees:
        price += f", dont {fmt_amount(fees, 'euros')} de frais de dossier"
    y = prose(
        dc,
        40,
        y + 6,
        price
        + " (organisme non assujetti à la TVA pour la formation professionnelle continue). Ce tarif est "
        "garanti trois mois à compter de la date de ce courrier.",
        515,
        font=F.regular,
        size=11.5,
        leading=16.5,
    )
    y = prose(
        dc,
        40,
        y + 6,
        "Nous vous remercions de nous retourner ce document signé, accompagné de l'accord de votre "
        "financeur. "
        "Nous vous prions d'agréer l'expression de nos salutations distinguées.",
        515,
        font=F.regular,
        size=11.5,
        leading=16.5,
    )
    dc.text(
        330,
        y + 26,
        rng.choice(("La directrice pédagogique", "Le responsable des formations")),
        size=11,
        font=F.italic,
    )
    draw_signature(dc, 340, y + 62, 95, rng)
    dc.text(40, y + 110, "Bon pour accord, le stagiaire :", size=10.5, font=F.regular)
    dc.rect(40, y + 118, 220, 60, fill=None, stroke=LIGHT_GREY)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    footer = f"{p.name} - {p.street}, {p.postal_code} {p.city}"
    if f.siret:
        footer += f" - N° SIRET {siret_text(f.siret, 'compact')}"
    dc.text(dc.width / 2, dc.height - 38, footer, size=7.5, font=F.regular, color=GREY, align="center")
    return finish(dc, f)


# --------------------------------------------------------------------------- three pages (seen)

MP_TEAL = (0.0, 0.42, 0.45)


def render_multipage(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Three pages: cover (provider, title, date), programme and price on page 2, terms on page 3."""
    F = FONTS["helvetica"]
    t, p = f.training, f.training.provider
    dc = DocCanvas(creator=f"{p.name} - Devis", stamp=t.issue_date, title="Devis")
    pages = 3

    def page_footer(page: int) -> None:
        dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
        text = p.name + (f" - SIRET {f.siret}" if f.siret else "")
        dc.text(40, dc.height - 38, text, size=7, color=GREY)
        dc.text(555, dc.height - 38, f"Page {page} sur {pages}", size=7, color=GREY, align="right")

    band(dc, 0, 120, MP_TEAL)
    dc.text(40, 60, p.name, size=20, font=F.bold, color=(1, 1, 1))
    dc.text(40, 78, f"{p.street} - {p.postal_code} {p.city}", size=9, color=(1, 1, 1))
    dc.text(
        40,
        92,
        f"{p.phone} - contact@{''.join(c for c in p.name.lower() if c.isalpha())[:14]}.fr",
        size=9,
        color=(1, 1, 1),
    )
    dc.text(40, 200, "DEVIS", size=30, font=F.bold, color=MP_TEAL)
    dc.text(40, 222, f"N° {t.reference}", size=11)
    y = 262.0
    rows = [("Date d'émission :", fmt_date(t.issue_date, "iso")), ("Validité :", "3 mois")]
    if f.siret:
        rows.append(("SIRET de l'organisme :", siret_text(f.siret, "grouped")))
    rows.append(("N° de déclaration d'activité :", nda_text(p.nda)))
    for label, value in rows:
        y = field(dc, 40, y, label, value, fonts=F, size=10, column=200)
    dc.text(330, 262, "Destinataire", size=8, color=GREY)
    dc.text(330, 276, f.learner, size=11, font=F.bold)
    dc.text(40, y + 30, "Formation", size=8, color=GREY)
    y = prose(dc, 40, y + 48, t.title, 515, font=F.bold, size=15, leading=19)
    prose(
        dc,
        40,
        y + 14,
        "Objectifs : acquérir les compétences du référentiel de la certification visée, mettre en "
        "pratique en "
        "situation professionnelle, préparer les épreuves de validation. Le programme détaillé, le "
        "calendrier et "
        "le prix figurent en page 2 ; les conditions générales en page 3.",
        515,
        font=F.regular,
        size=9.5,
        color=GREY,
    )
    page_footer(1)
    dc.new_page()
    dc.text(40, 62, "Programme et calendrier", size=15, font=F.bold, color=MP_TEAL)
    plan = schedule(f, rng, rng.randint(3, 5))
    rows_s = [[name, fmt_date(a, "slash"), fmt_date(b, "slash"), f"{h} h"] for name, a, b, h in plan]
    rows_s.append(["Total", "", "", f"{t.hours} h"])
    y = table(
        dc,
        40,
        76,
        [265, 85, 85, 80],
        ["Module", "Début", "Fin", "Durée"],
        rows_s,
        fonts=F,
        size=9,
        aligns="lccr",
        header_fill=(0.85, 0.93, 0.93),
        bold_last=True,
    )
    dc.text(
        40,
        y + 24,
        f"Dates de la formation : du {fmt_date(t.start_date, 'slash')} au {fmt_date(t.end_date, 'slash')}",
        size=10.5,
        font=F.bold,
    )
    dc.text(
        40,
        y + 40,
        f"Volume horaire total : {t.hours} h, dont environ {round(t.hours * 0.2)} h en entreprise",
        size=10,
    )
    dc.text(
        40, y + 56, "Horaires : 9 h - 12 h 30 et 13 h 30 - 17 h, du lundi au vendredi", size=9.5, color=GREY
    )
    dc.text(40, y + 90, "Prix", size=15, font=F.bold, color=MP_TEAL)
    fees = t.enrolment_fees_cents if 0 < t.enrolment_fees_cents < f.cost_cents else 0
    ht, vat = vat_split(f.cost_cents)
    fees_ht = round(fees / 1.2)
    lines = [["Frais pédagogiques", fmt_amount(ht - fees_ht, "fr")]]
    if fees:
        lines.append(["Frais d'inscription", fmt_amount(fees_ht, "fr")])
    lines += [
        ["Total HT", fmt_amount(ht, "fr")],
        ["TVA 20 %", fmt_amount(vat, "fr")],
        ["Total TTC", fmt_amount(f.cost_cents, "fr")],
    ]
    y = table(
        dc,
        40,
        y + 100,
        [380, 135],
        ["Désignation", "Montant"],
        lines,
        fonts=F,
        size=10,
        aligns="lr",
        header_fill=(0.85, 0.93, 0.93),
        bold_last=True,
    )
    dc.text(
        40,
        y + 24,
        "Acompte : aucun. Règlement par le financeur à l'issue de la formation.",
        size=9,
        color=GREY,
    )
    page_footer(2)
    dc.new_page()
    dc.text(40, 62, "Conditions générales de vente", size=15, font=F.bold, color=MP_TEAL)
    y = prose(dc, 40, 90, TERMS, 515, font=F.regular, size=9.5, leading=13.5)
    dc.text(40, y + 30, "Date et signature du stagiaire, précédées", size=9.5)
    dc.text(40, y + 43, "de la mention « bon pour accord » :", size=9.5)
    dc.rect(40, y + 52, 250, 70, fill=None, stroke=LIGHT_GREY)
    dc.text(330, y + 30, "Pour l'organisme :", size=9.5)
    draw_signature(dc, 340, y + 80, 90, rng)
    page_footer(3)
    return finish(dc, f)


# --------------------------------------------------------------------------- grid form (held out)


def render_grid(f: QuoteFacts, rng: random.Random) -> Rendered:
    """A dense form of boxed cells, each with a small label over its value."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    t, p = f.training, f.training.provider
    dc = DocCanvas(creator=f"{p.name} - ERP Formation", stamp=t.issue_date, title="Devis")
    logo_mark(dc, 40, 34, 30, BLACK, "bars")
    dc.text(80, 56, p.name, size=15, font=F.bold)
    dc.text(555, 56, "DEVIS DE FORMATION", size=14, font=F.bold, align="right")
    dc.text(555, 70, f"Réf. {t.reference}", size=9, font=C.regular, align="right")

    def cell(x: float, y: float, w: float, label: str, value: str, h: float = 34) -> None:
        dc.rect(x, y, w, h, fill=None, stroke=BLACK, line_width=0.5)
        dc.text(x + 4, y + 10, label, size=6.5, color=GREY)
        fit(dc, x + 4, y + 25, value, w - 8, font=C.bold, size=9.5)

    with_vat = rng.random() < 0.5
    issue = t.issue_date
    validity = issue + timedelta(days=90)
    y = 100.0
    cell(40, y, 300, "Organisme de formation", p.name)
    cell(340, y, 215, "Siret n°", siret_text(f.siret, "siren_nic") if f.siret else "")
    y += 34
    cell(40, y, 300, "Adresse", f"{p.street}, {p.postal_code} {p.city}")
    cell(
        340,
        y,
        215,
        "N° TVA intracom." if with_vat else "N° déclaration d'activité",
        vat_number(f.siret) if with_vat and f.siret else nda_text(p.nda),
    )
    y += 34
    cell(40, y, 170, "Date du devis", fmt_date(issue, "dot2"))
    cell(210, y, 130, "Valable jusqu'au", fmt_date(validity, "dot2"))
    cell(340, y, 215, "Téléphone", p.phone)
    y += 50
    cell(40, y, 515, "Bénéficiaire", f.learner)
    y += 34
    cell(40, y, 515, "Intitulé de l'action", t.title)
    y += 34
    cell(40, y, 170, "Début", fmt_date(t.start_date, "dot2"))
    cell(210, y, 130, "Fin", fmt_date(t.end_date, "dot2"))
    cell(340, y, 215, "Durée", f"{days_of(t.hours)} jours ({t.hours} h)")
    y += 34
    cell(40, y, 300, "Modalité", rng.choice(("Présentiel", "Mixte : présentiel et distanciel")))
    cell(340, y, 215, "Rythme", "7 h par jour")
    y += 60
    fees = t.enrolment_fees_cents if 0 < t.enrolment_fees_cents < f.cost_cents else 0
    if with_vat:
        ht, vat = vat_split(f.cost_cents)
    else:
        ht, vat = f.cost_cents, 0
    rows = [["Formation", f"{t.hours} h", fmt_amount(ht - fees * ht // f.cost_cents, "dot_eur")]]
    if fees:
        rows.append(["Frais de dossier", "1", fmt_amount(fees * ht // f.cost_cents, "dot_eur")])
    y = table(
        dc,
        40,
        y,
        [315, 80, 120],
        ["Désignation", "Qté", "Prix HT"],
        rows,
        fonts=C,
        size=9,
        aligns="lrr",
        header_fill=(0.92, 0.92, 0.92),
        grid=BLACK,
    )
    totals = [
        ["Total HT", fmt_amount(ht, "dot_eur")],
        ["TVA 20 %" if with_vat else "TVA", fmt_amount(vat, "dot_eur")],
        ["Total TTC", fmt_amount(f.cost_cents, "dot_eur")],
    ]
    y = table(
        dc, 355, y + 8, [80, 120], None, totals, fonts=C, size=9, aligns="lr", grid=BLACK, bold_last=True
    )
    if not with_vat:
        dc.text(40, y - 30, "TVA non applicable, art. 261-4-4° a du CGI", size=8, color=GREY)
    dc.text(40, y + 30, "Signature et cachet de l'organisme", size=8, color=GREY)
    dc.rect(40, y + 36, 200, 60, fill=None, stroke=BLACK, line_width=0.5)
    draw_signature(dc, 60, y + 70, 90, rng)
    dc.text(330, y + 30, "Bon pour accord du bénéficiaire", size=8, color=GREY)
    dc.rect(330, y + 36, 225, 60, fill=None, stroke=BLACK, line_width=0.5)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        f"{p.name} - organisme de formation enregistré sous le n° {nda_text(p.nda)}",
        size=7,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- bilingual proposal (held out)

PROP_PLUM = (0.35, 0.15, 0.45)


def render_proposal(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Bilingual two-page proposal: duration, period and price on page 2 with the terms."""
    F = FONTS["vera"]
    t, p = f.training, f.training.provider
    dc = DocCanvas(creator=f"{p.name} - Proposals", stamp=t.issue_date, title="Proposition / Proposal")
    dc.rect(0, 0, 14, dc.height, fill=PROP_PLUM, stroke=None)
    letterhead(dc, f, F, PROP_PLUM, "siren_nic")
    dc.text(40, 150, "Proposition de formation", size=20, font=F.bold, color=PROP_PLUM)
    dc.text(40, 168, "Training proposal", size=12, font=F.italic, color=GREY)
    y = 210.0
    for label, value in (
        ("Date / Date", f"le {fmt_date(t.issue_date, 'nozero')}"),
        ("Référence / Reference", t.reference),
        ("Participant(e) / Trainee", f.learner),
    ):
        y = field(dc, 40, y, label, value, fonts=F, pos="below", size=11, max_width=515)
    y = field(dc, 40, y + 6, "Intitulé / Course title", t.title, fonts=F, pos="below", size=13, max_width=515)
    prose(
        dc,
        40,
        y + 16,
        "Vous trouverez en page 2 la durée, la période, le prix et nos conditions. Please find the duration, "
        "period, price and our terms on page 2.",
        515,
        font=F.regular,
        size=9.5,
        color=GREY,
    )
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(555, dc.height - 38, "1/2", size=7, font=F.regular, color=GREY, align="right")
    dc.new_page()
    dc.rect(0, 0, 14, dc.height, fill=PROP_PLUM, stroke=None)
    dc.text(40, 62, "Conditions de l'action / Course terms", size=15, font=F.bold, color=PROP_PLUM)
    y = 96.0
    for label, value in (
        ("Durée / Duration", f"{t.hours} heures"),
        ("Période / Period", fmt_range(t.start_date, t.end_date)),
        ("Prix total / Total price", fmt_amount(f.cost_cents, "eur_prefix")),
    ):
        y = field(dc, 40, y, label, value, fonts=F, size=11, column=220, max_width=515) + 4
    weeks = max(1, (t.end_date - t.start_date).days // 7)
    per_week = min(35, max(7, round(t.hours / weeks)))
    dc.text(40, y + 8, "Rythme indicatif / Indicative schedule", size=10, font=F.bold)
    plan = split_hours(t.hours, min(4, max(2, t.hours // 100 + 1)), rng)
    labels = ("Théorie / Theory", "Pratique / Practice", "Entreprise / Work placement", "Examen / Exam")
    rows = [[labels[i], f"{h} h"] for i, h in enumerate(plan)]
    rows.append([f"Par semaine / Per week : {per_week} h", ""])
    y = table(
        dc,
        40,
        y + 16,
        [300, 100],
        ["Séquence / Sequence", "Heures / Hours"],
        rows,
        fonts=F,
        size=9,
        aligns="lr",
        header_fill=(0.93, 0.9, 0.95),
    )
    dc.text(40, y + 30, "Conditions générales / Terms and conditions", size=11, font=F.bold, color=PROP_PLUM)
    y = prose(dc, 40, y + 48, TERMS, 515, font=F.regular, size=8.5, leading=12)
    vertical_rule(dc, 300, y + 20, y + 90, LIGHT_GREY)
    dc.text(40, y + 30, "Pour l'organisme / For the provider", size=8.5, font=F.regular, color=GREY)
    draw_signature(dc, 60, y + 70, 90, rng)
    dc.text(320, y + 30, "Le participant / The trainee", size=8.5, font=F.regular, color=GREY)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(555, dc.height - 38, "2/2", size=7, font=F.regular, color=GREY, align="right")
    return finish(dc, f)


RENDERERS: dict[str, Callable[[QuoteFacts, random.Random], Rendered]] = {
    "devis_lettre": render_letter,
    "devis_3_pages": render_multipage,
    "devis_grille": render_grid,
    "proposition_bilingue": render_proposal,
}


def render_quote_more(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
