# Écogestion — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Production-like services for tests (override to isolate parallel runs).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ecogestion
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0
TEST_CACHE_URL ?= redis://127.0.0.1:6379/1
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	CELERY_RESULT_BACKEND=$(TEST_BROKER_URL) CACHE_URL=$(TEST_CACHE_URL)
DEMO_ENV := ECOGESTION_MFA_REQUIRED=0 ECOGESTION_DEMO=1
PYTEST_ARGS ?=

.PHONY: system help install vendor messages demo demo-data serve worker test test-browser lint format check-deploy services clean lock bench loadtest

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the locked dependencies

lock: | $(BIN)/activate ## Re-resolve dependencies from pyproject.toml into requirements.lock
	$(BIN)/pip install --quiet --upgrade ".[dev]"
	$(BIN)/pip freeze --exclude ecogestion > requirements.lock

static/vendor/.done: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor
	cp node_modules/axe-core/axe.min.js static/vendor/
	touch $@

vendor: static/vendor/.done ## Copy front-end libraries from npm into static/vendor

messages: install ## Compile the French/English translations
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# One catalogue, locale/en/ (msgids are the French interface). File-only locations keep the
# diff small when templates move; obsolete entries are dropped.
.PHONY: makemessages
MAKEMESSAGES_IGNORE := .venv node_modules var tests static/vendor staticfiles test-artifacts
makemessages: install ## Refresh locale/en/LC_MESSAGES/django.po from the code and templates
	$(BIN)/python manage.py makemessages -l en --add-location=file --no-obsolete \
		$(addprefix --ignore=,$(MAKEMESSAGES_IGNORE))
	@msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po
	@echo "Translate the empty (and fuzzy) entries, then: make messages"

system: ## Install the Debian/Ubuntu packages the demo needs (only those missing)
	tools/system-packages.sh demo

demo-data: system install vendor messages ## Migrate and load the demo data (SQLite under var/)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --no-input -v 0

demo: demo-data ## Install, migrate, load the demo data and serve on http://127.0.0.1:8000
	@echo "Celery worker (file-system broker under var/celery) starting in the background…"
	@$(DEMO_ENV) $(BIN)/celery -A ecogestion worker --beat --pool=solo --loglevel=WARNING \
		--schedule=var/celerybeat-schedule > var/celery.log 2>&1 & echo $$! > var/celery.pid
	@echo "Serving on http://127.0.0.1:8000 — log in with the demo accounts listed above."
	@trap 'kill $$(cat var/celery.pid) 2>/dev/null' EXIT; \
		$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000 --noreload

services: ## Start PostgreSQL and Redis on this machine if they are down
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping > /dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping > /dev/null 2>&1 && exit 0; sleep 1; done; echo "PostgreSQL or Redis did not start"; exit 1

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format and fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: install ## Django's deployment checks with production settings
	PRODUCTION=1 SECRET_KEY=check-deploy-$$(openssl rand -hex 32) ALLOWED_HOSTS=ecogestion.example.org \
		$(TEST_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

test: services install vendor messages ## Lint, deployment checks and the whole test suite on PostgreSQL + Redis
	$(MAKE) --no-print-directory lint check-deploy
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-browser: services install vendor messages ## Only the browser tests (Chromium + axe); screenshots in test-artifacts/screenshots/
	@test -x /usr/bin/chromium || { echo "Debian's chromium is missing: apt-get install chromium (see .ci/run)"; exit 1; }
	$(TEST_ENV) $(BIN)/pytest -m browser $(PYTEST_ARGS)

LOADTEST_URL ?= http://127.0.0.1:8000
loadtest: install ## Load test a running server on loopback (README "Performance figures")
	$(BIN)/python tools/loadtest.py --base-url $(LOADTEST_URL) $(LOADTEST_ARGS)

clean: ## Remove the virtualenv, node modules and local data (var/)
	rm -rf $(VENV) node_modules static/vendor var test-artifacts

BENCH_SCALE ?= 1
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ecogestion_bench
bench: services install ## Benchmark dataset (BENCH_SCALE=1: 100 quartiers…) then page/PDF/export timings
	@psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))" 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --no-input -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py generate_load_data --scale $(BENCH_SCALE) --reset
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench
