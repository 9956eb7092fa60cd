"""Local Prefect operations: a server on loopback, the work pool, the deployments, a worker.

``dossiercheck ops up`` (and ``make prefect-up``) call :func:`up`; ``ops down``
calls :func:`down`. PIDs and logs live under ``var/prefect/``; Prefect's own
database and the cached reading results under ``PREFECT_HOME`` (``.prefect/``).
Production runs the same commands as systemd units: see docs/operations.md.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from flows.environment import OFFLINE_DEFAULTS

POOL_NAME = "dossiercheck"
OCR_LIMIT_TAG = "ocr"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class OpsError(RuntimeError):
    """A step of bringing the stack up failed; the message says which and where the log is."""


@dataclass(frozen=True)
class OpsPaths:
    """Where the local stack keeps its state."""

    root: Path = PROJECT_ROOT

    @property
    def state_dir(self) -> Path:
        """PID files and logs."""
        return self.root / "var" / "prefect"

    @property
    def prefect_home(self) -> Path:
        """PREFECT_HOME, unless the operator set one."""
        return Path(os.environ.get("PREFECT_HOME") or self.root / ".prefect")

    def pid_file(self, name: str) -> Path:
        """var/prefect/<name>.pid."""
        return self.state_dir / f"{name}.pid"

    def log_file(self, name: str) -> Path:
        """var/prefect/<name>.log."""
        return self.state_dir / f"{name}.log"


def api_url(host: str, port: int) -> str:
    """The API URL of a server on host:port."""
    return f"http://{host}:{port}/api"


def prefect_env(url: str | None, home: Path) -> dict[str, str]:
    """The environment of every Prefect command we start: offline, our home, our server."""
    env = {**os.environ}
    for key, value in OFFLINE_DEFAULTS.items():
        env.setdefault(key, value)
    env["PREFECT_HOME"] = str(home)
    if url:
        env["PREFECT_API_URL"] = url
    else:
        env.pop("PREFECT_API_URL", None)
    return env


def prefect_exe() -> str:
    """The ``prefect`` script next to this interpreter (the project's venv)."""
    candidate = Path(sys.executable).with_name("prefect")
    return str(candidate) if candidate.exists() else (shutil.which("prefect") or "prefect")


def start_server(host: str, port: int, home: Path, log: Path) -> subprocess.Popen:
    """``prefect server start`` in its own session, output to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    env = prefect_env(None, home)
    env["PREFECT_SERVER_API_HOST"] = host
    env["PREFECT_SERVER_API_PORT"] = str(port)
    env["PREFECT_UI_API_URL"] = api_url(host, port)
    with log.open("ab") as out:
        return subprocess.Popen(
            [prefect_exe(), "server", "start", "--host", host, "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def wait_healthy(url: str, timeout_s: float = 90.0, process: subprocess.Popen | None = None) -> float:
    """Poll ``/health`` until it answers; returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if process is not None and process.poll() is not None:
            raise OpsError(f"the Prefect server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise OpsError(f"no answer from {url}/health after {timeout_s:.0f} s")


def prefect_cli(args: list[str], url: str, home: Path, cwd: Path = PROJECT_ROOT, timeout: int = 300) -> str:
    """Run one ``prefect`` command against our server; raise with its output when it fails."""
    result = subprocess.run(
        [prefect_exe(), *args],
        env=prefect_env(url, home),
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise OpsError(f"prefect {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def create_pool(url: str, home: Path) -> None:
    """The ``process`` work pool the deployments name."""
    prefect_cli(["work-pool", "create", POOL_NAME, "--type", "process", "--overwrite"], url, home)


def create_ocr_limit(url: str, home: Path, slots: int) -> None:
    """The tag concurrency limit ``ocr``: at most ``slots`` documents read at once, all runs together."""
    prefect_cli(["concurrency-limit", "create", OCR_LIMIT_TAG, str(slots)], url, home)


def deploy(url: str, home: Path, cwd: Path = PROJECT_ROOT) -> None:
    """``prefect deploy --all`` from the project folder (reads prefect.yaml)."""
    prefect_cli(["--no-prompt", "deploy", "--all"], url, home, cwd=cwd)


def start_worker(
    url: str, home: Path, log: Path, *, run_once: bool = False, cwd: Path = PROJECT_ROOT
) -> subprocess.Popen:
    """``prefect worker start --pool dossiercheck`` in its own session."""
    log.parent.mkdir(parents=True, exist_ok=True)
    args = [prefect_exe(), "worker", "start", "--pool", POOL_NAME, "--type", "process"]
    if run_once:
        args.append("--run-once")
    with log.open("ab") as out:
        return subprocess.Popen(
            args,
            env=prefect_env(url, home),
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_process(pid: int, *, grace_s: float = 15.0) -> bool:
    """SIGTERM, then a second SIGTERM (a Prefect worker ignores the first), then SIGKILL.

    Signals go to the process group (each process we start leads its own session),
    so the flow-run processes a worker started stop too. Returns True if it was running.
    """
    if not _alive(pid):
        return False

    def send(sig: int) -> None:
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    for sig, wait_s in ((signal.SIGTERM, grace_s / 2), (signal.SIGTERM, grace_s / 2), (signal.SIGKILL, 5)):
        send(sig)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done == pid:
                    return True
            except ChildProcessError:
                pass
            if not _alive(pid):
                return True
            time.sleep(0.2)
    return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def up(
    *, host: str = "127.0.0.1", port: int = 4200, ocr_slots: int = 2, paths: OpsPaths | None = None
) -> dict[str, float | str]:
    """Server, health, work pool, OCR limit, deployments, worker. Returns timings and the URL."""
    paths = paths or OpsPaths()
    home = paths.prefect_home
    home.mkdir(parents=True, exist_ok=True)
    url = api_url(host, port)
    timings: dict[str, float | str] = {"api_url": url, "ui_url": f"http://{host}:{port}"}
    pid = _read_pid(paths.pid_file("server"))
    started = time.monotonic()
    if pid and _alive(pid):
        wait_healthy(url, 10)
    else:
        server = start_server(host, port, home, paths.log_file("server"))
        paths.pid_file("server").write_text(f"{server.pid}\n")
        try:
            wait_healthy(url, 120, server)
        except OpsError as error:
            raise OpsError(f"{error}; see {paths.log_file('server')}") from error
    timings["server_ready_s"] = round(time.monotonic() - started, 1)
    step = time.monotonic()
    create_pool(url, home)
    create_ocr_limit(url, home, ocr_slots)
    deploy(url, home, paths.root)
    timings["pool_and_deploy_s"] = round(time.monotonic() - step, 1)
    pid = _read_pid(paths.pid_file("worker"))
    if not (pid and _alive(pid)):
        worker = start_worker(url, home, paths.log_file("worker"), cwd=paths.root)
        paths.pid_file("worker").write_text(f"{worker.pid}\n")
    return timings


def down(paths: OpsPaths | None = None) -> list[str]:
    """Stop the worker, then the server; returns what was stopped."""
    paths = paths or OpsPaths()
    stopped = []
    for name in ("worker", "server"):
        pid_path = paths.pid_file(name)
        pid = _read_pid(pid_path)
        if pid is not None and stop_process(pid):
            stopped.append(f"{name} ({pid})")
        pid_path.unlink(missing_ok=True)
    return stopped


def status(paths: OpsPaths | None = None) -> dict[str, str]:
    """Running or not, per process."""
    paths = paths or OpsPaths()
    out = {}
    for name in ("server", "worker"):
        pid = _read_pid(paths.pid_file(name))
        out[name] = f"running (pid {pid})" if pid and _alive(pid) else "stopped"
    return out


def purge_cache(older_than_days: float, home: Path | None = None) -> int:
    """Delete cached reading results (they hold personal data) older than N days; returns the count.

    The results live in PREFECT_LOCAL_STORAGE_PATH (default PREFECT_HOME/storage).
    """
    storage = Path(
        os.environ.get("PREFECT_LOCAL_STORAGE_PATH") or (home or OpsPaths().prefect_home) / "storage"
    )
    if not storage.is_dir():
        return 0
    limit = time.time() - older_than_days * 86400
    removed = 0
    for path in storage.rglob("*"):
        if path.is_file() and path.stat().st_mtime <= limit:
            path.unlink()
            removed += 1
    return removed
