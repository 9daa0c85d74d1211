# Recovery Guide: `make run` and `make test` are all a new machine needs.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Two environments (README: "Processes"): Rasa alone on Python 3.10 (.venv-rasa, requirements-rasa.lock),
# everything else on Python 3.12 (.venv, requirements.lock): the sides, the action server, the store,
# the command line and the tests.
VENV       := .venv
PY         := $(VENV)/bin/python
STAMP      := $(VENV)/.installed
RASA_VENV  := .venv-rasa
RASA_PY    := $(RASA_VENV)/bin/python
RASA       := $(RASA_VENV)/bin/rasa
RASA_STAMP := $(RASA_VENV)/.installed
MODEL   := models/recovery-guide.tar.gz
# The learned risk classifier beside the safety patterns (bot/core/safety/classifier.py): rebuilt when its
# corpus, its code or the patterns change.
RISK_MODEL := models/risk-classifier/model.json
RISK_INPUTS := $(wildcard data/safety/*/*.yml data/nlu/*.yml) \
               data/content/safety_patterns.yml \
               $(wildcard bot/core/safety/*.py)
TRAINING_INPUTS := config.yml domain.yml $(shell find data/nlu data/stories data/rules -name '*.yml' 2>/dev/null) \
                   $(shell find bot/rasa -name '*.py' 2>/dev/null) bot/core/form_answers.py

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
# Rasa's training cache stays inside the project (git-ignored), so retraining reuses it.
export RASA_CACHE_DIRECTORY := $(CURDIR)/.rasa/cache

.PHONY: setup train run test bench lint lock lock-rasa validate clean system-packages test-unit test-rasa test-bot test-stacks test-stories

# Python 3.10 (Rasa) and 3.12 (everything else) from pyenv, else python3.10 / python3.12 on PATH.
PYTHON310 := $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.10.*/bin/python) \
                         $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python) \
                         $(shell command -v python3.10 2>/dev/null))
PYTHON312 := $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.12.*/bin/python) \
                         $(wildcard $(HOME)/.pyenv/versions/3.12.*/bin/python) \
                         $(shell command -v python3.12 2>/dev/null))

# The lock files are installed with uv (pinned here), into venvs made by Python's own venv module: the same
# pinned set as pip installs (compared on 2026-12-05), in about 20 seconds instead of about 3 minutes, which keeps
# a fresh clone's `make test` inside its 20 minutes. The locks themselves are still made with pip (`make lock`).
UV_VERSION := 0.13.9

# Both environments are set up side by side (`make -j2 setup`); each re-run is instant via its stamp.
setup: $(STAMP) $(RASA_STAMP)

$(STAMP): requirements.lock pyproject.toml
	@if [ -z "$(PYTHON312)" ]; then \
	  echo "Recovery Guide needs Python 3.12 for its web and Telegram sides, action server and tools."; \
	  echo "Install it with 'pyenv install 3.12' or your package manager (python3.12), then run make again."; \
	  exit 1; fi
	@[ -x $(PY) ] || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	VIRTUAL_ENV=$(VENV) $(VENV)/bin/uv pip install --quiet -r requirements.lock
	VIRTUAL_ENV=$(VENV) $(VENV)/bin/uv pip install --quiet --no-deps -e .
	@touch $(STAMP)

$(RASA_STAMP): requirements-rasa.lock pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "Recovery Guide's Rasa needs Python 3.10 (Rasa 3.6 does not run on newer versions)."; \
	  echo "Install it with 'pyenv install 3.10' or your package manager (python3.10), then run make again."; \
	  exit 1; fi
	@[ -x $(RASA_PY) ] || $(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_PY) -m pip install --quiet "uv==$(UV_VERSION)"
	VIRTUAL_ENV=$(RASA_VENV) $(RASA_VENV)/bin/uv pip install --quiet -r requirements-rasa.lock
	VIRTUAL_ENV=$(RASA_VENV) $(RASA_VENV)/bin/uv pip install --quiet --no-deps -e .
	@touch $(RASA_STAMP)

# `make test` trains with --skip-validation: its Rasa tests validate the same data with --fail-on-warnings
# (tests/rasa), so the half minute Rasa spends checking the data before training is not spent twice.
RASA_TRAIN_FLAGS :=
$(MODEL): $(RASA_STAMP) $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name recovery-guide --out models --quiet $(RASA_TRAIN_FLAGS)
	@touch $(MODEL)

$(RISK_MODEL): $(STAMP) $(RISK_INPUTS)
	$(LATER) $(PY) -m bot train-classifier

train: $(MODEL) $(RISK_MODEL)

validate: $(RASA_STAMP)
	$(RASA) data validate --fail-on-warnings --quiet

run:
	@$(MAKE) --no-print-directory -j2 setup
	@$(MAKE) --no-print-directory -j2 $(MODEL) $(RISK_MODEL)
	$(PY) -m bot run

