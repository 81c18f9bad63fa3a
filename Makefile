# cstocal: `make run` serves the calendar with the seed data; `make test` runs the suite.
# Everything a fresh machine needs is installed here, into .venv.

PYTHON ?= $(shell command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCAL := .local
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test bench profile lint format check-python messages migrate clean

check-python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 12) else "cstocal needs Python 3.12 or newer (3.13 preferred); found %d.%d" % v[:2])'

$(STAMP): requirements.txt requirements-dev.txt | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# The compiled catalogues (django.mo) are not in git: Django serves only what is compiled,
# so every way of running the app compiles first. Always, not by timestamp: a catalogue
# left by another checkout can be newer than the .po it no longer matches. Babel is a
# runtime dependency, so gettext need not be installed.
# Each catalogue is written under a name of its own and renamed into place, so a test
# run reading it never sees half a file while another run compiles (CI runs two).
messages: $(STAMP)
	@for po in locale/*/LC_MESSAGES/django.po; do \
	  mo="$${po%.po}.mo"; tmp="$$mo.$$$$"; \
	  $(BIN)/pybabel --quiet compile -D django -i "$$po" -o "$$tmp" && mv -f "$$tmp" "$$mo" || exit 1; \
	done

# A local secret key, made once and kept out of git; production sets DJANGO_SECRET_KEY.
$(LOCAL)/secret_key:
	mkdir -p $(LOCAL)
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

run: $(STAMP) messages $(LOCAL)/secret_key
	@export DJANGO_SECRET_KEY="$$(cat $(LOCAL)/secret_key)" DJANGO_SECURE_COOKIES=false \
	  DJANGO_SECURE_SSL_REDIRECT=false DJANGO_HSTS_SECONDS=0 \
	  DJANGO_ALLOWED_HOSTS="$(HOST),localhost,127.0.0.1" && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py loadseed && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	$(BIN)/python manage.py ensureadmin && \
	echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)" && \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production setup, locally: gunicorn, DATABASE_URL and REDIS_URL from the
# environment (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/cstocal
# REDIS_URL=redis://127.0.0.1:6379/0), DEBUG off, static files hashed and compressed.
serve: $(STAMP) messages $(LOCAL)/secret_key
	@export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(LOCAL)/secret_key)}" \
	  DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	  DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-false}" \
	  DJANGO_HSTS_SECONDS="$${DJANGO_HSTS_SECONDS:-0}" && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	$(BIN)/python manage.py loadseed && \
	echo "Serving with gunicorn on $${GUNICORN_BIND:-127.0.0.1:8000}" && \
	$(BIN)/gunicorn -c gunicorn.conf.py

test: $(STAMP) messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks (bench/run.py): generated datasets in PostgreSQL, gunicorn and wrk on
# loopback. Not part of the test suite. BENCH_ARGS="--million" adds 1M events.
# Installs nothing on the machine: a missing tool is named, with how to install it.
bench: $(STAMP) messages
	@command -v wrk >/dev/null || { echo "make bench needs wrk, which is not installed (Debian/Ubuntu: sudo apt-get install wrk)" >&2; exit 1; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Where a page's time goes when no cache helps (bench/profile.py): a SQLite calendar of
# its own in a temporary folder, PAGE asked REQUESTS times uncached under cProfile.
PAGE ?= /2013/09/
EVENTS ?= 1000
REQUESTS ?= 50
profile: $(STAMP) messages
	DJANGO_LOG_LEVEL=WARNING $(BIN)/python -m bench.profile "$(PAGE)" --events $(EVENTS) --requests $(REQUESTS)

# mypy's Django plugin loads the settings, which want a secret key: any will do here.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SECRET_KEY=type-checking-only $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles locale/*/LC_MESSAGES/*.mo .pytest_cache .ruff_cache
