"""Proof of address: utility bill, rent receipt, home insurance certificate (CONTRACT.md §6).

``holder_name`` after ``Titulaire du contrat`` / ``Client`` / ``Locataire`` /
``Assuré``; ``address_line`` after ``Adresse de consommation`` /
``Adresse du logement`` / ``Lieu de consommation`` (same line or below), then
``postal_code`` and ``city`` from the ``13001 MARSEILLE`` line that follows.
``issuer`` is first the top heading that spells the document's own web or
mail domain (``Octopus Energy`` for ``www.octopusenergy.fr``).
Without an address label, the ``street`` / ``postcode city`` pair nearest
below the holder's name is taken (the window-envelope block). ``issuer`` is a
known supplier, insurer or landlord name read near the top of the first page,
else the ``Bailleur`` / ``Assureur`` label, else the first heading line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extractors.fields.candidates import date_candidates, pick_date
from extractors.fields.claims import Found, Piece
from extractors.fields.claims import to_extracted as claim_extracted
from extractors.fields.claims_codes import compact, find_code
from extractors.fields.claims_names import CIVILITIES, name_parts
from extractors.fields.claims_phrases import find_phrase
from extractors.fields.claims_reconcile import Agreement, reconcile
from extractors.fields.labels import find_labels, not_the_holder_labels, role_labels, vocabulary_labels
from extractors.fields.names import parse_name
from extractors.fields.pairing import (
    Span,
    labelled_value,
    parse_text,
    put,
    span_after,
    span_below,
    to_extracted,
)
from extractors.fields.parsed import DIGITLIKE, Parsed, digitise, penalty
from extractors.fields.persons import addressee_name, agree_holder, find_person, holder_name
from extractors.fields.text import Line, document_lines, fold
from models.claims import Claims
from models.document import BBox, Document, Extracted

FAMILY = "proof_of_address"
HOLDER = vocabulary_labels(FAMILY, "holder_name")
ADDRESS = vocabulary_labels(FAMILY, "address_line")
ISSUER_LABELS = vocabulary_labels(FAMILY, "issuer")
OTHER_LABELS = vocabulary_labels(FAMILY, "other")
DATE_ROLES = role_labels(FAMILY)
ALL_LABELS = HOLDER + ADDRESS + DATE_ROLES["issue"] + ISSUER_LABELS + OTHER_LABELS

KNOWN_ISSUERS = (
    "TotalEnergies",
    "Total Energies",
    "Eau de Marseille Métropole",
    "Société des Eaux de Provence",
    "Bouygues Telecom",
    "Red by SFR",
    "Mint Énergie",
    "Octopus Energy",
    "Ohm Énergie",
    "Vattenfall",
    "ekWateur",
    "Veolia",
    "Suez",
    "SAUR",
    "ENGIE",
    "EDF",
    "Eni",
    "Orange",
    "Sosh",
    "SFR",
    "Free",
    "MAIF",
    "MACIF",
    "MAAF",
    "MATMUT",
    "AXA",
    "Allianz",
    "Groupama",
    "GMF",
    "MMA",
    "Generali",
    "Direct Assurance",
    "Luko",
    "Leocare",
    "Crédit Agricole Assurances",
    "LCL Assurances",
    "13 Habitat",
    "Logirem",
    "Erilia",
    "Unicil",
    "Habitat Marseille Provence",
    "Foncia",
    "Nexity",
    "Citya",
    "Sogima",
)
_ISSUER_RES = [
    (
        name,
        re.compile(r"(?<![a-z0-9])" + r"\s*".join(re.escape(p) for p in fold(name).split()) + r"(?![a-z])"),
    )
    for name in KNOWN_ISSUERS
]
_TITLE_WORDS = re.compile(
    r"facture|quittance|attestation|avis|echeancier|releve|page|madame|monsieur|^m\.|^mme|n°|client"
    r"|\brecu\b|demeurant|\bpour\b|\bvotre\b|\bvos\b"
)

_POSTAL_CITY = re.compile(
    rf"(?<![0-9A-Za-z])({DIGITLIKE}{{5}})[ ,]+([A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\- ]{{1,40}}?)"
    r"(?:\s+cedex\b.*)?\s*$",
    re.IGNORECASE,
)
_STREET_WORDS = re.compile(
    r"\b(rue|avenue|av|bd|boulevard|chemin|ch|impasse|imp|allee|place|pl|route|rte|quai|cours|traverse"
    r"|montee|lotissement|residence|res|batiment|bat|square|voie|parc|domaine|hameau|lieu-dit|cite|passage"
    r"|rond-point|esplanade|promenade|corniche|faubourg|fbg)\b"
)


def _postal_city(text: str) -> tuple[Parsed, Parsed] | None:
    """(postal code, city) from a ``13001 MARSEILLE`` text; look-alike digits repaired."""
    match = _POSTAL_CITY.search(text)
    if not match:
        return None
    code, n = digitise(match.group(1))
    if not code.isdigit() or n > 1 or sum(c.isdigit() for c in match.group(1)) < 4:
        return None
    city = match.group(2).strip(" ,-")
    if sum(c.isalpha() for c in city) < 2:
        return None
    return (
        Parsed(code, match.start(1), match.end(1), penalty(n)),
        Parsed(city, match.start(2), match.start(2) + len(city)),
    )


def _street(text: str) -> Parsed | None:
    """An address line: text with letters, cut before a trailing postcode and city."""
    pc = _POSTAL_CITY.search(text)
    head = text[: pc.start()] if pc else text
    head = head.rstrip(" ,-")
    parsed = parse_text(head)
    if parsed is None:
        return None
    return parsed


def _postal_after(
    lines: Sequence[Line], line_index: int, span: Span | None, fields: dict[str, Extracted], score: float
) -> None:
    """Postal code and city on the street's line (after it) or on the next two lines."""
    candidates: list[Span] = []
    if span is not None:
        line = lines[span.line]
        tail = line.text[span.start :]
        candidates.append(Span(span.line, span.start, len(line.text), tail, "same"))
    for depth in (1, 2):
        j = line_index + depth
        if j < len(lines) and lines[j].page == lines[line_index].page:
            candidates.append(Span(j, 0, len(lines[j].text), lines[j].text, "below"))
    for cand in candidates:
        found = _postal_city(cand.text)
        if found:
            code, city = found
            put(
                fields,
                "postal_code",
                to_extracted(lines, cand, code, score=score, extractor="label:postal_code"),
            )
            put(fields, "city", to_extracted(lines, cand, city, score=score, extractor="label:city"))
            return