# Debian packages the tests drive: Chromium for the widget (Playwright drives it; nothing is downloaded by
# Playwright) and nginx for the scale test (several Rasa replicas behind it). Installed only when missing.
SYSTEM_PACKAGES := $(if $(wildcard /usr/bin/chromium),,chromium) $(if $(wildcard /usr/sbin/nginx),,nginx)
system-packages:
	@[ -z "$(strip $(SYSTEM_PACKAGES))" ] || { echo "Installing Debian packages for the tests: $(SYSTEM_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); }

# On two cores the longest path of `make test` is Rasa's training, then the bot's tests: what runs beside them (the
# risk classifier, our tests that need no model, Rasa's plug-ins, the stories) yields the processor to them.
LATER := nice -n 10

# The import-layer contract (pyproject.toml [tool.importlinter]) is checked with the code it governs.
test:
	@# Both environments install side by side.
	$(MAKE) --no-print-directory -j2 $(STAMP) $(RASA_STAMP)
	@# Five test runs, each as soon as what it needs is built. Rasa's training (the longest step) starts at once,
	@# beside the risk classifier and the Debian packages (a download, on a new machine only); then the checks of the
	@# code (ruff, the import contract) and the tests that need no Rasa model: ours, then Rasa's plug-ins inside its
	@# environment. With the model: the bot's tests beside the stacks of processes (scale-out, `make run`, the
	@# database going down) and the conversation stories. Each run's output is shown whole when it ends.
	$(MAKE) --no-print-directory -j3 --output-sync=target RASA_TRAIN_FLAGS=--skip-validation \
	  $(MODEL) test-unit test-bot test-rasa test-stacks test-stories

# Tests that each start their own stack: several Rasa replicas behind nginx, `bot run`, and a stack whose database
# goes down (with the conversation stories after them, about as long as the bot's other tests take beside them).
STACK_TESTS := tests/scale tests/e2e/test_run_command.py tests/e2e/test_database_outage.py
NOT_HERE := --ignore=tests/rasa $(addprefix --ignore=,$(STACK_TESTS))

test-unit: $(RISK_MODEL) system-packages
	$(VENV)/bin/ruff check bot actions tests
	$(VENV)/bin/lint-imports
	$(LATER) $(PY) -m pytest -m "not rasa and not bench" $(NOT_HERE)

# Rasa's plug-ins, in its environment: the tests that need no trained model (they build the components
# themselves) run while Rasa trains; the stories (marked rasa) need the model.
test-rasa: $(RASA_STAMP) $(RISK_MODEL)
	$(LATER) $(RASA_PY) -m pytest tests/rasa -m "not rasa and not bench"

test-stories: $(MODEL)
	$(LATER) $(RASA_PY) -m pytest tests/rasa -m "rasa and not bench"

test-bot: $(MODEL) $(RISK_MODEL) system-packages
	$(PY) -m pytest -m "rasa and not bench" $(NOT_HERE)

test-stacks: $(MODEL) $(RISK_MODEL) system-packages
	$(PY) -m pytest $(STACK_TESTS)

# Benchmark tools (locust) live in their own venv so they never touch the bot's pinned set.
BENCH_STAMP := .venv-bench/.installed
$(BENCH_STAMP): requirements-bench.lock
	@[ -n "$(PYTHON310)" ] || { echo "Python 3.10 is needed; see 'make setup'."; exit 1; }
	@[ -x .venv-bench/bin/python ] || $(PYTHON310) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet "pip==24.2"
	.venv-bench/bin/python -m pip install --quiet -r requirements-bench.lock
	@touch $(BENCH_STAMP)

# Not part of `make test`: writes docs/benchmarks.md and prints a summary (about 20 minutes).
bench: $(MODEL) $(RISK_MODEL) $(BENCH_STAMP)
	$(PY) -m pytest -m bench -p no:cacheprovider -q -s tests/bench

lint: $(STAMP)
	$(VENV)/bin/ruff check bot actions tests

# Re-resolve requirements.in into requirements.lock, and requirements-rasa.in into requirements-rasa.lock
# (needs the registries; commit the result).
lock:
	@[ -n "$(PYTHON312)" ] || { echo "Python 3.12 is needed; see 'make setup'."; exit 1; }
	rm -rf .lock-venv && $(PYTHON312) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet "pip==24.2" && .lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Generated by 'make lock' from requirements.in with Python 3.12. Do not edit by hand."; \
	  .lock-venv/bin/pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

lock-rasa:
	@[ -n "$(PYTHON310)" ] || { echo "Python 3.10 is needed; see 'make setup'."; exit 1; }
	rm -rf .lock-venv && $(PYTHON310) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet "pip==24.2" && .lock-venv/bin/pip install --quiet -r requirements-rasa.in
	{ echo "# Generated by 'make lock-rasa' from requirements-rasa.in with Python 3.10. Do not edit by hand."; \
	  .lock-venv/bin/pip freeze --exclude-editable; } > requirements-rasa.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(RASA_VENV) models .rasa .pytest_cache
