# Developer commands. `make run` starts the app, `make test` runs lint and the whole test suite.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
BIN      := $(VENV)/bin
PY       := $(BIN)/python
# Re-install only when these change; the stamp lives inside the venv so `rm -rf .venv` resets it.
STAMP    := $(VENV)/.installed
PYTHON   ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
PORT     ?= 8501
CHROMIUM := /usr/bin/chromium

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv install run test lint data bench clean distclean check-chromium

help:
	@echo "make run      start the app on http://localhost:$(PORT) (PORT=... to change)"
	@echo "make test     lint, then the whole test suite (browser tests need $(CHROMIUM))"
	@echo "make lint     ruff check ."
	@echo "make data     rebuild the derived data (scripts/build_data.py)"
	@echo "make bench    run every benchmarks/*.py"
	@echo "make venv     create $(VENV) and install requirements.txt and the package"
	@echo "make clean    remove caches and test artifacts (distclean also removes $(VENV))"

$(PY):
	@test -n "$(PYTHON)" || { echo "error: neither python3.11 nor python3 found" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install -e .
	@touch $@

venv install: $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT)

check-chromium:
	@test -x $(CHROMIUM) || { \
	  echo "error: $(CHROMIUM) not found. The browser tests need Debian's Chromium:" >&2; \
	  echo "       apt-get install chromium" >&2; \
	  exit 1; }

test: check-chromium $(STAMP)
	$(BIN)/ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

data: $(STAMP)
	$(PY) scripts/build_data.py

bench: $(STAMP)
	@shopt -s nullglob; files=(benchmarks/*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "no benchmarks/*.py yet"; exit 0; fi; \
	for f in "$${files[@]}"; do echo "== $$f"; $(PY) "$$f" || exit 1; done

clean:
	rm -rf test-artifacts .pytest_cache .ruff_cache build src/*.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
