"""Training quotes and enrolment certificates.

Wordings follow ``docs/corpus_vocabulary.md``.
"""

from __future__ import annotations

import random

from sample_docs.identifiers import format_siret_grouped
from sample_docs.plans import QuoteFacts
from sample_docs.render import (
    GREY,
    LIGHT_GREY,
    DocCanvas,
    Rendered,
    cents_to_number,
    draw_signature,
    footer,
    format_amount,
    format_date,
)

QUOTE_LAYOUTS = ("devis_table", "devis_simple", "attestation_inscription")
PROVIDER_COLOR = (0.15, 0.3, 0.45)
CGV = (
    "Article 1 - Objet. Le présent devis a pour objet la réalisation de l'action de formation "
    "décrite au recto. "
    "Article 2 - Inscription. L'inscription est définitive à réception du devis signé et de "
    "l'accord de financement. "
    "Article 3 - Prix. Les prix sont indiqués nets de taxes ; l'organisme n'est pas assujetti à la "
    "TVA pour ses activités de formation professionnelle continue. "
    "Article 4 - Annulation. Toute annulation doit être notifiée par écrit au moins dix jours "
    "ouvrés avant le début de la formation. "
    "Article 5 - Assiduité. Une feuille d'émargement est signée par demi-journée ; une attestation "
    "de fin de formation est remise au stagiaire. "
    "Article 6 - Litiges. À défaut d'accord amiable, le tribunal compétent est celui du siège de "
    "l'organisme."
)


def format_hours(hours: int, style: str) -> str:
    """``798 heures`` or ``798 h``."""
    return f"{hours} heures" if style == "long" else f"{hours} h"


def draw_provider_header(dc: DocCanvas, f: QuoteFacts, siret_style: str) -> None:
    """Draw the provider's name, address, SIRET and activity declaration number."""
    p = f.training.provider
    dc.text(40, 62, p.name, size=16, font="Helvetica-Bold", color=PROVIDER_COLOR)
    dc.text(40, 78, f"{p.street} - {p.postal_code} {p.city.upper()}", size=8.5, color=GREY)
    if f.siret:  # a provider may forget it (fault ``field_not_found``)
        siret = format_siret_grouped(f.siret) if siret_style == "grouped" else f.siret
        label = "N° SIRET :" if siret_style == "grouped" else "SIRET :"
        dc.label_value(40, 91, label, siret, size=8.5, bold_value=False)
    dc.text(
        40,
        104,
        f"Tél. {p.phone} - Déclaration d'activité n° {p.nda[:2]} {p.nda[2:4]} {p.nda[4:9]} {p.nda[9:]}",
        size=8.5,
        color=GREY,
    )


def draw_learner(dc: DocCanvas, f: QuoteFacts, y: float) -> None:
    """Draw the learner block on the right."""
    dc.text(330, y, "Stagiaire :", size=9, color=GREY)
    dc.text(330, y + 13, f.learner, size=10, font="Helvetica-Bold")


