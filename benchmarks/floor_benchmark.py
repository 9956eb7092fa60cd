"""Benchmark: the pipeline against the OCR floor on one batch, and where the pipeline's time goes.

Not a test: it measures, prints a table and writes JSON; nothing asserts a timing.
Three phases, in one invocation, each in its own child process:

1. **pipeline**: ``dossiercheck run BATCH --report … --db sqlite:///… --workers 2`` with a
   fresh ``PREFECT_HOME`` (no cached readings) whose Prefect database is migrated first, as
   on a machine that has run a batch before (``--cold-prefect-db``: a first run). Wall
   time, CPU seconds of the whole process tree (``RUSAGE_CHILDREN``), and the peak resident
   memory of the tree and of its largest single process (``/proc`` sampled every 0.2 s).
   Its log lines are time-stamped as they arrive, to tell start-up and wind-down from the
   flow itself.
2. **floor**: reading only what must be read, on a pool of 2 processes, one task per file:
   a PDF page whose text layer is real (``PdfFile.page_text``, the pipeline's own judge)
   gives its pdfplumber words and nothing else; any other page (a PDF page rendered at
   300 dpi by pypdfium2, an image's frame) gets one plain
   ``pytesseract.image_to_string(lang="fra", config="--dpi 300")`` with
   ``OMP_THREAD_LIMIT=1``. No clean-up, no orientation, no MRZ, no 2D-Doc, no classifier.
3. **profile** (skip with ``--no-profile``): one process reads the batch (every file, or
   every k-th with ``--profile-every k``) as a pipeline worker does
   (``flows.pool.analyse_path``), then runs the rules and the database writes as the flow
   does; the project's functions are wrapped (in that process only) by meters that add the
   CPU seconds of the process and of its finished children (Tesseract) to a stage:
   sniff, PDF open, text layer, render, clean-up, OSD, OCR, MRZ, 2D-Doc, page hash,
   encoder load, classify, extract, tampering, rules, database. A stage's seconds exclude
   the stages nested in it, except MRZ, which keeps the OCR of its band re-read.

"Prefect, orchestration and waiting for a core" is what is left of the pipeline's wall
time once the profiled work is spread over the workers: pipeline wall − (per-document CPU
/ workers) − encoder load − rules − database. On a shared machine it is mostly waiting,
so the excesses over the floor are also given in CPU seconds, Prefect's being the CPU of
its temporary server and of the main process (sampled per process from ``/proc``), and
the CPU that other processes of the machine used meanwhile is reported with each phase.
Results are in docs/reading.md, "Floor benchmark (issue 19)".

    OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/floor_benchmark.py --count 60 --seed 6060 \
        --out var/floor.json
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_S = 0.2
FLOOR_DPI = 300
FLOOR_LANG = "fra"
# Stages of the profile, in the order of the table. "per document" stages are spread
# over the workers in the pipeline; the others are paid once per process or per batch.
PER_DOCUMENT_STAGES = (
    "sniff",
    "pdf open + metadata",
    "text layer (pdfplumber)",
    "render / decode",
    "clean-up (OpenCV)",
    "OSD (orientation)",
    "OCR (Tesseract)",
    "MRZ",
    "2D-Doc scan + certify",
    "page hash",
    "classify",
    "extract",
    "tampering",
    "other reading code",
)
ONCE_STAGES = ("encoder load", "rules", "database")


def _cpu_now() -> float:
    """CPU seconds of this process and of its children that have ended (Tesseract runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# --------------------------------------------------------------------------- measuring a child


def _processes() -> tuple[dict[int, list[int]], dict[int, int], dict[int, float]]:
    """Children of every process, its resident bytes and its own CPU seconds (user + system)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            statm = (entry / "statm").read_text().split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(stat[1]), []).append(pid)
        rss[pid] = int(statm[1]) * PAGE_SIZE
        # utime and stime: fields 14 and 15 of stat, 12 and 13 after the command's ")".
        cpu[pid] = (int(stat[11]) + int(stat[12])) / CLOCK_TICKS
    return children, rss, cpu


def _role(command: str, root: bool) -> str:
    """What a process of the pipeline's tree is, from its command line."""
    if root:
        return "main process (CLI, flow, Prefect client)"
    if "spawn_main" in command or "multiprocessing" in command:
        return "reading processes"
    if "prefect" in command or "uvicorn" in command:
        return "Prefect server"
    return command.split(" ", 1)[0].rsplit("/", 1)[-1] or "?"


def _machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores; idle and I/O wait excluded)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / CLOCK_TICKS


def _command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode("utf-8", "replace").strip()[:120]


@dataclass
class Measured:
    """Wall, CPU and memory of one child process tree, and its time-stamped output lines."""

    status: int
    wall_s: float
    cpu_s: float
    tree_peak_bytes: int
    largest_peak_bytes: int
    largest_command: str
    lines: list[tuple[float, str]] = field(default_factory=list)
    cpu_by_role: dict[str, float] = field(default_factory=dict)
    other_cpu_s: float = 0.0
    load_average: tuple[float, float] = (0.0, 0.0)

    def as_dict(self) -> dict[str, Any]:
        """The numbers, rounded (MiB for memory), without the output lines."""
        return {
            "exit_status": self.status,
            "wall_s": round(self.wall_s, 1),
            "cpu_s": round(self.cpu_s, 1),
            "tree_peak_rss_mib": round(self.tree_peak_bytes / 2**20),
            "largest_process_peak_rss_mib": round(self.largest_peak_bytes / 2**20),
            "largest_process": self.largest_command,
            "cpu_s_by_process": {k: round(v, 1) for k, v in sorted(self.cpu_by_role.items())},
            # Other processes of the machine (another engineer's tests) during the run, and the
            # 1-minute load average at its start and end: the wall times are worth what these say.
            "cpu_s_of_other_processes": round(self.other_cpu_s, 1),
            "load_average_1min_start_end": [round(x, 2) for x in self.load_average],
        }


def measure(command: list[str], env: dict[str, str], cwd: Path) -> Measured:
    """Run ``command``; sample the RSS of its tree every 0.2 s; stamp its output lines."""
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, load0 = _machine_busy_s(), os.getloadavg()[0]
    started = time.monotonic()
    proc = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[tuple[float, str]] = []
    tree_peak = largest = 0
    largest_pid = 0
    largest_command = ""
    last_cpu: dict[int, tuple[str, float]] = {}  # pid -> (role, CPU seconds when last seen)
    stop = threading.Event()

    def sample() -> None:
        nonlocal tree_peak, largest, largest_pid, largest_command
        while not stop.is_set():
            children, rss, cpu = _processes()
            total, stack = 0, [proc.pid]
            while stack:
                pid = stack.pop()
                total += rss.get(pid, 0)
                if pid in cpu:
                    role = last_cpu[pid][0] if pid in last_cpu else _role(_command_line(pid), pid == proc.pid)
                    last_cpu[pid] = (role, cpu[pid])
                if rss.get(pid, 0) > largest:
                    largest = rss[pid]
                    if pid != largest_pid:
                        largest_pid, largest_command = pid, _command_line(pid)
                stack.extend(children.get(pid, []))
            tree_peak = max(tree_peak, total)
            stop.wait(SAMPLE_S)

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append((round(time.monotonic() - started, 2), line.rstrip("\n")))

    threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=read, daemon=True)]
    for thread in threads:
        thread.start()
    status = proc.wait()
    wall = time.monotonic() - started
    stop.set()
    for thread in threads:
        thread.join()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy, load = _machine_busy_s() - busy0, os.getloadavg()[0]
    total_cpu = cpu.ru_utime + cpu.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    by_role: dict[str, float] = defaultdict(float)
    for role, seconds in last_cpu.values():
        if role != "tesseract":
            by_role[role] += seconds
    # Tesseract runs last about a second: most are never sampled, so they get the rest.
    by_role["tesseract and other short-lived processes (the rest)"] = total_cpu - sum(by_role.values())
    return Measured(
        status=status,
        wall_s=wall,
        cpu_s=total_cpu,
        tree_peak_bytes=tree_peak,
        largest_peak_bytes=largest,
        largest_command=largest_command,
        lines=lines,
        cpu_by_role=dict(by_role),
        other_cpu_s=busy - total_cpu,
        load_average=(load0, load),
    )


