"""Test-time documents for the reading tests: digital PDFs with known text, and scans of them.

Everything is generated (reportlab, pypdfium2, OpenCV): no committed binaries,
no real personal data. ``Sample.lines`` is the ground truth: one string per
printed line, in reading order, and ``Sample.boxes`` the position of chosen
words (page fractions, top-left origin) for box tests.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from models.document import Word
from sample_docs.text_metrics import cer, normalise_text, word_recall  # noqa: F401  (re-exported for the OCR tests)

PAGE_W, PAGE_H = A4


@dataclass
class Sample:
    """A one-page digital document: its PDF bytes, printed lines and marked word boxes."""

    name: str
    pdf: bytes
    lines: list[str]
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# Each spec line: (x in points from the left, y in points from the top, font size, text, bold)
Spec = list[tuple[float, float, float, str, bool]]

RIB: Spec = [
    (60, 70, 16, "BANQUE POPULAIRE MÉDITERRANÉE", True),
    (60, 100, 14, "RELEVÉ D'IDENTITÉ BANCAIRE", True),
    (60, 150, 11, "Titulaire du compte : Mme Élodie DUPONT-MARTIN", False),
    (60, 168, 11, "12 rue de la République 13001 Marseille", False),
    (60, 210, 10, "Code banque   Code guichet   N° de compte   Clé RIB", False),
    (60, 228, 11, "30006   00001   12345678901   89", False),
    (60, 270, 12, "IBAN : FR76 3000 6000 0112 3456 7890 189", True),
    (60, 292, 12, "BIC : AGRIFRPP", True),
    (60, 330, 10, "Domiciliation : Agence Marseille Canebière", False),
    (60, 348, 10, "Ce relevé est destiné à être remis à vos créanciers ou débiteurs.", False),
]

BILL: Spec = [
    (60, 60, 20, "EDF", True),
    (60, 84, 9, "Électricité de France - Service client", False),
    (330, 120, 11, "Facture n° 10293847561", True),
    (330, 138, 10, "Date de facture : 12/03/2026", False),
    (60, 170, 10, "Titulaire du contrat : M. Jean LEFÈVRE", False),
    (60, 186, 10, "Adresse de consommation :", False),
    (60, 202, 10, "8 avenue des Chartreux", False),
    (60, 218, 10, "13004 MARSEILLE", False),
    (60, 270, 12, "Votre facture d'électricité", True),
    (60, 300, 10, "Abonnement du 01/02/2026 au 28/02/2026", False),
    (430, 300, 10, "12,44 €", False),
    (60, 318, 10, "Consommation heures pleines 412 kWh", False),
    (430, 318, 10, "84,32 €", False),
    (60, 336, 10, "Taxes et contributions", False),
    (430, 336, 10, "21,07 €", False),
    (60, 362, 11, "Montant total TTC", True),
    (430, 362, 11, "117,83 €", True),
    (60, 420, 9, "Prélèvement automatique le 27/03/2026 sur le compte se terminant par 0189.", False),
]

ATTESTATION: Spec = [
    (60, 70, 16, "France Travail", True),
    (60, 110, 14, "ATTESTATION D'INSCRIPTION", True),
    (60, 160, 10, "Identifiant France Travail : 4821937K", False),
    (60, 190, 10, "Madame DUPONT-MARTIN Élodie Marie est inscrite sur la liste des demandeurs", False),
    (60, 204, 10, "d'emploi depuis le 03/02/2026 en catégorie 1.", False),
    (60, 232, 10, "Cette attestation est délivrée pour servir et valoir ce que de droit.", False),
    (60, 260, 10, "Fait à Marseille, le 14/11/2026", False),
    (60, 300, 9, "France Travail - Direction régionale Provence-Alpes-Côte d'Azur", False),
]

QUOTE: Spec = [
    (60, 60, 15, "Formasud Conseil", True),
    (60, 80, 9, "SIRET : 732 829 320 00074 - Déclaration d'activité 93 13 12345 13", False),
    (60, 120, 14, "DEVIS DE FORMATION", True),
    (60, 160, 10, "Intitulé de la formation : Titre professionnel Développeur web et web mobile", False),
    (60, 178, 10, "Du 11/01/2027 au 25/06/2027", False),
    (60, 196, 10, "Durée : 798 heures", False),
    (60, 230, 10, "Coût pédagogique", False),
    (430, 230, 10, "4 350,00 €", False),
    (60, 248, 11, "Total TTC", True),
    (430, 248, 11, "4 350,00 €", True),
    (60, 290, 10, "Date du devis : 02/11/2026", False),
]

SPECS: dict[str, Spec] = {"rib": RIB, "bill": BILL, "attestation": ATTESTATION, "quote": QUOTE}


def make_pdf(
    spec: Spec,
    *,
    producer: str | None = None,
    creator: str | None = None,
    encrypt: object | None = None,
    image: np.ndarray | None = None,
    image_box: tuple[float, float, float, float] | None = None,
    invisible: bool = False,
    pages: int = 1,
) -> Sample:
    """A PDF drawing ``spec`` with Helvetica (optionally an image, invisibly, several pages)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
    if producer:
        pdf.setProducer(producer)
    if creator:
        pdf.setCreator(creator)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for _ in range(pages):
        if image is not None and image_box is not None:
            x, y, w, h = image_box
            pdf.drawImage(ImageReader(_to_pil(image)), x, PAGE_H - y - h, width=w, height=h)
        for x, y, size, text, bold in spec:
            font = "Helvetica-Bold" if bold else "Helvetica"
            obj = pdf.beginText(x, PAGE_H - y)
            if invisible:
                obj.setTextRenderMode(3)
            obj.setFont(font, size)
            obj.textOut(text)
            pdf.drawText(obj)
            first = text.split()[0]
            if first not in boxes:
                width = stringWidth(first, font, size)
                boxes[first] = (
                    x / PAGE_W,
                    (y - size * 0.8) / PAGE_H,
                    (x + width) / PAGE_W,
                    (y + size * 0.2) / PAGE_H,
                )
        pdf.showPage()
    pdf.save()
    lines = _spec_lines(spec)
    return Sample(name="pdf", pdf=buffer.getvalue(), lines=lines, boxes=boxes)


def _spec_lines(spec: Spec) -> list[str]:
    """Printed lines in reading order: items on the same baseline joined left to right."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, _size, text, _bold in spec:
        rows.setdefault(y, []).append((x, text))
    return [" ".join(t for _, t in sorted(items)) for _, items in sorted(rows.items())]


def sample(name: str, **kwargs: object) -> Sample:
    """One of the named documents (rib, bill, attestation, quote)."""
    result = make_pdf(SPECS[name], **kwargs)  # type: ignore[arg-type]
    result.name = name
    return result


def _to_pil(gray: np.ndarray):  # noqa: ANN202 - PIL image
    from PIL import Image

    return Image.fromarray(gray)


def render(pdf_bytes: bytes, dpi: float, index: int = 0) -> np.ndarray:
    """Page ``index`` rendered to grayscale at ``dpi``."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        array = document[index].render(scale=dpi / 72, grayscale=True).to_numpy()
    finally:
        document.close()
    return np.ascontiguousarray(array if array.ndim == 2 else array[..., 0])


def degrade(
    gray: np.ndarray,
    *,
    angle: float = 0.0,
    blur: float = 0.0,
    noise: float = 0.0,
    paper: int = 255,
    ink: int = 0,
    jpeg_quality: int | None = None,
    shade: float = 0.0,
    seed: int = 0,
) -> np.ndarray:
    """Make a clean rendering look scanned: contrast, tilt (degrees CCW), blur, noise, JPEG.

    ``shade`` darkens the page towards its right edge (a phone photo's shadow):
    0.5 halves the brightness there.
    """
    rng = np.random.default_rng(seed)
    image = gray.astype(np.float32) / 255.0 * (paper - ink) + ink
    if shade:
        h, w = image.shape
        ramp = 1.0 - shade * np.linspace(0.0, 1.0, w, dtype=np.float32) ** 1.5
        image = image * ramp[None, :]
    if angle:
        h, w = image.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        image = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=float(paper))
    if blur:
        image = cv2.GaussianBlur(image, (0, 0), blur)
    if noise:
        image = image + rng.normal(0, noise, image.shape)
    result = np.clip(image, 0, 255).astype(np.uint8)
    if jpeg_quality:
        ok, encoded = cv2.imencode(".jpg", result, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
        assert ok
        result = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
    return result


SCAN = {"angle": 1.5, "blur": 0.8, "noise": 8.0, "paper": 235, "ink": 35, "jpeg_quality": 70}


def scan_of(name: str, dpi: float = 300, **overrides: float) -> tuple[np.ndarray, Sample]:
    """A degraded scan of a named document and the document itself."""
    document = sample(name)
    params = {**SCAN, **overrides}
    return degrade(render(document.pdf, dpi), **params), document  # type: ignore[arg-type]


def encode(gray: np.ndarray, ext: str, **params: int) -> bytes:
    """Encode an image (``.png``, ``.jpg``, ``.tif``) with OpenCV."""
    flags: list[int] = []
    if ext == ".jpg":
        flags = [cv2.IMWRITE_JPEG_QUALITY, params.get("quality", 85)]
    ok, encoded = cv2.imencode(ext, gray, flags)
    assert ok
    return encoded.tobytes()


def image_pdf(gray: np.ndarray, dpi: float = 300, *, producer: str | None = None) -> bytes:
    """A PDF whose only page is the image (what a scanner produces), sized by ``dpi``."""
    buffer = io.BytesIO()
    h, w = gray.shape
    size = (w * 72 / dpi, h * 72 / dpi)
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=1)
    if producer:
        pdf.setProducer(producer)
    pdf.drawImage(ImageReader(_to_pil(gray)), 0, 0, width=size[0], height=size[1])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def photograph(
    page: np.ndarray, corners: list[tuple[float, float]], background: int = 70
) -> tuple[np.ndarray, np.ndarray]:
    """The page pasted, in perspective, onto a darker table, and the page → photo pixel transform.

    ``corners`` are where the page's corners land (TL, TR, BR, BL), as
    fractions of the page size, inside a margin of an eighth of its width.
    """
    height, width = page.shape
    margin = width // 8
    canvas = (height + 2 * margin, width + 2 * margin)
    src = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    dst = np.float32([[margin + x * width, margin + y * height] for x, y in corners])
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(page, matrix, canvas[::-1], borderValue=background), matrix


def warp_box(
    box: tuple[float, float, float, float],
    matrix: np.ndarray,
    page_shape: tuple[int, ...],
    photo_shape: tuple[int, ...],
) -> tuple[float, float, float, float]:
    """A box in page fractions → the box enclosing it in the photo (fractions), through ``matrix``."""
    (ph, pw), (qh, qw) = page_shape[:2], photo_shape[:2]
    x0, y0, x1, y1 = box[0] * pw, box[1] * ph, box[2] * pw, box[3] * ph
    corners = np.array([[[x0, y0]], [[x1, y0]], [[x1, y1]], [[x0, y1]]], dtype=np.float64)
    moved = cv2.perspectiveTransform(corners, matrix).reshape(-1, 2)
    return (moved[:, 0].min() / qw, moved[:, 1].min() / qh, moved[:, 0].max() / qw, moved[:, 1].max() / qh)


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over the smaller box's area."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0


def incremental_update(pdf_bytes: bytes) -> bytes:
    """The same PDF saved again incrementally (what an editor's "Save" does)."""
    document = pdfium.PdfDocument(pdf_bytes)
    document[0].set_rotation(0)
    buffer = io.BytesIO()
    document.save(buffer, flags=pdfium_c.FPDF_INCREMENTAL)
    document.close()
    return buffer.getvalue()


def with_dates(pdf_bytes: bytes, created: str, modified: str) -> bytes:
    """Rewrite reportlab's invariant dates in place (same length: offsets stay valid)."""
    invariant = b"D:20000101000000+00'00'"
    assert len(created) == len(modified) == len(invariant)
    head, _, tail = pdf_bytes.partition(b"/CreationDate (" + invariant)
    data = head + b"/CreationDate (" + created.encode() + tail
    return data.replace(b"/ModDate (" + invariant, b"/ModDate (" + modified.encode())


class FailingEngine:
    """An OCR engine that must not be called."""

    name = "failing"

    def ocr_page(self, gray: np.ndarray, dpi: int) -> list[Word]:
        raise AssertionError("OCR was called on a page that has a real text layer")
