"""Wave-2 training quotes and enrolment certificates (held out).

A quote in two columns (the provider in a grey sidebar) with a deposit and a
balance beside the total, a pre-enrolment certificate written in sentences
whose SIRET is only in the small print, a quote with French and Italian labels
in a ruled grid, and a landscape quote whose training is one row of a wide
table. Every family prints the facts' cost (``f.cost_cents``) and SIRET
(``f.siret``, nothing at all when it is empty: fault ``field_not_found``).
Their split and wave are in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sample_docs.layouts.kit import FONTS, band, fit, keep, logo_mark, prose, table, window
from sample_docs.layouts.wave2_kit import fmt_date_w2, fmt_money, grey_box, kv_grid, side_text
from sample_docs.plans import QuoteFacts
from sample_docs.render import GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered, cents_to_number, draw_signature

LANDSCAPE = (841.89, 595.28)


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


def siren_of(siret: str) -> str:
    """``732 829 320``."""
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]}"


def vat_id(siret: str) -> str:
    """The intra-community VAT number of the SIREN: ``FR 12 732829320``."""
    key = (12 + 3 * (int(siret[:9]) % 97)) % 97
    return f"FR {key:02d} {siret[:9]}"


def fees_of(f: QuoteFacts) -> int:
    """Enrolment fees included in the cost (0 when none or not below the cost)."""
    fees = f.training.enrolment_fees_cents
    return fees if 0 < fees < f.cost_cents else 0


def ht_of(cents: int) -> int:
    """The amount excluding 20 % VAT of a price including it."""
    return round(cents / 1.2)


# --------------------------------------------------------------------------- sidebar quote


def render_sidebar(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Two columns: the provider in a grey sidebar; HT, VAT, TTC, deposit and balance in ``€ 1 234,50``."""
    F = FONTS["helvetica"]
    t, p = f.training, f.training.provider
    d = lambda day: fmt_date_w2(day, "abbr_upper")  # noqa: E731
    money = lambda cents: fmt_money(cents, "sym_prefix")  # noqa: E731
    dc = DocCanvas(creator=f"{p.name} - Facturation", stamp=t.issue_date, title="Devis")
    grey_box(dc, 0, 0, 185, dc.height, tone=0.92)
    logo_mark(dc, 22, 32, 30, (0.2, 0.35, 0.55), "grid")
    fit(dc, 22, 90, p.name, 150, font=F.bold, size=11.5)
    y = 106.0
    for line in (p.street, f"{p.postal_code} {p.city}"):
        fit(dc, 22, y + 4, line, 150, font=F.regular, size=8.5)
        y += 12
    y += 16
    side_rows = [("Téléphone", p.phone)]
    if f.siret:
        side_rows += [
            ("SIRET", f"{siren_of(f.siret)} {f.siret[9:]}"),
            ("RCS", f"{p.city} B {siren_of(f.siret)}"),
            ("TVA intracommunautaire", vat_id(f.siret)),
        ]
    side_rows.append(("Déclaration d'activité", f"{p.nda[:2]} {p.nda[2:4]} {p.nda[4:9]} {p.nda[9:]}"))
    for label, value in side_rows:
        dc.text(22, y, label, size=7, font=F.regular, color=GREY)
        fit(dc, 22, y + 11, value, 150, font=F.regular, size=8.5)
        y += 28
    dc.text(205, 58, "DEVIS", size=26, font=F.bold, color=(0.2, 0.35, 0.55))
    dc.text(205, 76, f"N° {t.reference}", size=9)
    dc.text(555, 58, f"Date : {d(t.issue_date)}", size=9.5, align="right")
    dc.text(
        555, 72, f"Valable jusqu'au {d(t.issue_date + timedelta(days=60))}", size=8, color=GREY, align="right"
    )
    window(dc, 380, 110, [f.learner], font=F.bold, size=10.5)
    dc.text(380, 98, "Client", size=7.5, color=GREY)
    dc.text(205, 160, "Formation", size=7.5, color=GREY)
    y = prose(dc, 205, 174, t.title, 350, font=F.bold, size=12, leading=15)
    rows: list[tuple[str, str | list[str]]] = [
        ("Dates", f"du {d(t.start_date)} au {d(t.end_date)}"),
        ("Durée", f"{t.hours} h"),
        ("Lieu", f"{p.city} - présentiel"),
    ]
    y = kv_grid(dc, 205, y + 4, rows, fonts=F, label_width=80, value_width=270, size=9.5, label_size=8.5)
    fees = fees_of(f)
    ht = ht_of(f.cost_cents)
    vat = f.cost_cents - ht
    fees_ht = ht_of(fees)
    body = [["Frais pédagogiques", money(ht - fees_ht)]]
    if fees:
        body.append(["Frais de dossier", money(fees_ht)])
    deposit = f.cost_cents * rng.choice((20, 30)) // 100
    body += [
        ["Total HT", money(ht)],
        ["TVA 20 %", money(vat)],
        ["Total TTC", money(f.cost_cents)],
    ]
    y = table(
        dc,
        205,
        y + 22,
        [230, 120],
        ["Désignation", "Montant"],
        body,
        fonts=F,
        size=9,
        aligns="lr",
        header_fill=(0.88, 0.9, 0.94),
        bold_last=True,
    )
    y = table(
        dc,
        205,
        y + 8,
        [230, 120],
        None,
        [["Acompte à la signature", money(deposit)], ["Reste à payer", money(f.cost_cents - deposit)]],
        fonts=F,
        size=8.5,
        aligns="lr",
    )
    prose(
        dc,
        205,
        y + 24,
        "Le solde est réglé à l'entrée en formation ou pris en charge par le financeur sur présentation de "
        "son accord. En cas de prise en charge totale, l'acompte est remboursé.",
        350,
        font=F.regular,
        size=8,
        color=GREY,
    )
    dc.text(205, y + 80, "Bon pour accord, date et signature :", size=8.5)
    dc.rect(205, y + 88, 200, 56, fill=None, stroke=LIGHT_GREY)
    return finish(dc, f)


