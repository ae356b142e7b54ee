# Thi đua: one Makefile as the task runner. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
APPS := core agencies campaigns honourees reports province

.PHONY: run test test-quick test-sqlite lint format worker messages migrate check-deploy clean bench soak vendor

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## run: install, migrate, load the plan, create demo users, serve on http://127.0.0.1:8000
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_plan
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

# One pytest-xdist worker per core, each with its own test database; tests handed out in collection order,
# so on each worker the transactional tests (which empty the database) still come last, as pytest-django
# orders them. PARALLEL="" runs in one process; PARALLEL="-n 4" with more workers. A fresh test database each
# run (--create-db, seconds): a kept one was emptied by the last run's transactional tests, data migrations' rows too.
PARALLEL ?= -n auto

## test: the whole suite, in parallel, on DATABASE_URL (SQLite when unset)
test: $(STAMP)
	$(PY) -m pytest $(PARALLEL) --create-db $(PYTEST_ARGS)

## test-quick: the edit loop: the suite without fault injection, soak, Celery worker processes and slow tests
test-quick: $(STAMP)
	$(PY) -m pytest $(PARALLEL) --create-db -m "not faults and not soak and not celery_worker and not slow" $(PYTEST_ARGS)

## test-sqlite: the suite on the embedded default (SQLite, in-process tasks), whatever the environment says
test-sqlite: $(STAMP)
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest $(PARALLEL) --create-db -m "not postgres and not celery_worker" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## worker: a Celery worker with the beat scheduler (needs REDIS_URL)
worker: $(STAMP)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0): without it tasks run in-process."; exit 1; }
	$(VENV)/bin/celery -A config worker --beat --loglevel=info --scheduler django_celery_beat.schedulers:DatabaseScheduler

## messages: extract translatable strings (needs gettext) and compile catalogues (pure Python)
messages: $(STAMP)
	$(VENV)/bin/django-admin makemessages --locale=vi --no-obsolete --ignore=.venv --ignore=static --ignore=agencies --ignore=campaigns --ignore=honourees --ignore=reports --ignore=province --ignore=duties --ignore=tests
	for app in agencies campaigns honourees reports province duties; do (cd $$app && mkdir -p locale && ../$(VENV)/bin/django-admin makemessages --locale=vi --no-obsolete); done
	$(PY) manage.py compile_catalogues

## bench: speed at province scale as ratios to floors measured in the same run (PostgreSQL when DATABASE_URL
## is set, else SQLite); writes bench/results/latest.json. BENCH_ARGS="--factor 10" also compiles at 10× the data.
bench: $(STAMP)
	$(PY) -m bench.run $(BENCH_ARGS)

## soak: 20 simulated users for 60 s against gunicorn on a private PostgreSQL; no 5xx, every saved figure kept
soak: $(STAMP)
	SOAK_USERS=20 SOAK_SECONDS=60 $(PY) -m pytest tests/faults/test_soak.py -m soak -q -s -p no:cacheprovider

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=thidua.example.vn $(PY) manage.py check --deploy --fail-level WARNING

## vendor: copy the front-end files (and their source maps) from their npm packages into static/vendor/ (needs npm)
vendor:
	scripts/vendor.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .test-media
