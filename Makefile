# dossiercheck — set-up, demo and tests. `make demo` then `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-osd

export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export HF_HUB_OFFLINE := 1
export OMP_THREAD_LIMIT := 1

.PHONY: setup system-deps venv demo test test-fast lint clean

setup: system-deps venv

## Debian packages: Tesseract with French and orientation data (installed only when missing).
system-deps:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx fra \
	    && tesseract --list-langs 2>/dev/null | grep -qx osd; then \
	  echo "tesseract with fra and osd: present"; \
	else \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
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

## The whole test suite (real Tesseract; PostgreSQL when DOSSIERCHECK_TEST_DATABASE_URL is set).
test: setup lint
	$(BIN)/python -m pytest

test-fast: venv
	$(BIN)/python -m pytest -m "not slow"

lint: venv
	$(BIN)/ruff check .

clean:
	rm -rf var .prefect .pytest_cache
