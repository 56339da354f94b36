# Developer tasks for the back-pain assistant. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.10: use the first python3.10 that really is 3.10.
PYTHON310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	if $$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
# Rasa's command line through the project's entry point (plugins/server.py): it refuses any Rasa
# but 3.6.21, installs the speed-ups where a model is loaded (RASA_SPEEDUPS=0: off) and hides the
# known deprecation warnings of Rasa's dependencies.
RASA := $(PY) -m plugins.server
MODEL := models/back_pain.tar.gz
# Besides data/, the model reads the reviewed lexicon (entities, known words) and the safety corpus
# (the safety classifier): a change to either retrains (Rasa's fingerprint sees them too).
TRAIN_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) bot/content/lexicon.yml \
	bot/content/safety/red_flags.yml $(wildcard bot/content/safety/corpus/*.yml)

export RASA_TELEMETRY_ENABLED ?= false
# SQLAlchemy's "Deprecated API features detected" notice: Rasa 3.6's tracker store uses the 1.4 API.
# (Python-level deprecation warnings are filtered by plugins/server.py and tests/conftest.py:
# PYTHONWARNINGS cannot, because Sanic turns DeprecationWarnings back on when it is imported.)
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export RASA_PORT ?= 5005
export ACTION_PORT ?= 5055
# The action server has no authentication: it listens on this machine only unless told otherwise.
# scripts/run.sh derives ACTION_SERVER_URL from it unless that is set too.
export ACTION_HOST ?= 127.0.0.1
export TRACKER_DB ?= var/conversations.db

AXE := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: help install train run test validate lint evaluate content-report safety-report benchmark shell clean axe browser services \
	check-clinic

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install python3.10 (Rasa 3.6 needs it)"; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed ## Create .venv with Python 3.10 and install everything

$(MODEL): $(TRAIN_INPUTS) | $(VENV)/.installed
	$(RASA) train --fixed-model-name back_pain --out models
	touch $@

train: $(MODEL) ## Train the model if there is none or the training data changed
	@echo "model: $(MODEL)"

run: $(MODEL) ## Train if needed, then run the action server and Rasa, restarting either if it stops (Ctrl-C stops both)
	@bash scripts/run.sh

test: lint $(MODEL) validate axe browser services ## Install, lint, train if needed and run the whole test suite
	$(PY) -m pytest

browser: ## Install Debian's headless Chromium and its driver for the widget tests (needs root), once
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else echo "browser tests need: sudo apt-get install chromium chromium-driver (they are skipped without it)"; fi

services: ## Install Debian's PostgreSQL, Redis and nginx for the multi-replica test (needs root), once
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null && command -v nginx >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server nginx; \
	else echo "the multi-replica test needs: sudo apt-get install postgresql redis-server nginx"; fi

axe: ## Install axe-core (accessibility checks of the web widget) into .cache/axe, once
	@test -f $(AXE) || npm install --no-save --no-audit --no-fund --prefix .cache/axe axe-core@4

validate: $(VENV)/.installed ## Content schema, rasa data validate --fail-on-warnings, and domain/data/actions/content agree (tests/test_consistency.py)
	$(PY) -m bot.knowledge.validate
	$(RASA) data validate --fail-on-warnings
	$(PY) -m pytest -q --no-header tests/test_consistency.py

lint: $(VENV)/.installed ## ruff (bot, actions, plugins, scripts, tests) and mypy (bot, actions, plugins, scripts)
	$(VENV)/bin/ruff check bot actions plugins tests scripts
	$(VENV)/bin/mypy

evaluate: $(MODEL) ## The blind answer set (the gate), held-out intents (a development set) and conversation tests against quality.yml and docs/evaluation-baseline.json (ARGS="--write-baseline")
	$(PY) -m scripts.evaluate --model $(MODEL) $(ARGS)

content-report: $(VENV)/.installed ## Content due for review, topics without strong sources, bad links (stale safety content fails)
	$(PY) -m scripts.content_report

safety-report: $(VENV)/.installed ## Red-flag recall and false-alarm rate on the safety test sets
	$(PY) -m scripts.safety_report

benchmark: $(MODEL) ## Latency, throughput and memory against a freshly started bot
	$(PY) -m scripts.benchmark --model $(MODEL)

.PHONY: review
review: $(VENV)/.installed ## Messages that fell back, scored low or got "not helpful"; drafts NLU examples (ARGS="--since 30")
	$(PY) -m scripts.review $(ARGS)

shell: $(MODEL) ## Chat in the terminal (starts the action server too; same intake and redaction as REST, same TRACKER_DB)
	@bash scripts/run.sh shell

check-clinic: $(VENV)/.installed ## What a clinic's patients see: welcome, emergency, crisis and booking lines (ID=<clinic id>)
	@test -n "$(ID)" || { echo "usage: make check-clinic ID=<clinic id> (ids: bot/content/clinics.yml)"; exit 2; }
	$(PY) -m scripts.check_clinic "$(ID)"

clean: ## Remove models, reports and caches (keeps .venv and conversations)
	rm -rf models reports results .rasa .pytest_cache .mypy_cache .ruff_cache .cache

.PHONY: check-trials-fixture
check-trials-fixture: $(VENV)/.installed ## Compare the live ClinicalTrials.gov response with the test fixture (needs internet)
	$(PY) -m scripts.check_ctgov_fixture

.PHONY: purge
purge: $(VENV)/.installed ## Delete conversations older than RETENTION_DAYS (default 30) from the tracker store (ARGS="--dry-run")
	$(PY) -m scripts.retention $(ARGS)
