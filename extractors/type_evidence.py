"""Hard evidence of what a document is, before any statistics.

Some documents carry proof of their kind that no layout changes:

* a **machine-readable zone** (ICAO 9303): its format (TD1 3×30, TD2 2×36,
  TD3 2×44, the French 1988 card's 2×36) and its document code (``P…``
  passport; ``I``, ``A``, ``C`` identity card; ``IR``, ``AR``, ``CR``
  residence permit; ``V`` a visa, which is none of our types). The MRZ the
  reader located (``document.metadata["mrz_zone"]`` when the reader provides
  it, else ``extractors.mrz.read_mrz``) counts most when every check digit
  holds; MRZ-shaped lines whose digits do not all hold still say the
  document is an identity document of that code.
* a **2D-Doc** (ANTS) whose header names the document type (``DC`` +
  version + CA + certificate + dates + type): a decoded message the reader
  put in ``document.metadata["2d_doc"]``, or one printed in the text layer.
* an **IBAN that passes mod 97, a BIC and a bank-details header** (RIB,
  relevé d'identité bancaire…), on a page that is not an invoice, a
  statement, a payslip or a direct-debit mandate: bank details.
* a **SIRET that passes its Luhn key and training words** (organisme de
  formation, stagiaire, heures, déclaration d'activité…) beside « devis »,
  « attestation d'inscription », « convention » or « proposition de
  formation », on a page
  that is not an invoice, a payslip or a contract: a training quote.
* a **France Travail registration statement** with a labelled identifier: a
  job-seeker certificate (``registration_evidence``).
* an **identity card's printed title** (« carte nationale d'identité »,
  « identity card », « Personalausweis »…) at the top of a one-page,
  card-shaped document of few words: the front of a card whose MRZ is on its
  back, or could not be read (``card_title_evidence``).

``hard_evidence`` returns the type, how strong the evidence is and a short
description (``type_evidence``: ``"mrz: TD1 ID, check digits valid"``); the
classifier then decides from it (see ``TransformersClassifier``). Pure
functions over the read ``Document``; nothing here reads files or images.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from stdnum import iban as stdnum_iban
from stdnum.fr import siret as stdnum_siret

from models.doctypes import DocType
from models.document import Document
from models.icao_codes import is_state_code

MRZ_VALID = "mrz_valid"  # every check digit holds
MRZ_READ = "mrz_read"  # a known format, some check digit fails
MRZ_SHAPE = "mrz_shape"  # lines of MRZ shape and length, not parsed
TWO_D_DOC = "2d_doc"
IBAN_BIC = "iban_bic"
SIRET_TRAINING = "siret_training"
REGISTRATION = "registration"
CARD_TITLE = "card_title"

# How sure each kind of evidence makes the classifier (the confidence it reports).
STRENGTH = {
    MRZ_VALID: 0.995,
    TWO_D_DOC: 0.995,
    MRZ_READ: 0.98,
    MRZ_SHAPE: 0.95,
    IBAN_BIC: 0.95,
    SIRET_TRAINING: 0.95,
    REGISTRATION: 0.95,
    CARD_TITLE: 0.95,
}
# Evidence that the statistics may contradict (the result is then uncertain);
# an MRZ or a 2D-Doc is never contradicted by wording.
CONTESTABLE = frozenset({IBAN_BIC, SIRET_TRAINING, REGISTRATION, MRZ_SHAPE, CARD_TITLE})


@dataclass(frozen=True)
class TypeEvidence:
    """A document type proven by something printed on the document."""

    doc_type: DocType
    kind: str  # one of the constants above
    detail: str  # what was seen, for people (no personal data)

    @property
    def strength(self) -> float:
        """The confidence this evidence alone justifies."""
        return STRENGTH[self.kind]

    @property
    def contestable(self) -> bool:
        """Whether a confident, contrary model makes the result uncertain."""
        return self.kind in CONTESTABLE

    @property
    def description(self) -> str:
        """``kind: detail``, as stored in ``type_evidence``."""
        return f"{self.kind}: {self.detail}"


def fold(text: str) -> str:
    """Lower case, no accents, whitespace runs as single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text)


# --------------------------------------------------------------------------- MRZ