# --------------------------------------------------------------------------- the floor


def _init_floor_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def floor_file(path: str) -> dict[str, Any]:
    """Read one file the cheapest way that reads it all (see the module docstring)."""
    import pytesseract  # type: ignore[import-untyped]

    from extractors.image_loading import load_image
    from extractors.ocr import _image_file
    from extractors.pdf import PdfFile
    from extractors.sniff import sniff_file
    from models.document import FileKind
    from models.errors import DossierCheckError
    from models.settings import get_settings

    settings = get_settings()
    out: dict[str, Any] = {
        "file": path,
        "text_pages": 0,
        "ocr_pages": 0,
        "chars": 0,
        "text_layer_cpu_s": 0.0,
        "render_cpu_s": 0.0,
        "ocr_cpu_s": 0.0,
        "error": None,
    }

    def ocr(gray: Any) -> None:
        started = _cpu_now()
        with _image_file(gray) as image_path:
            text = pytesseract.image_to_string(image_path, lang=FLOOR_LANG, config=f"--dpi {FLOOR_DPI}")
        out["ocr_cpu_s"] += _cpu_now() - started
        out["ocr_pages"] += 1
        out["chars"] += len(text)

    data = Path(path).read_bytes()
    try:
        started = _cpu_now()
        kind = sniff_file(data, Path(path).name, settings=settings)
        if kind == FileKind.PDF:
            with PdfFile(data, settings=settings) as pdf:
                out["text_layer_cpu_s"] += _cpu_now() - started
                for index in range(pdf.page_count):
                    started = _cpu_now()
                    layer = pdf.page_text(index)
                    out["text_layer_cpu_s"] += _cpu_now() - started
                    if layer.real:
                        out["text_pages"] += 1
                        out["chars"] += len(layer.text)
                        continue
                    started = _cpu_now()
                    gray = pdf.render(index, FLOOR_DPI)
                    out["render_cpu_s"] += _cpu_now() - started
                    ocr(gray)
        else:
            loaded = load_image(data, max_pages=settings.max_pages, max_pixels=settings.max_image_pixels)
            out["render_cpu_s"] += _cpu_now() - started
            for frame in loaded.frames:
                ocr(frame.gray)
    except DossierCheckError as error:  # a file the pipeline refuses too: nothing to read
        out["error"] = type(error).__name__
    return out


def run_floor(files: list[str], workers: int) -> dict[str, Any]:
    """Read every file with ``floor_file`` on a pool of ``workers`` processes."""
    started = time.monotonic()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_floor_worker) as pool:
        results = list(pool.imap_unordered(floor_file, files, chunksize=1))
        pool.close()
        pool.join()
    wall = time.monotonic() - started
    totals = {
        key: round(sum(r[key] for r in results), 2)
        for key in ("text_pages", "ocr_pages", "chars", "text_layer_cpu_s", "render_cpu_s", "ocr_cpu_s")
    }
    return {
        "pool_wall_s": round(wall, 1),
        "files": len(results),
        "errors": sorted(f"{Path(r['file']).name}: {r['error']}" for r in results if r["error"]),
        **totals,
    }


# --------------------------------------------------------------------------- the profile


@dataclass
class _Frame:
    stage: str
    absorb: bool
    child_cpu: float = 0.0
    child_wall: float = 0.0


class StageMeter:
    """Exclusive CPU (self + ended children) and wall seconds per stage, by wrapping functions."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[_Frame] = []

    @contextmanager
    def stage(self, name: str, *, absorb: bool = False) -> Iterator[None]:
        """Count the block's time to ``name`` (minus nested stages, unless an outer stage absorbs)."""
        if self._stack and self._stack[-1].absorb:
            yield
            return
        frame = _Frame(name, absorb)
        self._stack.append(frame)
        cpu0, wall0 = _cpu_now(), time.perf_counter()
        try:
            yield
        finally:
            cpu, wall = _cpu_now() - cpu0, time.perf_counter() - wall0
            self._stack.pop()
            self.cpu[name] += cpu - frame.child_cpu
            self.wall[name] += wall - frame.child_wall
            self.calls[name] += 1
            if self._stack:
                self._stack[-1].child_cpu += cpu
                self._stack[-1].child_wall += wall

    def wrap(self, fn: Callable[..., Any], name: str, *, absorb: bool = False) -> Callable[..., Any]:
        """``fn``, its time counted to stage ``name``."""

        @functools.wraps(fn)
        def metered(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name, absorb=absorb):
                return fn(*args, **kwargs)

        return metered

    def patch(self, owner: Any, attribute: str, name: str, *, absorb: bool = False) -> None:
        """Replace ``owner.attribute`` (a module's function or a class's method) by its metered self."""
        setattr(owner, attribute, self.wrap(getattr(owner, attribute), name, absorb=absorb))


def _instrument(meter: StageMeter) -> None:
    """Wrap the project's reading functions where the reading code looks them up."""
    import extractors.analyse as analyse
    import extractors.embedding as embedding
    import extractors.ocr as ocr
    import extractors.pdf as pdf
    import extractors.read as read
    import extractors.transformers_classifier as tc
    import flows.pool as pool

    meter.patch(pool, "analyse_path", "other reading code")
    meter.patch(analyse, "read_document", "other reading code")
    meter.patch(read, "sniff_file", "sniff")
    meter.patch(pdf.PdfFile, "__init__", "pdf open + metadata")
    meter.patch(pdf.PdfFile, "metadata", "pdf open + metadata")
    meter.patch(pdf.PdfFile, "page_text", "text layer (pdfplumber)")
    meter.patch(pdf.PdfFile, "render", "render / decode")
    meter.patch(read, "load_image", "render / decode")
    for name in ("rectify_page", "estimate_dpi", "flatten_background", "measure_quality_detail"):
        meter.patch(read, name, "clean-up (OpenCV)")
    meter.patch(read, "prepare_for_ocr", "clean-up (OpenCV)")
    meter.patch(ocr, "looks_sideways", "OSD (orientation)")
    meter.patch(ocr.TesseractEngine, "detect_orientation", "OSD (orientation)")
    meter.patch(ocr.TesseractEngine, "ocr_page", "OCR (Tesseract)")
    # The MRZ keeps what it spends, the Tesseract re-read of its band included.
    meter.patch(read, "reread_mrz_band", "MRZ", absorb=True)
    meter.patch(read, "read_zone_mrz", "MRZ", absorb=True)
    meter.patch(read, "find_symbols", "2D-Doc scan + certify")
    meter.patch(analyse, "certify", "2D-Doc scan + certify")
    meter.patch(read, "perceptual_hash", "page hash")
    meter.patch(analyse, "page_fingerprints", "page hash")
    meter.patch(tc, "load_encoder", "encoder load")
    meter.patch(embedding.TransformersEncoder, "embed", "classify")
    meter.patch(analyse, "extract_fields", "extract")
    meter.patch(analyse, "detect_tampering", "tampering")


def run_profile(batch: Path, every: int, work: Path) -> dict[str, Any]:
    """Read (every ``every``-th file of) the batch in this process, then rules and database writes."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import flows.pool as pool
    from flows.environment import configure_environment

    pool.init_worker()  # the threads of a reading process (one per library), before numpy, cv2, torch
    configure_environment(work)
    from flows.batch import PIPELINE_ACTOR, PIPELINE_VERSION, _evaluate, application_out
    from flows.discover import discover_dossiers
    from models.db import make_engine, migrate, session_factory, session_scope
    from models.facts import DocumentFacts
    from models.settings import get_settings
    from models.store import find_duplicates, record_evaluation, save_documents, save_result

    meter = StageMeter()
    _instrument(meter)
    started, cpu_started = time.monotonic(), _cpu_now()
    with meter.stage("encoder load"):
        classifier = pool._classifier()
    classifier.classify = meter.wrap(classifier.classify, "classify")  # type: ignore[method-assign]
    versions: dict[str, str | None] = {
        "pipeline": PIPELINE_VERSION,
        "rulebook": None,
        "classifier": pool.classifier_version(),
    }
    dossiers = discover_dossiers(batch)
    results: dict[str, list[DocumentFacts]] = {}
    position = 0
    for dossier in dossiers:
        docs = []
        for name in dossier.files:
            if position % every == 0:
                docs.append(pool.analyse_path(str(dossier.folder / name), name))
            position += 1
        results[dossier.application_id] = docs
    database_url = f"sqlite:///{work / 'profile.db'}"
    with meter.stage("database"):
        migrate(database_url)
        engine = make_engine(database_url)
        factory = session_factory(engine)
        with session_scope(factory) as session:
            for dossier in dossiers:
                save_documents(
                    session,
                    application_id=dossier.application_id,
                    batch_name=batch.name,
                    documents=results[dossier.application_id],
                    pipeline_version=PIPELINE_VERSION,
                    folder=dossier.folder,
                )
        rulebooks: dict[str, Any] = {}
        rules_dir = get_settings().rules_dir
        with session_scope(factory) as session:
            for dossier in dossiers:
                documents = [
                    d.model_copy(
                        update={
                            "duplicate_of": find_duplicates(
                                session,
                                application_id=dossier.application_id,
                                sha256=d.sha256,
                                page_hashes=d.page_hashes,
                            )
                        }
                    )
                    if d.readable
                    else d
                    for d in results[dossier.application_id]
                ]
                with meter.stage("rules"):
                    evaluation = _evaluate(dossier, documents, rulebooks, rules_dir, versions)
                    application_out(
                        dossier.application_id, evaluation.decision, evaluation.findings, documents
                    )
                application = dossier.application
                row = save_result(
                    session,
                    application_id=dossier.application_id,
                    batch_name=batch.name,
                    form=dossier.form,
                    program=application.program if application else None,
                    submitted_at=application.submitted_at if application else None,
                    training_start=application.training.start_date if application else None,
                    decision=evaluation.decision,
                    documents=documents,
                    findings=evaluation.findings,
                    versions=evaluation.versions,
                )
                record_evaluation(
                    session,
                    row=row,
                    evaluation=evaluation.model_dump(mode="json"),
                    actor=PIPELINE_ACTOR,
                    trigger="pipeline",
                )
        engine.dispose()
    return {
        "files_profiled": sum(len(d) for d in results.values()),
        "every": every,
        "wall_s": round(time.monotonic() - started, 1),
        "cpu_s": round(_cpu_now() - cpu_started, 1),
        "stage_cpu_s": {k: round(v, 2) for k, v in meter.cpu.items()},
        "stage_wall_s": {k: round(v, 2) for k, v in meter.wall.items()},
        "stage_calls": dict(meter.calls),
    }


# --------------------------------------------------------------------------- the pipeline's own records


def prefect_stage_seconds(prefect_home: Path) -> dict[str, Any]:
    """The flow's ``batch-summary`` table artifact (per-stage seconds summed over documents)."""
    database = prefect_home / "prefect.db"
    if not database.exists():
        return {}
    try:
        with sqlite3.connect(database) as connection:
            row = connection.execute(
                "SELECT data FROM artifact WHERE key = 'batch-summary' ORDER BY created DESC LIMIT 1"
            ).fetchone()
    except sqlite3.Error:
        return {}
    if not row:
        return {}
    rows = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    if isinstance(rows, str):
        rows = json.loads(rows)
    stages = {r["item"]: r["value"] for r in rows if r.get("kind") == "étape (s)"}
    measures = {r["item"]: r["value"] for r in rows if r.get("kind") == "mesure"}
    return {"stage_wall_s_summed_over_documents": stages, "measures": measures}


