# Spark marketplace: `make run` serves the site with demo data; `make test` runs the whole suite.
# Both set everything up first, on a fresh machine, idempotently.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
PORT ?= 8000
# PostgreSQL for the second test run, when a server answers there.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/spark
# Two workers on this 2-core machine; more where there are more cores.
# The slowest tests are listed at the end of each run, to keep the suite's time in view.
PYTEST_ARGS ?= -n auto --durations=25
GOVUK := node_modules/govuk-frontend/dist/govuk
GOVUK_STATIC := marketplace/static/govuk

# Debian packages: WeasyPrint's font subsetting; Chromium and its driver for the browser tests.
RUN_PACKAGES := libharfbuzz-subset0
TEST_PACKAGES := $(RUN_PACKAGES) chromium chromium-driver

.PHONY: run test setup setup-test migrate seed lint clean

# Links in emails (the seed's too) name the port the site is served on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup migrate seed
	bin/run-dev $(PORT)

test: setup-test
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	@echo "== Test suite on SQLite"
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$${DATABASE_URL:-}" ]; then \
	  echo "== Test suite on $${DATABASE_URL%%:*} (DATABASE_URL)"; $(BIN)/pytest $(PYTEST_ARGS); \
	elif bin/postgres-available; then \
	  echo "== Test suite on PostgreSQL at 127.0.0.1:5432"; DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS); \
	else \
	  echo "== No PostgreSQL server answers on 127.0.0.1:5432 and DATABASE_URL is unset: SQLite run only"; \
	fi

setup: $(STAMPS)/system-run $(STAMPS)/python $(STAMPS)/npm $(GOVUK_STATIC)/.copied

setup-test: setup $(STAMPS)/system-test

migrate: setup
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed

$(STAMPS)/system-run:
	@mkdir -p $(STAMPS)
	bin/system-packages $(RUN_PACKAGES)
	@touch $@

$(STAMPS)/system-test:
	@mkdir -p $(STAMPS)
	bin/system-packages $(TEST_PACKAGES)
	@touch $@

$(STAMPS)/python: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# GOV.UK Frontend's precompiled files, with the stylesheet's /assets/ paths made
# relative so they work under STATIC_URL. The service is not on GOV.UK, so it
# does not use the GDS Transport typeface (the Design System's rule): the
# stylesheet falls back to Arial.
$(GOVUK_STATIC)/.copied: $(STAMPS)/npm Makefile
	rm -rf $(GOVUK_STATIC)
	mkdir -p $(GOVUK_STATIC)
	cp -R $(GOVUK)/assets $(GOVUK_STATIC)/assets
	cp $(GOVUK)/govuk-frontend.min.js $(GOVUK)/govuk-frontend.min.js.map $(GOVUK_STATIC)/
	sed -e 's#url(/assets/#url(assets/#g' -e 's#font-family:"*GDS Transport"*,#font-family:#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
	  $(GOVUK)/govuk-frontend.min.css > $(GOVUK_STATIC)/govuk-frontend.min.css
	@touch $@

lint: setup
	$(BIN)/lint-imports

clean:
	rm -rf $(STAMPS) $(GOVUK_STATIC) var/staticfiles
