# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install db stop messages compilemessages lint bench demo backup restore

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet . --group dev
	@$(PY) -c "import config.localdb as l; l._system_bindir() or l.sys.exit(1)" 2>/dev/null || $(PY) -m pip install --quiet pgserver==0.1.4
	touch $(STAMP)

install: $(STAMP)

compilemessages: install
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v 0

db: install
	$(PY) -m config.localdb start

stop:
	$(PY) -m config.localdb stop

run: install compilemessages db
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@# The background worker (imports, big exports, timetable generation) runs beside the server.
	DJANGO_DEBUG=1 $(PY) manage.py db_worker --reload & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

demo: install compilemessages db
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo

test: install compilemessages db
	$(PY) -m pytest -n 2 --dist loadfile -p no:randomly $(PYTEST_ARGS)

messages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l kk -l ru -l ky -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete

lint: install
	$(VENV)/bin/ruff check .

bench: install compilemessages db
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	$(PY) bench/run.py
	$(PY) bench/production.py

# Backups: the database and the private files (scans) in one dated archive under var/backups/ (or
# BACKUP_DIR); `make restore FILE=...` loads one into an empty database (e.g. after `rm -rf var/`).
# With DATABASE_URL set (production), they work on that database; otherwise on the local cluster.
DEV := $(if $(DATABASE_URL),,DJANGO_DEBUG=1)

backup: install db
	$(DEV) $(PY) manage.py backup --output $(or $(BACKUP_DIR),var/backups)

restore: install db
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/mektep-backup-....tar.gz"; exit 2; }
	$(DEV) $(PY) manage.py restore "$(FILE)"
