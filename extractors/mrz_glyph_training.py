"""Training the MRZ glyph classifier (``extractors.mrz_glyphs``) on synthetic lines.

Offline, once; the weights are committed in ``extractors/mrz_model/``::

    .venv/bin/python -m extractors.mrz_glyph_training --out extractors/mrz_model/glyphs.npz

Lines of random MRZ text (letters, digits and ``<`` runs, with the
frequencies of real zones) are rendered in OCR-B (Debian's ``fonts-ocr-b``,
public domain: regular and sharp cuts), in Courier Bold through reportlab
and pdfium (what the project's generator prints), and in two monospace
sans fonts; each line is then thickened or thinned, blurred, resized down
to a small cap height and back, noised, given a light textured background
and a glare gradient, and JPEG-compressed. Each character cell is cut with
``cell_window`` (the reader's own definition) with the centre, scale and
pitch jittered the way line geometry errs. Needs torch (training only).
"""

from __future__ import annotations

import argparse
import io
import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractors.mrz_glyphs import ALPHABET, WINDOW_H, WINDOW_W, cell_window

OCRB_FONTS = ("/usr/share/fonts/opentype/ocr-b/OCRB.otf", "/usr/share/fonts/opentype/ocr-b/OCRBS.otf")
OTHER_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf",
)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def random_text(rng: random.Random, length: int) -> str:
    """MRZ-like text: words, digit groups and filler runs."""
    out = ""
    while len(out) < length:
        kind = rng.random()
        if kind < 0.35:
            out += "".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 9)))
        elif kind < 0.65:
            out += "".join(rng.choice(DIGITS) for _ in range(rng.randint(1, 9)))
        elif kind < 0.8:
            out += "".join(rng.choice(LETTERS + DIGITS) for _ in range(rng.randint(2, 9)))
        else:
            out += "<" * rng.randint(1, 8)
    return out[:length]


def render_pil(text: str, font_path: str, size: int) -> tuple[np.ndarray, list[float], float, float, float]:
    """Render ``text``: image, cell centres x, cap band centre y, cap height, pitch."""
    font = ImageFont.truetype(font_path, size)
    pitch = font.getlength("A")
    top, bottom = font.getbbox("H")[1], font.getbbox("H")[3]
    cap = float(bottom - top)
    margin = int(2 * pitch)
    width = int(margin * 2 + pitch * len(text))
    height = int(cap * 4)
    image = Image.new("L", (width, height), 255)
    y = int(height / 2 - cap / 2 - top)
    ImageDraw.Draw(image).text((margin, y), text, font=font, fill=0)
    centres = [margin + (i + 0.5) * pitch for i in range(len(text))]
    return np.asarray(image), centres, y + top + cap / 2, cap, pitch