def log_phases(lines: list[tuple[float, str]], wall: float) -> dict[str, float | int | None]:
    """The run's wall time cut at its log lines (Prefect's server, the flow, the reading tasks)."""

    def first(*needles: str) -> float | None:
        return next((t for t, text in lines if all(n in text for n in needles)), None)

    tasks = [t for t, text in lines if "Task run" in text and "Finished" in text]
    marks = [
        ("start-up: imports, database migration, classifier check", first("Starting temporary server")),
        ("Prefect temporary server start, flow run creation", first("Beginning flow run")),
        ("flow start to first reading task finished (pool, imports, encoder)", tasks[0] if tasks else None),
        ("first to last reading task finished", tasks[-1] if tasks else None),
        (
            "last reading task to flow end (database, rules, report, artifacts)",
            first("Flow run", "Finished in state"),
        ),
        ("flow end to exit (server stop)", wall),
    ]
    phases: dict[str, float | int | None] = {}
    previous = 0.0
    for name, mark in marks:
        phases[name] = round(mark - previous, 1) if mark is not None else None
        previous = mark if mark is not None else previous
    phases["reading tasks finished"] = len(tasks)
    return phases


# --------------------------------------------------------------------------- the report


def derive(result: dict[str, Any], workers: int) -> dict[str, Any]:
    """Ratio, Prefect overhead and the excesses over the floor, in wall seconds of the pipeline."""
    pipeline, floor = result["pipeline"], result["floor"]
    derived: dict[str, Any] = {
        "ratio_pipeline_to_floor": round(pipeline["wall_s"] / floor["wall_s"], 2),
        # CPU seconds hardly move when another job shares the cores; wall seconds do.
        "cpu_ratio_pipeline_to_floor": round(pipeline["cpu_s"] / floor["cpu_s"], 2),
    }
    profile = result.get("profile")
    if not profile or profile["every"] != 1:
        return derived
    cpu = profile["stage_cpu_s"]
    per_document = sum(cpu.get(s, 0.0) for s in PER_DOCUMENT_STAGES)
    share = per_document / workers + sum(cpu.get(s, 0.0) for s in ONCE_STAGES)
    overhead = pipeline["wall_s"] - share
    derived["per_document_cpu_s"] = round(per_document, 1)
    derived["prefect_and_orchestration_wall_s"] = round(overhead, 1)
    # What the pipeline does that the floor does not, in pipeline wall seconds (CPU / workers for
    # the per-document stages, once for the rest); OCR and text layer/render net of the floor's.
    fl = result["floor_detail"]
    excess = {
        stage: cpu.get(stage, 0.0) / workers
        for stage in PER_DOCUMENT_STAGES
        if stage not in ("OCR (Tesseract)", "text layer (pdfplumber)", "render / decode")
    }
    excess["OCR (Tesseract), net of the floor's OCR"] = (
        cpu.get("OCR (Tesseract)", 0.0) - fl["ocr_cpu_s"]
    ) / workers
    excess["text layer + render, net of the floor's"] = (
        cpu.get("text layer (pdfplumber)", 0.0)
        + cpu.get("render / decode", 0.0)
        - fl["text_layer_cpu_s"]
        - fl["render_cpu_s"]
    ) / workers
    excess["encoder load (once per process, in parallel)"] = cpu.get("encoder load", 0.0)
    excess["rules"] = cpu.get("rules", 0.0)
    excess["database"] = cpu.get("database", 0.0)
    excess["Prefect, orchestration and waiting for a core (residual)"] = overhead
    derived["excess_over_floor_wall_s"] = dict(
        sorted(((k, round(v, 1)) for k, v in excess.items()), key=lambda kv: -kv[1])
    )
    # The same in CPU seconds, which another job on the machine hardly moves. Prefect's share is
    # the CPU of its temporary server and of the main process (the flow, its tasks' client
    # calls), less the rules and the database writes that run there too.
    by_process = pipeline.get("cpu_s_by_process", {})
    prefect_cpu = sum(v for k, v in by_process.items() if k.startswith(("Prefect", "main process")))
    cpu_excess = {stage: excess_wall * workers for stage, excess_wall in excess.items()}
    cpu_excess.pop("Prefect, orchestration and waiting for a core (residual)")
    cpu_excess["encoder load (once per process, in parallel)"] = cpu.get("encoder load", 0.0) * workers
    cpu_excess["rules"] = cpu.get("rules", 0.0)
    cpu_excess["database"] = cpu.get("database", 0.0)
    cpu_excess["Prefect (temporary server + main process, less rules and database)"] = (
        prefect_cpu - cpu.get("rules", 0.0) - cpu.get("database", 0.0)
    )
    derived["excess_over_floor_cpu_s"] = dict(
        sorted(((k, round(v, 1)) for k, v in cpu_excess.items()), key=lambda kv: -kv[1])
    )
    derived["floor_wall_s"] = floor["wall_s"]
    return derived