# --------------------------------------------------------------------------- pre-enrolment in sentences


def render_preenrolment(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Pre-enrolment certificate: every value in sentences, weekday dates, the SIRET only in small print."""
    T = FONTS["times"]
    t, p = f.training, f.training.provider
    d = lambda day: fmt_date_w2(day, "weekday_long")  # noqa: E731
    dc = DocCanvas(
        creator=f"{p.name} - Secrétariat", stamp=t.issue_date, title="Attestation de pré-inscription"
    )
    small = f"{p.name} - {p.street} - {p.postal_code} {p.city}"
    if f.siret:
        small += f" - SIRET {f.siret}"
    small += f" - NDA {p.nda}"
    side_text(dc, 575, 640, small, font=T.regular, size=6.5)
    dc.text(dc.width / 2, 60, p.name, size=17, font=T.bold, align="center")
    dc.text(
        dc.width / 2,
        74,
        f"{p.street} - {p.postal_code} {p.city} - {p.phone}",
        size=9,
        font=T.regular,
        color=GREY,
        align="center",
    )
    dc.hline(150, dc.width - 150, 84, color=GREY)
    dc.text(dc.width / 2, 140, "ATTESTATION DE PRÉ-INSCRIPTION", size=15, font=T.bold, align="center")
    dc.text(dc.width / 2, 156, f"Dossier {t.reference}", size=9.5, font=T.italic, align="center", color=GREY)
    placement = min(t.hours // 4, rng.choice((70, 105, 140, 210))) if t.hours >= 140 else 0
    hours = f"{t.hours} heures"
    if placement:
        hours += f", dont {placement} heures de stage en entreprise"
    y = prose(
        dc,
        60,
        200,
        f"Nous soussignés, {keep(p.name)}, organisme de formation enregistré sous le numéro de "
        f"déclaration d'activité {p.nda}, attestons que {keep(f.learner)} est pré-inscrit(e) à la "
        f"formation « {keep(t.title)} ».",
        475,
        font=T.regular,
        size=12,
        leading=17,
    )
    y = prose(
        dc,
        60,
        y + 8,
        f"Cette formation se déroulera du {keep(d(t.start_date))} au {keep(d(t.end_date))}, pour une durée "
        f"totale de {keep(hours)}. Son coût total s'élève à {keep(fmt_money(f.cost_cents, 'euros_int'))}, "
        "net de taxes, frais de dossier compris.",
        475,
        font=T.regular,
        size=12,
        leading=17,
    )
    y = prose(
        dc,
        60,
        y + 8,
        "L'inscription deviendra définitive à réception de l'accord de financement. Code RNCP de la "
        f"certification visée : RNCP{rng.randint(30000, 39999)}. Numéro UAI : 0{rng.randint(10, 99)}"
        f"{rng.randint(10000, 99999)}{rng.choice('ABCDEFGH')}.",
        475,
        font=T.regular,
        size=12,
        leading=17,
    )
    dc.text(
        330,
        y + 34,
        f"Fait à {p.city}, le {fmt_date_w2(t.issue_date, 'long_zero')}",
        size=11.5,
        font=T.regular,
    )
    dc.text(330, y + 50, "La responsable administrative", size=10, font=T.italic)
    draw_signature(dc, 340, y + 86, 95, rng)
    dc.hline(40, 555, dc.height - 52, color=LIGHT_GREY)
    dc.text(40, dc.height - 40, small, size=7, font=T.regular, color=GREY)
    return finish(dc, f)


# --------------------------------------------------------------------------- French + Italian grid


def render_fr_it(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Quote with French and Italian labels in a ruled grid; ``1234.50 EUR``; ``06/03/26``."""
    V = FONTS["vera"]
    t, p = f.training, f.training.provider
    d = lambda day: fmt_date_w2(day, "slash2")  # noqa: E731
    money = lambda cents: fmt_money(cents, "eur_suffix")  # noqa: E731
    dc = DocCanvas(creator=f"{p.name} - Preventivi", stamp=t.issue_date, title="Devis / Preventivo")
    band(dc, 0, 70, (0.12, 0.35, 0.3))
    dc.text(40, 38, p.name, size=17, font=V.bold, color=WHITE)
    dc.text(40, 54, f"{p.street} - {p.postal_code} {p.city} - {p.phone}", size=8, font=V.regular, color=WHITE)
    dc.text(555, 38, "DEVIS / PREVENTIVO", size=13, font=V.bold, color=WHITE, align="right")
    dc.text(555, 54, f"{t.reference}", size=8, font=V.regular, color=WHITE, align="right")
    window(dc, 330, 100, ["Destinataire / Destinatario", f.learner], font=V.regular, size=9.5)
    rows: list[tuple[str, str | list[str]]] = [
        ("Date du devis / Data del preventivo", d(t.issue_date)),
        ("Organisme / Ente di formazione", p.name),
    ]
    if f.siret:
        rows.append(("N° SIRET / Numero SIRET", f.siret))
    rows += [
        ("Déclaration d'activité / Dichiarazione", p.nda),
        ("Intitulé / Titolo del corso", t.title),
        ("Début / Inizio", d(t.start_date)),
        ("Fin / Fine", d(t.end_date)),
        ("Durée / Durata", f"{t.hours} heures / ore"),
        ("Rythme / Frequenza", rng.choice(("35 h / semaine", "temps plein / tempo pieno"))),
        ("Prix total / Prezzo totale", money(f.cost_cents)),
        ("Validité / Validità", "3 mois / 3 mesi"),
    ]
    y = kv_grid(
        dc,
        40,
        160,
        rows,
        fonts=V,
        label_width=215,
        value_width=300,
        size=9.5,
        label_size=8,
        label_fill=(0.9, 0.95, 0.93),
    )
    fees = fees_of(f)
    body = [["Frais pédagogiques / Costi didattici", money(f.cost_cents - fees)]]
    if fees:
        body.append(["Frais de dossier / Spese di iscrizione", money(fees)])
    body.append(["Total net / Totale netto", money(f.cost_cents)])
    y = table(
        dc,
        40,
        y + 20,
        [365, 150],
        ["Détail / Dettaglio", "Montant / Importo"],
        body,
        fonts=V,
        size=8.5,
        aligns="lr",
        header_fill=(0.9, 0.95, 0.93),
        bold_last=True,
    )
    prose(
        dc,
        40,
        y + 22,
        "TVA non applicable, art. 261-4-4° a du CGI. IVA non applicabile. Le présent devis vaut "
        "proposition commerciale ; il devient contrat à réception de l'accord du financeur.",
        515,
        font=V.regular,
        size=8,
        color=GREY,
    )
    dc.text(40, y + 70, "Pour l'organisme / Per l'ente", size=8, font=V.regular, color=GREY)
    draw_signature(dc, 50, y + 100, 90, rng)
    dc.text(330, y + 70, "Accord du stagiaire / Accettazione", size=8, font=V.regular, color=GREY)
    dc.rect(330, y + 78, 225, 50, fill=None, stroke=LIGHT_GREY)
    return finish(dc, f)


# --------------------------------------------------------------------------- landscape one-row table


def render_landscape(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Landscape quote: the training is one row of a wide table; the SIRET only in the small footer."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    t, p = f.training, f.training.provider
    d = lambda day: fmt_date_w2(day, "dash")  # noqa: E731
    money = lambda cents: fmt_money(cents, "fr_eur")  # noqa: E731
    dc = DocCanvas(LANDSCAPE, creator=f"{p.name} - Devis", stamp=t.issue_date, title="Devis")
    logo_mark(dc, 30, 28, 30, (0.45, 0.2, 0.5), "triangle")
    dc.text(70, 48, p.name, size=16, font=F.bold, color=(0.45, 0.2, 0.5))
    dc.text(70, 61, f"{p.street}, {p.postal_code} {p.city} - {p.phone}", size=8, color=GREY)
    dc.text(812, 44, "PROPOSITION TARIFAIRE", size=14, font=F.bold, align="right")
    dc.text(
        812,
        58,
        f"Réf. {t.reference} - établie le {fmt_date_w2(t.issue_date, 'dash_nozero')}",
        size=8.5,
        align="right",
    )
    grey_box(dc, 30, 84, 380, 46, tone=0.93)
    dc.text(40, 100, "Bénéficiaire", size=7.5, color=GREY)
    fit(dc, 40, 118, f.learner, 360, font=F.bold, size=11)
    dc.text(430, 100, "Financement envisagé", size=7.5, color=GREY)
    dc.text(430, 118, rng.choice(("Aide individuelle à la formation", "Région Sud - AIF")), size=10)
    fees = fees_of(f)
    ht = ht_of(f.cost_cents)
    vat = f.cost_cents - ht
    y = table(
        dc,
        30,
        150,
        [300, 70, 70, 52, 95, 80, 115],
        ["Action de formation", "Début", "Fin", "Heures", "Prix HT", "TVA 20 %", "Prix TTC"],
        [[t.title, d(t.start_date), d(t.end_date), str(t.hours), money(ht), money(vat), money(f.cost_cents)]],
        fonts=C,
        size=7.5,
        aligns="lccrrrr",
        header_fill=(0.9, 0.86, 0.93),
        row_height=26,
    )
    weeks = max(1, (t.end_date - t.start_date).days // 7)
    notes = [
        f"Rythme : {min(35, max(7, round(t.hours / weeks)))} h par semaine, du lundi au vendredi.",
        "Modalités : présentiel, avec une période d'application en entreprise.",
        f"Dont frais de dossier : {money(fees)}." if fees else "Aucun frais de dossier.",
        "Prix par stagiaire, supports et évaluations compris.",
    ]
    for i, note in enumerate(notes):
        dc.text(30, y + 24 + i * 14, note, size=8.5)
    dc.rect(560, y + 14, 252, 56, fill=(0.45, 0.2, 0.5), stroke=None)
    dc.text(570, y + 32, "Montant total de la proposition", size=8.5, color=WHITE)
    dc.text(802, y + 58, money(f.cost_cents), size=15, font=F.bold, color=WHITE, align="right")
    dc.text(30, y + 110, "Pour l'organisme", size=8, color=GREY)
    draw_signature(dc, 40, y + 140, 90, rng)
    dc.text(430, y + 110, "Bon pour accord du bénéficiaire", size=8, color=GREY)
    dc.rect(430, y + 118, 220, 46, fill=None, stroke=LIGHT_GREY)
    footer = f"{p.name} - organisme de formation - NDA {p.nda}"
    if f.siret:
        footer += f" - SIRET {f.siret} - TVA {vat_id(f.siret)}"
    dc.hline(30, 812, dc.height - 44, color=LIGHT_GREY)
    dc.text(30, dc.height - 32, footer, size=7, color=GREY)
    side_text(dc, 826, 540, "Proposition valable 60 jours - conditions générales sur demande", font=F.regular)
    return finish(dc, f)


RENDERERS: dict[str, Callable[[QuoteFacts, random.Random], Rendered]] = {
    "devis_colonne_acompte": render_sidebar,
    "preinscription_phrases": render_preenrolment,
    "devis_fr_it": render_fr_it,
    "devis_paysage": render_landscape,
}


def render_wave2_quote(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