def _labelled_address(lines: Sequence[Line], fields: dict[str, Extracted]) -> bool:
    for hit in find_labels(lines, ADDRESS):
        after = span_after(lines, hit, ALL_LABELS)
        spans = [s for s in (after, span_below(lines, hit, 1)) if s is not None]
        for span in spans:
            street = _street(span.text)
            if street is None:
                # the label line may hold only "13001 MARSEILLE" (street missing)
                continue
            put(
                fields,
                "address_line",
                to_extracted(lines, span, street, score=hit.score, extractor="label:address_line"),
            )
            street_span = Span(
                span.line, span.start + street.end, span.end, span.text[street.end :], span.where
            )
            _postal_after(lines, span.line, street_span, fields, hit.score)
            return True
    return False


def _segment_spans(line: Line) -> list[Span]:
    """The line's column segments as spans (side-by-side address blocks stay apart)."""
    out = []
    for first, last in line.segments():
        a, b = line.word_span(first)[0], line.word_span(last)[1]
        out.append(Span(-1, a, b, line.text[a:b], "block"))
    return out


def _block_address(
    lines: Sequence[Line],
    fields: dict[str, Extracted],
    holder_line: int | None,
    holder_box: BBox | None = None,
) -> None:
    """Label-less fallback: a street followed by a postcode and town, in the same column.

    Blocks side by side (the landlord's and the tenant's) are told apart by
    their columns; with several blocks, the one just under the holder's name
    is taken, else none.
    """
    blocks: list[tuple[int, Span, Span]] = []  # (street line, street span, postcode span)
    for i in range(1, len(lines)):
        if lines[i].page != lines[i - 1].page:
            continue
        for code in _segment_spans(lines[i]):
            if not _postal_city(code.text):
                continue
            x0, x1 = lines[i].x_range(*_word_range(lines[i], code))
            for street in _segment_spans(lines[i - 1]):
                s0, s1 = lines[i - 1].x_range(*_word_range(lines[i - 1], street))
                if min(s1, x1) - max(s0, x0) > 0 and _STREET_WORDS.search(fold(street.text)):
                    blocks.append((i - 1, replace(street, line=i - 1), replace(code, line=i)))
    if not blocks:
        return
    chosen = None
    if holder_line is not None:
        after = [b for b in blocks if 0 < b[0] - holder_line <= 4]
        if holder_box is not None and len(after) > 1:
            # blocks side by side: the one under the holder's name
            hx0, hx1 = holder_box[0], holder_box[2]
            after = [
                b
                for b in after
                if min(hx1, lines[b[0]].x_range(*_word_range(lines[b[0]], b[1]))[1])
                - max(hx0, lines[b[0]].x_range(*_word_range(lines[b[0]], b[1]))[0])
                > 0
            ]
        chosen = after[0] if len(after) == 1 else None
    if chosen is None:
        if len(blocks) != 1:
            return  # several address blocks and nothing telling which is the holder's
        chosen = blocks[0]
    _, street_span, code_span = chosen
    street = _street(street_span.text)
    found = _postal_city(code_span.text)
    if street is None or found is None:
        return
    put(
        fields,
        "address_line",
        to_extracted(lines, street_span, street, score=0.85, extractor="block:address_line"),
    )
    code, city = found
    put(
        fields, "postal_code", to_extracted(lines, code_span, code, score=0.85, extractor="block:postal_code")
    )
    put(fields, "city", to_extracted(lines, code_span, city, score=0.85, extractor="block:city"))


def _word_range(line: Line, span: Span) -> tuple[int, int]:
    words = line.words_in(span.start, span.end)
    return words[0], words[-1]


_DOMAIN = re.compile(r"(?:www\.|@|https?://)([a-z0-9][a-z0-9-]{2,30})\.(?:fr|com|eu|net|org|de|es|it|be)\b")


def _issuer_by_domain(lines: Sequence[Line], top: Sequence[int]) -> Extracted | None:
    """The heading near the top that spells the document's own web or mail domain.

    Issuers print their site (``www.octopusenergy.fr``, ``bonjour@alpiq.fr``):
    a top line whose words, run together, are that domain name is the issuer
    as printed (« Octopus Energy »), whoever the issuer is.
    """
    domains = {m.group(1).replace("-", "") for line in lines for m in _DOMAIN.finditer(line.folded)}
    if not domains:
        return None
    for i in top:
        line = lines[i]
        for first, last in line.segments():
            for a in range(first, last + 1):
                if not any(c.isalnum() for c in line.words[a].text):
                    continue  # a logo's stroke read as "|"
                for b in range(a, min(a + 4, last + 1)):
                    start, end = line.word_span(a)[0], line.word_span(b)[1]
                    joined = re.sub(r"[^a-z0-9]", "", line.folded[start:end])
                    if len(joined) >= 3 and joined in domains:
                        # the whole heading when it is a short name (« Société du Canal de Provence »)
                        lead = next(
                            k for k in range(first, last + 1) if any(c.isalnum() for c in line.words[k].text)
                        )
                        seg_start, seg_end = line.word_span(lead)[0], line.word_span(last)[1]
                        heading = line.text[seg_start:seg_end]
                        if last - first < 6 and not any(c.isdigit() for c in heading) and "@" not in heading:
                            start, end = seg_start, seg_end
                        span = Span(i, 0, len(line.text), line.text, "scan")
                        parsed = Parsed(line.text[start:end], start, end)
                        return to_extracted(lines, span, parsed, score=0.95, extractor="domain:issuer")
    return None


def _issuer(lines: Sequence[Line]) -> Extracted | None:
    first_page = lines[0].page if lines else 1
    top = [i for i, line in enumerate(lines) if line.page == first_page][:12]
    by_domain = _issuer_by_domain(lines, top)
    if by_domain is not None:
        return by_domain
    for pool, score in ((top, 1.0), (range(len(lines)), 0.85)):
        for i in pool:
            line = lines[i]
            for _name, regex in _ISSUER_RES:
                m = regex.search(line.folded)
                if m:
                    span = Span(i, 0, len(line.text), line.text, "scan")
                    parsed = Parsed(line.text[m.start() : m.end()], m.start(), m.end())
                    return to_extracted(lines, span, parsed, score=score, extractor="known:issuer")
    by_label = labelled_value(lines, ISSUER_LABELS, parse_text, name="issuer", stop=ALL_LABELS)
    if by_label is not None:
        return by_label
    for i in top[:2]:
        line = lines[i]
        if any(c.isdigit() for c in line.text) or _TITLE_WORDS.search(line.folded):
            continue
        if ":" in line.text or len(line.words) > 6:
            continue
        if any(lab.regex.search(line.folded) for lab in ALL_LABELS + not_the_holder_labels()):
            continue  # a label row or someone's name, not the issuer's heading
        if any(t in CIVILITIES for t in name_parts(line.text)):
            continue
        text, offset = _without_logo_initials(line.text)
        heading = parse_text(text)
        if heading is not None:
            if offset:
                heading = Parsed(heading.value, heading.start + offset, heading.end + offset, heading.penalty)
            span = Span(i, 0, len(line.text), line.text, "scan")
            return to_extracted(lines, span, heading, score=0.6, extractor="heading:issuer")
    return None


