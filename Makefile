# Two commands on a fresh machine: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
BACKEND ?= auto
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test bench eval lint screenshots translations package package-smoke clean

setup:
	@$(PYTHON) scripts/setup.py --backend $(BACKEND)

run: setup
	$(PY) -m desktop

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# bench_completion.py with --native: llama.cpp's own llama-bench beside it (built once, ~10 minutes on 2 cores).
# bench_agent.py with --quick: the agent step's speed and a 6-task sample; the whole evaluation is `make eval`.
bench: setup
	@set -e; for f in tests/benchmarks/bench_*.py; do \
		echo "== $$f"; case $$f in *bench_completion.py) opt=--native;; *bench_agent.py) opt=--quick;; *) opt=;; esac; \
		QT_QPA_PLATFORM=offscreen $(PY) $$f $$opt; done

# The agent's evaluation: 68 tasks at crawl, walk and run for each bundled model, beside the null agents
# (about an hour per model on 2 quiet cores; see the README's Automation section for narrower runs).
eval: setup
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/bench_agent.py --no-speed

lint: setup
	$(PY) -m ruff check desktop tests scripts packaging
	$(PY) -m ruff format --check desktop tests scripts packaging
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/actionlint .github/workflows/*.yml

screenshots: setup
	$(PY) scripts/screenshots.py
	$(PY) scripts/screenshot_compare_server.py

# Strings wrapped in tr() -> resources/translations/*.ts (lupdate, keeping translations) -> .qm (lrelease).
# Both are committed; tests/test_i18n.py fails when the .qm is not what lrelease makes of the .ts.
translations: setup
	$(PY) scripts/translations.py update
	$(PY) scripts/translations.py release

package: setup
	$(PY) -m pip install --quiet -r packaging/requirements.txt
	$(PY) packaging/build.py
	$(PY) packaging/smoke.py

package-smoke:
	$(PY) packaging/smoke.py

# Minutes, so not in `make test`: the wheel installed into a brand-new venv (nothing shared with .venv) runs
# --self-check and --smoke from /tmp; the bundle, unpacked, offline and with no Python on PATH, passes
# --self-check and the --smoke tour, and is started as on a machine with and without Qt's X11 libraries
# (FM_HIDE_X_LIBS=1 runs everything as on one without them).
.PHONY: package-test
package-test: setup
	$(PY) -m pip install --quiet -r packaging/requirements.txt
	$(PY) -m pytest packaging/test_wheel.py -q -s -p no:cacheprovider --rootdir=packaging
	bash packaging/smoke.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
