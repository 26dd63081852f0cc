# Kwartier: `make demo` starts the platform with the demo municipality,
# `make test` runs every check and the whole test suite.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
KW := $(BIN)/kwartier
PORT ?= 8000

.PHONY: demo serve test lint lint-api format openapi check-openapi clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Checks from the npm registry, pinned in package-lock.json: axe-core for the accessibility
# scan in the browser tests, Spectral for the NL API Design Rules (no browser download).
node_modules/.installed: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund >/dev/null
	touch $@

# The official ruleset of the NL API Design Rules (../shared/data/api-design-rules/).
ADR_RULESET ?= ../shared/data/api-design-rules/linter.yaml

demo: $(VENV)/.installed
	$(KW) migrate --noinput -v0
	$(KW) demo
	@echo "Kwartier draait op http://127.0.0.1:$(PORT)/ (stoppen met Ctrl+C)"
	KWARTIER_DEMO_2FA_EXEMPT=true $(KW) serve $(PORT)

serve: $(VENV)/.installed
	KWARTIER_DEMO_2FA_EXEMPT=true $(KW) serve $(PORT)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: $(VENV)/.installed
	$(KW) spectacular --validate --fail-on-warn --file docs/openapi.yaml

lint-api: node_modules/.installed
	npx --no-install spectral lint --quiet --fail-severity warn -r $(ADR_RULESET) docs/openapi.yaml

check-openapi: $(VENV)/.installed
	@mkdir -p var
	$(KW) spectacular --validate --fail-on-warn --file var/openapi.check.yaml
	@diff -u docs/openapi.yaml var/openapi.check.yaml >/dev/null || \
	  (echo "docs/openapi.yaml is verouderd: draai 'make openapi' en commit het resultaat"; exit 1)

test: $(VENV)/.test-installed node_modules/.installed lint check-openapi lint-api
	$(KW) makemigrations --check --dry-run
	$(BIN)/pytest -n auto --dist loadfile

clean:
	rm -rf $(VENV) var node_modules
