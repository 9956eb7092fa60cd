"""Scoring a report against the generator's truth: the numbers a buyer asks for.

Pure functions over two JSON documents (a CONTRACT §4 report and a truth.json);
the ``dossiercheck evaluate`` command prints and writes what they return.

Classification is judged on the documents the pipeline classified (a file
with ``FILE_UNREADABLE`` was never classified): ``macro_f1`` over the true
types, ``ece`` (expected calibration error of the reported confidences, 15
bins) and ``wrong_and_confident``, the documents whose reported type is wrong
with a confidence at or above the rulebook's ``type_confidence_threshold``
(such a document would count as a piece it is not).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from extractors.calibration import expected_calibration_error, macro_f1

# Fields whose case and accents are not judged (CONTRACT.md §4: "as read").
TEXT_FIELDS = frozenset(
    {
        "last_name",
        "first_names",
        "holder_name",
        "address_line",
        "city",
        "issuer",
        "provider_name",
        "training_title",
    }
)


def fold(text: str) -> str:
    """Case, accents and spacing folded, for fields read "as read"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("-", " ").replace("'", " ").upper().split())


def field_equal(name: str, expected: Any, got: Any) -> bool:
    """Whether an extracted value matches the truth, by the field's own metric."""
    if got is None:
        return False
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return abs(float(got) - float(expected)) < 0.005
        except (TypeError, ValueError):
            return False
    if name in TEXT_FIELDS:
        return fold(str(got)) == fold(str(expected))
    return str(got) == str(expected)


# Truth sources grouped as a buyer reads them: born digital, flatbed scan, phone photo.
SOURCE_GROUPS = {
    "digital_pdf": "digital_pdf",
    "scan_image": "scan",
    "scan_pdf": "scan",
    "photo": "photo",
    "bad_file": "bad_file",
}


def source_group(source: str) -> str:
    """``digital_pdf``, ``scan`` or ``photo`` for a truth ``source``."""
    return SOURCE_GROUPS.get(source, source)


def file_split(entry: dict[str, Any]) -> str | None:
    """The split of a truth file's layout family (``seen``, ``held_out``), None for bad files.

    A truth.json written before the families (no ``split`` key) is read
    through the registry: its layouts are all ``seen``.
    """
    if "split" in entry:
        return entry["split"]
    from sample_docs.families import split_of_layout

    return split_of_layout(entry.get("layout"))


def file_wave(entry: dict[str, Any]) -> int | None:
    """The wave of a truth file's layout family (0 for the original layouts), None for bad files.

    A truth.json written before the waves (no ``wave`` key) is read through
    the registry.
    """
    if "wave" in entry:
        return entry["wave"]
    from sample_docs.families import wave_of_layout

    return wave_of_layout(entry.get("layout"))


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def rulebook_type_threshold(program: str | None = None, rules_dir: Path | None = None) -> float:
    """The rulebook's ``type_confidence_threshold`` (default: the settings' program and rules folder)."""
    from models.settings import get_settings
    from validators.rulebook import load_rulebook

    settings = get_settings()
    rulebook = load_rulebook(program or settings.default_program, rules_dir or settings.rules_dir)
    return float(rulebook.type_confidence_threshold)


def score(report: dict, truth: dict, type_threshold: float | None = None) -> dict[str, Any]:
    """Decision, reason, doc-type and field metrics, plus a per-dossier diff of what went wrong.

    ``type_threshold`` defaults to the rulebook's ``type_confidence_threshold``.
    """
    if type_threshold is None:
        type_threshold = rulebook_type_threshold()
    classified: list[tuple[str, str, float]] = []  # (truth type, reported type, confidence)
    got = {a["application_id"]: a for a in report.get("applications", [])}
    expected = truth["applications"]
    decisions_ok = false_accepts = clean = clean_accepted = 0
    codes_expected = codes_found = 0
    types = Counter[tuple[str, str]]()
    fields_by_source: dict[str, Counter[str]] = defaultdict(Counter)
    per_field: dict[str, Counter[str]] = defaultdict(Counter)
    per_field_source: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    per_layout: dict[str, Counter[str]] = defaultdict(Counter)
    per_split: dict[str, Counter[str]] = defaultdict(Counter)
    per_wave: dict[str, Counter[str]] = defaultdict(Counter)
    diffs: dict[str, Any] = {}

    for app_id, want in sorted(expected.items()):
        have = got.get(app_id)
        diff: dict[str, Any] = {}
        if have is None:
            diffs[app_id] = {"missing_from_report": True}
            continue
        want_codes = set(want["reason_codes"])
        have_codes = {r["code"] for r in have["reasons"]}
        decisions_ok += have["decision"] == want["decision"]
        if have["decision"] == "accepted" and want["decision"] != "accepted":
            false_accepts += 1
            diff["false_accept"] = True
        if want["decision"] == "accepted":
            clean += 1
            clean_accepted += have["decision"] == "accepted"
        codes_expected += len(want_codes)
        codes_found += len(want_codes & have_codes)
        if have["decision"] != want["decision"] or want_codes != have_codes:
            diff["decision"] = {"expected": want["decision"], "got": have["decision"]}
            diff["codes"] = {
                "missing": sorted(want_codes - have_codes),
                "extra": sorted(have_codes - want_codes),
            }
            diff["reasons"] = [r for r in have["reasons"] if r["code"] not in want_codes]
        docs = {d["file"]: d for d in have["documents"]}
        unreadable = {r.get("document") for r in have["reasons"] if r["code"] == "FILE_UNREADABLE"}
        for file_name, want_doc in sorted(want["files"].items()):
            have_doc = docs.get(file_name, {})
            have_type = have_doc.get("doc_type", "missing")
            types[(want_doc["doc_type"], have_type)] += 1
            if have_doc and file_name not in unreadable and have_doc.get("confidence") is not None:
                classified.append((want_doc["doc_type"], have_type, float(have_doc["confidence"])))
            groups = [per_layout[want_doc.get("layout") or "unknown"]]
            split = file_split(want_doc)
            if split is not None:
                groups.append(per_split[split])
            wave = file_wave(want_doc)
            if wave is not None:
                groups.append(per_wave[str(wave)])
            for group in groups:
                group["documents"] += 1
                group["types_ok"] += have_type == want_doc["doc_type"]
            if have_type != want_doc["doc_type"]:
                diff.setdefault("doc_types", {})[file_name] = {
                    "expected": want_doc["doc_type"],
                    "got": have_type,
                }
            if have_type != want_doc["doc_type"]:
                continue
            source = source_group(want_doc.get("source", "unknown"))
            for name, value in sorted(want_doc.get("fields", {}).items()):
                ok = field_equal(name, value, have_doc.get("fields", {}).get(name))
                for counter in (
                    fields_by_source[source],
                    per_field[name],
                    per_field_source[name][source],
                    *groups,
                ):
                    counter["total"] += 1
                    counter["correct"] += ok
                if not ok:
                    diff.setdefault("fields", {}).setdefault(file_name, {})[name] = {
                        "expected": value,
                        "got": have_doc.get("fields", {}).get(name),
                    }
        if diff:
            diffs[app_id] = diff

    n = len(expected)
    n_docs = sum(types.values())
    labels = sorted({t for pair in types for t in pair})
    return {
        "applications": n,
        "false_accepts": false_accepts,
        "stp_rate": _ratio(clean_accepted, clean),
        "decision_accuracy": _ratio(decisions_ok, n),
        "reason_code_recall": _ratio(codes_found, codes_expected),
        "documents": n_docs,
        "doc_type_accuracy": _ratio(sum(v for (a, b), v in types.items() if a == b), n_docs),
        "macro_f1": macro_f1([a for a, _, _ in classified], [b for _, b, _ in classified]),
        "ece": expected_calibration_error([c for _, _, c in classified], [a == b for a, b, _ in classified]),
        "wrong_and_confident": sum(1 for a, b, c in classified if a != b and c >= type_threshold),
        "type_threshold": type_threshold,
        "confusion": {
            a: {b: types[(a, b)] for b in labels if types[(a, b)]}
            for a in labels
            if any(types[(a, b)] for b in labels)
        },
        "field_accuracy_by_source": {
            s: _ratio(c["correct"], c["total"]) for s, c in sorted(fields_by_source.items())
        },
        "field_accuracy": {f: _ratio(c["correct"], c["total"]) for f, c in sorted(per_field.items())},
        "field_accuracy_by_field_and_source": {
            f: {s: _ratio(c["correct"], c["total"]) for s, c in sorted(by_source.items())}
            for f, by_source in sorted(per_field_source.items())
        },
        "fields_scored": {s: c["total"] for s, c in sorted(fields_by_source.items())},
        "by_layout": {
            layout: {
                "documents": c["documents"],
                "doc_type_accuracy": _ratio(c["types_ok"], c["documents"]),
                "field_accuracy": _ratio(c["correct"], c["total"]),
                "fields": c["total"],
            }
            for layout, c in sorted(per_layout.items())
        },
        "by_split": {
            split: {
                "documents": c["documents"],
                "doc_type_accuracy": _ratio(c["types_ok"], c["documents"]),
                "fields_correct": c["correct"],
                "fields_total": c["total"],
                "field_accuracy": _ratio(c["correct"], c["total"]),
            }
            for split, c in sorted(per_split.items())
        },
        # By the layout family's wave (0: original layouts; 1, 2: the added waves). A batch of
        # the ``all`` split mixes seen and held-out families of wave 1: read it with by_split.
        "by_wave": {
            wave: {
                "documents": c["documents"],
                "doc_type_accuracy": _ratio(c["types_ok"], c["documents"]),
                "fields_correct": c["correct"],
                "fields_total": c["total"],
                "field_accuracy": _ratio(c["correct"], c["total"]),
            }
            for wave, c in sorted(per_wave.items(), key=lambda item: int(item[0]))
        },
        "diffs": diffs,
    }