def render_courier(
    texts: list[str], cap_px: float
) -> list[tuple[np.ndarray, list[float], float, float, float]]:
    """Render lines in Courier-Bold through reportlab and pdfium, as the generator does."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    size, cap_em, pitch_em = 10.0, 0.562, 0.6
    line_gap = 3.5 * size
    page_w = 50 * pitch_em * size + 40
    page_h = line_gap * (len(texts) + 2)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_w, page_h))
    canvas.setFont("Courier-Bold", size)
    for i, text in enumerate(texts):
        canvas.drawString(20, page_h - line_gap * (i + 1.5), text)
    canvas.save()
    scale = cap_px / (cap_em * size)
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    gray = np.asarray(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
    out = []
    for i, text in enumerate(texts):
        baseline = (line_gap * (i + 1.5)) * scale
        cy = baseline - cap_px / 2
        top, bottom = int(cy - 2 * cap_px), int(cy + 2 * cap_px)
        crop = gray[max(0, top) : bottom]
        pitch = pitch_em * size * scale
        centres = [20 * scale + (k + 0.5) * pitch for k in range(len(text))]
        out.append((crop, centres, cy - max(0, top), cap_px, pitch))
    return out


def degrade(image: np.ndarray, cap: float, rng: random.Random) -> np.ndarray:
    """Print, camera and scanner damage on a rendered line (same geometry)."""
    img = image.astype(np.float32)
    ink = rng.uniform(0, 90)
    paper = rng.uniform(150, 255)
    img = paper - (255 - img) / 255 * (paper - ink)
    stroke = rng.random()
    if stroke < 0.3:
        k = max(1, int(round(cap * rng.uniform(0.04, 0.09))))
        img = cv2.erode(img, np.ones((k, k), np.uint8))  # heavier print
    elif stroke < 0.4:
        img = cv2.dilate(img, np.ones((2, 2), np.uint8))
    h, w = img.shape
    # background texture: soft noise blobs and a guilloche-like wave
    if rng.random() < 0.6:
        noise = cv2.resize(
            np.random.default_rng(rng.randint(0, 2**31)).normal(0, 1, (max(2, h // 8), max(2, w // 8))),
            (w, h),
        )
        img = img - np.abs(noise) * rng.uniform(0, 35) * (img > (ink + paper) / 2)
    if rng.random() < 0.3:
        xs = np.arange(w)
        for _ in range(rng.randint(1, 4)):
            ys = h / 2 + h / 3 * np.sin(xs / rng.uniform(5, 40) + rng.uniform(0, 6))
            pts = np.stack([xs, ys], 1).astype(np.int32)
            cv2.polylines(img, [pts], False, float(rng.uniform(paper - 70, paper - 20)), 1)
    # glare / shading gradient
    if rng.random() < 0.5:
        gx = np.linspace(rng.uniform(-1, 1), rng.uniform(-1, 1), w)[None, :]
        img = img + gx * rng.uniform(0, 60)
    sigma = rng.choice([0, 0, rng.uniform(0.3, 1.0), rng.uniform(0.8, 2.0)]) * cap / 24
    if sigma > 0.1:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    if rng.random() < 0.15:
        k = rng.randint(2, max(2, int(cap / 6)))
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1.0 / k
        img = cv2.filter2D(img, -1, kernel)
    # resolution loss: down to a small cap height and back
    target = rng.uniform(8, 30)
    if target < cap:
        f = target / cap
        small = cv2.resize(img, (max(4, int(w * f)), max(4, int(h * f))), interpolation=cv2.INTER_AREA)
        img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    img = img + np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(0, 12), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(25, 90)])
        if ok:
            img = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    return img


def make_samples(count_lines: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Windows and labels from ``count_lines`` synthetic lines."""
    rng = random.Random(seed)
    windows: list[np.ndarray] = []
    labels: list[int] = []
    courier_batch: list[tuple[np.ndarray, list[float], float, float, float]] = []
    texts: list[str] = []
    for i in range(count_lines):
        text = random_text(rng, rng.randint(10, 44))
        choice = rng.random()
        if choice < 0.3:
            if not courier_batch:
                batch_texts = [random_text(rng, rng.randint(10, 44)) for _ in range(40)]
                courier_batch = render_courier(batch_texts, rng.uniform(22, 40))
                texts = batch_texts
            image, centres, cy, cap, pitch = courier_batch.pop()
            text = texts.pop()
        else:
            font = rng.choice(OCRB_FONTS) if choice < 0.85 else rng.choice(OTHER_FONTS)
            image, centres, cy, cap, pitch = render_pil(text, font, rng.randint(26, 48))
        degraded = degrade(image, cap, rng)
        cap_err = rng.uniform(0.88, 1.12)
        pitch_err = rng.uniform(0.93, 1.07)
        for char, cx in zip(text, centres, strict=True):
            jx = rng.uniform(-0.14, 0.14) * pitch
            jy = rng.uniform(-0.1, 0.1) * cap
            windows.append(cell_window(degraded, cx + jx, cy + jy, cap * cap_err, pitch * pitch_err))
            labels.append(ALPHABET.index(char))
        if i % 2000 == 0:
            print(f"lines {i}/{count_lines}, samples {len(labels)}", flush=True)
    return np.stack(windows), np.asarray(labels, dtype=np.int64)


def train(out: Path, lines: int, epochs: int, seed: int) -> None:
    """Generate samples, train the CNN with torch, save numpy weights."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    x, y = make_samples(lines, seed)
    xv, yv = make_samples(max(200, lines // 10), seed + 1)
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 48, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(48 * (WINDOW_H // 8) * (WINDOW_W // 8), 128),
        nn.ReLU(),
        nn.Linear(128, len(ALPHABET)),
    )
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    xt, yt = torch.from_numpy(x[:, None]), torch.from_numpy(y)
    xvt, yvt = torch.from_numpy(xv[:, None]), torch.from_numpy(yv)
    steps = epochs * (len(x) // 256 + 1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), 256):
            idx = perm[i : i + 256]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xvt).argmax(1) == yvt).float().mean().item()
        print(f"epoch {epoch + 1}/{epochs}: loss {loss.item():.3f}, held-out accuracy {acc:.4f}", flush=True)
    names = {0: "c1", 3: "c2", 6: "c3", 10: "f1", 12: "f2"}
    weights = {}
    for index, name in names.items():
        layer = model[index]
        weights[f"{name}.w"] = layer.weight.detach().numpy().astype(np.float16)
        weights[f"{name}.b"] = layer.bias.detach().numpy().astype(np.float16)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **weights)
    print(f"written: {out}")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--out``, ``--lines``, ``--epochs``, ``--seed``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).with_name("mrz_model") / "glyphs.npz"))
    parser.add_argument("--lines", type=int, default=12000)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    train(Path(args.out), args.lines, args.epochs, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
