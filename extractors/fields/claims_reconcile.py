"""Reconciling the fields read next to their labels with the values found from the form.

A field found from the form wins, unless the labelled reading *contradicts*
it (an ``Agreement`` says so) and no label introduces the form's value where
it was found: then the labelled reading stays, so the rule sees the
difference and a person looks (never the form's value).
"""

from __future__ import annotations

from collections.abc import Callable

from models.document import Extracted

Agreement = Callable[[Extracted, Extracted], bool | None]


def reconcile(
    blind: dict[str, Extracted], claimed: dict[str, Extracted], agree: dict[str, Agreement]
) -> dict[str, Extracted]:
    """Merge the fields read next to their labels (``blind``) with those found from the form.

    A field found from the form wins, unless the labelled reading *contradicts*
    it (``agree`` says False) and no label of the field introduces the form's
    value where it was found: then the labelled reading stays, so the rule
    sees the difference and a person looks. ``None`` from ``agree`` means the
    two cannot be compared (a labelled value that is not a plausible value of
    the field): the form's finding wins.
    """
    out = dict(blind)
    for name, found in claimed.items():
        labelled = blind.get(name)
        if labelled is None or not labelled.extractor.startswith(("label:", "date:", "range:", "mrz:")):
            out[name] = found
            continue
        if found.extractor.startswith("form+label:"):
            out[name] = found  # the declared value, introduced by its own label: another reading is not it
            continue
        verdict = agree[name](labelled, found) if name in agree else None
        if verdict is False:
            out[name] = labelled.model_copy(update={"extractor": (labelled.extractor + "!form")[:64]})
        else:
            out[name] = found
    return out
