"""More job-seeker certificates, written independently of ``jobseeker.py``.

An ``avis de situation``, a two-page attestation (cover letter, then the
attestation), an older Pôle emploi attestation in prose, a France Travail
attestation in prose, and a statement of registration periods. The identifier
is labelled in several ways, dates are in several formats and sentences. Their
split and era (Pôle emploi before 2024, France Travail since) are in
``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sample_docs.layouts.kit import (
    FONTS,
    band,
    field,
    fit,
    fmt_date,
    keep,
    logo_mark,
    prose,
    qr_like,
    random_digits,
    stamp,
    table,
    window,
)
from sample_docs.plans import JobseekerFacts
from sample_docs.render import GREY, LIGHT_GREY, WHITE, DocCanvas, Rendered, draw_signature

FT_NAVY = (0.12, 0.16, 0.42)
FT_RED = (0.88, 0.12, 0.22)
PE_BLUE = (0.0, 0.33, 0.6)


def fields_of(f: JobseekerFacts) -> dict[str, str]:
    """The truth fields of a job-seeker certificate."""
    return {
        "last_name": f.last_name,
        "first_names": " ".join(f.given_names),
        "france_travail_id": f.france_travail_id,
        "registration_date": f.registration_date.isoformat(),
        "issue_date": f.issue_date.isoformat(),
    }


def finish(dc: DocCanvas, f: JobseekerFacts) -> Rendered:
    """Close the canvas and return the rendering."""
    pdf, texts = dc.finish()
    return Rendered(pdf, texts, fields_of(f), f.layout, (dc.width, dc.height))


def registered_word(f: JobseekerFacts) -> str:
    """``inscrite`` or ``inscrit``."""
    return "inscrite" if f.civility == "Madame" else "inscrit"


def last_update(f: JobseekerFacts, rng: random.Random) -> tuple:
    """(last monthly update, next one): dates around the issue date."""
    last = max(f.registration_date, f.issue_date - timedelta(days=rng.randint(3, 28)))
    return last, last + timedelta(days=rng.choice((28, 30, 31)))


def ft_header(dc: DocCanvas, f: JobseekerFacts, font: str, bold: str) -> None:
    """France Travail logo block and agency lines."""
    logo_mark(dc, 40, 30, 30, FT_RED, "disc")
    dc.text(80, 50, "France Travail", size=19, font=bold, color=FT_NAVY)
    dc.text(80, 63, f"Agence de {f.agency_city}", size=8.5, font=font, color=GREY)
    dc.text(80, 74, "Tél. 39 49 - www.francetravail.fr", size=8.5, font=font, color=GREY)


# --------------------------------------------------------------------------- avis de situation (seen)


def render_avis_situation(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """``Avis de situation``: labelled identity, the registration in a table, ISO dates."""
    F = FONTS["helvetica"]
    dc = DocCanvas(creator="France Travail - Espace personnel", stamp=f.issue_date, title="Avis de situation")
    ft_header(dc, f, F.regular, F.bold)
    given = " ".join(f.given_names)
    window(
        dc,
        330,
        118,
        [f"{f.civility} {given} {f.last_name}", f.address.line1, f"{f.address.postal_code} {f.address.city}"],
        font=F.regular,
        size=10,
    )
    dc.text(40, 196, "AVIS DE SITUATION", size=17, font=F.bold, color=FT_NAVY)
    dc.text(40, 212, f"Situation au {fmt_date(f.issue_date, 'iso')}", size=10, color=GREY)
    y = 244.0
    for label, value in (
        ("Nom :", f.last_name),
        ("Prénom(s) :", given),
        ("Numéro de demandeur d'emploi :", f.france_travail_id),
        ("Code agence :", f"{f.address.department}{random_digits(rng, 3)}"),
    ):
        y = field(dc, 40, y, label, value, fonts=F, size=10.5, column=230, max_width=515)
    last, following = last_update(f, rng)
    y = table(
        dc,
        40,
        y + 14,
        [120, 80, 170, 145],
        ["Date d'inscription", "Catégorie", "Situation", "Indemnisation"],
        [
            [
                fmt_date(f.registration_date, "iso"),
                "1",
                "Recherche active d'emploi",
                rng.choice(("ARE", "Non indemnisé(e)", "ASS")),
            ]
        ],
        fonts=F,
        size=9,
        aligns="cccc",
        header_fill=(0.9, 0.91, 0.96),
    )
    dc.text(40, y + 24, f"Dernière actualisation : {fmt_date(last, 'iso')}", size=9.5)
    dc.text(40, y + 38, f"Prochaine actualisation à partir du {fmt_date(following, 'iso')}", size=9.5)
    y = prose(
        dc,
        40,
        y + 66,
        "Le présent avis atteste de votre situation à la date indiquée. Il ne vaut pas décision "
        "d'attribution "
        "d'une allocation. Conservez-le : il peut vous être demandé par les organismes de formation et les "
        "financeurs.",
        515,
        font=F.regular,
        size=9,
        color=GREY,
    )
    dc.text(330, y + 26, f"Document édité le {fmt_date(f.issue_date, 'iso')}", size=9.5)
    qr_like(dc, 40, y + 20, 62, rng)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(40, dc.height - 38, "France Travail - Opérateur public de l'emploi", size=6.5, color=GREY)
    return finish(dc, f)


# --------------------------------------------------------------------------- two pages (seen)


def render_two_pages(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """A cover letter, then the attestation on page 2 (the registration date only there)."""
    F = FONTS["vera"]
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="France Travail - Courrier", stamp=f.issue_date, title="Attestation")
    ft_header(dc, f, F.regular, F.bold)
    window(
        dc,
        330,
        130,
        [f"{f.civility} {given} {f.last_name}", f.address.line1, f"{f.address.postal_code} {f.address.city}"],
        font=F.regular,
        size=10,
    )
    dc.text(330, 200, f"{f.agency_city}, le {fmt_date(f.issue_date, 'long')}", size=10, font=F.regular)
    dc.rect(40, 222, 250, 44, fill=(0.95, 0.95, 0.98), stroke=None, radius=4)
    dc.text(48, 238, "Vos références", size=8, font=F.bold, color=FT_NAVY)
    dc.text(48, 254, f"Identifiant : {f.france_travail_id}", size=10, font=F.regular)
    dc.text(40, 300, "Objet : votre attestation d'inscription", size=11, font=F.bold)
    y = prose(dc, 40, 330, f"{f.civility},", 515, font=F.regular, size=10.5)
    y = prose(
        dc,
        40,
        y + 6,
        "Vous nous avez demandé une attestation de votre inscription sur la liste des demandeurs d'emploi. "
        "Vous la trouverez en page suivante. Elle peut être transmise à tout organisme qui vous la demande, "
        "notamment dans le cadre d'une demande de financement de formation.",
        515,
        font=F.regular,
        size=10.5,
    )
    y = prose(
        dc,
        40,
        y + 6,
        "Votre conseiller reste à votre disposition pour vous accompagner dans votre projet.",
        515,
        font=F.regular,
        size=10.5,
    )
    dc.text(330, y + 30, "Votre agence France Travail", size=10, font=F.italic)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(555, dc.height - 36, "1/2", size=7, font=F.regular, color=GREY, align="right")
    dc.new_page()
    band(dc, 0, 10, FT_NAVY)
    dc.text(40, 60, "France Travail", size=13, font=F.bold, color=FT_NAVY)
    dc.text(
        dc.width / 2, 120, "ATTESTATION D'INSCRIPTION", size=16, font=F.bold, align="center", color=FT_NAVY
    )
    dc.text(
        dc.width / 2,
        136,
        "sur la liste des demandeurs d'emploi",
        size=10,
        font=F.italic,
        align="center",
        color=GREY,
    )
    y = 180.0
    for label, value in (
        ("Nom de famille", f.last_name),
        ("Prénoms", given),
        ("Identifiant", f.france_travail_id),
        ("Date d'inscription", fmt_date(f.registration_date, "long")),
        ("Catégorie", "1 - personne sans emploi, tenue de rechercher un emploi"),
    ):
        dc.rect(40, y - 14, 515, 22, fill=None, stroke=LIGHT_GREY)
        dc.text(48, y, label, size=9.5, font=F.regular, color=GREY)
        fit(dc, 200, y, value, 350, font=F.bold, size=10.5)
        y += 22
    prose(
        dc,
        40,
        y + 24,
        "France Travail atteste que la personne désignée ci-dessus est inscrite sur la liste des demandeurs "
        "d'emploi à la date de la présente attestation.",
        515,
        font=F.regular,
        size=10,
    )
    draw_signature(dc, 360, y + 110, 90, rng)
    dc.text(340, y + 130, "Le directeur d'agence", size=9, font=F.italic, color=GREY)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(555, dc.height - 36, "2/2", size=7, font=F.regular, color=GREY, align="right")
    return finish(dc, f)


# --------------------------------------------------------------------------- Pôle emploi, prose (held out)


def render_pole_emploi_prose(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """An older Pôle emploi attestation: every field inside one sentence."""
    F = FONTS["times"]
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="Pôle emploi - Éditions", stamp=f.issue_date, title="Attestation")
    logo_mark(dc, 40, 30, 30, PE_BLUE, "ring")
    dc.text(80, 52, "pôle emploi", size=22, font=F.bold, color=PE_BLUE)
    dc.text(40, 82, f"Pôle emploi {f.agency_city}", size=9.5, font=F.regular, color=GREY)
    dc.text(40, 94, "Pour nous contacter : 3949 - www.pole-emploi.fr", size=9.5, font=F.regular, color=GREY)
    window(
        dc,
        330,
        140,
        [f"{f.civility} {f.last_name} {given}", f.address.line1, f"{f.address.postal_code} {f.address.city}"],
        font=F.regular,
        size=11,
        leading=14,
    )
    dc.text(dc.width / 2, 250, "ATTESTATION", size=18, font=F.bold, align="center")
    y = prose(
        dc,
        60,
        296,
        f"Pôle emploi atteste que {keep(f'{f.civility} {f.last_name} {given}')}, identifiant "
        f"{keep(f.france_travail_id)}, est {registered_word(f)} sur la liste des demandeurs "
        "d'emploi depuis le "
        f"{keep(fmt_date(f.registration_date, 'long'))}, en catégorie 1.",
        475,
        font=F.regular,
        size=12.5,
        leading=19,
    )
    last, _ = last_update(f, rng)
    y = prose(
        dc,
        60,
        y + 10,
        f"Sa dernière actualisation a été enregistrée le {fmt_date(last, 'long')}. La présente "
        "attestation est "
        "délivrée à l'intéressé(e) pour faire valoir ce que de droit.",
        475,
        font=F.regular,
        size=12.5,
        leading=19,
    )
    dc.text(
        330,
        y + 40,
        f"Fait à {f.agency_city}, le {fmt_date(f.issue_date, 'nozero')}",
        size=11.5,
        font=F.regular,
    )
    dc.text(330, y + 58, "Pour le directeur, le conseiller", size=10, font=F.italic)
    stamp(dc, 340, y + 74, ["PÔLE EMPLOI", f.agency_city.upper()], PE_BLUE, font=F.bold, size=9)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        "Pôle emploi - 1 avenue du Docteur Gley - 75987 Paris cedex 20",
        size=7,
        font=F.regular,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- France Travail prose (held out)


def render_ft_prose(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """France Travail attestation: the identifier in a box, names and dates in sentences."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="France Travail - Attestations", stamp=f.issue_date, title="Attestation")
    band(dc, 0, 86, FT_NAVY)
    logo_mark(dc, 40, 26, 30, WHITE, "ring")
    dc.text(80, 48, "France Travail", size=19, font=F.bold, color=WHITE)
    dc.text(80, 62, f"Direction territoriale - agence de {f.agency_city}", size=8.5, color=WHITE)
    dc.text(555, 48, f"Édité le {fmt_date(f.issue_date, 'dot2')}", size=9, color=WHITE, align="right")
    dc.rect(330, 110, 225, 44, fill=(0.95, 0.95, 0.98), stroke=LIGHT_GREY)
    field(
        dc,
        340,
        126,
        "Votre n° de demandeur d'emploi",
        f.france_travail_id,
        fonts=F,
        pos="below",
        size=12,
        value_font=C.bold,
    )
    dc.text(40, 200, "Attestation de situation", size=16, font=F.bold, color=FT_NAVY)
    last, following = last_update(f, rng)
    y = prose(
        dc,
        40,
        236,
        f"Nous certifions que {keep(f'{given} {f.last_name}')}, domicilié(e) {keep(f.address.line1)}, "
        f"{keep(f'{f.address.postal_code} {f.address.city}')}, est {registered_word(f)} sur la liste des "
        f"demandeurs d'emploi depuis le {keep(fmt_date(f.registration_date, 'dot2'))} et l'est "
        "toujours à la date "
        "d'édition de ce document.",
        515,
        font=F.regular,
        size=11,
        leading=16,
    )
    y = table(
        dc,
        40,
        y + 16,
        [300, 215],
        None,
        [
            ["Dernière actualisation", fmt_date(last, "dot2")],
            ["Prochaine actualisation avant le", fmt_date(following, "dot2")],
            ["Catégorie", "1"],
        ],
        fonts=F,
        size=9.5,
        aligns="lr",
    )
    prose(
        dc,
        40,
        y + 30,
        "Document établi à la demande de l'intéressé(e), pour servir et valoir ce que de droit. "
        "Pour vérifier "
        "son authenticité, rendez-vous sur francetravail.fr, rubrique « Vérifier une attestation ».",
        515,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        "France Travail - 1 avenue du Docteur Gley - 75987 Paris cedex 20",
        size=6.5,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- periods statement (held out)


def render_periods(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Statement of registration periods: names in table columns, the current period in a table."""
    F = FONTS["vera"]
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="France Travail - Relevés", stamp=f.issue_date, title="Relevé de situation")
    ft_header(dc, f, F.regular, F.bold)
    dc.text(40, 130, "Relevé de situation", size=17, font=F.bold, color=FT_NAVY)
    dc.text(40, 146, "Historique des périodes d'inscription", size=10, font=F.italic, color=GREY)
    y = table(
        dc,
        40,
        170,
        [160, 215, 140],
        ["Nom", "Prénom(s)", "Identifiant demandeur"],
        [[f.last_name, given, f.france_travail_id]],
        fonts=F,
        size=9,
        aligns="lll",
        header_fill=(0.9, 0.91, 0.96),
    )
    rows = []
    end = f.registration_date - timedelta(days=rng.randint(30, 400))
    for _ in range(rng.randint(1, 2)):
        start = end - timedelta(days=rng.randint(60, 500))
        rows.append(
            [
                fmt_date(start, "slash"),
                fmt_date(end, "slash"),
                "1",
                rng.choice(("Reprise d'emploi", "Formation", "Absence d'actualisation")),
            ]
        )
        end = start - timedelta(days=rng.randint(30, 300))
    rows.reverse()
    rows.append([fmt_date(f.registration_date, "slash"), "en cours", "1", "Inscription"])
    y = table(
        dc,
        40,
        y + 20,
        [110, 110, 80, 215],
        ["Du", "Au", "Catégorie", "Motif"],
        rows,
        fonts=F,
        size=9,
        aligns="cccl",
        header_fill=(0.9, 0.91, 0.96),
    )
    dc.text(40, y + 28, f"Relevé établi le {fmt_date(f.issue_date, 'slash')}", size=10, font=F.bold)
    prose(
        dc,
        40,
        y + 52,
        "Ce relevé retrace les périodes pendant lesquelles vous avez été inscrit(e) comme "
        "demandeur d'emploi. "
        "La période « en cours » est celle de votre inscription actuelle.",
        515,
        font=F.regular,
        size=8.5,
        color=GREY,
    )
    window(
        dc, 330, 120, [f.address.line1, f"{f.address.postal_code} {f.address.city}"], font=F.regular, size=9
    )
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40,
        dc.height - 38,
        "France Travail - Opérateur public de l'emploi - 39 49",
        size=6.5,
        font=F.regular,
        color=GREY,
    )
    return finish(dc, f)


RENDERERS: dict[str, Callable[[JobseekerFacts, random.Random], Rendered]] = {
    "ft_avis_situation": render_avis_situation,
    "ft_attestation_2p": render_two_pages,
    "pe_attestation_prose": render_pole_emploi_prose,
    "ft_attestation_prose": render_ft_prose,
    "ft_releve_periodes": render_periods,
}


def render_jobseeker_more(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
