from __future__ import annotations

from models.doctypes import DocType
from models.document import PageQuality, TextSource
from models.reasons import ReasonCode, Severity
from tests.validators.factories import (
    doc,
    good_documents,
    identity_doc,
    proof_doc,
    quote_doc,
    rib_doc,
    rulebook,
    run,
    unreadable,
)
from validators.rules.document_findings import quality_problems


def test_document_rules_pass_on_a_good_dossier() -> None:
    for rule_id in (
        "documents.missing",
        "documents.file_unreadable",
        "documents.type_confidence",
        "documents.quality",
        "documents.duplicate",
        "documents.tampering",
    ):
        assert run(rule_id) == [], rule_id


# ---------------------------------------------------------------- documents.missing


def test_missing_every_piece() -> None:
    findings = run("documents.missing", docs=[])
    assert [(f.code, f.field, f.document) for f in findings] == [
        (ReasonCode.MISSING_DOCUMENT, "identity", None),
        (ReasonCode.MISSING_DOCUMENT, "proof_of_address", None),
        (ReasonCode.MISSING_DOCUMENT, "bank_details", None),
        (ReasonCode.MISSING_DOCUMENT, "jobseeker_certificate", None),
        (ReasonCode.MISSING_DOCUMENT, "training_quote", None),
    ]
    assert findings[0].message_fr == "Pièce manquante : pièce d'identité."
    assert findings[1].message_fr == "Pièce manquante : justificatif de domicile."


def test_missing_passport_stands_for_identity() -> None:
    docs = [d for d in good_documents() if d.doc_type != DocType.ID_CARD]
    docs.append(doc("pass.pdf", DocType.PASSPORT))
    assert run("documents.missing", docs=docs) == []


def test_missing_when_only_an_uncertain_document_looks_like_the_piece() -> None:
    docs = [d for d in good_documents() if d.doc_type != DocType.BANK_DETAILS]
    docs.append(rib_doc("scan1.jpg").model_copy(update={"confidence": 0.62}))
    [finding] = run("documents.missing", docs=docs)
    assert finding.field == "bank_details"
    assert "scan1.jpg" in finding.message_fr and "0,62" in finding.message_fr
    assert finding.evidence["uncertain_candidates"] == ["scan1.jpg"]


def test_confidence_exactly_at_threshold_counts() -> None:
    docs = [d for d in good_documents() if d.doc_type != DocType.BANK_DETAILS]
    docs.append(rib_doc().model_copy(update={"confidence": rulebook().type_confidence_threshold}))
    assert run("documents.missing", docs=docs) == []
    assert run("documents.type_confidence", docs=docs) == []


def test_unreadable_file_does_not_count_as_a_piece() -> None:
    docs = [d for d in good_documents() if d.doc_type != DocType.TRAINING_QUOTE]
    broken = unreadable("devis.pdf").model_copy(
        update={"doc_type": DocType.TRAINING_QUOTE, "confidence": 0.9}
    )
    [finding] = run("documents.missing", docs=[*docs, broken])
    assert finding.field == "training_quote"


# ---------------------------------------------------------------- documents.file_unreadable


def test_file_unreadable_copied_through_with_document() -> None:
    [finding] = run("documents.file_unreadable", docs=[*good_documents(), unreadable("scan.pdf")])
    assert (finding.code, finding.document, finding.severity) == (
        ReasonCode.FILE_UNREADABLE,
        "scan.pdf",
        Severity.DOUBT,
    )
    assert finding.message_fr.startswith("Le fichier est endommagé")


# ---------------------------------------------------------------- documents.type_confidence


def test_uncertain_type() -> None:
    unsure = doc("scan1.jpg", DocType.OTHER, confidence=0.41)
    [finding] = run("documents.type_confidence", docs=[unsure])
    assert (finding.code, finding.document, finding.severity) == (
        ReasonCode.UNCERTAIN_DOCUMENT_TYPE,
        "scan1.jpg",
        Severity.DOUBT,
    )
    assert "confiance 0,41 < seuil 0,90" in finding.message_fr


def test_a_file_holding_several_documents_says_so() -> None:
    merged = doc("pieces.pdf", DocType.ID_CARD, confidence=0.5).model_copy(
        update={"mixed_types": ["bank_details", "id_card"]}
    )
    [finding] = run("documents.type_confidence", docs=[merged])
    assert finding.code == ReasonCode.UNCERTAIN_DOCUMENT_TYPE and finding.severity == Severity.DOUBT
    assert "plusieurs documents : " in finding.message_fr
    assert "confiance 0,50 < seuil 0,90" in finding.message_fr
    assert "carte d'identité" in finding.message_fr.lower()
    assert finding.evidence["mixed_types"] == ["bank_details", "id_card"]


def test_uncertain_type_not_raised_for_unreadable_files() -> None:
    assert run("documents.type_confidence", docs=[unreadable()]) == []