def mrz_code_type(code: str, fmt: str = "") -> DocType | None:
    """The type an ICAO document code (first two characters of line 1) names; None for visas and unknowns."""
    code = (code + "<<")[:2].upper()
    first, second = code[0], code[1]
    if first == "P":
        return DocType.PASSPORT
    if first in "IAC":
        if second == "R":
            return DocType.RESIDENCE_PERMIT
        return DocType.ID_CARD
    return None


_MRZ_LINE = re.compile(r"^[A-Z0-9<]{26,46}$")
_FORMAT_BY_LENGTH = ((30, "TD1"), (36, "TD2/FR"), (44, "TD3"))


def _shape_format(length: int) -> str | None:
    for target, name in _FORMAT_BY_LENGTH:
        if abs(length - target) <= 2:
            return name
    return None


def mrz_shape_lines(document: Document) -> tuple[str, str] | None:
    """The first line and format of two or three consecutive MRZ-shaped lines, if any.

    A line is MRZ-shaped when, spaces removed, it has 26-46 characters of
    ``A-Z 0-9 <``, at least three ``<`` fillers, and its neighbour is MRZ-shaped
    too, of about the same length (TD1 30, TD2 and the French card 36, TD3 44).
    """
    for page in document.pages:
        lines = [re.sub(r"\s+", "", line).upper() for line in page.text.splitlines()]
        shaped = [bool(_MRZ_LINE.match(line)) and line.count("<") >= 3 for line in lines]
        for i in range(len(lines) - 1):
            if shaped[i] and shaped[i + 1]:
                fmt = _shape_format(len(lines[i]))
                if fmt and abs(len(lines[i]) - len(lines[i + 1])) <= 3:
                    return lines[i], fmt
    return None


def mrz_evidence(document: Document) -> TypeEvidence | None:
    """Evidence from the MRZ: the reader's zone, a parsed MRZ, or MRZ-shaped lines."""
    zone = document.metadata.get("mrz_zone")
    if isinstance(zone, dict) and zone.get("lines") and is_state_code(str(zone["lines"][0])[2:5]):
        # the document code is under no check digit: a zone whose issuing state is
        # no country has misread its letters, and the text's reading is asked instead
        first = str(zone["lines"][0])
        fmt = str(zone.get("format") or "")
        found = mrz_code_type(first[:2], fmt)
        if found is not None:
            kind = MRZ_VALID if zone.get("valid") else MRZ_READ
            return TypeEvidence(found, kind, _mrz_detail(fmt, first[:2], kind))
    text = document.text
    if text.count("<") >= 4:
        from extractors.mrz import read_mrz

        reading = read_mrz(document)
        if reading is not None and reading.mrz is not None:
            mrz = reading.mrz
            found = mrz_code_type(mrz.lines[0][:2], mrz.format)
            if found is not None and is_state_code(mrz.lines[0][2:5]):
                kind = MRZ_VALID if mrz.valid else MRZ_READ
                return TypeEvidence(found, kind, _mrz_detail(mrz.format, mrz.lines[0][:2], kind))
        shaped = mrz_shape_lines(document)
        if shaped is not None:
            first, fmt = shaped
            found = mrz_code_type(first[:2], fmt)
            if found is not None:
                return TypeEvidence(found, MRZ_SHAPE, _mrz_detail(fmt, first[:2], MRZ_SHAPE))
    return None


def _mrz_detail(fmt: str, code: str, kind: str) -> str:
    state = {
        MRZ_VALID: "check digits valid",
        MRZ_READ: "some check digit fails",
        MRZ_SHAPE: "lines of MRZ shape, not parsed",
    }[kind]
    return f"{fmt or '?'} {code.replace('<', '') or '?'}, {state}"


# --------------------------------------------------------------------------- 2D-Doc

# ANTS 2D-Doc document types (perimeter 01) that are one of our pieces.
TWO_D_DOC_TYPES: dict[str, DocType] = {
    "00": DocType.PROOF_OF_ADDRESS,  # justificatif de domicile
    "01": DocType.PROOF_OF_ADDRESS,  # facture (énergie, eau, téléphonie) comme justificatif de domicile
    "02": DocType.PROOF_OF_ADDRESS,  # avis de taxe d'habitation
    "03": DocType.BANK_DETAILS,  # relevé d'identité bancaire
    "04": DocType.TAX_NOTICE,  # avis d'impôt sur le revenu
    "18": DocType.TAX_NOTICE,  # avis d'impôt (newer tax types of the specification)
    "24": DocType.TAX_NOTICE,
    "27": DocType.TAX_NOTICE,
    "28": DocType.TAX_NOTICE,
}
# Types that are documents of their own kind but none of our pieces.
TWO_D_DOC_OTHER = frozenset(
    {"06", "10", "11", "12", "29"}
)  # payslip, work contract, statement, deed, employment
_TWO_D_DOC = re.compile(r"DC0([2-4])[A-Z0-9]{4}[A-Z0-9]{4}[0-9A-F]{4}[0-9A-F]{4}([A-Z0-9]{2})")


def two_d_doc_type(message: str) -> tuple[DocType, str] | None:
    """The type a 2D-Doc message's header names (``DC`` version CA cert dates type), and its code."""
    found = _TWO_D_DOC.search(message or "")
    if found is None:
        return None
    code = found.group(2)
    if code in TWO_D_DOC_TYPES:
        return TWO_D_DOC_TYPES[code], code
    if code in TWO_D_DOC_OTHER:
        return DocType.OTHER, code
    return None


def _decoded_type(message: str) -> tuple[DocType, str] | None:
    """The type of a message the reader decoded, by its parsed header (any version, V01 included)."""
    from extractors.twoddoc.message import MalformedTwoDDoc, parse_header

    try:
        code = parse_header(message).doc_type
    except MalformedTwoDDoc:
        return None
    if code in TWO_D_DOC_TYPES:
        return TWO_D_DOC_TYPES[code], code
    if code in TWO_D_DOC_OTHER:
        return DocType.OTHER, code
    return None


def two_d_doc_evidence(document: Document) -> TypeEvidence | None:
    """Evidence from a decoded 2D-Doc (``metadata["2d_doc"]``: a message or a list of them) or the text."""
    messages = document.metadata.get("2d_doc") or []
    if isinstance(messages, str):
        messages = [messages]
    for message in messages:
        decoded = _decoded_type(str(message))
        if decoded is not None:
            return TypeEvidence(decoded[0], TWO_D_DOC, f"document type {decoded[1]}")
    for message in [*messages, document.text]:
        found = two_d_doc_type(str(message))
        if found is not None:
            return TypeEvidence(found[0], TWO_D_DOC, f"document type {found[1]}")
    return None


# --------------------------------------------------------------------------- IBAN and SIRET

_IBAN = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Z0-9])")
_BIC_LABEL = re.compile(r"\b(bic|swift)\b")
_BIC = re.compile(r"(?<![A-Z0-9])[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Z0-9])")
_BANK_HEADER = re.compile(
    r"\brib\b|releve d.?identite bancaire|identite bancaire|coordonnees bancaires|bank details"
    r"|titulaire du compte|intitule du compte"
)
# Pages that show an IBAN without being bank details.
_NOT_BANK_DETAILS = re.compile(
    r"\bfacture\b|\binvoice\b|\brechnung\b|total ttc|releve de compte|extrait de compte"
    r"|releve de vos operations"
    r"|\bsolde\b|bulletin de (?:paie|salaire)|mandat de prelevement|\bdevis\b|avis d.?impot"
)
_SIRET = re.compile(r"(?<!\d)(\d{3} ?\d{3} ?\d{3} ?\d{5})(?!\d)")
_TRAINING_WORDS = re.compile(
    r"organisme de formation|\bstagiaire|declaration d.?activite|qualiopi|action de formation"
    r"|\d+ ?(?:heures|h)\b.{0,40}formation|formation.{0,80}\d+ ?(?:heures|h)\b|duree de la formation"
)
# What a caseworker files as a training quote (CONTRACT §5): a quote, an enrolment certificate,
# a training agreement; a contract (of employment, of apprenticeship), an invoice or a payslip is not.
_QUOTE_WORDS = re.compile(
    r"\bdevis\b|attestation d.?inscription|convention de formation|proposition de formation"
)
_NOT_QUOTE = re.compile(
    r"\bfacture\b|\binvoice\b|bulletin de (?:paie|salaire)|attestation de (?:fin de )?stage|\bcontrat\b"
)


def iban_bic_evidence(document: Document) -> TypeEvidence | None:
    """A mod-97 IBAN, a BIC (label or code) and a bank-details header, on a page that is not an invoice."""
    text = document.text
    folded = fold(text)
    if not _BANK_HEADER.search(folded) or _NOT_BANK_DETAILS.search(folded):
        return None
    upper = re.sub(r"\s+", " ", text.upper())  # an IBAN may run over two lines
    ibans = [c for c in _IBAN.findall(upper) if stdnum_iban.is_valid(c.replace(" ", ""), check_country=False)]
    if not ibans:
        return None
    if not (_BIC_LABEL.search(folded) or _BIC.search(upper.replace(ibans[0], ""))):
        return None
    return TypeEvidence(DocType.BANK_DETAILS, IBAN_BIC, "IBAN (mod 97 holds), BIC and bank-details header")


def siret_training_evidence(document: Document) -> TypeEvidence | None:
    """A SIRET whose Luhn key holds beside training words and a quote or enrolment word."""
    folded = fold(document.text)
    if not _TRAINING_WORDS.search(folded) or not _QUOTE_WORDS.search(folded) or _NOT_QUOTE.search(folded):
        return None
    if not any(stdnum_siret.is_valid(c.replace(" ", "")) for c in _SIRET.findall(document.text)):
        return None
    return TypeEvidence(DocType.TRAINING_QUOTE, SIRET_TRAINING, "SIRET (Luhn key holds) and training words")


# --------------------------------------------------------------------------- job-seeker registration

_JOBSEEKER_AGENCY = re.compile(r"france ?travail|pole.?emploi")
# The statement that makes a registration certificate: someone is (or was, since a date)
# registered as a job seeker. Wording of France Travail's « attestation d'inscription », its
# « avis de situation » and the older Pôle emploi letters.
_REGISTERED = re.compile(
    r"(?:inscrit|inscrite|inscription)\b.{0,80}demandeurs? d.?emploi"
    r"|demandeurs? d.?emploi.{0,80}(?:inscrit|inscrite|inscription)\b"
    r"|attestation d.?inscription|avis de situation"
)
# Letters of the same agency that certify nothing: a summons, a removal from the list, a bill.
_NOT_CERTIFICATE = re.compile(r"convocation|convoque|radiation|\bradie|\bfacture\b|\bdevis\b")
# A labelled France Travail identifier: 8 letters or digits with at least one digit (4821937K).
_JOBSEEKER_ID = re.compile(
    r"(?:identifiant|n° ?(?:d.?)?identifiant|numero (?:d.?)?identifiant|\bid\b)[^a-z0-9]{0,12}"
    r"(?=[a-z]*\d)([0-9a-z]{8})\b"
)


def registration_evidence(document: Document) -> TypeEvidence | None:
    """France Travail (or Pôle emploi) stating a registration as a job seeker, with a labelled identifier."""
    folded = fold(document.text)
    if not _JOBSEEKER_AGENCY.search(folded) or not _REGISTERED.search(folded):
        return None
    if _NOT_CERTIFICATE.search(folded) or not _JOBSEEKER_ID.search(folded):
        return None
    return TypeEvidence(
        DocType.JOBSEEKER_CERTIFICATE, REGISTRATION, "France Travail registration statement and identifier"
    )


# --------------------------------------------------------------------------- an identity card's title

# The title an identity card prints at its top, in the languages of the cards a French
# administration sees (folded: lower case, no accents).
_CARD_TITLE = re.compile(
    r"carte nationale d.?identite|carte d.?identite|identity card|personalausweis|carta d.?identita"
    r"|documento nacional de identidad|identiteitskaart|cartao de cidadao|dowod osobisty"
)
# A card is a card: ID-1 is 85.6 × 54 mm (1.59), a photo cropped to it 1.45-1.85; A4 and letter
# pages (1.41, 1.29) are not. And it holds few words read with confidence (a card's guilloche
# reads as many low-confidence "words"): a letter or a list of the documents to send is longer.
CARD_ASPECT = (1.45, 1.85)
CARD_MAX_CONFIDENT_WORDS = 60
# The title sits in the top part of the card.
CARD_TITLE_TOP = 0.35


