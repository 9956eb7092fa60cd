"""Every date on the page, each given a role by the label that introduces it.

A bill prints an issue date, a due date, a billing period and perhaps the next
reading; a certificate its issue and registration dates; a quote its date,
the training's dates and a validity. Rather than one pattern per layout, every
date of the document is a candidate, and its *role* (``issue``, ``due``,
``period``…: the roles and their labels are data, ``models/vocabulary.yaml``)
comes from the nearest label:

1. on its own line, before it (``Date d'émission : 06/03/2026``,
   ``Facture n° 123 du 6 mars 2026``, ``Marseille, le 6 mars 2026``);
2. above it in its column (a label over its value, a table header over a
   column of dates), through other dates of the same column;
3. right under it in its column (a caption: the value over its label);

the best-scoring of the three (how directly the label sits: same line, then
column, then caption; times how specific it is: a generic word such as
« le » or « Date » is weak), or none.

Where the family knows a ``period`` role (bills), two dates joined into a range
(« du 01/10/2026 au 31/10/2026 ») are the period, whatever label comes first
(« Facture du … au … » is not an issue date).

``pick_date`` then takes the best candidate of a role. Two different dates
of the same role, introduced equally well, are a doubt: nothing is returned
(the rules then say the field was not found) rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.fields.dates import DateHit, date_hits
from extractors.fields.labels import Label
from extractors.fields.pairing import Span, to_extracted
from extractors.fields.parsed import Parsed
from extractors.fields.text import Line
from models.document import Extracted

# A label counts for a date when at most this many characters separate them.
MAX_GAP = 32
# How many lines above a date its column label may be.
MAX_LINES_ABOVE = 6
SAME_LINE_WEIGHT = 1.0
COLUMN_WEIGHT = 0.85
CAPTION_WEIGHT = 0.8
# Two candidates of one role whose scores differ by less than this are equally good.
TIE = 0.03


# What may stand between a label and its date: separators, a format hint in brackets, and a
# couple of words that only say what is dated ("Date d'émission du document : 06/03/2026").
_GLUE = (
    # 1e, 1, ie: « le » as OCR misreads it
    r"(?:du|de|la|le|l'|1e|1|ie|ce|cette|present|presente|document|facture|avis|courrier|lettre"
    r"|attestation|quittance|devis"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"  # « émise le lundi 6 mars 2026 »
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
)
_GAP = re.compile(
    rf"[\s:;.,\-=>|*]*(?:\([^)]{{0,20}}\))?(?:\s*{_GLUE}){{0,2}}"
    r"(?:\s*[/|]\s*[a-z][a-z' .()\-]{0,40})?"  # the label's translation: "Date de facture / Invoice date"
    r"[\s:;.,\-=>|*]*"
)


@dataclass(frozen=True)
class DateCandidate:
    """A date of the document and the role its label gives it."""

    line: int  # index in the document's lines
    hit: DateHit  # characters of the line
    role: str | None
    label: str | None
    score: float  # how directly and how specifically a label of the role introduces it

    @property
    def iso(self) -> str:
        """The date as ``YYYY-MM-DD``."""
        return self.hit.value.isoformat()


@dataclass(frozen=True)
class _LabelMatch:
    role: str
    label: str
    end: int
    length: int
    priority: float


WEAK_PRIORITY = 0.5


def _priority(index: int, count: int, lab: Label | None = None) -> float:
    """1.0 for a role's first (most specific) label down to 0.8 for its last; a weak label 0.5."""
    if lab is not None and lab.weak:
        return WEAK_PRIORITY
    return 1.0 - 0.2 * index / max(count - 1, 1)


def _labels_before(prefix: str, roles: dict[str, tuple[Label, ...]]) -> _LabelMatch | None:
    """The label ending nearest the end of ``prefix`` (ties: the longest, the most specific)."""
    best: _LabelMatch | None = None
    limit = len(prefix) - MAX_GAP
    for role, labs in roles.items():
        for index, lab in enumerate(labs):
            for match in lab.regex.finditer(prefix):
                if match.end() < limit or match.end() == match.start():
                    continue
                if not _GAP.fullmatch(prefix[match.end() :]):
                    continue  # other words between the label and the date: it introduces something else
                found = _LabelMatch(
                    role,
                    lab.phrase,
                    match.end(),
                    match.end() - match.start(),
                    _priority(index, len(labs), lab),
                )
                if best is None or (found.end, found.length, found.priority) > (
                    best.end,
                    best.length,
                    best.priority,
                ):
                    best = found
    if best is not None and best.priority <= WEAK_PRIORITY:
        best = _specific_label_over_weak(prefix, best, roles) or best
    return best or _fuzzy_label_before(prefix, roles)


