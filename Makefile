# `make run` serves policykg on http://127.0.0.1:8000; `make test` runs the whole suite.
# Both create .venv and install the project first; Neo4j is fetched and started as needed.

SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
EXPLORER := api/explorer
FRONTEND := $(EXPLORER)/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: run test lint ruff stop clean setup browser

run: setup
	@$(call check_java_mvn,$(NEO4J_URI))
	$(BIN)/policykg neo4j start
	$(BIN)/policykg load data/*.txt
	$(BIN)/policykg serve --host $(HOST) --port $(PORT)

# Lint and types first, then the suite, which starts and stops its own Neo4j; pytest's status
# (5 = no tests ran) is make's.
test: lint browser
	@$(call check_java_mvn,$(POLICYKG_TEST_NEO4J_URI))
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Lint and import order (ruff), then the type check (mypy: strict for graph/ and loaders/); both are
# configured in pyproject.toml. `make test` runs both before the suite.
lint: ruff
	$(BIN)/mypy

ruff: setup
	$(BIN)/ruff check .

stop:
	@if [ -x $(BIN)/policykg ]; then $(BIN)/policykg neo4j stop; fi

# Removes the virtualenv and the managed server's state (graph data and password);
# the Neo4j jars stay in ~/.cache/policykg.
clean: stop
	rm -rf .state $(VENV) .pytest_cache $(EXPLORER)/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

setup: $(INSTALLED) $(FRONTEND)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "make: python3 >= 3.11 is needed (Debian: apt-get install python3 python3-venv), or run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
		echo "make: $(PYTHON) cannot create virtualenvs (Debian: apt-get install python3-venv)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml changes (the package itself is installed editable).
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[test]'
	@touch $@

# The explorer's libraries from npm, as locked in api/explorer/package-lock.json; installed again
# only when the lock changes, so `make run` needs no network once they are there.
$(FRONTEND): $(EXPLORER)/package-lock.json
	@command -v npm >/dev/null || { \
		echo "make: npm not found; the explorer's libraries come from npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	cd $(EXPLORER) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The explorer's browser tests drive Debian's Chromium (/usr/bin/chromium), with a small CJK font
# so their screenshots show Chinese; installed here when missing. If that fails (no root, no
# network) those tests are skipped, saying why.
browser:
	@{ command -v chromium && fc-list :lang=zh | grep -q .; } >/dev/null 2>&1 || { \
		echo "make: installing Debian's chromium and fonts-wqy-microhei for the explorer's browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei || \
		echo "make: could not install chromium; the explorer's browser tests will be skipped" >&2; }

# $(1) non-empty: an existing Neo4j is used, so neither java nor mvn is needed.
define check_java_mvn
if [ -z "$(1)" ]; then \
	java="$${JAVA_HOME:+$$JAVA_HOME/bin/}java"; \
	major=$$("$$java" -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1); \
	if [ -z "$$major" ]; then \
		echo "make: java not found; Neo4j needs Java 17 (Debian: apt-get install openjdk-17-jre-headless), or set NEO4J_URI to use an existing server" >&2; exit 1; \
	elif [ "$$major" -lt 17 ]; then \
		echo "make: $$java is Java $$major; Neo4j needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)" >&2; exit 1; \
	fi; \
	command -v mvn >/dev/null || { \
		echo "make: mvn not found; it fetches Neo4j once (Debian: apt-get install maven), or set NEO4J_URI to use an existing server" >&2; exit 1; }; \
fi
endef
