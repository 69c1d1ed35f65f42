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

.PHONY: run test stop clean setup

run: setup
	@$(call check_java_mvn,$(NEO4J_URI))
	$(BIN)/policykg neo4j start
	@if $(BIN)/policykg load --help >/dev/null 2>&1; then \
		$(BIN)/policykg load data/*.txt; \
	else \
		echo "policykg has no load command yet: serving an empty graph"; \
	fi
	$(BIN)/policykg serve --host $(HOST) --port $(PORT)

# The suite starts and stops its own Neo4j; pytest's status (5 = no tests ran) is make's.
test: setup
	@$(call check_java_mvn,$(POLICYKG_TEST_NEO4J_URI))
	$(BIN)/python -m pytest $(PYTEST_ARGS)

stop:
	@if [ -x $(BIN)/policykg ]; then $(BIN)/policykg neo4j stop; fi

# Removes the virtualenv and the managed server's state (graph data and password);
# the Neo4j jars stay in ~/.cache/policykg.
clean: stop
	rm -rf .state $(VENV) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

setup: $(INSTALLED)

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