def print_table(result: dict[str, Any]) -> None:
    """The batch, pipeline and floor rows, the ratio, the profile's stages and the excesses."""
    batch, pipeline, floor = result["batch"], result["pipeline"], result["floor"]
    print(
        f"\nbatch: {batch['dossiers']} dossiers, {batch['files']} files, {batch['pages']} pages "
        f"({batch['text_layer_pages']} with a real text layer, {batch['ocr_pages']} OCR'd by the floor)"
    )
    print(f"{'':28}{'wall s':>9}{'CPU s':>9}{'tree MiB':>10}{'largest MiB':>13}")
    for name, row in (("pipeline", pipeline), ("floor", floor)):
        print(
            f"{name:28}{row['wall_s']:>9}{row['cpu_s']:>9}"
            f"{row['tree_peak_rss_mib']:>10}{row['largest_process_peak_rss_mib']:>13}"
        )
    derived = result["derived"]
    print(f"ratio pipeline / floor: {derived['ratio_pipeline_to_floor']}")
    print("pipeline wall s, cut at its log lines:")
    for name, seconds in pipeline["log_phases"].items():
        print(f"  {name:72}{seconds!s:>7}")
    for name, row in (("pipeline", pipeline), ("floor", floor)):
        print(
            f"{name}: other processes used {row['cpu_s_of_other_processes']} CPU s meanwhile "
            f"(load average {row['load_average_1min_start_end']})"
        )
    print("pipeline CPU s by process:")
    for name, seconds in pipeline["cpu_s_by_process"].items():
        print(f"  {name:72}{seconds:>7}")
    profile = result.get("profile")
    if profile:
        print(f"\nprofile of one process ({profile['files_profiled']} files): CPU s / wall s per stage")
        for stage in (*PER_DOCUMENT_STAGES, *ONCE_STAGES):
            cpu = profile["stage_cpu_s"].get(stage, 0.0)
            wall = profile["stage_wall_s"].get(stage, 0.0)
            print(f"  {stage:34}{cpu:>9.1f}{wall:>9.1f}")
        print(f"  {'total':34}{profile['cpu_s']:>9.1f}{profile['wall_s']:>9.1f}")
    if "prefect_and_orchestration_wall_s" in derived:
        print(
            "Prefect, orchestration and waiting for a core (wall s, residual): "
            f"{derived['prefect_and_orchestration_wall_s']}"
        )
        print("excess over the floor (pipeline wall s):")
        for stage, seconds in derived["excess_over_floor_wall_s"].items():
            print(f"  {stage:70}{seconds:>7.1f}")
        print(f"excess over the floor (CPU s; CPU ratio {derived['cpu_ratio_pipeline_to_floor']}):")
        for stage, seconds in derived["excess_over_floor_cpu_s"].items():
            print(f"  {stage:70}{seconds:>7.1f}")


# --------------------------------------------------------------------------- main


def _child_env(work: Path) -> dict[str, str]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PREFECT_HOME": str(work / ".prefect")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def _batch_files(batch: Path) -> tuple[int, list[str]]:
    from flows.discover import discover_dossiers

    dossiers = discover_dossiers(batch)
    return len(dossiers), [str(d.folder / name) for d in dossiers for name in d.files]


