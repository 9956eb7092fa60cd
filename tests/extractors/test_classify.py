"""extractors.classify: the keyword classifier on representative, noisy, ambiguous and junk documents."""

from __future__ import annotations

import pytest

from extractors.classifiers import default_classifier
from extractors.classify import (
    Classifier,
    KeywordClassifier,
    classify_document,
    mrz_type,
)
from models.doctypes import DocType
from models.document import Classification
from tests.extractors.mrzlines import fr_id, td1, td3
from tests.extractors.wordlayout import make_document

THRESHOLD = 0.80  # the rulebook's default minimum type confidence

CARD_MRZ = td1("X4RTBPFW4", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE")

SAMPLES: dict[str, tuple[DocType, list[str]]] = {
    "id_card_2021": (
        DocType.ID_CARD,
        [
            "RÉPUBLIQUE FRANÇAISE",
            "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD",
            "Nom / Surname",
            "DUPONT-MARTIN",
            "Prénoms / Given names",
            "Élodie, Marie",
            "Date de naiss. / Date of birth",
            "12 04 1991",
            "N° du document / Document No",
            "X4RTBPFW4",
            *CARD_MRZ,
        ],
    ),
    "id_card_old": (
        DocType.ID_CARD,
        [
            "RÉPUBLIQUE FRANÇAISE",
            "CARTE NATIONALE D'IDENTITÉ N° : 880692310285",
            "Nom : BERTHIER",
            "Prénom(s) : CORINNE",
            "Né(e) le : 06.12.1965",
            "Carte valable jusqu'au : 01.01.2030",
            *fr_id("BERTHIER", "92C001", "880692310285", "CORINNE", "651206", "F"),
        ],
    ),
    "passport": (
        DocType.PASSPORT,
        [
            "RÉPUBLIQUE FRANÇAISE",
            "PASSEPORT / PASSPORT",
            "Type / Type",
            "P",
            "Passeport n° / Passport No",
            "18AB12345",
            "Nom / Surname",
            "DUPONT-MARTIN",
            "Date de naissance / Date of birth",
            "12 04 1991",
            *td3("18AB12345", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE"),
        ],
    ),
    "residence_permit": (
        DocType.RESIDENCE_PERMIT,
        [
            "RÉPUBLIQUE FRANÇAISE",
            "TITRE DE SÉJOUR / RESIDENCE PERMIT",
            "Nom / Surname",
            "NGUYEN",
            "Prénoms / Given names",
            "Van An",
            "N° / No",
            "AB1234567",
            "Valable jusqu'au / Valid until",
            "30.06.2029",
            *td1("AB1234567", "850101", "M", "290630", "NGUYEN<<VAN<AN", code="IR"),
        ],
    ),
    "bill": (
        DocType.PROOF_OF_ADDRESS,
        [
            "EDF",
            "Facture du 02/05/2026",
            "Titulaire du contrat : M. DUPONT-MARTIN ELODIE",
            "Adresse de consommation : 12 rue de la République",
            "13001 MARSEILLE",
            "Consommation : 342 kWh",
            "Montant TTC : 78,40 €",
        ],
    ),
    "bill_with_iban": (
        DocType.PROOF_OF_ADDRESS,
        [
            "TotalEnergies",
            "Facture",
            "Date de facture : 02/05/2026",
            "Client : M. DUPONT-MARTIN ELODIE",
            "Lieu de consommation : 12 rue de la République",
            "13001 MARSEILLE",
            "Électricité : 342 kWh",
            "Montant prélevé le 15/05/2026 sur votre compte",
            "IBAN : FR76 3000 6000 0112 3456 7890 189",
            "BIC : AGRIFRPP",
            "Titulaire du compte : M. DUPONT-MARTIN ELODIE",
        ],
    ),
    "water_bill": (
        DocType.PROOF_OF_ADDRESS,
        [
            "SOCIÉTÉ DES EAUX DE PROVENCE",
            "Facture d'eau",
            "Date d'émission : 02/05/2026",
            "Titulaire du contrat : M. DUPONT-MARTIN ELODIE",
            "Consommation : 34 m3",
        ],
    ),
    "phone_bill": (
        DocType.PROOF_OF_ADDRESS,
        [
            "Orange",
            "Facture du 02/05/2026",
            "Client : M. DUPONT-MARTIN ELODIE",
            "12 RUE DE LA REPUBLIQUE",
            "13001 MARSEILLE",
            "Abonnement Livebox Fibre : 39,99 €",
            "Internet, TV et téléphone",
        ],
    ),
    "rent_receipt": (
        DocType.PROOF_OF_ADDRESS,
        [
            "QUITTANCE DE LOYER",
            "Bailleur : SCI Les Oliviers",
            "Locataire : Mme DUPONT-MARTIN Élodie",
            "Adresse du logement : 12 rue de la République",
            "13001 Marseille",
            "Loyer : 650,00 €",
            "Charges : 50,00 €",
            "Fait le 30/04/2026",
        ],
    ),
    "home_insurance": (
        DocType.PROOF_OF_ADDRESS,
        [
            "MAIF",
            "ATTESTATION D'ASSURANCE HABITATION",
            "Assuré : M. DUPONT-MARTIN ELODIE",
            "Adresse du logement : 12 rue de la République",
            "13001 MARSEILLE",
            "Fait le 15/04/2026",
        ],
    ),
    "rib": (
        DocType.BANK_DETAILS,
        [
            "Crédit Agricole Alpes Provence",
            "RELEVÉ D'IDENTITÉ BANCAIRE",
            "Titulaire du compte : M. DUPONT-MARTIN ELODIE",
            "Code banque   Code guichet   N° de compte   Clé RIB",
            "30006   00001   12345678901   89",
            "IBAN : FR76 3000 6000 0112 3456 7890 189",
            "BIC : AGRIFRPP",
        ],
    ),
    "rib_short": (
        DocType.BANK_DETAILS,
        [
            "RIB",
            "Intitulé du compte : M. DUPONT-MARTIN ELODIE",
            "IBAN : FR76 3000 6000 0112 3456 7890 189",
            "Code BIC (SWIFT) : AGRIFRPP",
        ],
    ),
    "france_travail": (
        DocType.JOBSEEKER_CERTIFICATE,
        [
            "France Travail",
            "ATTESTATION D'INSCRIPTION",
            "Identifiant : 4821937K",
            "Madame DUPONT-MARTIN Élodie Marie est inscrite sur la liste des demandeurs d'emploi"
            " depuis le 03/02/2026.",
            "Fait à Marseille, le 10/11/2026",
        ],
    ),
    "pole_emploi": (
        DocType.JOBSEEKER_CERTIFICATE,
        [
            "Pôle emploi",
            "ATTESTATION D'INSCRIPTION",
            "N° d'identifiant : 4821937K",
            "Nom : DUPONT-MARTIN",
            "Prénom(s) : Élodie Marie",
            "Date d'inscription : 03/02/2026",
            "Date d'édition : 10/11/2026",
        ],
    ),
    "quote": (
        DocType.TRAINING_QUOTE,
        [
            "Formasud Conseil",
            "DEVIS",
            "SIRET : 732 829 320 00074",
            "Intitulé de la formation : Titre professionnel Développeur web et web mobile",
            "Du 11/01/2027 au 25/06/2027",
            "Durée : 798 heures",
            "Coût total : 4 350,00 €",
            "Date du devis : 15/10/2026",
        ],
    ),
    "provider_enrolment": (
        DocType.TRAINING_QUOTE,
        [
            "Formasud Conseil",
            "ATTESTATION D'INSCRIPTION EN FORMATION",
            "N° SIRET : 73282932000074",
            "Nous attestons que Mme DUPONT-MARTIN Élodie, demandeur d'emploi inscrite à France Travail",
            "sous l'identifiant 4821937K, est inscrite à la formation :",
            "Formation : Développeur web",
            "Date de début : 11/01/2027",
            "Date de fin : 25/06/2027",
            "Volume horaire : 798 h",
            "Montant total : 4 350 €",
            "Fait le 15/10/2026",
        ],
    ),
    "tax_notice": (
        DocType.TAX_NOTICE,
        [
            "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES",
            "AVIS D'IMPÔT 2026 SUR LES REVENUS DE L'ANNÉE 2025",
            "Déclarant 1 : DUPONT-MARTIN ÉLODIE",
            "Numéro fiscal : 1234567890123",
            "Référence de l'avis : 2613A12345678",
            "Revenu fiscal de référence : 23 456 €",
        ],
    ),
    "cv": (
        DocType.CV,
        [
            "Élodie DUPONT-MARTIN",
            "Curriculum vitae",
            "Expérience professionnelle",
            "2019-2025 Vendeuse, Marseille",
            "Formation",
            "2010 Baccalauréat",
            "Compétences",
            "Langues : anglais",
        ],
    ),
    "cv_without_title": (
        DocType.CV,
        [
            "Élodie DUPONT-MARTIN",
            "Développeuse web junior",
            "Expériences professionnelles",
            "Compétences",
            "Langues",
            "Centres d'intérêt : randonnée",
        ],
    ),
    "letter": (
        DocType.OTHER,
        [
            "Marseille, le 3 novembre 2026",
            "Objet : demande de renseignements",
            "Madame, Monsieur,",
            "Je vous prie de bien vouloir m'indiquer les horaires d'ouverture de la médiathèque.",
            "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
        ],
    ),
    "sepa_mandate": (
        DocType.OTHER,
        [
            "MANDAT DE PRÉLÈVEMENT SEPA",
            "Titulaire du compte : M. DUPONT-MARTIN ELODIE",
            "IBAN : FR76 3000 6000 0112 3456 7890 189",
            "BIC : AGRIFRPP",
            "Créancier : EDF",
        ],
    ),
    "payslip": (
        DocType.OTHER,
        [
            "BULLETIN DE SALAIRE",
            "Période : avril 2026",
            "Salaire de base : 1 800,00 €",
            "Net à payer : 1 420,00 €",
        ],
    ),
    "blank": (DocType.OTHER, []),
    "garbage": (
        DocType.OTHER,
        [
            "xq7 ;;' ~~ lkj3 __ ,,, pz",
            ".. '' 0x1f ~~ mnb %%%",
            "qwp zzk ,, ||| ~ ^^",
            "vvv tt 8g3 ### jj",
        ],
    ),
}


def degrade(lines: list[str]) -> list[str]:
    """OCR-like noise: accents lost, o -> 0 in long words, l -> 1, one split word, doubled spaces."""
    import unicodedata

    out = []
    for i, line in enumerate(lines):
        plain = "".join(c for c in unicodedata.normalize("NFKD", line) if not unicodedata.combining(c))
        words = []
        for j, word in enumerate(plain.split(" ")):
            if len(word) > 6 and (i + j) % 3 == 0:
                word = word.replace("o", "0", 1).replace("l", "1", 1)
            if len(word) > 9 and (i + j) % 4 == 1:
                word = word[:4] + " " + word[4:]
            words.append(word)
        out.append("  ".join(words) if i % 2 else " ".join(words))
    return out


@pytest.fixture(scope="module")
def classifier() -> KeywordClassifier:
    return KeywordClassifier()


@pytest.mark.parametrize("name", list(SAMPLES))
def test_representative_documents(classifier: KeywordClassifier, name: str) -> None:
    expected, lines = SAMPLES[name]
    result = classifier.classify(make_document(lines))
    assert result.doc_type == expected.value, result.scores
    assert result.confidence >= THRESHOLD
    assert result.classifier == "keyword-v1"
    assert sum(result.scores.values()) == pytest.approx(1.0, abs=1e-3)
    assert set(result.scores) == {t.value for t in DocType}


@pytest.mark.parametrize("name", [n for n in SAMPLES if n not in ("blank", "garbage")])
def test_ocr_noise_does_not_change_the_verdict(classifier: KeywordClassifier, name: str) -> None:
    expected, lines = SAMPLES[name]
    result = classifier.classify(make_document(degrade(lines)))
    assert result.doc_type == expected.value, result.scores
    assert result.confidence >= THRESHOLD


def test_provider_attestation_is_not_a_jobseeker_certificate(classifier: KeywordClassifier) -> None:
    evidence = classifier.evidence(make_document(SAMPLES["provider_enrolment"][1]))
    jobseeker = [phrase for phrase, _ in evidence.matches[DocType.JOBSEEKER_CERTIFICATE]]
    assert "attestation d'inscription" not in jobseeker  # excluded when followed by "en formation"
    assert evidence.scores[DocType.TRAINING_QUOTE] > 2 * evidence.scores[DocType.JOBSEEKER_CERTIFICATE]


def test_bill_mentioning_iban_stays_proof_of_address(classifier: KeywordClassifier) -> None:
    evidence = classifier.evidence(make_document(SAMPLES["bill_with_iban"][1]))
    assert evidence.scores[DocType.BANK_DETAILS] > 0  # the IBAN is seen...
    assert (
        evidence.scores[DocType.PROOF_OF_ADDRESS] > evidence.scores[DocType.BANK_DETAILS] + 5
    )  # ...and outweighed


@pytest.mark.parametrize(
    "lines",
    [
        ["Facture", "Montant : 12,00 €"],  # a bare word
        [
            "RELEVÉ D'IDENTITÉ BANCAIRE",
            "IBAN : FR76 3000 6000 0112 3456 7890 189",  # two documents on one page
            "Facture du 02/05/2026",
            "Consommation : 342 kWh",
            "Adresse de consommation : 12 rue X",
            "EDF",
        ],
        ["Devis", "Total TTC : 120,00 €"],  # a quote, but nothing says training
    ],
)
def test_ambiguous_documents_get_low_confidence(classifier: KeywordClassifier, lines: list[str]) -> None:
    result = classifier.classify(make_document(lines))
    assert result.confidence < THRESHOLD, (result.doc_type, result.scores)


def test_a_letter_from_france_travail_is_not_a_certificate(classifier: KeywordClassifier) -> None:
    lines = [
        "France Travail",
        "Convocation à un entretien",
        "Madame, Monsieur,",
        "Vous êtes convoquée le 12/12/2026 à 9h.",
        "Cordialement",
    ]
    result = classifier.classify(make_document(lines))
    assert not (result.doc_type == "jobseeker_certificate" and result.confidence >= THRESHOLD)


def test_blank_and_garbage_are_other_with_high_confidence(classifier: KeywordClassifier) -> None:
    for name in ("blank", "garbage"):
        result = classifier.classify(make_document(SAMPLES[name][1]))
        assert result.doc_type == "other" and 0.9 <= result.confidence < 1.0
    assert classifier.classify(make_document()).doc_type == "other"  # no page at all


def test_confidence_is_never_certainty(classifier: KeywordClassifier) -> None:
    result = classifier.classify(make_document(SAMPLES["rib"][1]))
    assert result.confidence <= 0.999


def test_mrz_document_code_decides_between_identity_types(classifier: KeywordClassifier) -> None:
    # MRZ only: the code names the type
    for lines, expected in [
        (CARD_MRZ, "id_card"),
        (td3("18AB12345", "910412", "F", "310301", "DUPONT<<ELODIE"), "passport"),
        (td1("AB1234567", "850101", "M", "290630", "NGUYEN<<VAN<AN", code="IR"), "residence_permit"),
    ]:
        result = classifier.classify(make_document(["RÉPUBLIQUE FRANÇAISE", *lines]))
        assert result.doc_type == expected and result.confidence >= THRESHOLD


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("P", DocType.PASSPORT),
        ("PO", DocType.PASSPORT),
        ("ID", DocType.ID_CARD),
        ("I", DocType.ID_CARD),
        ("IR", DocType.RESIDENCE_PERMIT),
        ("V", None),
    ],
)
def test_mrz_type(code: str, expected: DocType | None) -> None:
    assert mrz_type(code) == expected


def test_protocol_default_and_helper() -> None:
    from models.settings import Settings

    assert isinstance(default_classifier(), Classifier)  # the transformers classifier (docs/classifier.md)
    clf = default_classifier(Settings(classifier="keyword"))
    assert isinstance(clf, Classifier)
    assert clf.name == "keyword-v1" and clf.version
    result = classify_document(make_document(SAMPLES["cv"][1]))
    assert isinstance(result, Classification) and result.doc_type == "cv"


def test_fuzzy_cues_do_not_fire_on_near_duplicates(classifier: KeywordClassifier) -> None:
    # "acte de naissance" (a birth certificate, other) is one letter from "date de naissance"
    evidence = classifier.evidence(make_document(SAMPLES["passport"][1]))
    assert evidence.matches[DocType.OTHER] == []
