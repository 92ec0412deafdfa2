# Entry points: make run | make test | make worker | make lint | make bench | make messages
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/literacy
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)
PYTEST_ARGS ?=

.PHONY: run serve test system-packages worker lint format bench messages check-deploy venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Without DATABASE_URL, `make run` starts the embedded PostgreSQL on .pgdata/ (initialised the
# first time, reused after) and stops it when the server stops (literacy/embedded_postgres.py).
DB_RUN = $(PY) -m literacy.embedded_postgres run $(if $(DATABASE_URL),--url "$(DATABASE_URL)")

run: venv
	@$(DB_RUN) -- $(MAKE) --no-print-directory serve

# The steps of `make run`, against the database in DATABASE_URL.
serve: venv
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_divisions
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	@echo "Serving the portal at http://127.0.0.1:$(PORT)"
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The PostgreSQL at TEST_DATABASE_URL when it answers, else the embedded one; Redis is required.
test: venv system-packages
	@$(PY) .ci/check_services.py "$(TEST_REDIS_URL)"
	@DEBUG=1 REDIS_URL="$(TEST_REDIS_URL)" CACHE_KEY_PREFIX=test \
	$(PY) -m literacy.embedded_postgres run --prefer "$(TEST_DATABASE_URL)" -- \
	$(PY) -m pytest $(PYTEST_ARGS)

system-packages:
	@.ci/system_packages.sh

# A real Celery worker (and beat) against Redis; REDIS_URL defaults to the local server.
worker: venv
	DEBUG=$${DEBUG:-1} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(VENV)/bin/celery -A literacy worker --beat --loglevel=info --concurrency=2

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Each benchmark starts from a fresh, empty, migrated database (--fresh drops and recreates
# BENCH_DATABASE_URL), so runs compare like with like; the big seeded literacy_bench is left alone
# (run a script by hand with DATABASE_URL=…/literacy_bench to measure against it).
BENCH_DATABASE_URL ?= $(TEST_DATABASE_URL)_bench_fresh
bench: venv
	@$(PY) .ci/check_services.py "$(TEST_REDIS_URL)"
	@for script in $$(ls */benchmarks/bench_*.py */*/benchmarks/bench_*.py 2>/dev/null); do \
	  echo "== $$script"; \
	  DEBUG=1 DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(PY) $$script --fresh || exit 1; \
	done

# Regenerate the Vietnamese catalogues and compile them: every catalogue, or one app's with
# APP=households (each app keeps its own catalogue in <app>/locale/, the rest is in locale/).
APP ?= .
messages: venv
	cd $(APP) && DEBUG=1 $(abspath $(PY)) $(abspath manage.py) makemessages -l vi --no-obsolete \
	  --ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=test-artifacts
	cd $(APP) && DEBUG=1 $(abspath $(PY)) $(abspath manage.py) compilemessages -l vi --ignore=.venv

check-deploy: venv
	DEBUG=0 SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=portal.example.vn \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles
