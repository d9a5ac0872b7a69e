# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate demo serve test test-fast e2e bench lint format messages check-migrations clean

run: demo serve

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

check-migrations: install
	DJANGO_SETTINGS_MODULE=website.settings.test $(MANAGE) makemigrations --check --dry-run

# The whole suite, browser journeys included. Without Chromium the journeys are skipped with a
# loud notice; CI installs Chromium and sets REQUIRE_E2E=1, so there a missing browser fails.
# Two pytest-xdist workers, each with its own test database; tests/conftest.py keeps the demo
# tests on one worker and the journeys on one (`make test WORKERS=0` runs in one process).
WORKERS ?= 2
test: install check-migrations
	$(BIN)/pytest -p no:cacheprovider -n $(WORKERS) $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -p no:cacheprovider -m "not e2e" -x $(PYTEST_ARGS)

e2e: install
	$(BIN)/pytest -p no:cacheprovider tests/e2e $(PYTEST_ARGS)

# Benchmarks (tests/perf/README.md): `make bench`, or e.g. `make bench BENCH_ARGS="-r 3 -k search"`.
bench: install
	$(BIN)/python tests/perf/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the zh_Hans catalogues: `make messages` for all, `make messages APPS=members` for one.
# Each app keeps its own catalogue in <app>/locale; site/locale holds the project's.
APPS ?= site members certification events publications
messages: install
	for dir in $(APPS); do \
	  (cd $$dir && mkdir -p locale && DJANGO_SETTINGS_MODULE=website.settings.dev ../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --add-location file) || exit 1; \
	done
	$(MANAGE) compilemessages --ignore ".venv/*" -l zh_Hans

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static
