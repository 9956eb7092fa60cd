"""Wave-2 job-seeker certificates (held out).

A France Travail attestation as a ruled grid of capital labels with
``06 MAR 2026`` dates, a certificate downloaded from the personal space (two
columns, the registration date inside a sentence, a generation time), and an
older Pôle emploi print-out in a fixed-width font with dotted leaders. Their
split, wave and era (Pôle emploi before 2024) are in ``sample_docs/families.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sample_docs.layouts.kit import FONTS, fit, keep, logo_mark, prose, qr_like, random_digits, window
from sample_docs.layouts.wave2_kit import fmt_date_w2, grey_box, kv_grid, side_text
from sample_docs.plans import JobseekerFacts
from sample_docs.render import GREY, LIGHT_GREY, DocCanvas, Rendered, draw_signature

FT_BLUE = (0.1, 0.2, 0.5)
FT_CORAL = (0.95, 0.35, 0.3)
PE_BLUE = (0.0, 0.3, 0.55)


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


def feminine(f: JobseekerFacts) -> bool:
    """Whether the certificate speaks of a woman."""
    return f.civility == "Madame"


# --------------------------------------------------------------------------- ruled grid (France Travail)


def render_grid(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Attestation as a ruled grid of capital labels; ``NOM, Prénoms`` in the window; ``06 MAR 2026``."""
    F, C = FONTS["helvetica"], FONTS["courier"]
    d = lambda day: fmt_date_w2(day, "abbr_upper")  # noqa: E731
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="France Travail - Attestations en ligne", stamp=f.issue_date, title="Attestation")
    check = f"{random_digits(rng, 4)}-{random_digits(rng, 4)}-{random_digits(rng, 4)}"
    side_text(
        dc, 24, 790, f"Code de vérification {check} - francetravail.fr/verifier", font=F.regular, size=6.5
    )
    logo_mark(dc, 40, 30, 28, FT_CORAL, "ring")
    dc.text(76, 50, "FRANCE TRAVAIL", size=16, font=F.bold, color=FT_BLUE)
    dc.text(76, 62, f"Agence {f.agency_city}", size=8, color=GREY)
    window(
        dc,
        330,
        104,
        [f"{f.last_name}, {given}", f.address.line1, f"{f.address.postal_code} {f.address.city}"],
        font=F.regular,
        size=10,
    )
    dc.text(40, 186, "ATTESTATION D'INSCRIPTION", size=15, font=F.bold, color=FT_BLUE)
    dc.text(40, 200, "SUR LA LISTE DES DEMANDEURS D'EMPLOI", size=9, font=F.bold, color=GREY)
    document = f"ATT-{f.issue_date:%y}-{random_digits(rng, 9)}"
    rows: list[tuple[str, str | list[str]]] = [
        ("NOM", f.last_name),
        ("PRÉNOM(S)", given),
        ("IDENTIFIANT", f.france_travail_id),
        ("INSCRIT(E) DEPUIS LE", d(f.registration_date)),
        ("CATÉGORIE", "1"),
        ("CODE AGENCE", f"{f.address.department}{random_digits(rng, 3)}"),
        ("DATE DE DÉLIVRANCE", d(f.issue_date)),
        ("N° DU DOCUMENT", document),
    ]
    y = kv_grid(
        dc,
        40,
        220,
        rows,
        fonts=F,
        label_width=170,
        value_width=345,
        size=10.5,
        label_size=8.5,
        value_font=C.bold,
        label_fill=(0.9, 0.92, 0.97),
    )
    y = prose(
        dc,
        40,
        y + 26,
        "France Travail certifie que la personne désignée ci-dessus est inscrite sur la liste des "
        "demandeurs d'emploi à la date de délivrance du présent document. Ce document ne vaut pas "
        "ouverture de droits.",
        515,
        font=F.regular,
        size=9,
    )
    qr_like(dc, 40, y + 14, 70, rng)
    dc.text(130, y + 40, "Le directeur d'agence", size=9, font=F.italic, color=GREY)
    draw_signature(dc, 135, y + 70, 90, rng)
    dc.hline(40, 555, dc.height - 50, color=LIGHT_GREY)
    dc.text(
        40, dc.height - 38, "France Travail - 1 avenue du Docteur Gley - 75020 Paris", size=6.5, color=GREY
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- personal space (France Travail)


def render_personal_space(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Downloaded from the personal space: a grey sidebar of data, the registration date in a sentence."""
    V = FONTS["vera"]
    d = lambda day: fmt_date_w2(day, "dash_nozero")  # noqa: E731
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="France Travail - Espace personnel", stamp=f.issue_date, title="Mon attestation")
    grey_box(dc, 0, 0, 200, dc.height, tone=0.94)
    logo_mark(dc, 24, 30, 24, FT_CORAL, "disc")
    dc.text(54, 48, "France Travail", size=13, font=V.bold, color=FT_BLUE)
    dc.text(24, 96, "Mes informations", size=10, font=V.bold, color=FT_BLUE)
    last_update = max(f.registration_date, f.issue_date - timedelta(days=rng.randint(2, 25)))
    rights_end = f.issue_date + timedelta(days=rng.randint(120, 700))
    y = 122.0
    for label, value in (
        ("Nom", f.last_name),
        ("Prénom(s)", given),
        ("Identifiant", f.france_travail_id),
        ("Catégorie", "1"),
        ("Dernière actualisation", d(last_update)),
        ("Fin de droits prévue", d(rights_end)),
        ("Conseiller(ère)", rng.choice(("Mme BRUNET", "M. CARRÉ", "Mme OLLIER", "M. PONS"))),
    ):
        dc.text(24, y, label, size=7.5, font=V.regular, color=GREY)
        fit(dc, 24, y + 13, value, 165, font=V.bold, size=9.5)
        y += 34
    dc.text(220, 60, f"Bonjour {f.given_names[0]},", size=12, font=V.regular)
    dc.text(220, 100, "Attestation d'inscription", size=17, font=V.bold, color=FT_BLUE)
    inscrit = "inscrite" if feminine(f) else "inscrit"
    y = prose(
        dc,
        220,
        134,
        f"France Travail atteste que {keep(f'{f.civility} {given} {f.last_name}')} est {inscrit} sur la "
        f"liste des demandeurs d'emploi depuis le {keep(d(f.registration_date))} en catégorie 1, et "
        "l'est toujours à la date de génération de ce document.",
        335,
        font=V.regular,
        size=10.5,
        leading=15,
    )
    y = prose(
        dc,
        220,
        y + 10,
        "Cette attestation peut être transmise à un organisme de formation ou à un financeur. Son "
        "authenticité peut être vérifiée en ligne pendant trois mois.",
        335,
        font=V.regular,
        size=9,
        color=GREY,
    )
    hour, minute = rng.randint(8, 21), rng.randint(0, 59)
    generated = f"Document généré le {fmt_date_w2(f.issue_date, 'slash2')} à {hour:02d}:{minute:02d}"
    dc.text(220, y + 24, generated, size=8, font=V.regular)
    qr_like(dc, 220, y + 40, 70, rng)
    dc.text(300, y + 60, "Scannez pour vérifier", size=7.5, font=V.regular, color=GREY)
    dc.text(
        220,
        dc.height - 36,
        "francetravail.fr - Mon espace personnel - Mes attestations",
        size=6.5,
        font=V.regular,
        color=GREY,
    )
    return finish(dc, f)


# --------------------------------------------------------------------------- print-out (Pôle emploi)


def render_listing(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """An older Pôle emploi print-out: fixed-width font, labels with dotted leaders, ``06/03/23`` dates."""
    C = FONTS["courier"]
    d = lambda day: fmt_date_w2(day, "slash2")  # noqa: E731
    given = " ".join(f.given_names)
    dc = DocCanvas(creator="Pôle emploi - AUDE", stamp=f.issue_date, title="Attestation")
    logo_mark(dc, 40, 28, 26, PE_BLUE, "triangle")
    dc.text(74, 46, "POLE EMPLOI", size=14, font=C.bold, color=PE_BLUE)
    dc.text(74, 58, f"AGENCE {f.agency_city.upper()}", size=8.5, font=C.regular)
    dc.text(
        400,
        46,
        f"REF. {f.address.department}{random_digits(rng, 3)}/{random_digits(rng, 6)}",
        size=8,
        font=C.regular,
    )
    window(
        dc,
        330,
        100,
        [f"{f.civility} {f.last_name} {given}", f.address.line1, f"{f.address.postal_code} {f.address.city}"],
        font=C.regular,
        size=9.5,
    )
    dc.text(40, 180, "ATTESTATION D'INSCRIPTION", size=13, font=C.bold)
    dc.text(40, 194, "=" * 25, size=13, font=C.regular)
    last_update = max(f.registration_date, f.issue_date - timedelta(days=rng.randint(2, 25)))
    rows = (
        ("NOM", f.last_name),
        ("PRENOM(S)", given),
        ("IDENTIFIANT", f.france_travail_id),
        ("DATE D'INSCRIPTION", d(f.registration_date)),
        ("CATEGORIE", "1"),
        ("DERNIERE ACTUALISATION", d(last_update)),
        ("EDITE LE", d(f.issue_date)),
    )
    y = 226.0
    for label, value in rows:
        dc.text(40, y, f"{label} ".ljust(26, "."), size=10, font=C.regular)
        fit(dc, 40 + 27 * 6.0, y, value, 555 - 202, font=C.bold, size=10)
        y += 16
    y = prose(
        dc,
        40,
        y + 18,
        "POLE EMPLOI ATTESTE QUE LA PERSONNE DESIGNEE CI-DESSUS EST INSCRITE SUR LA LISTE DES "
        "DEMANDEURS D'EMPLOI A LA DATE D'EDITION DU PRESENT DOCUMENT.",
        515,
        font=C.regular,
        size=9,
    )
    y = prose(
        dc,
        40,
        y + 8,
        "ATTESTATION DELIVREE POUR SERVIR ET VALOIR CE QUE DE DROIT.",
        515,
        font=C.regular,
        size=9,
    )
    dc.text(330, y + 30, "LE DIRECTEUR D'AGENCE", size=9, font=C.regular)
    draw_signature(dc, 340, y + 64, 90, rng)
    dc.text(40, dc.height - 40, "POLE EMPLOI - 3949 - WWW.POLE-EMPLOI.FR", size=7, font=C.regular, color=GREY)
    return finish(dc, f)


RENDERERS: dict[str, Callable[[JobseekerFacts, random.Random], Rendered]] = {
    "ft_attestation_grille": render_grid,
    "ft_espace_personnel": render_personal_space,
    "pe_listing": render_listing,
}


def render_wave2_jobseeker(f: JobseekerFacts, rng: random.Random) -> Rendered:
    """Dispatch on the family name."""
    return RENDERERS[f.layout](f, rng)