def card_title_evidence(document: Document) -> TypeEvidence | None:
    """An identity card's printed title at the top of a one-page, card-shaped document of few words.

    For the front of a card whose MRZ is on the back (the French card since 2021),
    or a card whose MRZ could not be read. It is contestable, and the identity
    rules check the card's fields: a person reads what they cannot find.
    """
    if len(document.pages) != 1:
        return None
    page = document.pages[0]
    short, long = sorted((page.width, page.height))
    if short <= 0 or not CARD_ASPECT[0] <= long / short <= CARD_ASPECT[1]:
        return None
    confident = [w for w in page.words if w.conf >= 0.8 and sum(c.isalpha() for c in w.text) >= 3]
    if not confident or len(confident) > CARD_MAX_CONFIDENT_WORDS:
        return None
    for line in page.lines():
        if min(w.bbox[1] for w in line) > CARD_TITLE_TOP:
            continue
        if _CARD_TITLE.search(fold(" ".join(w.text for w in line))):
            return TypeEvidence(DocType.ID_CARD, CARD_TITLE, "identity card title at the top of a card")
    return None


def hard_evidence(document: Document) -> TypeEvidence | None:
    """The strongest evidence of the document's type, or None (then statistics decide)."""
    finders = (
        mrz_evidence,
        two_d_doc_evidence,
        iban_bic_evidence,
        siret_training_evidence,
        registration_evidence,
        card_title_evidence,
    )
    for finder in finders:
        found = finder(document)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- what defines a piece

# A piece is defined narrowly, as a caseworker would (CONTRACT §5, issue 15): a document the
# head takes for a piece but that shows none of the words of its definition is not that piece.
# A proof of address is an energy, water, telecom or internet bill, a rent receipt, a
# home-insurance certificate, a tax notice or a certificate of lodging: an invoice for goods
# or services, a business letter or a contract is "other".
DEFINITIONS: dict[DocType, re.Pattern[str]] = {
    DocType.PROOF_OF_ADDRESS: re.compile(
        r"electricite|electricity|energie|energy|\bgaz\b|\bgas\b|kwh|compteur|point de livraison|\bpdl\b"
        r"|\bpce\b|\beau\b|\bwater\b|assainissement|\d ?m[3³]\b|telephonie|telecom|ligne (?:fixe|mobile)"
        r"|\bforfaits?\b|internet|fibre|box\b|\badsl\b|\bmobile\b|consommation|loyer|quittance|locataire"
        r"|bailleur|\bbail\b"
        r"|\brent\b|tenant|assurance habitation|multirisque|home insurance|logement|habitation"
        r"|taxe d.?habitation|taxe fonciere|avis d.?impot|heberge"
    ),
    DocType.BANK_DETAILS: re.compile(r"\biban\b|\brib\b|\bbic\b|swift|identite bancaire|bank details"),
    DocType.JOBSEEKER_CERTIFICATE: re.compile(
        r"france ?travail|pole.?emploi|demandeur.? d.?emploi|job.?seeker"
    ),
    DocType.TRAINING_QUOTE: re.compile(r"formation|training|stagiaire|\bstage\b"),
    DocType.TAX_NOTICE: re.compile(r"impot|fiscal|finances publiques|\brevenus?\b|\btax"),
    DocType.ID_CARD: re.compile(
        r"identit|personalausweis|carta d|documento|nationalit|naissance|birth|surname|\bnom\b|<<"
    ),
    DocType.PASSPORT: re.compile(r"passeport|passport|pasaporte|reisepass|passaporto|pasport|<<"),
    DocType.RESIDENCE_PERMIT: re.compile(r"sejour|residen|permis|permit|titre|<<"),
}


# What a piece is not, although it shares its words: an employment or apprenticeship contract
# (a Cerfa form, « contrat d'apprentissage ») speaks of training, hours and a SIRET, and is no quote.
EXCLUSIONS: dict[DocType, re.Pattern[str]] = {
    DocType.TRAINING_QUOTE: re.compile(
        r"contrat d.?apprentissage|contrat de professionnalisation|contrat de travail|\bcerfa\b"
    ),
}


def defined_as(document: Document, doc_type: str) -> bool:
    """Whether the document shows a word of ``doc_type``'s definition and none of what it is not.

    Always True for CV and other.
    """
    try:
        kind = DocType.parse(doc_type)
    except ValueError:
        return True
    text = fold(document.text)
    pattern, excluded = DEFINITIONS.get(kind), EXCLUSIONS.get(kind)
    if excluded is not None and excluded.search(text):
        return False
    return pattern is None or bool(pattern.search(text))


def read_confidence(document: Document) -> float | None:
    """Mean OCR word confidence (0-100) over the OCR'd pages; None when no page was OCR'd."""
    values = [p.quality.ocr_mean_conf for p in document.pages if p.quality.ocr_mean_conf is not None]
    return sum(values) / len(values) if values else None
