r"""Files that hold several documents, and whether the classifier says so (not a test).

    .venv/bin/python benchmarks/mixed_files_benchmark.py --batch var/fresh11939 \\
        [--pairs 150] [--seed 1] [--out var/mixed-files.json]

Applicants often merge pieces into one PDF ("ID card + RIB"). The generated
corpus has one document per file, so this benchmark builds such files: it
reads the batch with the real reader (cached in ``var/classifier-cache``, as
``dossiercheck classifier evaluate`` does), then joins the pages of two
documents of two different required types, ``--pairs`` times. It reports, with
the shipped ``TransformersClassifier``:

* merged files flagged as several documents (``Classification.mixed_types``)
  and merged files still typed with confidence >= the rulebook's threshold
  (which would count as one piece);
* the batch's own multi-page documents flagged as several documents (false
  alarms), and its documents typed wrong or below the threshold.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    """Build the merged files, classify them and the batch, print (and write) the numbers."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batch", required=True, help="a generated batch (with truth.json)")
    parser.add_argument("--pairs", type=int, default=150, help="merged files to build")
    parser.add_argument("--seed", type=int, default=1, help="seed of the pairing")
    parser.add_argument("--cache", default="var/classifier-cache", help="reading cache")
    parser.add_argument("--out", help="write the numbers as JSON here")
    args = parser.parse_args()

    from flows.environment import configure_environment

    configure_environment()
    from extractors.classifier_cache import read_examples
    from extractors.classifier_examples import corpus_examples
    from extractors.transformers_classifier import TransformersClassifier
    from models.doctypes import DocType
    from models.settings import get_settings
    from validators.rulebook import load_rulebook

    settings = get_settings()
    rulebook = load_rulebook(settings.default_program, settings.rules_dir)
    required = {t.value for piece in rulebook.required_pieces.values() for t in piece}
    threshold = rulebook.type_confidence_threshold
    batch = Path(args.batch)
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
    examples = read_examples(corpus_examples(batch, truth), Path(args.cache), workers=2)
    classifier = TransformersClassifier(threads=2)

    alone = classifier.classify_many([e.document for e in examples])  # type: ignore[misc]
    multi = [c for e, c in zip(examples, alone, strict=True) if len(e.document.pages) > 1]  # type: ignore[union-attr]
    by_type: dict[str, list] = {}
    for example in examples:
        by_type.setdefault(example.label, []).append(example)
    types = sorted(t for t in by_type if t in required and t != DocType.OTHER.value)
    rng = random.Random(args.seed)
    merged = []
    for _ in range(args.pairs):
        a, b = rng.sample(types, 2)
        first, second = rng.choice(by_type[a]).document, rng.choice(by_type[b]).document
        merged.append(first.model_copy(update={"pages": [*first.pages, *second.pages]}))
    verdicts = classifier.classify_many(merged)
    numbers = {
        "batch": str(batch),
        "threshold": threshold,
        "documents": len(examples),
        "documents_wrong": sum(1 for e, c in zip(examples, alone, strict=True) if c.doc_type != e.label),
        "documents_below_threshold": sum(1 for c in alone if c.confidence < threshold),
        "multi_page_documents": len(multi),
        "multi_page_documents_flagged_mixed": sum(1 for c in multi if c.mixed_types),
        "merged_files": len(merged),
        "merged_files_flagged_mixed": sum(1 for c in verdicts if c.mixed_types),
        "merged_files_confident": sum(1 for c in verdicts if c.confidence >= threshold),
        "merged_files_confident_whole_file_head_only": int(
            (classifier.probabilities(merged).max(axis=1) >= threshold).sum()
        ),
    }
    print(json.dumps(numbers, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