def test_confident_other_is_fine() -> None:
    assert run("documents.type_confidence", docs=[doc("lettre.pdf", DocType.OTHER, confidence=0.95)]) == []


# ---------------------------------------------------------------- documents.quality


def q(**kw) -> PageQuality:
    base = {"sharpness": 900.0, "mean_grey": 200.0, "dpi": 300.0, "ocr_mean_conf": 90.0}
    base.update(kw)
    return PageQuality(**base)


def test_quality_blurred_page_fails_with_measure_and_threshold() -> None:
    scan = doc("scan.jpg", DocType.ID_CARD, quality=[q(sharpness=120.4)])
    [finding] = run("documents.quality", docs=[scan])
    assert (finding.code, finding.document) == (ReasonCode.UNREADABLE_DOCUMENT, "scan.jpg")
    assert "netteté 120,4 < seuil 200" in finding.message_fr
    assert finding.evidence["problems"][0] == {
        "measure": "sharpness",
        "page": 1,
        "value": 120.4,
        "threshold": 200.0,
        "op": "<",
    }


def test_quality_a_soft_photo_whose_task_succeeded_is_not_sent_back() -> None:
    """Blur alone is no reason: the MRZ's check digits hold and every needed field was read."""
    card = identity_doc().model_copy(update={"page_quality": [q(sharpness=120.4)]})
    assert quality_problems(card, rulebook().quality) == []
    rib = rib_doc().model_copy(update={"text_source": TextSource.OCR, "page_quality": [q(dpi=96)]})
    assert run("documents.quality", docs=[rib]) == []


def test_quality_blur_with_a_failed_task_asks_for_a_new_photo() -> None:
    wrong_digit = identity_doc().fields["mrz"].value.replace("X4RTBPFW4", "X4RTBPFW5")  # type: ignore[union-attr]
    card = identity_doc(mrz=wrong_digit).model_copy(update={"page_quality": [q(sharpness=120.4)]})
    [finding] = run("documents.quality", docs=[card])
    assert finding.code == ReasonCode.UNREADABLE_DOCUMENT
    assert (
        "netteté 120,4 < seuil 200" in finding.message_fr
        and "chiffres de contrôle MRZ faux" in finding.message_fr
    )
    assert "nouvelle photo" in finding.message_fr
    measures = [p["measure"] for p in finding.evidence["problems"]]
    assert measures == ["sharpness", "mrz_check_digits"]
    rib = rib_doc(iban=None).model_copy(
        update={"text_source": TextSource.OCR, "page_quality": [q(sharpness=90)]}
    )
    [finding] = run("documents.quality", docs=[rib])
    assert "IBAN non trouvé" in finding.message_fr


def test_quality_types_without_a_task_are_judged_on_the_image_alone() -> None:
    photo = doc("photo.jpg", DocType.OTHER, quality=[q(sharpness=40.0)])
    [finding] = run("documents.quality", docs=[photo])
    assert [p["measure"] for p in finding.evidence["problems"]] == ["sharpness"]


def test_quality_low_ocr_confidence_at_threshold_fails() -> None:
    scan = doc("scan.jpg", DocType.ID_CARD, quality=[q(ocr_mean_conf=50.0)])
    [finding] = run("documents.quality", docs=[scan])
    assert "confiance OCR 50 ≤ seuil 50" in finding.message_fr
    assert (
        run("documents.quality", docs=[doc("s.jpg", DocType.ID_CARD, quality=[q(ocr_mean_conf=50.5)])]) == []
    )


def test_quality_low_dpi() -> None:
    [finding] = run("documents.quality", docs=[doc("s.jpg", DocType.ID_CARD, quality=[q(dpi=96)])])
    assert "résolution (dpi) 96 < seuil 150" in finding.message_fr


def test_quality_worst_page_counts() -> None:
    scan = doc(
        "s.pdf",
        DocType.PROOF_OF_ADDRESS,
        pages=3,
        quality=[q(sharpness=600), q(sharpness=180), q(sharpness=190)],
    )
    [finding] = run("documents.quality", docs=[scan])
    assert "netteté 180 < seuil 200 (page 2)" in finding.message_fr


def test_quality_single_blank_page_fails() -> None:
    blank = doc("vide.jpg", DocType.OTHER, quality=[q(mean_grey=252.0, ocr_mean_conf=None)])
    [finding] = run("documents.quality", docs=[blank])
    assert "page blanche" in finding.message_fr


def test_quality_blank_page_in_multipage_document_is_ignored() -> None:
    scan = doc("s.pdf", DocType.PROOF_OF_ADDRESS, pages=2, quality=[q(), PageQuality(blank=True)])
    assert run("documents.quality", docs=[scan]) == []


