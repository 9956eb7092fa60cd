# dossiercheck — set-up, demo and tests. `make demo` then `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-osd
# Debian's Chromium drives the review app's browser tests (Playwright's own download does not work offline).
APT_TEST_PACKAGES := chromium

export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export HF_HUB_OFFLINE := 1
export OMP_THREAD_LIMIT := 1

.PHONY: setup system-deps test-deps apt-install venv demo test test-fast lint clean

setup: system-deps venv

## Debian packages (installed only when missing): Tesseract with French and orientation data.
system-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_TEST_PACKAGES)"

apt-install:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	else \
	  echo "system packages present: $(PACKAGES)"; \
	fi

## The virtualenv, rebuilt when pyproject.toml changes.
venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

## Run the batch flow on the bundled sample batch.
demo: setup
	$(BIN)/dossiercheck run sample_docs/batches/demo --report var/demo-report.json --db sqlite:///var/dossiercheck.db
	@echo "report: var/demo-report.json   database: var/dossiercheck.db"

## The whole test suite: real Tesseract, SQLite and PostgreSQL (the local server by default;
## an unreachable server fails the PostgreSQL tests, it never skips them).
## `make test DOSSIERCHECK_TEST_DATABASE_URL=` runs without PostgreSQL, and pytest says so.
DOSSIERCHECK_TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
## The files run on TEST_PROCESSES processes (pytest-xdist; tests/conftest.py orders them).
TEST_PROCESSES ?= 2
test: setup test-deps lint
	DOSSIERCHECK_TEST_DATABASE_URL='$(DOSSIERCHECK_TEST_DATABASE_URL)' $(BIN)/python -m pytest \
	  -n $(TEST_PROCESSES) --dist loadfile --no-loadscope-reorder

test-fast: venv
	$(BIN)/python -m pytest -m "not slow"

## Static checks: ruff (lint and format), the import contracts (.importlinter), mypy strict on validators/ and models/.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf var .prefect .pytest_cache

## Local Prefect: server on 127.0.0.1 (PREFECT_PORT), work pool, OCR limit, deployments, worker.
PREFECT_PORT ?= 4200
.PHONY: prefect-up prefect-down
prefect-up: venv
	$(BIN)/dossiercheck ops up --port $(PREFECT_PORT)

prefect-down:
	$(BIN)/dossiercheck ops down
