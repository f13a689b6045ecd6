# Two commands on a fresh machine: `make serve` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install system-deps serve test lint bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests meet for real: PostgreSQL, chromium, CJK fonts, Node.
system-deps:
	bash scripts/install-system-deps.sh

# Install, load the bundled corpus into the embedded SQLite database when it is empty, serve.
serve: install
	$(BIN)/policygraph serve --host $(HOST) --port $(PORT) --load-bundled

test: install system-deps
	bash scripts/run-tests.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy settings extract store access graph schema cli alerts web embed exports feeds hardening evaluation i18n observability server.py bench/*.py tests/bench/*.py

# Score the extractor against the hand-written gold; rewrites EVAL.md and raises evaluation/floor.json.
# Fast, and not part of `make test` (which only checks that no score fell below the floor).
eval: install
	$(BIN)/python -m evaluation

bench: install
	$(BIN)/python -m bench.run $(if $(SCALE),--scale $(SCALE),)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
