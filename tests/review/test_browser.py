"""The review app in a real browser: Debian's Chromium driven by Playwright, on the demo batch.

The database comes from one real pipeline run on the demo batch per test
session (about a minute); each test works on a copy. Screenshots go to
``test-artifacts/review/``.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "review"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory, demo_batch: Path, prefect_harness: str) -> Path:
    """The demo batch run once through the real pipeline, into a SQLite file."""
    folder = tmp_path_factory.mktemp("review-demo")
    db = folder / "demo.db"
    result = run_cli(
        "run", str(demo_batch), "--report", str(folder / "report.json"), "--db", f"sqlite:///{db}",
        cwd=folder, api_url=prefect_harness,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return db


@pytest.fixture
def server(demo_database: Path, tmp_path: Path) -> Iterator[str]:
    """The app on a free local port, on a copy of the demo database with three accounts."""
    import uvicorn

    from models.db import make_engine, migrate, session_factory, session_scope
    from review.app import create_app
    from review.settings import ReviewSettings
    from tests.review.factories import add_user

    db = tmp_path / "review.db"
    shutil.copy(demo_database, db)
    url = f"sqlite:///{db}"
    migrate(url)
    engine = make_engine(url)
    with session_scope(session_factory(engine)) as session:
        add_user(session, "alice", "caseworker")
        add_user(session, "sophie", "supervisor")
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(
        ReviewSettings(
            secret_key="browser-test-secret-0123456789abcdefghij",
            database_url=url,
            batch_roots=[ROOT / "sample_docs" / "batches"],
        )
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    app.state.engine.dispose()


@pytest.fixture
def page(server: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def _login(page, server: str, login: str) -> None:  # type: ignore[no-untyped-def]
    from tests.review.factories import PASSWORD

    page.goto(f"{server}/queue")
    assert "/login" in page.url
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{server}/queue")


def _wait_images(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")


def test_caseworker_resolves_a_dossier(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _login(page, server, "alice")
    rows = page.locator("table.queue tbody tr")
    assert rows.count() >= 3
    page.screenshot(path=str(ARTIFACTS / "01-queue.png"))

    page.get_by_role("button", name="Dossier suivant").click()
    page.wait_for_url(f"{server}/dossiers/*")
    _wait_images(page)
    widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
    page.screenshot(path=str(ARTIFACTS / "02a-dossier.png"))
    assert widths and all(w > 0 for w in widths), "every page image is rendered"
    assert page.get_by_text("Pris par vous").is_visible()

    # Click a field: its box on the page image is highlighted.
    button = page.locator(".field-btn").first
    box_id = button.get_attribute("data-box")
    button.click()
    box = page.locator(f"#{box_id}")
    assert "active" in (box.get_attribute("class") or "")
    assert button.get_attribute("aria-pressed") == "true"
    assert box.bounding_box()["width"] > 5
    page.screenshot(path=str(ARTIFACTS / "02-dossier-highlighted-field.png"))

    # Correct a field: the checks re-run and the value shows as corrected.
    row = page.locator("table.fields tbody tr").filter(has=page.locator(".field-btn")).first
    row.locator("summary").click()
    row.locator("input[name=value]").fill("Valeur corrigée à la main")
    row.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Champ corrigé ; les vérifications ont été relancées.").is_visible()
    assert page.locator(".badge.corrected").count() == 1
    assert page.get_by_text("Correction d'un champ").first.is_visible()

    # Request corrections: the message is generated and the dossier waits.
    page.get_by_text("Demander des corrections").click()
    page.locator("input[name=reasons]").first.check()
    page.get_by_label("Précisions pour le demandeur").fill("Merci de joindre un document lisible.")
    page.get_by_role("button", name="Générer le message et mettre en attente").click()
    message = page.locator("#correction-message")
    assert message.is_visible() and "Bonjour" in message.inner_text()
    assert page.locator("#dossier-status").inner_text() == "En attente de corrections"
    # A caseworker is not offered the refusal.
    assert page.get_by_text("Refuser le dossier").count() == 0
    page.screenshot(path=str(ARTIFACTS / "03-correction-requested.png"))


def test_supervisor_refuses_with_a_mandatory_reason(page, server: str) -> None:  # type: ignore[no-untyped-def]
    _login(page, server, "sophie")
    page.locator("table.queue tbody tr a").first.click()
    page.wait_for_url(f"{server}/dossiers/*")
    dossier_url = page.url
    page.get_by_text("Refuser le dossier").click()
    page.get_by_role("button", name="Confirmer le refus").click()
    assert page.url == dossier_url  # the browser refuses to send the form without a reason
    page.get_by_label("Motif du refus").fill("Le devis ne correspond à aucune formation éligible.")
    page.get_by_role("button", name="Confirmer le refus").click()
    page.wait_for_url(f"{server}/queue")
    assert page.get_by_text("refusé").first.is_visible()
    page.goto(dossier_url)
    assert page.get_by_text("Dossier refusé").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "04-refused.png"))
    page.goto(f"{server}/dashboard")
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    page.screenshot(path=str(ARTIFACTS / "05-dashboard.png"))
