"""Wave-3 job-seeker certificates (held out).

A France Travail attestation whose identifier sits in a framed box on the
right and whose dates are written in full (``6 mars 2026``), an avis de
situation laid out as a letter with the registration in a table column and
payments below it (``6 janv. 2026``), an older Pôle emploi certificate (issued
before 2024) with the identifier under its label and ``06.03.2023`` dates, and
a certificate downloaded from the online portal (Prénom NOM, the identifier
under its label, the registration date with its weekday). Their split, wave
and era (Pôle emploi before 2024) are in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sample_docs.layouts.jobseeker_more import finish  # the truth plumbing every family shares
from sample_docs.layouts.kit import FONTS, fit, fmt_date, keep, logo_mark, prose, qr_like, random_digits
from sample_docs.layouts.wave3_kit import (
    OTHER_GIVEN,
    cell_table,
    fmt_date_w3,
    legend_box,
    of_city,
    plain_money,
    proper_city,
    small_print,
    window_marks,
)
from sample_docs.people import OTHER_LAST_NAMES, STREETS, SUD_CITIES
from sample_docs.plans import JobseekerFacts
from sample_docs.render import GREY, LIGHT_GREY, DocCanvas, Rendered, draw_signature

FT_NAVY = (0.11, 0.16, 0.42)
FT_RED = (0.9, 0.25, 0.3)
PE_BLUE = (0.0, 0.33, 0.6)
PE_ORANGE = (0.95, 0.5, 0.1)


def short_civility(f: JobseekerFacts) -> str:
    """``Mme`` / ``M.``."""
    return "Mme" if f.civility == "Madame" else "M."


def agreed(f: JobseekerFacts, masculine: str, feminine: str) -> str:
    """The word agreeing with the job seeker's sex."""
    return feminine if f.civility == "Madame" else masculine


def agency_address(f: JobseekerFacts, rng: random.Random) -> tuple[str, str, str]:
    """(city as written, street line, postal code and city) of the job seeker's agency."""
    city = proper_city(f.address.postal_code, f.agency_city)
    code = next((c for name, c, _ in SUD_CITIES if name == city), f.address.postal_code)
    street = f"{rng.randint(1, 80)} {rng.choice(STREETS)}"
    return city, street, f"{code} {city.upper()}"


def home_lines(f: JobseekerFacts) -> list[str]:
    """The job seeker's street line and town."""
    return [f.address.line1, f"{f.address.postal_code} {f.address.city.upper()}"]


def adviser(rng: random.Random, *, title: bool = False) -> str:
    """A name for the agency's adviser (never an applicant's), with « conseiller/ère » when ``title``."""
    index = rng.randrange(len(OTHER_GIVEN))  # even: a woman's name
    name = f"{OTHER_GIVEN[index]} {rng.choice(OTHER_LAST_NAMES)}"
    if title:
        return f"{name}, {'conseillère' if index % 2 == 0 else 'conseiller'}"
    return name


def last_update(f: JobseekerFacts, rng: random.Random) -> date:
    """The last monthly update before the issue date (and after the registration)."""
    update = f.issue_date.replace(day=rng.randint(1, 15)) - timedelta(days=rng.choice((0, 30)))
    if update >= f.issue_date:
        update -= timedelta(days=31)
    return max(update, f.registration_date + timedelta(days=1))


# --------------------------------------------------------------------------- identifier in a box, long dates


