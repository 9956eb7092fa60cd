"""Identity documents with their MRZ.

The 2021 French identity card (TD1 MRZ), the old laminated card (French 2×36
MRZ), the passport data page (TD3) and the residence permit (TD1).

Cards show recto and verso one above the other, either alone on a card-sized
sheet (scanned at 300 dpi) or as a photocopy on an A4 page (scanned at 300 dpi).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sample_docs.identifiers import (
    MrzData,
    build_french_id_1988,
    build_td1,
    build_td3,
    corrupt_mrz_check_digit,
)
from sample_docs.people import NATIONALITY_LABELS, fold_text
from sample_docs.plans import IdentityFacts
from sample_docs.render import (
    A4_SIZE,
    GREY,
    MM,
    DocCanvas,
    Rendered,
    draw_guilloche,
    draw_photo,
    draw_signature,
    format_date,
)

CARD_SIZE = (85.6 * MM, 54.0 * MM)
PASSPORT_SIZE = (125.0 * MM, 88.0 * MM)
BLUE = (0.05, 0.2, 0.5)
LABEL = (0.3, 0.3, 0.4)
MRZ_FONT = "Courier-Bold"

Face = Callable[[DocCanvas, float, float, IdentityFacts, list[str], random.Random], None]


def build_mrz(facts: IdentityFacts, rng: random.Random) -> list[str]:
    """Build the MRZ lines the document carries (one wrong check digit on a fault)."""
    data = MrzData(
        doc_code={"passport": "P<", "residence_permit": "IR"}.get(facts.layout, "ID"),
        issuing_state="FRA",
        document_number=facts.document_number,
        last_name=facts.last_name,
        given_names=facts.given_names,
        birth_date=facts.birth_date,
        sex=facts.sex,
        expiry_date=facts.expiry_date,
        nationality=facts.nationality,
    )
    if facts.layout == "passport":
        lines = build_td3(data)
    elif facts.layout == "cni_1988":
        lines = build_french_id_1988(data, facts.office_code)
    else:
        lines = build_td1(data)
    return corrupt_mrz_check_digit(lines, rng) if facts.mrz_fault else lines


def printed_last_name(facts: IdentityFacts) -> str:
    """Return the surname as printed."""
    return fold_text(facts.last_name) if facts.fold_names else facts.last_name.upper()


def printed_given_names(facts: IdentityFacts, upper: bool = True) -> list[str]:
    """Return the given names as printed."""
    if facts.fold_names:
        return [fold_text(g) for g in facts.given_names]
    return [g.upper() if upper else g for g in facts.given_names]


def draw_mrz(dc: DocCanvas, x: float, y: float, lines: list[str], size: float) -> None:
    """MRZ lines in a monospace bold font, ``y`` = first baseline."""
    for i, line in enumerate(lines):
        dc.text(x, y + i * size * 1.25, line, size=size, font=MRZ_FONT)


def draw_field(dc: DocCanvas, x: float, y: float, label: str, value: str, *, value_size: float = 8.5) -> None:
    """Draw a bilingual label with its value on the line below."""
    dc.text(x, y, label, size=5.2, color=LABEL)
    dc.text(x, y + value_size + 1.5, value, size=value_size, font="Helvetica-Bold")


def draw_card_background(
    dc: DocCanvas,
    ox: float,
    oy: float,
    size: tuple[float, float],
    tint: tuple[float, float, float],
    rng: random.Random,
) -> None:
    """Draw a rounded card with a pale tint and faint guilloche lines."""
    w, h = size
    dc.rect(ox, oy, w, h, fill=tint, stroke=(0.6, 0.6, 0.65), line_width=0.5, radius=9)
    guilloche = tuple(min(1.0, c - 0.06) for c in tint)
    draw_guilloche(dc, ox + 4, oy + 4, w - 8, h - 8, guilloche, rng)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- faces


def face_cni_2021_front(
    dc: DocCanvas, ox: float, oy: float, f: IdentityFacts, mrz: list[str], rng: random.Random
) -> None:
    """2021 identity card, recto."""
    draw_card_background(dc, ox, oy, CARD_SIZE, (0.93, 0.95, 0.99), rng)
    dc.text(ox + 10, oy + 13, "RÉPUBLIQUE FRANÇAISE", size=7.5, font="Helvetica-Bold", color=BLUE)
    dc.text(
        ox + 10,
        oy + 22,
        "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD",
        size=6.2,
        font="Helvetica-Bold",
        color=BLUE,
    )
    dc.rect(ox + CARD_SIZE[0] - 26, oy + 6, 18, 12, fill=BLUE, stroke=None, radius=2)
    dc.text(
        ox + CARD_SIZE[0] - 17, oy + 15, "FR", size=7, font="Helvetica-Bold", color=(1, 1, 1), align="center"
    )
    draw_photo(dc, ox + 9, oy + 30, 56, 72, rng)
    x = ox + 72
    draw_field(dc, x, oy + 35, "Nom / Surname", printed_last_name(f))
    draw_field(dc, x, oy + 56, "Prénoms / Given names", ", ".join(printed_given_names(f)))
    draw_field(dc, x, oy + 77, "Sexe / Sex", f.sex)
    draw_field(dc, x + 28, oy + 77, "Nationalité / Nationality", f.nationality)
    draw_field(dc, x + 92, oy + 77, "Date de naiss. / Date of birth", format_date(f.birth_date, "space"))
    draw_field(dc, x, oy + 98, "Lieu de naissance / Place of birth", f.birth_place)
    draw_field(dc, x, oy + 119, "N° du document / Document No", f.document_number)
    draw_field(dc, x + 92, oy + 119, "Date d'expir. / Expiry date", format_date(f.expiry_date, "space"))
    draw_signature(dc, ox + 14, oy + 128, 48, rng)


def face_cni_2021_back(
    dc: DocCanvas, ox: float, oy: float, f: IdentityFacts, mrz: list[str], rng: random.Random
) -> None:
    """2021 identity card, verso with the TD1 MRZ."""
    draw_card_background(dc, ox, oy, CARD_SIZE, (0.95, 0.94, 0.98), rng)
    x = ox + 10
    draw_field(dc, x, oy + 14, "Adresse / Address", fold_text(f.address.line1), value_size=7.5)
    dc.text(
        x,
        oy + 33,
        f"{f.address.postal_code} {fold_text(f.address.city)} FRANCE",
        size=7.5,
        font="Helvetica-Bold",
    )
    draw_field(
        dc,
        x,
        oy + 46,
        "Date de délivrance / Date of issue",
        format_date(f.issue_date, "space"),
        value_size=7.5,
    )
    draw_field(dc, x + 110, oy + 46, "Autorité / Authority", f.authority, value_size=6.5)
    dc.rect(ox, oy + CARD_SIZE[1] - 52, CARD_SIZE[0], 46, fill=(1, 1, 1), stroke=None)
    draw_mrz(dc, ox + 14, oy + CARD_SIZE[1] - 38, mrz, 10)


def face_cni_1988_front(
    dc: DocCanvas, ox: float, oy: float, f: IdentityFacts, mrz: list[str], rng: random.Random
) -> None:
    """Old laminated identity card, recto with the 2×36 MRZ."""
    draw_card_background(dc, ox, oy, CARD_SIZE, (0.98, 0.93, 0.94), rng)
    dc.text(
        ox + CARD_SIZE[0] / 2,
        oy + 12,
        "RÉPUBLIQUE FRANÇAISE",
        size=7.5,
        font="Helvetica-Bold",
        align="center",
    )
    dc.text(
        ox + 8,
        oy + 23,
        f"CARTE NATIONALE D'IDENTITÉ N° : {f.document_number}",
        size=6.8,
        font="Helvetica-Bold",
    )
    dc.text(ox + 8, oy + 31, f"Nationalité {NATIONALITY_LABELS.get(f.nationality, 'Française')}", size=6)
    draw_photo(dc, ox + 8, oy + 35, 52, 66, rng)
    x = ox + 68
    given = ", ".join(printed_given_names(f))
    dc.label_value(x, oy + 42, "Nom :", printed_last_name(f), size=7.5)
    dc.label_value(x, oy + 54, "Prénom(s) :", given, size=7.5)
    dc.label_value(x, oy + 66, "Sexe :", f.sex, size=7.5)
    dc.label_value(x + 36, oy + 66, "Né(e) le :", format_date(f.birth_date, "dot"), size=7.5)
    dc.label_value(x, oy + 78, "à :", f.birth_place, size=7.5)
    dc.label_value(x, oy + 90, "Taille :", f"1,{rng.randint(55, 92)}m", size=7.5)
    dc.text(x, oy + 101, "Signature du titulaire :", size=5.5, color=GREY)
    draw_signature(dc, x + 60, oy + 104, 40, rng)
    dc.rect(ox, oy + CARD_SIZE[1] - 34, CARD_SIZE[0], 30, fill=(1, 1, 1), stroke=None)
    draw_mrz(dc, ox + 10, oy + CARD_SIZE[1] - 22, mrz, 9.5)


def face_cni_1988_back(
    dc: DocCanvas, ox: float, oy: float, f: IdentityFacts, mrz: list[str], rng: random.Random
) -> None:
    """Old laminated identity card, verso."""
    draw_card_background(dc, ox, oy, CARD_SIZE, (0.97, 0.95, 0.93), rng)
    x = ox + 10
    dc.label_value(x, oy + 20, "Adresse :", fold_text(f.address.line1), size=7)
    dc.text(
        x + 34, oy + 31, f"{f.address.postal_code} {fold_text(f.address.city)}", size=7, font="Helvetica-Bold"
    )
    dc.label_value(x, oy + 50, "Carte valable jusqu'au :", format_date(f.expiry_date, "dot"), size=7.5)
    dc.label_value(x, oy + 63, "délivrée le :", format_date(f.issue_date, "dot"), size=7.5)
    dc.label_value(x, oy + 76, "par :", f.authority.upper(), size=6.5)
    dc.text(x, oy + 96, "Signature de l'autorité :", size=5.5, color=GREY)
    dc.circle(ox + CARD_SIZE[0] - 45, oy + 110, 22, fill=(0.88, 0.88, 0.95), stroke=(0.5, 0.5, 0.7))
    draw_signature(dc, x + 70, oy + 112, 45, rng)


def face_residence_front(
    dc: DocCanvas, ox: float, oy: float, f: IdentityFacts, mrz: list[str], rng: random.Random
) -> None:
    """Residence permit, recto."""
    draw_card_background(dc, ox, oy, CARD_SIZE, (0.94, 0.97, 0.94), rng)
    dc.text(ox + 10, oy + 13, "RÉPUBLIQUE FRANÇAISE", size=7, font="Helvetica-Bold", color=BLUE)
    dc.text(ox + 10, oy + 22, "TITRE DE SÉJOUR / RESIDENCE PERMIT", size=7, font="Helvetica-Bold", color=BLUE)
    draw_photo(dc, ox + 9, oy + 30, 56, 72, rng)
    x = ox + 72
    draw_field(dc, x, oy + 33, "Nom / Surname", printed_last_name(f))
    draw_field(dc, x, oy + 53, "Prénoms / Given names", ", ".join(printed_given_names(f)))
    draw_field(dc, x, oy + 73, "Nationalité / Nationality", f.nationality)
    draw_field(dc, x + 62, oy + 73, "Sexe / Sex", f.sex)
    draw_field(dc, x + 92, oy + 73, "Date de naissance / Date of birth", format_date(f.birth_date, "space"))
    draw_field(dc, x, oy + 93, "N° / No", f.document_number)
    draw_field(dc, x + 92, oy + 93, "Valable jusqu'au / Valid until", format_date(f.expiry_date, "space"))
    draw_field(
        dc, x, oy + 113, "Type de titre / Type of permit", "CARTE DE SÉJOUR PLURIANNUELLE", value_size=6.5
    )
    draw_signature(dc, ox + 14, oy + 128, 48, rng)


def face_residence_back(
    dc: DocCanvas, ox: float, oy: float, f: IdentityFacts, mrz: list[str], rng: random.Random
) -> None:
    """Residence permit, verso with the TD1 MRZ."""
    draw_card_background(dc, ox, oy, CARD_SIZE, (0.95, 0.97, 0.95), rng)
    x = ox + 10
    draw_field(dc, x, oy + 14, "Adresse / Address", fold_text(f.address.line1), value_size=7.5)
    dc.text(
        x, oy + 33, f"{f.address.postal_code} {fold_text(f.address.city)}", size=7.5, font="Helvetica-Bold"
    )
    draw_field(
        dc,
        x,
        oy + 46,
        "Date de délivrance / Date of issue",
        format_date(f.issue_date, "space"),
        value_size=7.5,
    )
    draw_field(dc, x + 110, oy + 46, "Remarques / Remarks", "SALARIÉ", value_size=6.5)
    dc.rect(ox, oy + CARD_SIZE[1] - 52, CARD_SIZE[0], 46, fill=(1, 1, 1), stroke=None)
    draw_mrz(dc, ox + 14, oy + CARD_SIZE[1] - 38, mrz, 10)


def face_passport(
    dc: DocCanvas, ox: float, oy: float, f: IdentityFacts, mrz: list[str], rng: random.Random
) -> None:
    """Passport data page with the TD3 MRZ."""
    w, h = PASSPORT_SIZE
    dc.rect(ox, oy, w, h, fill=(0.96, 0.94, 0.97), stroke=(0.6, 0.6, 0.65), line_width=0.5, radius=4)
    draw_guilloche(dc, ox + 4, oy + 4, w - 8, h - 60, (0.88, 0.86, 0.93), rng)
    dc.text(ox + 12, oy + 16, "RÉPUBLIQUE FRANÇAISE", size=8, font="Helvetica-Bold", color=BLUE)
    dc.text(
        ox + w - 12, oy + 16, "PASSEPORT / PASSPORT", size=9, font="Helvetica-Bold", color=BLUE, align="right"
    )
    draw_photo(dc, ox + 12, oy + 34, 80, 102, rng)
    x = ox + 104
    given = ", ".join(printed_given_names(f, upper=False))
    draw_field(dc, x, oy + 32, "Type / Type", "P")
    draw_field(dc, x + 48, oy + 32, "Code du pays / Country code", "FRA")
    draw_field(dc, x + 140, oy + 32, "Passeport n° / Passport No", f.document_number)
    draw_field(dc, x, oy + 54, "Nom / Surname", printed_last_name(f))
    draw_field(dc, x, oy + 76, "Prénoms / Given names", given)
    draw_field(
        dc, x, oy + 98, "Nationalité / Nationality", NATIONALITY_LABELS.get(f.nationality, "Française")
    )
    draw_field(dc, x + 140, oy + 98, "Sexe / Sex", f.sex)
    draw_field(dc, x, oy + 120, "Date de naissance / Date of birth", format_date(f.birth_date, "space"))
    draw_field(dc, x + 110, oy + 120, "Lieu de naissance / Place of birth", f.birth_place)
    draw_field(dc, x, oy + 142, "Date de délivrance / Date of issue", format_date(f.issue_date, "space"))
    draw_field(
        dc, x + 110, oy + 142, "Date d'expiration / Date of expiry", format_date(f.expiry_date, "space")
    )
    draw_field(dc, x, oy + 164, "Autorité / Authority", f.authority, value_size=7)
    dc.rect(ox + 1, oy + h - 46, w - 2, 44, fill=(1, 1, 1), stroke=None)
    draw_mrz(dc, ox + 18, oy + h - 30, mrz, 10.5)


FACES: dict[str, tuple[tuple[float, float], list[Face]]] = {
    "cni_2021": (CARD_SIZE, [face_cni_2021_front, face_cni_2021_back]),
    "cni_1988": (CARD_SIZE, [face_cni_1988_front, face_cni_1988_back]),
    "residence_permit": (CARD_SIZE, [face_residence_front, face_residence_back]),
    "passport": (PASSPORT_SIZE, [face_passport]),
}


def render_identity(facts: IdentityFacts, rng: random.Random, frame: str) -> Rendered:
    """Draw an identity document; ``frame`` is ``card`` (alone) or ``a4`` (photocopy)."""
    face_size, faces = FACES[facts.layout]
    margin = 14.0
    if frame == "card":
        size = (face_size[0] + 2 * margin, len(faces) * face_size[1] + (len(faces) + 1) * margin)
        origin_x, origin_y, step, dpi = margin, margin, face_size[1] + margin, 300
    else:
        size = A4_SIZE
        origin_x, origin_y, step, dpi = 70.0, 80.0, face_size[1] + 40, 300
    mrz = build_mrz(facts, rng)
    dc = DocCanvas(size, creator="Numérisation", stamp=facts.issue_date, title="")
    for i, face in enumerate(faces):
        face(dc, origin_x, origin_y + i * step, facts, mrz, rng)
    pdf, texts = dc.finish()
    fields = {
        "last_name": printed_last_name(facts),
        "first_names": " ".join(printed_given_names(facts, upper=facts.layout != "passport")),
        "birth_date": facts.birth_date.isoformat(),
        "document_number": facts.document_number,
        "expiry_date": facts.expiry_date.isoformat(),
        "mrz": "\n".join(mrz),
    }
    return Rendered(pdf, texts, fields, facts.layout, size, raster_dpi=dpi, extra={"frame": frame})
