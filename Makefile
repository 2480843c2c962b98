# Two entry points: `make run` (the demo, offline) and `make test` (everything, from a fresh machine).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench system-deps clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## run: import the demo archive into .demo/ and serve the unrolled threads on http://$(HOST):$(PORT)/
run: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/run-demo

## test: install what the tests need (Debian packages, venv, the local Bluesky network's npm
## packages), start PostgreSQL and Redis, run pytest
test: $(STAMP) system-deps
	scripts/bsky-network-setup
	BIN=$(BIN) scripts/with-postgres $(BIN)/pytest -q

system-deps:
	scripts/install-system-deps

## bench: the import benchmark (200,000 tweets), the page benchmark (every page type on SQLite and
## PostgreSQL against nginx, about 10 minutes) and the soak (traffic beside imports and takedowns, 3 minutes)
bench: $(STAMP)
	scripts/install-bench-deps
	$(BIN)/pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_soak.py

clean:
	rm -rf $(VENV) .demo build .pytest_cache
