# Quick start: `make demo`, then `make test`. Both create .venv if it is missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo runs at a fixed moment so its output is the same every time.
DEMO_NOW ?= 2026-12-07T10:00

.PHONY: demo test lint typecheck check golden clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (or run: make PYTHON=python3 ...)"; exit 2; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The example panel is checked here, then replayed into build/demo/ as a git repository with
# an approval history, where its agenda, pack and site are built with the real commands.
demo: $(STAMP)
	PANEL_NOW=$(DEMO_NOW) $(BIN)/panel check
	$(BIN)/panel schema
	PANEL_NOW=$(DEMO_NOW) $(BIN)/python tools/demo.py

test: $(STAMP)
	$(BIN)/ruff check generator tests bench tools panelfixtures
	$(BIN)/ruff format --check generator tests bench tools panelfixtures
	$(BIN)/lint-imports
	$(BIN)/mypy
	# Whole files to each worker, in collection order (tests/conftest.py puts the slow files first), not xdist's
	# order by number of tests, which left the few-test, long files (browsers, demo, wheel) to run on alone at the end.
	# With PYTHONDONTWRITEBYTECODE set (as some shells and CI images have it) nothing is cached: each worker rewrote
	# the asserts of every test module again (about half of its collection) and every `panel` the tests start
	# compiled the generator again. The suite keeps its bytecode (in __pycache__/, which git ignores).
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder -q; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest ran no tests: failing"; exit 1; fi; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench tools panelfixtures
	$(BIN)/ruff format --check generator tests bench tools panelfixtures
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/panel check

# Regenerate golden files; only ever run on purpose, then review the diff.
golden: $(STAMP)
	PANEL_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests -k golden

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache
