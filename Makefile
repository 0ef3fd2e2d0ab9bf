# ELLW Cohorts. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000
# Links in e-mails follow the address the server listens on unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST)

.PHONY: run test install assets migrate seed worker beat periodic lint format check clean

$(BIN)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/ellw.css: node_modules/.installed static/src/ellw.scss static/src/build.mjs
	npm run -s build

install: $(BIN)/.installed node_modules/.installed
assets: static/build/ellw.css

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo

run: install assets seed
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST)

test: install assets
	$(BIN)/pytest $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A ellw worker --loglevel=INFO

beat: install
	$(BIN)/celery -A ellw beat --loglevel=INFO --schedule=$(or $(CELERY_BEAT_SCHEDULE_FILE),/tmp/ellw-celerybeat-schedule)

periodic: install
	$(PY) manage.py run_periodic_tasks

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