# Words a specific label may leave between itself and a generic « le » that
# ends right before the date: « Prochaine actualisation avant le 01.12.26 ».
_LEAD_IN = re.compile(r"[\s:;,\-]*(?:/\s*)?(?:[a-z']+\s+){0,2}$")


def _specific_label_over_weak(
    prefix: str, weak: _LabelMatch, roles: dict[str, tuple[Label, ...]]
) -> _LabelMatch | None:
    """A specific label a word or two before the generic one: it says what the date is."""
    head = prefix[: weak.end - weak.length]
    best: tuple[int, float, _LabelMatch] | None = None
    for role, labs in roles.items():
        for index, lab in enumerate(labs):
            if lab.weak:
                continue
            for match in lab.regex.finditer(head):
                if match.end() == match.start() or not _LEAD_IN.fullmatch(head[match.end() :]):
                    continue
                found = _LabelMatch(
                    role, lab.phrase, weak.end, weak.length, 0.9 * _priority(index, len(labs), lab)
                )
                if best is None or (match.end(), found.priority) > best[:2]:
                    best = (match.end(), found.priority, found)
    return best[2] if best else None


def _fuzzy_label_before(prefix: str, roles: dict[str, tuple[Label, ...]]) -> _LabelMatch | None:
    """A long label misread by the OCR (``Date de facure``), right before the date."""
    tail = prefix[-MAX_GAP - 8 :]
    best: tuple[float, _LabelMatch] | None = None
    for role, labs in roles.items():
        for index, lab in enumerate(labs):
            if lab.fuzzy is None or len(tail) < 0.8 * len(lab.fuzzy):
                continue
            alignment = fuzz.partial_ratio_alignment(lab.fuzzy, tail, score_cutoff=88)
            if alignment is None or len(tail.rstrip(" :.")) - alignment.dest_end > 3:
                continue
            found = _LabelMatch(
                role, lab.phrase, len(prefix), len(lab.fuzzy), 0.9 * _priority(index, len(labs), lab)
            )
            if best is None or alignment.score > best[0]:
                best = (alignment.score, found)
    return best[1] if best else None


def _same_line_role(
    line: Line, hit: DateHit, previous_end: int, roles: dict[str, tuple[Label, ...]]
) -> _LabelMatch | None:
    """A label on the date's line, after the previous date and close enough before this one."""
    prefix = line.folded[: hit.start].rstrip()
    match = _labels_before(prefix, roles)
    if match is None or match.end <= previous_end:
        return None
    return match


# A line of prose: this many words at least, over this share of the page's width.
PROSE_MIN_WORDS = 6
PROSE_MIN_WIDTH = 0.4


def _wrapped_role(
    lines: Sequence[Line], index: int, hit: DateHit, roles: dict[str, tuple[Label, ...]]
) -> _LabelMatch | None:
    """A label ending the line above a date that opens its line: a sentence wrapped in prose.

    « … inscrites à France Travail depuis » / « le mercredi 25/12/2024 ; … »:
    only glue stands before the date on its own line, and the line above is
    the same paragraph (same page, at most a line's height above, starting
    within a few characters' width of it, a sentence: ``PROSE_MIN_WORDS``
    words over ``PROSE_MIN_WIDTH`` of the page).
    """
    line = lines[index]
    prefix = line.folded[: hit.start].rstrip()
    if index == 0 or (prefix and not _GAP.fullmatch(prefix)) or not line.words:
        return None
    above = lines[index - 1]
    if above.page != line.page or not above.words:
        return None
    width = above.words[-1].bbox[2] - above.words[0].bbox[0]
    if len(above.words) < PROSE_MIN_WORDS or width < PROSE_MIN_WIDTH:
        return None  # a short line above is a caption or a label of its own, not a sentence
    height = max(w.bbox[3] - w.bbox[1] for w in line.words)
    gap = min(w.bbox[1] for w in line.words) - max(w.bbox[3] for w in above.words)
    if not -0.5 * height <= gap <= 1.2 * height or abs(above.words[0].bbox[0] - line.words[0].bbox[0]) > 0.05:
        return None
    joined = f"{above.folded.rstrip()} {prefix}".rstrip()
    match = _labels_before(joined, roles)
    if match is None or match.end <= len(above.folded.rstrip()) - MAX_GAP:
        return None
    return match


def _x_range(line: Line, start: int, end: int) -> tuple[float, float] | None:
    indices = line.words_in(start, end)
    if not indices:
        return None
    return line.words[indices[0]].bbox[0], max(line.words[i].bbox[2] for i in indices)