def test_quality_all_pages_blank_fails() -> None:
    scan = doc("s.pdf", DocType.OTHER, pages=2, quality=[PageQuality(blank=True), PageQuality(blank=True)])
    [finding] = run("documents.quality", docs=[scan])
    assert "toutes les pages sont blanches" in finding.message_fr


def test_quality_white_page_with_confident_ocr_text_is_not_blank() -> None:
    sparse = doc("rib.jpg", DocType.BANK_DETAILS, quality=[q(mean_grey=248.0, ocr_mean_conf=88.0)])
    assert run("documents.quality", docs=[sparse]) == []


def test_quality_text_layer_documents_not_judged_on_images() -> None:
    pdf = doc(
        "f.pdf",
        DocType.PROOF_OF_ADDRESS,
        text_source=TextSource.TEXT_LAYER,
        quality=[q(sharpness=10, mean_grey=250)],
    )
    assert run("documents.quality", docs=[pdf]) == []


def test_quality_no_text_at_all() -> None:
    photo = doc("photo.jpg", DocType.OTHER, text_source=TextSource.NONE, quality=[PageQuality()])
    [finding] = run("documents.quality", docs=[photo])
    assert "aucun texte lu" in finding.message_fr


def test_quality_follows_rulebook_thresholds() -> None:
    from tests.validators.factories import rulebook_with

    rb = rulebook_with(quality={"blur_sharpness_below": 100})
    assert (
        run("documents.quality", docs=[doc("s.jpg", DocType.ID_CARD, quality=[q(sharpness=120)])], rb=rb)
        == []
    )


def test_quality_unmeasured_pages_pass() -> None:
    scan = doc("s.jpg", DocType.ID_CARD, quality=[PageQuality()])
    assert quality_problems(scan, rulebook().quality) == []


# ---------------------------------------------------------------- documents.duplicate


def test_duplicate_in_another_application() -> None:
    rib = rib_doc().model_copy(update={"duplicate_of": ["SUD-2026-000050", "SUD-2026-000007"]})
    [finding] = run("documents.duplicate", docs=[rib])
    assert (finding.code, finding.document) == (ReasonCode.DUPLICATE_DOCUMENT, "rib.pdf")
    assert "SUD-2026-000007, SUD-2026-000050" in finding.message_fr


def test_duplicate_same_file_for_different_pieces() -> None:
    a = proof_doc("a.pdf").model_copy(update={"sha256": "same"})
    b = rib_doc("b.pdf").model_copy(update={"sha256": "same"})
    [finding] = run("documents.duplicate", docs=[b, a])
    assert (finding.document, finding.evidence["duplicate_of_file"], finding.evidence["match"]) == (
        "b.pdf",
        "a.pdf",
        "sha256",
    )


def test_duplicate_shared_page_image_for_different_pieces() -> None:
    a = identity_doc().model_copy(update={"page_hashes": ["p-id"]})
    b = doc("z_all.pdf", DocType.PROOF_OF_ADDRESS, pages=2).model_copy(
        update={"page_hashes": ["p-bill", "p-id"]}
    )
    [finding] = run("documents.duplicate", docs=[a, b])
    assert (finding.document, finding.evidence["match"]) == ("z_all.pdf", "page_hash")


def test_duplicate_same_piece_copy_only_when_asked() -> None:
    from tests.validators.factories import rulebook_with
    from validators.rulebook import RuleConfig

    a = proof_doc("edf.pdf").model_copy(update={"sha256": "same"})
    b = proof_doc("edf (1).pdf").model_copy(update={"sha256": "same"})
    assert run("documents.duplicate", docs=[a, b]) == []
    rb = rulebook_with(rules={"documents.duplicate": RuleConfig(params={"flag_same_piece_copies": True})})
    assert [f.document for f in run("documents.duplicate", docs=[a, b], rb=rb)] == ["edf.pdf"]


def test_duplicate_blank_pages_are_not_duplicates() -> None:
    a = doc("a.pdf", DocType.PROOF_OF_ADDRESS, pages=2, quality=[q(), PageQuality(blank=True)]).model_copy(
        update={"page_hashes": ["p1", "blank"]}
    )
    b = doc("b.pdf", DocType.BANK_DETAILS, pages=2, quality=[q(), PageQuality(blank=True)]).model_copy(
        update={"page_hashes": ["p2", "blank"]}
    )
    assert run("documents.duplicate", docs=[a, b]) == []


# ---------------------------------------------------------------- documents.tampering


def test_tampering_signals_quoted() -> None:
    edited = quote_doc().model_copy(update={"tampering_signals": ["Producer: GIMP 2.10", "incremental save"]})
    [finding] = run("documents.tampering", docs=[edited])
    assert (finding.code, finding.document) == (ReasonCode.SUSPECTED_TAMPERING, "devis.pdf")
    assert "GIMP 2.10" in finding.message_fr
    assert finding.evidence["signals"] == ["Producer: GIMP 2.10", "incremental save"]