def render_boxed_id(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Attestation d'inscription: the identifier framed on the right; every date in full (``6 mars 2026``)."""
    V = FONTS["vera"]
    d = lambda day: fmt_date(day, "long")  # noqa: E731
    given = " ".join(f.given_names)
    city, street, agency_town = agency_address(f, rng)
    dc = DocCanvas(
        creator="France Travail - Édition des attestations", stamp=f.issue_date, title="Attestation"
    )
    logo_mark(dc, 40, 30, 30, FT_NAVY, "disc")
    dc.circle(62, 52, 6, fill=FT_RED)
    dc.text(80, 46, "France Travail", size=17, font=V.bold, color=FT_NAVY)
    dc.text(80, 58, f"Agence {of_city(city)}", size=8.5, font=V.regular)
    dc.text(80, 69, f"{street} - {agency_town}", size=7.5, font=V.regular, color=GREY)
    legend_box(dc, 380, 40, 175, 52, "Votre identifiant", font=V.bold, color=FT_NAVY)
    dc.text(467, 74, f.france_travail_id, size=17, font=FONTS["courier"].bold, align="center")
    window_marks(dc, 305, 118, 250, 74)
    lines = [f"{f.civility} {given} {f.last_name}", *home_lines(f)]
    for i, line in enumerate(lines):
        fit(dc, 316, 140 + i * 13, line, 230, font=V.regular, size=9.5)
    dc.text(40, 140, "Dossier suivi par :", size=8, font=V.regular, color=GREY)
    dc.text(40, 152, adviser(rng, title=True), size=8.5, font=V.regular)
    dc.text(40, 164, "Contact : 3949 ou depuis votre espace personnel", size=8, font=V.regular, color=GREY)
    dc.text(297, 236, "ATTESTATION D'INSCRIPTION", size=15, font=V.bold, color=FT_NAVY, align="center")
    dc.text(297, 252, "sur la liste des demandeurs d'emploi", size=10, font=V.regular, align="center")
    category = rng.choice(("A", "A", "B", "C"))
    update = last_update(f, rng)
    body = [
        f"Par la présente, France Travail atteste que {keep(f.civility + ' ' + given + ' ' + f.last_name)}, "
        f"{agreed(f, 'domicilié', 'domiciliée')} {keep(f.address.line1)}, {keep(home_lines(f)[1])}, est "
        f"{agreed(f, 'inscrit', 'inscrite')} en qualité de demandeur d'emploi, en catégorie {category}, "
        f"de manière continue depuis le {keep(d(f.registration_date))}.",
        f"Sa situation a été mise à jour pour la dernière fois le {keep(d(update))}, lors de son "
        "actualisation mensuelle.",
        f"Cette attestation est délivrée à la demande de l'{agreed(f, 'intéressé', 'intéressée')} pour "
        "servir "
        "et valoir ce que de droit. Elle ne préjuge pas de ses droits à indemnisation.",
    ]
    y = 290
    for paragraph in body:
        y = prose(dc, 60, y, paragraph, 475, font=V.regular, size=10.5, leading=16) + 10
    y += 16
    dc.text(330, y, f"À {city}, le {d(f.issue_date)}", size=10, font=V.regular)
    dc.text(330, y + 16, "Pour le directeur d'agence,", size=9, font=V.regular, color=GREY)
    draw_signature(dc, 345, y + 46, 90, rng)
    small_print(
        dc,
        [
            "France Travail - Établissement public national - 1 avenue du Docteur Gley - 75987 Paris Cedex "
            "20",
            "Toute fausse déclaration est passible de sanctions (articles 441-1 et 441-6 du Code pénal).",
        ],
        font=V.regular,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- avis de situation: tables


def render_situation_tables(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Avis de situation as a letter: NOM Prénom in the window, the registration in a table column."""
    F = FONTS["helvetica"]
    d = lambda day: fmt_date_w3(day, "abbr_fr")  # noqa: E731
    given = " ".join(f.given_names)
    city, street, agency_town = agency_address(f, rng)
    dc = DocCanvas(creator="France Travail - Courriers", stamp=f.issue_date, title="Avis de situation")
    dc.rect(40, 30, 6, 40, fill=FT_RED, stroke=None)
    dc.text(54, 48, "FRANCE TRAVAIL", size=15, font=F.bold, color=FT_NAVY)
    dc.text(54, 61, f"{street}, {agency_town}", size=7.5, color=GREY)
    window_marks(dc, 305, 100, 250, 74)
    lines = [f"{short_civility(f)} {f.last_name} {given}", *home_lines(f)]
    for i, line in enumerate(lines):
        fit(dc, 316, 122 + i * 13, line, 230, font=F.regular, size=9.5)
    refs = [
        ("Avis établi le", d(f.issue_date)),
        ("Identifiant", f.france_travail_id),
        ("Agence", city),
        ("Référence", f"AS-{random_digits(rng, 8)}"),
    ]
    y = 106
    for label, value in refs:
        dc.text(40, y, label, size=8, color=GREY)
        dc.text(118, y, value, size=8.5, font=F.bold)
        y += 13
    dc.text(40, 218, "Avis de situation", size=16, font=F.bold, color=FT_NAVY)
    dc.text(40, 236, f"{f.civility},", size=10)
    prose(
        dc,
        40,
        254,
        "Vous trouverez ci-dessous l'état de votre inscription et les derniers paiements effectués à votre "
        "profit. Conservez ce document : il peut vous être demandé par un organisme de formation, un "
        "bailleur "
        "ou une administration.",
        515,
        font=F.regular,
        size=9.5,
    )
    category = rng.choice(("1", "2", "A", "B"))
    reason = rng.choice(
        ("Fin de contrat à durée déterminée", "Rupture conventionnelle", "Fin de mission d'intérim")
    )
    y = cell_table(
        dc,
        40,
        306,
        [110, 80, 120, 205],
        ["Inscription", "Catégorie", "Inscrit(e) depuis le", "Motif d'inscription"],
        [["En cours", category, d(f.registration_date), reason]],
        fonts=F,
        size=8.5,
        aligns="lccl",
        header_fill=(0.9, 0.91, 0.96),
    )
    y += 26
    dc.text(40, y, "Vos derniers paiements", size=11, font=F.bold, color=FT_NAVY)
    daily = rng.randint(3100, 6800)
    rows = []
    month_end = f.issue_date.replace(day=1) - timedelta(days=1)
    for _ in range(3):
        if month_end.replace(day=1) <= f.registration_date:
            break  # no payment for a month before the registration
        days = month_end.day
        paid = month_end + timedelta(days=rng.randint(2, 6))
        if paid >= f.issue_date:
            paid = f.issue_date - timedelta(days=1)
        period = f"{d(month_end.replace(day=1))} - {d(month_end)}"
        rows.append(
            ["ARE", period, str(days), plain_money(daily) + " €", plain_money(daily * days) + " €", d(paid)]
        )
        month_end = month_end.replace(day=1) - timedelta(days=1)
    if not rows:
        rows.append(["-", "Aucun paiement sur la période", "", "", "", ""])
    y = cell_table(
        dc,
        40,
        y + 8,
        [45, 160, 40, 80, 90, 100],
        ["Allocation", "Période", "Jours", "Montant/jour", "Montant brut", "Payé le"],
        rows,
        fonts=F,
        size=8,
        aligns="lcrrrc",
        zebra=(0.96, 0.96, 0.98),
    )
    y += 26
    end_of_rights = f.issue_date + timedelta(days=rng.randint(60, 500))
    dc.text(40, y, f"Fin de droits prévisionnelle : {d(end_of_rights)}", size=9)
    dc.text(40, y + 14, "Actualisation mensuelle : du 28 du mois au 15 du mois suivant", size=8, color=GREY)
    qr_like(dc, 485, y - 6, 70, rng)
    small_print(
        dc,
        ["France Travail - francetravail.fr - Votre espace personnel est accessible 7j/7 et 24h/24."],
        font=F.regular,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- Pôle emploi (before 2024)


def render_pe_certificate(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Older Pôle emploi certificate: identifier under its label, ``06.03.2023`` dates, NOM, Prénom(s)."""
    T, F = FONTS["times"], FONTS["helvetica"]
    d = lambda day: fmt_date(day, "dot")  # noqa: E731
    given = " ".join(f.given_names)
    city, street, agency_town = agency_address(f, rng)
    dc = DocCanvas(creator="Pôle emploi - Éditions", stamp=f.issue_date, title="Certificat d'inscription")
    dc.rect(40, 30, 24, 24, fill=PE_BLUE, stroke=None)
    dc.rect(46, 36, 12, 12, fill=PE_ORANGE, stroke=None)
    dc.text(72, 48, "pôle emploi", size=18, font=F.bold, color=PE_BLUE)
    dc.text(72, 62, "Provence-Alpes-Côte d'Azur", size=8, color=GREY)
    dc.text(555, 40, f"Site {of_city(city)}", size=9, font=T.bold, align="right")
    dc.text(555, 52, street, size=8.5, font=T.regular, align="right")
    dc.text(555, 63, agency_town, size=8.5, font=T.regular, align="right")
    dc.text(40, 104, "Identifiant", size=8, font=F.regular, color=GREY)
    dc.text(40, 120, f.france_travail_id, size=14, font=F.bold)
    dc.text(160, 104, "Édité le", size=8, font=F.regular, color=GREY)
    dc.text(160, 120, d(f.issue_date), size=12, font=F.bold)
    window_marks(dc, 305, 100, 250, 70)
    addressee = [f"{f.last_name} {given}", *home_lines(f)]
    for i, line in enumerate(addressee):
        fit(dc, 316, 122 + i * 13, line, 230, font=T.regular, size=10)
    dc.text(297, 222, "CERTIFICAT D'INSCRIPTION", size=16, font=T.bold, color=PE_BLUE, align="center")
    dc.hline(180, 415, 230, color=PE_ORANGE, line_width=1.5)
    update = last_update(f, rng)
    rows = [
        ("Nom", f.last_name),
        ("Prénom(s)", given),
        ("Date d'inscription", d(f.registration_date)),
        ("Catégorie", rng.choice(("1", "2", "3"))),
        ("Dernière actualisation", d(update)),
        ("Indemnisation", rng.choice(("Allocation d'aide au retour à l'emploi", "Non indemnisé(e)"))),
    ]
    y = 264
    for label, value in rows:
        dc.text(90, y, label, size=10.5, font=T.regular)
        dc.text(250, y, value, size=10.5, font=T.bold)
        dc.hline(90, 505, y + 6, color=LIGHT_GREY)
        y += 22
    y += 16
    y = prose(
        dc,
        90,
        y,
        f"Pôle emploi certifie l'exactitude des informations ci-dessus, telles qu'elles figurent dans son "
        "dossier à la date d'édition. Le présent certificat est remis à "
        f"l'{agreed(f, 'intéressé', 'intéressée')} "
        "pour faire valoir ses droits.",
        415,
        font=T.italic,
        size=10,
    )
    dc.text(330, y + 22, "Le directeur d'agence", size=10, font=T.regular)
    draw_signature(dc, 340, y + 52, 90, rng, color=PE_BLUE)
    small_print(
        dc,
        ["Pôle emploi - 1 avenue du Docteur Gley - 75987 Paris Cedex 20 - pole-emploi.fr - 3949"],
        font=F.regular,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- portal download


def render_portal(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Portal download: Prénom NOM, the identifier under its label, the registration date with its weekday."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="France Travail - Espace personnel", stamp=f.issue_date, title="Attestation")
    dc.rect(0, 0, dc.width, 8, fill=FT_NAVY, stroke=None)
    logo_mark(dc, 40, 28, 26, FT_NAVY, "ring")
    dc.text(74, 46, "France Travail", size=15, font=F.bold, color=FT_NAVY)
    dc.text(555, 40, "Espace personnel", size=8.5, color=GREY, align="right")
    dc.text(555, 52, "Document généré en ligne", size=8.5, color=GREY, align="right")
    dc.text(40, 100, "Attestation d'inscription", size=20, font=F.bold)
    dc.text(40, 118, "Demandeur d'emploi", size=11, color=GREY)
    dc.rect(40, 136, 515, 108, fill=(0.95, 0.96, 0.99), stroke=None, radius=6)
    cells = [
        (56, 156, "Demandeur", f"{given} {f.last_name}"),
        (56, 204, "N° d'identifiant France Travail", f.france_travail_id),
        (320, 156, "Commune de résidence", f"{f.address.postal_code} {f.address.city.upper()}"),
        (320, 204, "Date d'édition", f"le {fmt_date(f.issue_date, 'long')}"),
    ]
    for x, y, label, value in cells:
        dc.text(x, y, label, size=8, color=GREY)
        fit(dc, x, y + 17, value, 225, font=C.bold if "identifiant" in label else F.bold, size=12)
    y = 280
    y = prose(
        dc,
        40,
        y,
        f"{keep(given + ' ' + f.last_name)} figure parmi les personnes inscrites à France Travail en "
        f"recherche d'emploi depuis le {keep(fmt_date_w3(f.registration_date, 'weekday_slash'))} ; cette "
        "inscription était toujours active à la date d'édition du présent document.",
        515,
        font=F.regular,
        size=10.5,
    )
    y += 14
    update = last_update(f, rng)
    rows = [
        ["Catégorie", rng.choice(("A", "B", "C"))],
        ["Dernière actualisation", fmt_date(update, "long")],
        ["Accompagnement", rng.choice(("Guidé", "Renforcé", "Suivi"))],
        ["Conseiller référent", adviser(rng)],
    ]
    y = cell_table(dc, 40, y, [180, 335], None, rows, fonts=F, size=9, vertical=False) + 30
    code = "-".join(random_digits(rng, 4) for _ in range(4))
    qr_like(dc, 40, y, 76, rng)
    dc.text(130, y + 16, "Vérifier l'authenticité de ce document", size=9, font=F.bold)
    dc.text(130, y + 30, "Scannez le code ou saisissez sur francetravail.fr le code :", size=8.5)
    dc.text(130, y + 46, code, size=11, font=C.bold)
    dc.rect(0, dc.height - 8, dc.width, 8, fill=FT_RED, stroke=None)
    small_print(
        dc,
        [
            "France Travail - Établissement public - Ce document est établi sur la base des informations "
            "connues."
        ],
        font=F.regular,
        bottom=20,
    )
    dc.text(555, dc.height - 52, "1/1", size=7, color=GREY, align="right")
    return finish(dc, f)


RENDERERS: dict[str, Callable[[JobseekerFacts, random.Random], Rendered]] = {
    "ft_attestation_encadre": render_boxed_id,
    "ft_avis_situation_courrier": render_situation_tables,
    "pe_certificat_inscription": render_pe_certificate,
    "ft_attestation_portail": render_portal,
}


def render_wave3_jobseeker(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
