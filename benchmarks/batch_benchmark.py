"""Benchmark: wall time, CPU and peak memory of `dossiercheck run` on a generated batch.

Not a test: it measures, prints and writes JSON; nothing asserts a timing.

    .venv/bin/python benchmarks/batch_benchmark.py --count 30 --seed 4242 --out var/bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root_pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
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
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def main(argv: list[str] | None = None) -> int:
    """Generate (or take) a batch, run it, and report time, documents/minute and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", help="an existing batch (default: generate one)")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="var/benchmark.json")
    args = parser.parse_args(argv)

    exe = Path(sys.executable).with_name("dossiercheck")
    work = Path(tempfile.mkdtemp(prefix="dossiercheck-bench-"))
    batch = Path(args.batch) if args.batch else work / "batch"
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
        )
    evaluation = work / "evaluation.json"
    env = {**os.environ, "PREFECT_HOME": str(work / ".prefect")}
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(
        [
            str(exe),
            "evaluate",
            "--batch",
            str(batch),
            "--out",
            str(evaluation),
            "--db",
            f"sqlite:///{work / 'bench.db'}",
            "--workers",
            str(args.workers),
        ],
        env=env,
        cwd=work,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = proc.wait()
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    scores = json.loads(evaluation.read_text()) if evaluation.exists() else {}
    result = {
        "applications": scores.get("applications"),
        "documents": scores.get("documents"),
        "workers": args.workers,
        "cores": os.cpu_count(),
        "wall_s": round(elapsed, 1),
        "documents_per_minute": round(scores.get("documents", 0) / elapsed * 60, 1) if elapsed else None,
        "cpu_s": round(cpu.ru_utime + cpu.ru_stime - cpu0.ru_utime - cpu0.ru_stime, 1),
        "peak_rss_mib": round(peak / 2**20),
        "exit_status": status,
        **{
            k: scores.get(k)
            for k in (
                "false_accepts",
                "stp_rate",
                "decision_accuracy",
                "doc_type_accuracy",
                "field_accuracy_by_source",
            )
        },
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main())