def render_quote(f: QuoteFacts, rng: random.Random) -> Rendered:
    """Draw a training quote or enrolment certificate in the layout ``f.layout``."""
    t = f.training
    amount_style = rng.choice(("fr", "eur", "int"))
    hours_style = rng.choice(("long", "short"))
    dc = DocCanvas(creator=f"{t.provider.name} - Gestion commerciale", stamp=t.issue_date, title="Devis")
    draw_provider_header(dc, f, rng.choice(("compact", "grouped")))
    pages = 1
    if f.layout == "devis_table":
        pages = 2 if rng.random() < 0.6 else 1
        draw_quote_table(dc, f, amount_style, hours_style, rng)
    elif f.layout == "devis_simple":
        draw_quote_simple(dc, f, amount_style, hours_style, rng)
    else:
        draw_enrolment(dc, f, amount_style, hours_style, rng)
    footer_text = f"{t.provider.name} - Organisme de formation" + (f" - SIRET {f.siret}" if f.siret else "")
    footer(dc, footer_text, 1, pages)
    if pages == 2:
        dc.new_page()
        dc.text(40, 60, "CONDITIONS GÉNÉRALES DE VENTE", size=13, font="Helvetica-Bold", color=PROVIDER_COLOR)
        y = dc.paragraph(40, 90, CGV, 515, size=9.5, leading=14)
        dc.text(40, y + 30, "Bon pour accord, date et signature du stagiaire :", size=10)
        dc.rect(40, y + 42, 250, 70, fill=None, stroke=LIGHT_GREY)
        footer(dc, footer_text, 2, pages)
    pdf, texts = dc.finish()
    fields = {
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
    return Rendered(pdf, texts, fields, f.layout, (dc.width, dc.height))


def draw_quote_table(
    dc: DocCanvas, f: QuoteFacts, amount_style: str, hours_style: str, rng: random.Random
) -> None:
    """``DEVIS`` with a priced table."""
    t = f.training
    dc.text(555, 62, "DEVIS", size=22, font="Helvetica-Bold", color=PROVIDER_COLOR, align="right")
    dc.text(555, 80, f"Devis n° {t.reference}", size=9, align="right")
    dc.label_value(330, 140, "Date du devis :", format_date(t.issue_date, "slash"), size=9.5)
    draw_learner(dc, f, 160)
    dc.label_value(40, 215, "Intitulé de la formation :", t.title, size=10)
    dc.text(
        40, 233, f"Du {format_date(t.start_date, 'slash')} au {format_date(t.end_date, 'slash')}", size=10
    )
    dc.label_value(40, 251, "Volume horaire :", format_hours(t.hours, hours_style), size=10)
    dc.text(40, 269, "Lieu : dans nos locaux et à distance (formation mixte)", size=9, color=GREY)
    dc.rect(38, 290, 517, 18, fill=(0.9, 0.92, 0.95), stroke=None)
    for x, head, align in (
        (46, "Désignation", "left"),
        (330, "Quantité", "right"),
        (440, "Prix unitaire", "right"),
        (547, "Montant", "right"),
    ):
        dc.text(x, 303, head, size=9, font="Helvetica-Bold", align=align)
    fees = t.enrolment_fees_cents if t.enrolment_fees_cents < f.cost_cents else 0
    teaching = f.cost_cents - fees
    rate = teaching // max(t.hours, 1)
    rows = [("Frais pédagogiques", f"{t.hours} h", format_amount(rate, "fr"), format_amount(teaching, "fr"))]
    if fees:
        rows.append(
            ("Frais d'inscription et de dossier", "1", format_amount(fees, "fr"), format_amount(fees, "fr"))
        )
    y = 324.0
    for label, qty, unit, amount in rows:
        dc.text(46, y, label, size=9)
        dc.text(330, y, qty, size=9, align="right")
        dc.text(440, y, unit, size=9, align="right")
        dc.text(547, y, amount, size=9, align="right")
        dc.hline(40, 555, y + 6, color=LIGHT_GREY)
        y += 20
    dc.text(440, y + 8, "Total HT", size=9.5, align="right")
    dc.text(547, y + 8, format_amount(f.cost_cents, "fr"), size=9.5, align="right")
    dc.text(440, y + 24, "TVA", size=9.5, align="right")
    dc.text(547, y + 24, format_amount(0, "fr"), size=9.5, align="right")
    dc.label_value(330, y + 46, "Total TTC :", format_amount(f.cost_cents, amount_style), size=11)
    dc.text(40, y + 80, "TVA non applicable, article 261-4-4° a du CGI.", size=8.5, color=GREY)
    dc.text(40, y + 94, "Devis valable trois mois à compter de sa date d'émission.", size=8.5, color=GREY)
    dc.text(330, y + 130, "Le responsable pédagogique", size=9, color=GREY)
    draw_signature(dc, 340, y + 160, 90, rng)


def draw_quote_simple(
    dc: DocCanvas, f: QuoteFacts, amount_style: str, hours_style: str, rng: random.Random
) -> None:
    """``Devis de formation`` as a list of labelled fields."""
    t = f.training
    dc.text(
        dc.width / 2,
        160,
        "Devis de formation",
        size=18,
        font="Helvetica-Bold",
        align="center",
        color=PROVIDER_COLOR,
    )
    dc.text(dc.width / 2, 178, f"Réf. {t.reference}", size=9, align="center", color=GREY)
    draw_learner(dc, f, 205)
    rows = (
        ("Formation :", t.title),
        ("Date de début :", format_date(t.start_date, "slash")),
        ("Date de fin :", format_date(t.end_date, "slash")),
        ("Durée :", format_hours(t.hours, hours_style)),
        ("Coût total :", format_amount(f.cost_cents, amount_style)),
    )
    y = 260.0
    for label, value in rows:
        dc.text(60, y, label, size=11)
        dc.text(190, y, value, size=11, font="Helvetica-Bold")
        y += 22
    dc.paragraph(
        60,
        y + 10,
        "Tarif net, organisme non assujetti à la TVA. Le règlement peut être pris en charge par "
        "un financeur public sur présentation de l'accord de financement.",
        475,
        size=9,
        color=GREY,
    )
    dc.text(330, y + 70, f"Fait le {format_date(t.issue_date, 'slash')}", size=10)
    draw_signature(dc, 340, y + 105, 90, rng)


def draw_enrolment(
    dc: DocCanvas, f: QuoteFacts, amount_style: str, hours_style: str, rng: random.Random
) -> None:
    """``Attestation d'inscription en formation``."""
    t = f.training
    dc.text(
        dc.width / 2,
        170,
        "Attestation d'inscription en formation",
        size=17,
        font="Helvetica-Bold",
        align="center",
        color=PROVIDER_COLOR,
    )
    y = dc.paragraph(
        60,
        215,
        f"Nous soussignés, {t.provider.name}, organisme de formation, attestons que {f.learner} est "
        "inscrit(e) à la formation désignée ci-dessous, sous réserve de l'obtention de son financement.",
        475,
        size=11,
        leading=16,
    )
    rows = (
        ("Intitulé de la formation :", t.title),
        ("Date de début :", format_date(t.start_date, "slash")),
        ("Date de fin :", format_date(t.end_date, "slash")),
        ("Volume horaire :", format_hours(t.hours, hours_style)),
        ("Montant total :", format_amount(f.cost_cents, amount_style)),
    )
    y += 16
    for label, value in rows:
        dc.label_value(60, y, label, value, size=10.5)
        y += 20
    dc.text(330, y + 40, f"Fait le {format_date(t.issue_date, 'slash')}", size=10)
    dc.text(330, y + 56, "La direction", size=9, color=GREY)
    draw_signature(dc, 340, y + 90, 90, rng)
