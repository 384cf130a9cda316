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
# The address the app listens on: this machine only, unless HOST=0.0.0.0 (a class network).
HOST     ?= 127.0.0.1
CHROMIUM := /usr/bin/chromium
# Debian packages the tests need: the browser and a font for its text, and PostgreSQL (the store
# tests start a throwaway server of their own).
SYSTEM_PACKAGES := chromium fonts-dejavu-core postgresql

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv install run class test lint data bench clean distclean system-packages

help:
	@echo "make run      start the app on http://localhost:$(PORT) (PORT=..., HOST=0.0.0.0 for a class)"
	@echo "make class    serve a class on this machine's network and print the address for the participants"
	@echo "make test     lint, layer contracts, then every test (installs $(SYSTEM_PACKAGES) if root)"
	@echo "make lint     ruff check . and the import contracts (lint-imports)"
	@echo "make data     rebuild data/ from the raw public files (SHARED=../shared/data)"
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
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(HOST)

# A class on the room's network: listen on every address, and put this machine's first address
# into the game's join link and QR code (IS_DASHBOARD_PUBLIC_URL; ADDRESS=... to choose another).
ADDRESS ?= $(shell hostname -I 2>/dev/null | awk '{print $$1}')
class: $(STAMP)
	@echo "== participants open http://$(ADDRESS):$(PORT)/play (the Game page shows it as a QR code)"
	IS_DASHBOARD_PUBLIC_URL=http://$(ADDRESS):$(PORT) $(BIN)/streamlit run app.py \
	  --server.port $(PORT) --server.address 0.0.0.0

# Installs the Debian packages that are missing when run as root; otherwise says what to run.
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "== apt-get install $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -q && apt-get install -y -q $$missing </dev/null; \
	else \
	  echo "error: the tests need Debian packages that are missing: $$missing" >&2; \
	  echo "       run: sudo apt-get install $$missing   (then make test again)" >&2; \
	  exit 1; \
	fi

test: system-packages $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PY) -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

SHARED ?= ../shared/data
data: $(STAMP)
	$(PY) -m scripts.build_data --shared $(SHARED)

bench: $(STAMP)
	@shopt -s nullglob; files=(benchmarks/*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "no benchmarks/*.py yet"; exit 0; fi; \
	for f in "$${files[@]}"; do echo "== $$f"; $(PY) "$$f" || exit 1; done

clean:
	rm -rf test-artifacts .pytest_cache .ruff_cache build src/*.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
