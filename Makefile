# STEMNET Vlaanderen. A newcomer needs two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test install migrate demo lint migrate-forward messages vendor bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo data and serve on http://127.0.0.1:8000 (SQLite,
## eager Celery, console e-mail, the beat schedule run inside the server: stemnet/scheduler.py).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0 2>/dev/null || true
	$(BIN)/python manage.py loaddemo
	@echo "Scheduled work (evaluation invitations, session reminders, ...) runs inside the server,"
	@echo "at start and then on its schedule ([scheduler] lines); its e-mails appear on this console."
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C stops)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: install, start throwaway PostgreSQL and Redis on loopback, run the whole suite
## in one process per core (pytest-xdist, a file per process at a time; XDIST= runs it in one),
## stop them (also when tests fail).
XDIST ?= -n auto --dist loadfile
test: install
	bash .ci/with-services.sh $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

## make lint: style, formatting, the layers (import-linter), migrations in step with the models,
## and types (mypy with django-stubs over the services, selectors and permissions).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy

## make migrate-forward: the demo loaded on the schema of an earlier main (BASE, default: the
## main before the apps were cut by domain) migrates to today's without losing a row.
migrate-forward: install
	bash .ci/with-services.sh bash .ci/migrate-forward.sh $(BASE)

## make messages [APP=networks]: extract the Dutch translations and compile them (needs
## gettext). Each app keeps its own catalogue in <app>/locale; templates/ and stemnet/ use locale/.
APPS := networks trainings monitor
messages: install
ifeq ($(APP),)
	$(BIN)/python manage.py makemessages -l nl --no-obsolete $(foreach a,$(APPS) .venv tests bench docs node_modules staticfiles,--ignore=$(a))
else
	cd $(APP) && DJANGO_SETTINGS_MODULE= ../$(BIN)/django-admin makemessages -l nl --no-obsolete
endif
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

## make vendor: refresh the front-end assets from the npm registry (served locally).
vendor:
	cd /tmp && rm -rf package htmx.org-*.tgz && npm pack --silent htmx.org@2.0.11 && tar xzf htmx.org-2.0.11.tgz
	cp /tmp/package/dist/htmx.min.js /tmp/package/LICENSE static/vendor/htmx/

## make bench: each benchmark fills its own empty PostgreSQL (see docs/performance.md).
BENCHES := catalogue enrolment imports reports search
bench: install
	set -e; for b in $(BENCHES); do bash .ci/with-services.sh $(BIN)/python bench/$$b.py; done

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache staticfiles