def main(argv: list[str] | None = None) -> int:
    """Generate (or take) a batch; measure the pipeline, the floor and the profile; print and write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", help="an existing batch (default: generate one)")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile-every", type=int, default=1, help="profile every k-th file (default: all)")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (batch, databases, report)")
    parser.add_argument(
        "--cold-prefect-db",
        action="store_true",
        help="let the pipeline's temporary Prefect server create and migrate its database (a first run)",
    )
    parser.add_argument("--out", default="var/floor_benchmark.json")
    parser.add_argument("--phase", choices=("floor", "profile"), help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:  # a child of the benchmark
        batch = Path(args.batch)
        if args.phase == "floor":
            phase = run_floor(_batch_files(batch)[1], args.workers)
        else:
            phase = run_profile(batch, args.profile_every, Path(args.work))
        Path(args.phase_out).write_text(json.dumps(phase, indent=2) + "\n")
        return 0

    exe = Path(sys.executable).with_name("dossiercheck")
    work = Path(tempfile.mkdtemp(prefix="dossiercheck-floor-"))
    batch = Path(args.batch).resolve() if args.batch else work / "batch"
    if not args.batch:
        subprocess.run(
            [
                str(exe),
                "samples",
                "generate",
                "--out",
                str(batch),
                "--count",
                str(args.count),
                "--seed",
                str(args.seed),
            ],
            check=True,
            env=_child_env(work),
        )
    dossiers, files = _batch_files(batch)
    me = [sys.executable, str(Path(__file__).resolve())]
    result: dict[str, Any] = {
        "command": " ".join(sys.argv),
        "cores": os.cpu_count(),
        "workers": args.workers,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }

    if not args.cold_prefect_db:
        # As on any machine that has run a batch before: Prefect's own database exists and is
        # migrated (on a fresh PREFECT_HOME its temporary server spends about 10 CPU s on the
        # migrations first). Its task cache stays empty: nothing is read from it.
        subprocess.run(
            [str(Path(sys.executable).with_name("prefect")), "server", "database", "upgrade", "-y"],
            check=True,
            env=_child_env(work),
            stdout=subprocess.DEVNULL,
        )
    result["prefect_db"] = "cold" if args.cold_prefect_db else "migrated before the run"

    print("pipeline…", flush=True)
    run = measure(
        [
            str(exe),
            "run",
            str(batch),
            "--report",
            str(work / "report.json"),
            "--db",
            f"sqlite:///{work / 'pipeline.db'}",
            "--workers",
            str(args.workers),
        ],
        _child_env(work),
        work,
    )
    if run.status != 0:
        print("\n".join(text for _, text in run.lines[-30:]), file=sys.stderr)
    result["pipeline"] = {
        **run.as_dict(),
        "log_phases": log_phases(run.lines, run.wall_s),
        "recorded": prefect_stage_seconds(work / ".prefect"),
        "summary_line": next((text for _, text in reversed(run.lines) if "applications," in text), None),
    }

    print("floor…", flush=True)
    floor_json = work / "floor.json"
    floor = measure(
        [
            *me,
            "--phase",
            "floor",
            "--batch",
            str(batch),
            "--workers",
            str(args.workers),
            "--phase-out",
            str(floor_json),
        ],
        _child_env(work),
        work,
    )
    result["floor"] = floor.as_dict()
    result["floor_detail"] = json.loads(floor_json.read_text()) if floor_json.exists() else {}
    detail = result["floor_detail"]
    result["batch"] = {
        "path": str(batch),
        "dossiers": dossiers,
        "files": len(files),
        "pages": detail.get("text_pages", 0) + detail.get("ocr_pages", 0),
        "text_layer_pages": detail.get("text_pages"),
        "ocr_pages": detail.get("ocr_pages"),
    }

    if not args.no_profile:
        print("profile…", flush=True)
        profile_json = work / "profile.json"
        profile_work = work / "profile"
        profile_work.mkdir()
        profiled = measure(
            [
                *me,
                "--phase",
                "profile",
                "--batch",
                str(batch),
                "--profile-every",
                str(args.profile_every),
                "--work",
                str(profile_work),
                "--phase-out",
                str(profile_json),
            ],
            _child_env(profile_work),
            work,
        )
        if profile_json.exists():
            result["profile"] = {**json.loads(profile_json.read_text()), "process": profiled.as_dict()}
        else:
            print("\n".join(text for _, text in profiled.lines[-30:]), file=sys.stderr)

    result["derived"] = derive(result, args.workers)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["pipeline_log"] = run.lines  # (seconds since start, line): Prefect's own time stamps are in it
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print_table(result)
    print(f"\nJSON: {out}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)  # the generated batch, databases, Prefect's storage
    return run.status


if __name__ == "__main__":
    sys.exit(main())
