"""Reading who issued a proof of address: the supplier, insurer or landlord.

``read_issuer`` takes first the top heading that spells the document's own
web or mail domain (``Octopus Energy`` for ``www.octopusenergy.fr``), else a
known supplier, insurer or landlord name (``KNOWN_ISSUERS``) read near the top
of the first page, else the ``Bailleur`` / ``Assureur`` label, else the first
heading line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.fields.address_labels import ALL_LABELS, ISSUER_LABELS
from extractors.fields.claims_names import CIVILITIES, name_parts
from extractors.fields.labels import not_the_holder_labels
from extractors.fields.pairing import (
    Span,
    labelled_value,
    parse_text,
    to_extracted,
)
from extractors.fields.parsed import Parsed
from extractors.fields.text import Line, fold
from models.document import Extracted

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


def read_issuer(lines: Sequence[Line]) -> Extracted | None:
    """The document's issuer: its domain heading, a known name, the label, else the first heading."""
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
