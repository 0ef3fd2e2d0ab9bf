# ELLW Cohorts. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
UV := $(BIN)/uv
HOST ?= 127.0.0.1:8000
# Links in e-mails follow the address the server listens on unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST)
# Independent steps run side by side (the Python and npm installs; the stylesheet beside
# migrate and the demo data). JOBS=1 runs them one at a time.
MAKEFLAGS += --jobs=$(or $(JOBS),2)

# Python packages come only from the lock files, exact versions with their hashes:
# requirements/production.txt (what production runs) and requirements/dev.txt (the same
# pins plus the test and lint tools). uv writes and installs them; pyproject.toml keeps the
# ranges we support. Locks are universal (any platform, the oldest Python we support) and
# name no index: the machine's own configuration says where packages come from.
PYTHON_VERSION := $(shell cat .python-version)
UV_PIP_OPTIONS := --quiet --disable-pip-version-check --no-deps --require-hashes
LOCK := requirements/dev.txt
LOCK_OPTIONS := --universal --python-version $(PYTHON_VERSION) --generate-hashes \
	--custom-compile-command "make lock" --quiet
# $(call lock_write,<extra options>) writes both locks in the current directory.
lock_write = $(CURDIR)/$(UV) pip compile pyproject.toml --extra s3 $(LOCK_OPTIONS) $(1) \
		-o requirements/production.txt \
	&& $(CURDIR)/$(UV) pip compile pyproject.toml --extra s3 --extra dev \
		-c requirements/production.txt $(LOCK_OPTIONS) $(1) -o requirements/dev.txt
.PHONY: run test install python-check lock lock-check upgrade assets migrate seed worker beat \
	periodic lint format check clean check-deploy

$(BIN)/.installed: $(LOCK) .python-version
	@$(MAKE) --no-print-directory python-check
	test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	@# uv comes from the lock too (its block, hashes and all), put into the venv by the
	@# machine's pip (pip --python), or by a pip of the venv's own where that fails.
	test -x $(UV) || { awk '/^uv==/{p=1} p{print} p&&!/\\$$/{exit}' $(LOCK) > $(VENV)/uv.txt \
		&& { $(PYTHON) -m pip --python $(PY) install $(UV_PIP_OPTIONS) -r $(VENV)/uv.txt \
		     || { $(PY) -m ensurepip --default-pip >/dev/null \
		          && $(BIN)/pip install $(UV_PIP_OPTIONS) -r $(VENV)/uv.txt; }; }; }
	$(UV) pip sync --quiet --python $(PY) --require-hashes $(LOCK)
	touch $@

# The Python stated in .python-version (the one CI tests) or newer; pyproject.toml's
# requires-python says the same.
python-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < tuple(map(int, "$(PYTHON_VERSION)".split("."))))' 2>/dev/null \
		|| { echo "ELLW Cohorts needs Python $(PYTHON_VERSION) or newer (CI tests $(PYTHON_VERSION)), but '$(PYTHON)' is $$(command -v $(PYTHON) >/dev/null && $(PYTHON) --version 2>&1 || echo 'not installed')." >&2; \
		     echo "Install Python $(PYTHON_VERSION) and run, for example: make PYTHON=python$(PYTHON_VERSION) $(MAKECMDGOALS)" >&2; exit 1; }

# Re-resolve the locks within pyproject.toml's ranges, keeping every pin that still fits.
lock: $(BIN)/.installed
	$(call lock_write,)

# Fails when the locks no longer match pyproject.toml (what `make lock` would change).
lock-check: $(BIN)/.installed
	@rm -rf $(VENV)/lock-check && mkdir -p $(VENV)/lock-check
	@cp -r pyproject.toml .python-version requirements $(VENV)/lock-check/
	cd $(VENV)/lock-check && $(call lock_write,)
	@diff -ru requirements $(VENV)/lock-check/requirements \
		|| { echo "The lock files do not match pyproject.toml: run 'make lock' and commit requirements/." >&2; exit 1; }

# The newest versions pyproject.toml allows, then the whole suite. Commit it on its own.
upgrade: $(BIN)/.installed
	$(call lock_write,--upgrade)
	$(MAKE) test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/ellw.css: node_modules/.installed static/src/ellw.scss static/src/build.mjs
	npm run -s build

install: $(BIN)/.installed node_modules/.installed
assets: static/build/ellw.css

migrate: install
	$(PY) manage.py migrate --noinput

# migrate has just run the system checks: seed_demo and runserver need not repeat them.
seed: migrate
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo --skip-checks

run: install assets seed
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver --skip-checks $(HOST)

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

# What production will run, checked here: Django's deploy checks under the production
# profile (with the variables production requires, as in /etc/ellw/ellw.env: see
# deploy/ellw.env.example), then, where the tools are installed, `nginx -t` on the site file
# (deploy/nginx/ellw.conf, made runnable with local ports and a throwaway certificate) and
# `systemd-analyze verify` on the units (with /srv/ellw pointed here).
DEPLOY_REQUIRED := SECRET_KEY ALLOWED_HOSTS DATABASE_URL EMAIL_URL
check-deploy: install
	@missing=""; for name in $(DEPLOY_REQUIRED); do \
		[ -n "$$(printenv $$name)" ] || missing="$$missing $$name"; done; \
	if [ -n "$$missing" ]; then \
		echo "make check-deploy runs the production profile, which needs these set:$$missing" >&2; \
		echo "(as in /etc/ellw/ellw.env; deploy/ellw.env.example lists them), e.g." >&2; \
		echo "  SECRET_KEY=... ALLOWED_HOSTS=ellw.example.nhs.uk DATABASE_URL=postgres://... EMAIL_URL=smtp+tls://... make check-deploy" >&2; \
		exit 1; fi
	DJANGO_SETTINGS_MODULE=ellw.settings.production $(PY) manage.py check --deploy --fail-level WARNING
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT; \
	if command -v nginx >/dev/null && command -v openssl >/dev/null; then \
		openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=ellw.example.nhs.uk \
			-keyout "$$tmp/key.pem" -out "$$tmp/cert.pem" >/dev/null 2>&1 \
		&& deploy/nginx/site.sh "$$tmp/nginx" 8080 8443 127.0.0.1:8000 "$(CURDIR)/staticfiles" \
			"$$tmp/cert.pem" "$$tmp/key.pem" \
		&& nginx -t -p "$$tmp/nginx" -c "$$tmp/nginx/nginx.conf" -e "$$tmp/nginx/error.log" \
		|| exit 1; \
	else echo "nginx or openssl is not installed: deploy/nginx/ellw.conf not checked"; fi; \
	if command -v systemd-analyze >/dev/null; then \
		mkdir -p "$$tmp/systemd" && cp deploy/systemd/*.service deploy/systemd/*.target "$$tmp/systemd/" \
		&& sed -i "s|/srv/ellw|$(CURDIR)|g" "$$tmp"/systemd/* \
		&& systemd-analyze verify "$$tmp/systemd/ellw-web.service" "$$tmp/systemd/ellw-worker@email.service" \
			"$$tmp/systemd/ellw-beat.service" "$$tmp/systemd/ellw.target" \
		&& echo "systemd-analyze verify: the units are valid" || exit 1; \
	else echo "systemd-analyze is not installed: deploy/systemd/ not checked"; fi

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
