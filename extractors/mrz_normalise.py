"""Normalising OCR'd MRZ lines: the character noise an MRZ cannot hold.

An MRZ has only ``[A-Z0-9<]``: spaces and punctuation are removed, ``«‹([{``
are read as ``<``. In a line whose content is upper case, lower-case
``c e k r l x`` touching a filler are fillers, and a second reading drops the
other lower-case letters (a stray ``r`` inserted by the OCR); a lower-case
line is upper-cased. ``K L C E R`` in the trailing filler of a field become
``<`` (a letter glued to the name, ``MARIE<<``, stays). This is step 1 of the
repair policy of ``extractors.mrz_repair``.
"""

from __future__ import annotations

import re

_FILLER_LOOKALIKES = str.maketrans(
    {"«": "<", "‹": "<", "(": "<", "[": "<", "{": "<", "≤": "<", "＜": "<", "‘": "", "’": "", "'": ""}
)
_NOISE = re.compile(r"[^A-Z0-9<]")


_LOWER_FILLER_READS = "cekrlx"


def mrz_line_readings(text: str) -> list[str]:
    """Normalised readings of one OCR'd MRZ line, most plausible first.

    An MRZ has no lower case, so in a line whose *content* is upper case the
    lower-case letters OCR produces are noise: ``c e k r l x`` touching a
    filler are fillers (``MARIE<<<<cec<e`` → ``MARIE<<<<<<<<``, ``ARNAUDe<<``
    → ``ARNAUD<<<``); a second reading drops the remaining lower-case letters
    (a stray ``r`` inserted before a sex letter). A line whose content is
    lower case (``p<utoeriksson<<anna``) is simply upper-cased.
    """
    text = re.sub(r"[^A-Za-z0-9<]", "", text.translate(_FILLER_LOOKALIKES))
    filler_like = re.compile(f"<[<{_LOWER_FILLER_READS}{_FILLER_READS}]*")
    content = [c for c in filler_like.sub("", text) if c.isalpha()]
    if content and sum(c.islower() for c in content) > 0.5 * len(content):
        return [text.upper()]
    previous = None
    while previous != text:
        previous = text
        text = re.sub(f"(?<=<)[{_LOWER_FILLER_READS}]|[{_LOWER_FILLER_READS}](?=<)", "<", text)
    readings = [text.upper()]
    if any(c.islower() for c in text):
        readings.append(re.sub(r"[a-z]", "", text).upper())
    return readings


def normalise_mrz_line(text: str) -> str:
    """Upper-case, spaces and stray punctuation removed, filler look-alikes read as ``<``."""
    text = text.upper().translate(_FILLER_LOOKALIKES)
    return _NOISE.sub("", text)


# Characters OCR reads for a "<" filler (after upper-casing): K, L, C, E, R.
_FILLER_READS = "KLCER"
_TRAILING = re.compile(f"[<{_FILLER_READS}]+$")


def fix_trailing_fillers(field: str) -> tuple[str, int]:
    """Read filler look-alikes (``K L C E R``) in the trailing filler of a field as ``<``.

    The trailing region is the tail made only of ``<`` and look-alikes, and
    holding at least one ``<``; look-alikes glued to the last real character
    (``ERIK<<<``, ``MARIE<<<``) are part of the value and stay.
    """
    match = _TRAILING.search(field)
    if not match or "<" not in match.group(0):
        return field, 0
    if re.search(r"[A-Z]<[A-Z]+$", field):
        # "MARIE<C", "AURELIE<CE" filling the field to its end: a name cut short, not fillers.
        return field, 0
    tail = match.group(0)
    head = field[: match.start()]
    glued = re.match(f"[{_FILLER_READS}]*", tail).group(0)  # type: ignore[union-attr]
    rest = tail[len(glued) :]
    fixed = re.sub(f"[{_FILLER_READS}]", "<", rest)
    changes = sum(1 for a, b in zip(rest, fixed, strict=True) if a != b)
    return head + glued + fixed, changes