def _column_role(
    lines: Sequence[Line], index: int, hit: DateHit, roles: dict[str, tuple[Label, ...]]
) -> _LabelMatch | None:
    """A label above the date in its column, looking through other dates of that column."""
    own = _x_range(lines[index], hit.start, hit.end)
    if own is None:
        return None
    x0, x1 = own
    page = lines[index].page
    for j in range(index - 1, max(index - 1 - MAX_LINES_ABOVE, -1), -1):
        above = lines[j]
        if above.page != page:
            return None
        segment = None
        for first, last in above.segments():
            s0, s1 = above.x_range(first, last)
            if min(s1, x1) - max(s0, x0) > 0 or abs(s0 - x0) < 0.03:
                segment = (above.word_span(first)[0], above.word_span(last)[1])
                break
        if segment is None:
            continue  # nothing printed above in this column: look higher
        text = above.folded[segment[0] : segment[1]]
        if date_hits(above.text[segment[0] : segment[1]]):
            continue  # another date of the same column: its header is higher
        if j > 0 and _has_date_over(lines, j, segment) and not _headed_row(lines, j - 1, (x0, x1), roles):
            return None  # a caption under the date above it, not a header over this one
        return _labels_before(text.rstrip(), roles) if text.strip() else None
    return None


def _column_segment(line: Line, x0: float, x1: float) -> tuple[int, int] | None:
    """The characters of ``line`` printed in the column ``x0``-``x1``."""
    for first, last in line.segments():
        s0, s1 = line.x_range(first, last)
        if min(s1, x1) - max(s0, x0) > 0 or abs(s0 - x0) < 0.03:
            return line.word_span(first)[0], line.word_span(last)[1]
    return None


def _headed_row(
    lines: Sequence[Line], index: int, column: tuple[float, float], roles: dict[str, tuple[Label, ...]]
) -> bool:
    """True when the date of line ``index`` in ``column`` has its own label above it.

    Label and value rows that alternate (« Échéance » / date / « Émise le » /
    date): the label under a date heads the next date, it is not the first
    one's caption.
    """
    if index < 1 or lines[index - 1].page != lines[index].page:
        return False
    above = lines[index - 1]
    segment = _column_segment(above, *column)
    if segment is None or date_hits(above.text[segment[0] : segment[1]]):
        return False
    return _labels_before(above.folded[segment[0] : segment[1]].rstrip(), roles) is not None


def _has_date_over(
    lines: Sequence[Line], j: int, segment: tuple[int, int], *, from_line: int | None = None
) -> bool:
    """True when line ``j - 1`` holds a date in the column of ``segment`` of line ``j``.

    With ``from_line``, ``segment`` is on that line and the date is looked
    for on line ``j`` itself (a date under the segment).
    """
    if from_line is not None:
        line, above = lines[from_line], lines[j]
    else:
        line, above = lines[j], lines[j - 1]
    if above.page != line.page:
        return False
    indices = line.words_in(*segment)
    if not indices:
        return False
    x0, x1 = line.words[indices[0]].bbox[0], max(line.words[i].bbox[2] for i in indices)
    for hit in date_hits(above.text):
        span = _x_range(above, hit.start, hit.end)
        if span is not None and min(span[1], x1) - max(span[0], x0) > 0:
            return True
    return False


def _caption_role(
    lines: Sequence[Line], index: int, hit: DateHit, roles: dict[str, tuple[Label, ...]]
) -> _LabelMatch | None:
    """A label printed under the date, in its column (a caption: the value above its label)."""
    own = _x_range(lines[index], hit.start, hit.end)
    if own is None or index + 1 >= len(lines) or lines[index + 1].page != lines[index].page:
        return None
    x0, x1 = own
    below = lines[index + 1]
    for first, last in below.segments():
        s0, s1 = below.x_range(first, last)
        if min(s1, x1) - max(s0, x0) > 0 or abs(s0 - x0) < 0.03:
            a, b = below.word_span(first)[0], below.word_span(last)[1]
            text = below.folded[a:b]
            if date_hits(below.text[a:b]):
                return None  # a row of dates, not a caption
            if index + 2 < len(lines) and _has_date_over(lines, index + 2, (a, b), from_line=index + 1):
                return None  # a header over the date below it, not a caption under this one
            best = None
            for role, labs in roles.items():
                for index_, lab in enumerate(labs):
                    match = lab.regex.search(text)
                    if match and match.start() <= 2 and match.end() > match.start():
                        found = _LabelMatch(
                            role,
                            lab.phrase,
                            match.end(),
                            match.end() - match.start(),
                            _priority(index_, len(labs), lab),
                        )
                        if best is None or (found.length, found.priority) > (best.length, best.priority):
                            best = found
            return best
    return None


