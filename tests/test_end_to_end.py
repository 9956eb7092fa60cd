"""The whole pipeline, as a user runs it: `dossiercheck run` on the committed demo batch.

Real Tesseract, real Prefect (ephemeral), real databases (SQLite, and PostgreSQL
when DOSSIERCHECK_TEST_DATABASE_URL is set). Decisions and reason codes must
match the generator's truth; a second run changes nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from tests.conftest import run_cli, table_counts

pytestmark = pytest.mark.slow


def _codes(application: dict) -> list[str]:
    return sorted({r["code"] for r in application["reasons"]})


def test_demo_batch_matches_truth_and_reruns_idempotently(
    demo_batch: Path, demo_truth: dict, database_url: str, tmp_path: Path, prefect_harness: str
) -> None:
    report_path = tmp_path / "report.json"
    # On SQLite, as `make demo` runs it: Prefect's temporary server. Then on the session's server.
    server = None if database_url.startswith("sqlite") else prefect_harness
    first = run_cli(
        "run", str(demo_batch), "--report", str(report_path), "--db", database_url, cwd=tmp_path,
        api_url=server,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr[-3000:]
    # Ops read these logs: no per-task warning about Prefect timeouts in worker threads.
    assert "Timeout of" not in first.stdout + first.stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))

    expected = demo_truth["applications"]
    got = {a["application_id"]: a for a in report["applications"]}
    assert sorted(got) == sorted(expected)
    mismatches = {
        app_id: {
            "expected": (truth["decision"], truth["reason_codes"]),
            "got": (got[app_id]["decision"], _codes(got[app_id])),
        }
        for app_id, truth in expected.items()
        if (got[app_id]["decision"], _codes(got[app_id]))
        != (truth["decision"], sorted(truth["reason_codes"]))
    }
    assert not mismatches, json.dumps(mismatches, indent=1, ensure_ascii=False)

    for app in report["applications"]:
        files = [d["file"] for d in app["documents"]]
        assert files == sorted(files)
        assert files == sorted(expected[app["application_id"]]["files"])
        for reason in app["reasons"]:
            assert reason["message"], reason
        for doc in app["documents"]:
            assert all(v not in ("", None) for v in doc["fields"].values()), doc

    counts = table_counts(database_url)
    second = run_cli(
        "run", str(demo_batch), "--report", str(tmp_path / "again.json"), "--db", database_url, cwd=tmp_path,
        api_url=prefect_harness,
    )  # fmt: skip
    assert second.returncode == 0, second.stderr[-3000:]
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["applications"] == report["applications"]
    assert table_counts(database_url) == counts
    assert counts["applications"] == len(expected)
    assert counts["review_items"] == sum(1 for t in expected.values() if t["decision"] != "accepted")


def test_bad_files_become_reasons_and_the_batch_completes(
    demo_batch: Path, demo_truth: dict, tmp_path: Path, prefect_harness: str
) -> None:
    clean_id = next(a for a, t in sorted(demo_truth["applications"].items()) if t["decision"] == "accepted")
    batch = tmp_path / "batch"
    shutil.copytree(demo_batch / clean_id, batch / clean_id)
    folder = batch / clean_id
    pdf = next(p for p in sorted(folder.iterdir()) if p.suffix == ".pdf")
    (folder / "zz_vide.pdf").write_bytes(b"")
    (folder / "zz_tronque.pdf").write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    (folder / "zz_photo.jpg").write_text("Ceci n'est pas une image.\n", encoding="utf-8")
    (batch / "SUD-2026-NOFORM").mkdir()
    letter = canvas.Canvas(str(batch / "SUD-2026-NOFORM" / "courrier.pdf"), invariant=1)
    letter.drawString(72, 760, "Madame, Monsieur, veuillez trouver ci-joint mon dossier de candidature.")
    letter.save()

    report_path = tmp_path / "report.json"
    result = run_cli(
        "run",
        str(batch),
        "--report",
        str(report_path),
        "--db",
        f"sqlite:///{tmp_path / 'db.sqlite'}",
        cwd=tmp_path,
        api_url=prefect_harness,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = {
        a["application_id"]: a for a in json.loads(report_path.read_text(encoding="utf-8"))["applications"]
    }

    dossier = report[clean_id]
    assert dossier["decision"] == "needs_review"
    unreadable = {r["document"] for r in dossier["reasons"] if r["code"] == "FILE_UNREADABLE"}
    assert unreadable == {"zz_vide.pdf", "zz_tronque.pdf", "zz_photo.jpg"}
    assert {d["file"]: d["doc_type"] for d in dossier["documents"]}["zz_photo.jpg"] == "other"
    assert _codes(dossier) == ["FILE_UNREADABLE"]

    assert report["SUD-2026-NOFORM"]["decision"] == "needs_review"
    assert _codes(report["SUD-2026-NOFORM"]) == ["APPLICATION_INVALID"]


def test_missing_batch_directory_exits_non_zero(tmp_path: Path) -> None:
    result = run_cli("run", str(tmp_path / "nowhere"), "--report", str(tmp_path / "r.json"), cwd=tmp_path)
    assert result.returncode != 0
    assert "not found" in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_unreachable_database_exits_non_zero(demo_batch: Path, tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    result = run_cli("run", str(demo_batch), "--report", str(tmp_path / "r.json"), "--db", url, cwd=tmp_path)
    assert result.returncode != 0
    assert "database" in result.stderr


def test_missing_classifier_artifact_stops_the_run_before_any_document(
    demo_batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No silent fallback to the keyword baseline: a misconfigured site gets exit 5 and why."""
    monkeypatch.setenv("DOSSIERCHECK_CLASSIFIER_PATH", str(tmp_path / "no-artifact"))
    db = tmp_path / "results.db"
    report = tmp_path / "r.json"
    result = run_cli("run", str(demo_batch), "--report", str(report), "--db", f"sqlite:///{db}", cwd=tmp_path)
    assert result.returncode == 5, result.stderr
    assert "classifier unavailable" in result.stderr and "no-artifact" in result.stderr
    assert not report.exists()


@pytest.mark.slow
def test_files_past_the_documents_limit_are_reported_not_read(
    demo_batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_harness: str
) -> None:
    """A dossier with more files than DOSSIERCHECK_MAX_DOCUMENTS: every file is in the report, the extra ones
    with FILE_UNREADABLE and the limit in French; the first ones are read as usual."""
    source = sorted(p for p in demo_batch.iterdir() if p.is_dir())[0]
    batch = tmp_path / "many"
    shutil.copytree(source, batch / source.name)
    files = sorted(p.name for p in source.iterdir() if p.name != "application.json")
    monkeypatch.setenv("DOSSIERCHECK_MAX_DOCUMENTS", "1")
    report_path = tmp_path / "r.json"
    result = run_cli(
        "run",
        str(batch),
        "--report",
        str(report_path),
        "--db",
        f"sqlite:///{tmp_path / 'm.db'}",
        cwd=tmp_path,
        api_url=prefect_harness,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dossier = json.loads(report_path.read_text(encoding="utf-8"))["applications"][0]
    assert [d["file"] for d in dossier["documents"]] == files  # nothing lost, name order
    past = [r for r in dossier["reasons"] if "plus de 1 documents" in r["message"]]
    assert sorted(r["document"] for r in past) == files[1:]
    assert all(r["code"] == "FILE_UNREADABLE" for r in past)
    assert dossier["decision"] != "accepted"