SUMMARY_KEYS = (
    "applications",
    "false_accepts",
    "stp_rate",
    "decision_accuracy",
    "reason_code_recall",
    "documents",
    "doc_type_accuracy",
    "macro_f1",
    "ece",
    "wrong_and_confident",
)
SOURCES_SHOWN = ("digital_pdf", "scan", "photo")


def _cell(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_table(result: dict[str, Any]) -> str:
    """The evaluation as plain-text tables.

    Headline numbers, fields by source, timings, then by split, by wave and by
    layout family, fields by field and source, and the doc-type confusion (last).
    """
    lines = [f"{key:<24} {_cell(result.get(key))}" for key in SUMMARY_KEYS]
    by_source = result.get("field_accuracy_by_source", {})
    scored = result.get("fields_scored", {})
    for source in SOURCES_SHOWN:
        if source in by_source:
            label = f"field_accuracy[{source}]"
            lines.append(f"{label:<24} {_cell(by_source[source])}  ({scored.get(source, 0)} fields)")
    stages = result.get("stage_seconds") or {}
    if stages:
        lines.append("")
        lines.append(
            "seconds per stage (summed over documents): " + ", ".join(f"{k} {v}" for k, v in stages.items())
        )
    if result.get("elapsed_s") is not None:
        lines.append(f"{'elapsed_s':<24} {result['elapsed_s']}")
    by_split = result.get("by_split") or {}
    if by_split:
        lines += ["", f"{'split':<20}{'documents':>10}{'doc_type':>10}{'fields':>16}"]
        for split, c in by_split.items():
            fields = f"{c['fields_correct']}/{c['fields_total']} {_cell(c['field_accuracy'])}"
            lines.append(f"{split:<20}{c['documents']:>10}{_cell(c['doc_type_accuracy']):>10}{fields:>16}")
    by_wave = result.get("by_wave") or {}
    if by_wave:
        lines += ["", f"{'wave':<20}{'documents':>10}{'doc_type':>10}{'fields':>16}"]
        for wave, c in by_wave.items():
            fields = f"{c['fields_correct']}/{c['fields_total']} {_cell(c['field_accuracy'])}"
            lines.append(f"{wave:<20}{c['documents']:>10}{_cell(c['doc_type_accuracy']):>10}{fields:>16}")
    by_layout = result.get("by_layout") or {}
    if by_layout:
        lines += ["", f"{'layout':<28}{'documents':>10}{'doc_type':>10}{'fields':>10}"]
        for layout, c in by_layout.items():
            lines.append(
                f"{layout:<28}{c['documents']:>10}{_cell(c['doc_type_accuracy']):>10}"
                f"{_cell(c['field_accuracy']):>10}"
            )
    per = result.get("field_accuracy_by_field_and_source", {})
    if per:
        lines += ["", f"{'field':<20}" + "".join(f"{s:>13}" for s in SOURCES_SHOWN)]
        for name, values in per.items():
            lines.append(f"{name:<20}" + "".join(f"{_cell(values.get(s)):>13}" for s in SOURCES_SHOWN))
    confusion = result.get("confusion", {})
    if confusion:
        labels = sorted({t for row in confusion.values() for t in row} | set(confusion))
        short = {t: t[:9] for t in labels}
        lines += ["", "doc-type confusion (rows: truth, columns: reported)"]
        lines.append(f"{'':<22}" + "".join(f"{short[t]:>10}" for t in labels))
        for truth_type in labels:
            row = confusion.get(truth_type, {})
            if row:
                lines.append(f"{truth_type:<22}" + "".join(f"{(row.get(t) or '.')!s:>10}" for t in labels))
    return "\n".join(lines)
