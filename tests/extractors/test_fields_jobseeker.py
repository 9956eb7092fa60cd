"""France Travail registration certificate."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.jobseeker import extract_jobseeker, parse_ft_id
from models.doctypes import DocType
from tests.extractors.wordlayout import make_document

IDS = ["Identifiant :", "N° d'identifiant :", "Identifiant France Travail :"]
REGISTRATIONS = [
    "Madame DUPONT-MARTIN Élodie Marie est inscrite sur la liste des demandeurs d'emploi"
    " depuis le 03/02/2026.",
    "Date d'inscription : 03/02/2026",
    "Vous êtes inscrit(e) comme demandeur d'emploi depuis le 3 février 2026.",
]
ISSUES = ["Fait à Marseille, le 10/11/2026", "Date d'édition : 10.11.2026", "Délivrée le 10 novembre 2026"]


def certificate(
    id_label: str = "Identifiant :",
    registration: str = REGISTRATIONS[1],
    issue: str = ISSUES[0],
    *,
    names: bool = True,
    header: str = "France Travail",
):  # type: ignore[no-untyped-def]
    return make_document(
        [
            header,
            "ATTESTATION D'INSCRIPTION",
            f"{id_label} 4821937K",
            *(["Nom : DUPONT-MARTIN", "Prénom(s) : Élodie Marie"] if names else []),
            registration,
            "Catégorie : 1",
            issue,
        ]
    )


@pytest.mark.parametrize("id_label", IDS)
@pytest.mark.parametrize("issue", ISSUES)
def test_identifier_and_issue_date_variants(id_label: str, issue: str) -> None:
    fields = extract_fields(certificate(id_label, issue=issue), DocType.JOBSEEKER_CERTIFICATE)
    assert {k: v.value for k, v in fields.items()} == {
        "last_name": "DUPONT-MARTIN",
        "first_names": "Élodie Marie",
        "france_travail_id": "4821937K",
        "registration_date": "2026-02-03",
        "issue_date": "2026-11-10",
    }


@pytest.mark.parametrize("registration", REGISTRATIONS)
def test_registration_date_variants(registration: str) -> None:
    fields = extract_jobseeker(certificate(registration=registration))
    assert fields["registration_date"].value == "2026-02-03"


def test_names_from_the_sentence() -> None:
    fields = extract_jobseeker(certificate(registration=REGISTRATIONS[0], names=False))
    assert fields["last_name"].value == "DUPONT-MARTIN"
    assert fields["first_names"].value == "Élodie Marie"
    assert fields["last_name"].extractor == "sentence:last_name"
    assert fields["registration_date"].value == "2026-02-03"


def test_sentence_with_monsieur_and_noise() -> None:
    document = make_document(
        [
            "Pôle emploi",
            "ATTESTATION D'INSCRIPTION",
            "Identifiant : 1234567A",
            "Monsieur DE LA FONTAINE Jean-Pierre est inscrit sur la liste des demandeurs d'emploi"
            " depuis le 0l/09/2025",
        ]
    )
    fields = {k: v.value for k, v in extract_jobseeker(document).items()}
    assert fields["last_name"] == "DE LA FONTAINE"
    assert fields["first_names"] == "Jean-Pierre"
    assert fields["france_travail_id"] == "1234567A"
    assert fields["registration_date"] == "2025-09-01"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4821937K", "4821937K"),
        ("4821937 K", "4821937K"),
        ("482l937K", "4821937K"),
        ("48219370", "48219370"),
        ("21893612", "2189361Z"),
        ("4821937 5", "4821937S"),
        ("4821937k", "4821937K"),
        ("O482193K", "0482193K"),
    ],
)
def test_france_travail_identifier(text: str, value: str) -> None:
    parsed = parse_ft_id(text)
    assert parsed is not None and parsed.value == value


def test_identifier_with_noise_on_the_label() -> None:
    fields = extract_jobseeker(certificate("ldentifiant :"))
    assert fields["france_travail_id"].value == "4821937K"


def test_missing_fields_are_absent() -> None:
    document = make_document(["France Travail", "ATTESTATION D'INSCRIPTION"])
    assert extract_jobseeker(document) == {}


def test_a_deadline_after_a_specific_label_is_not_the_issue_date() -> None:
    # « Prochaine actualisation avant le … »: the generic « le » does not make it an issue date,
    # and a sentence's « depuis » higher up does not make it a registration date
    fields = extract_jobseeker(
        make_document(
            [
                "Attestation de situation",
                "Nous certifions que Élodie DUPONT est inscrite sur la liste des demandeurs d'emploi depuis",
                "le 03.02.25 et l'est toujours à la date d'édition de ce document.",
                "Dernière actualisation 21.10.26",
                "Prochaine actualisation avant le 18.11.26",
            ]
        )
    )
    assert fields["registration_date"].value == "2025-02-03"
    assert "issue_date" not in fields  # the edition date is not printed: nothing, never the deadline


def test_identifier_in_a_table_under_its_column_header() -> None:
    fields = extract_jobseeker(
        make_document(
            [
                [(0.08, "Nom Prénom(s)"), (0.55, "Identifiant demandeur")],
                [(0.08, "SAINT-PIERRE Jean-Baptiste"), (0.55, "9028656E")],
            ]
        )
    )
    assert fields["france_travail_id"].value == "9028656E"


def test_a_registration_date_wrapped_onto_the_next_line_of_a_sentence() -> None:
    """« … inscrit à France Travail depuis » / « le mercredi 25/12/2024 ; … »: prose wrapped at the label."""
    document = make_document(
        [
            "France Travail",
            "Attestation d'inscription",
            "Date d'édition le 23 octobre 2026",
            "Hervé Théo JOURDAN figure parmi les personnes inscrites à France Travail en recherche"
            " d'emploi depuis",
            "le mercredi 25/12/2024 ; cette inscription était toujours active à la date d'édition.",
        ]
    )
    fields = {k: v.value for k, v in extract_jobseeker(document).items()}
    assert fields["registration_date"] == "2024-12-25"
    assert fields["issue_date"] == "2026-10-23"


@pytest.mark.parametrize("seed", [1, 2])
def test_the_registration_date_of_a_portal_certificate_sentence(seed: int) -> None:
    """A generated certificate (held-out family, digital PDF) whose date of registration ends a sentence
    wrapped onto the next line (« … depuis » / « le mardi 14/01/2025 ; … »)."""
    from extractors.read import read_document
    from sample_docs.generator import render_sample_document

    data, truth = render_sample_document(
        "jobseeker_certificate", seed, source="digital_pdf", split="held_out", layout="ft_attestation_portail"
    )
    fields = extract_jobseeker(read_document(data, "attestation.pdf"))
    assert fields["registration_date"].value == truth["fields"]["registration_date"]
