# Oxytocin, Stress and Trust: one venv, four entry points.
#   make lab    open the course in JupyterLab (sets up on first use)
#   make test   run the whole test suite     (sets up on first use)
#   make site   build the offline HTML course pages into _site/
#   make slides write one reveal.js slide deck per session into _site/slides/
#   make student write the student edition (no worked solutions) into _build/student/
#   make bench  measure notebook and explorer speed
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
PYTEST_ARGS ?=
LAB_ARGS ?=

.PHONY: setup lab test site slides student bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@mkdir -p $(dir $(OVERRIDES))
	@printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $(OVERRIDES)
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/00_start_here.ipynb

test: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest $(PYTEST_ARGS)

site: $(STAMP)
	$(BIN)/python -m oxytocin_course.site

slides: $(STAMP)
	$(BIN)/python -m oxytocin_course.site --slides-only

student: $(STAMP)
	$(BIN)/python -m oxytocin_course.student

bench: $(STAMP)
	$(BIN)/python -m oxytocin_course.dev.bench

clean:
	rm -rf $(VENV) _site _build .pytest_cache