_RANGE_LINK = re.compile(r"\s*(?:au|a|-|jusqu'au|to|bis)\s*")


def _range_members(line: Line, hits: Sequence[DateHit]) -> set[int]:
    """Starts of the dates joined by « au » / « - » into a range on this line."""
    members: set[int] = set()
    for first, second in zip(hits, hits[1:], strict=False):
        if _RANGE_LINK.fullmatch(line.folded[first.end : second.start]):
            members.update((first.start, second.start))
    return members


def date_candidates(lines: Sequence[Line], roles: dict[str, tuple[Label, ...]]) -> list[DateCandidate]:
    """Every date of ``lines`` with the role of the label that introduces it (or None)."""
    out: list[DateCandidate] = []
    for index, line in enumerate(lines):
        previous_end = 0
        hits = date_hits(line.text)
        in_range = _range_members(line, hits) if "period" in roles else set()
        for hit in hits:
            if hit.start in in_range:
                # "Facture du 01/10/2026 au 31/10/2026": the two ends of a range are a period
                out.append(DateCandidate(index, hit, "period", "du … au", SAME_LINE_WEIGHT))
                previous_end = hit.end
                continue
            same_line = _same_line_role(line, hit, previous_end, roles)
            if same_line is None or same_line.priority <= WEAK_PRIORITY:
                wrapped = _wrapped_role(lines, index, hit, roles) if previous_end == 0 else None
                if wrapped is not None and wrapped.priority > (same_line.priority if same_line else 0.0):
                    same_line = wrapped
            previous_end = hit.end
            if same_line is not None and same_line.priority > WEAK_PRIORITY:
                # a specific label on the date's own line says what it is, whatever lies above
                out.append(DateCandidate(index, hit, same_line.role, same_line.label, same_line.priority))
                continue
            found = [
                (weight * m.priority, m)
                for weight, m in (
                    (SAME_LINE_WEIGHT, same_line),
                    (COLUMN_WEIGHT, _column_role(lines, index, hit, roles)),
                    (CAPTION_WEIGHT, _caption_role(lines, index, hit, roles)),
                )
                if m is not None
            ]
            if not found:
                out.append(DateCandidate(index, hit, None, None, 0.0))
                continue
            score, match = max(found, key=lambda item: item[0])
            out.append(DateCandidate(index, hit, match.role, match.label, score))
    return out


# The score of the one unlabelled date of a first page taken as the issue date.
UNLABELLED_SCORE = 0.5


def pick_date(
    lines: Sequence[Line],
    candidates: Sequence[DateCandidate],
    role: str,
    *,
    name: str,
    lone_unlabelled: bool = False,
    latest_on_tie: bool = False,
) -> Extracted | None:
    """The date of ``role``: the best-introduced candidate; None when two different ones tie.

    ``lone_unlabelled``: when no date has the role, the only date of the first
    page that no label introduces (a letter's date line) is taken, at a low
    score; never one of several. ``latest_on_tie``: equally introduced dates
    of the role are a history (registration periods), the latest is current.
    """
    of_role = sorted(
        (c for c in candidates if c.role == role),
        key=lambda c: (-c.score, lines[c.line].page, c.line, c.hit.start),
    )
    if not of_role and lone_unlabelled and lines:
        first_page = lines[0].page
        bare = {c.iso: c for c in candidates if c.role is None and lines[c.line].page == first_page}
        if len(bare) == 1:
            lone = next(iter(bare.values()))
            of_role = [DateCandidate(lone.line, lone.hit, role, "(sans libellé)", UNLABELLED_SCORE)]
    if not of_role:
        return None
    best = of_role[0]
    rivals = [c for c in of_role[1:] if best.score - c.score < TIE and c.iso != best.iso]
    if rivals and latest_on_tie:
        # a history of periods (« Du … Au … »): the current one is the latest
        best, rivals = max([best, *rivals], key=lambda c: c.iso), []
    if rivals:
        return None  # two dates of the same role, equally well introduced: a doubt, not a guess
    line = lines[best.line]
    span = Span(best.line, 0, len(line.text), line.text, "same")
    parsed = Parsed(best.iso, best.hit.start, best.hit.end, best.hit.penalty)
    return to_extracted(lines, span, parsed, score=best.score, extractor=f"date:{name}:{best.label}"[:64])