# A logo's initials drawn left of the name, read by OCR as a short upper-case word
# ("MP Mutuelle Provençale…" read "BH Mutuelle Provençale…").
_LOGO_INITIALS = re.compile(r"^[A-Z]{1,3}\s+(?=[A-ZÀ-Ý][a-zà-ÿ]+\s+\S)")


def _without_logo_initials(text: str) -> tuple[str, int]:
    """The heading without leading logo initials, and how many characters were cut."""
    match = _LOGO_INITIALS.match(text)
    if match is None:
        return text, 0
    return text[match.end() :], match.end()


def _blind(lines: Sequence[Line]) -> dict[str, Extracted]:
    """The fields read next to their labels, without the form."""
    fields: dict[str, Extracted] = {}
    holder = labelled_value(lines, HOLDER, parse_name, name="holder_name", stop=ALL_LABELS)
    holder = holder or addressee_name(lines)
    put(fields, "holder_name", holder)
    if not _labelled_address(lines, fields):
        holder_line = None
        if holder is not None:
            holder_line = next(
                (
                    i
                    for i, line in enumerate(lines)
                    if line.page == holder.page and holder.raw and holder.raw in line.text
                ),
                None,
            )
        _block_address(lines, fields, holder_line, holder.bbox if holder is not None else None)
    put(
        fields,
        "issue_date",
        pick_date(
            lines, date_candidates(lines, DATE_ROLES), "issue", name="issue_date", lone_unlabelled=True
        ),
    )
    put(fields, "issuer", _issuer(lines))
    return fields


def _claimed_address(lines: Sequence[Line], claims: Claims, fields: dict[str, Extracted]) -> None:
    """The declared postal code where the declared street (or the holder) is printed just above it.

    The postal code alone proves little (the issuer's office may share it);
    printed under the declared street, or in the block of the holder's name,
    it is the holder's address. The street and the city are reported as
    printed.
    """
    if not claims.postal_code:
        return
    holder = find_person(lines, claims.last_name, HOLDER) if claims.last_name else None
    best: tuple[float, Found, Found | None] | None = None
    for code in find_code(lines, claims.postal_code):
        i = code.line
        street = None
        if claims.address_line:
            street = find_phrase(
                lines,
                claims.address_line,
                min_score=85,
                across_lines=False,
                where=lambda j, i=i: i - 2 <= j <= i and lines[j].page == lines[i].page,
            )
        score = 2.0 if street is not None else 0.0
        if (
            holder is not None
            and lines[holder[0].line].page == lines[i].page
            and 0 <= i - holder[0].line <= 5
        ):
            score += 1.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, code, street)
    if best is None:
        return
    _, code, street = best
    # under the declared street, the declared postal code is the holder's: kept against any other reading
    fields["postal_code"] = claim_extracted(lines, code, "postal_code", supported=street is not None)
    line = lines[code.line]
    segment_end = line.segment_end(line.word_at(code.pieces[0].end))
    after = line.text[code.pieces[0].end : max(segment_end, code.pieces[0].end)]
    city = re.match(r"[\s,]*([A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\- ]{1,40}?)(?:\s+cedex\b.*)?\s*$", after)
    if city and sum(c.isalpha() for c in city.group(1)) >= 2:
        a = code.pieces[0].end + city.start(1)
        piece = Found(
            (Piece(code.line, a, a + len(city.group(1).rstrip(" ,-"))),), city.group(1).strip(" ,-")
        )
        fields["city"] = claim_extracted(lines, piece, "city")
    if street is not None:
        fields["address_line"] = claim_extracted(lines, street, "address_line")


def _claimed(lines: Sequence[Line], claims: Claims) -> dict[str, Extracted]:
    fields: dict[str, Extracted] = {}
    holder = holder_name(lines, claims, HOLDER, ALL_LABELS)
    put(fields, "holder_name", holder)
    _claimed_address(lines, claims, fields)
    if "postal_code" not in fields and holder is not None and claims.last_name:
        # the declared address is printed nowhere: read the one in the holder's block, as printed
        found = find_person(lines, claims.last_name, HOLDER)
        if found is not None:
            block: dict[str, Extracted] = {}
            _block_address(lines, block, found[0].line, holder.bbox)
            fields.update(block)
    return fields


def _same_code(labelled: Extracted, found: Extracted) -> bool | None:
    got = compact(labelled.value)
    if got == compact(found.value):
        return True
    return False if re.fullmatch(r"[0-9]{5}", got) else None


AGREE: dict[str, Agreement] = {"holder_name": agree_holder, "postal_code": _same_code}


def extract_address(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Fields of a proof of address; with the form's claims, the applicant's name and address found first."""
    lines = document_lines(document)
    blind = _blind(lines)
    if claims is None:
        return blind
    return reconcile(blind, _claimed(lines, claims), AGREE)
