# Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make run   - install, migrate SQLite, load the real network content, serve on :8000
#                with the background-task worker (mail) beside the server
#   make test  - the whole test suite on two cores (SQLite, or PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint messages compilemessages check browser-deps clean bench

$(STAMP): requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP)

compilemessages: $(STAMP)
	# Needs no settings: compiles ./locale only.
	env -u DJANGO_SETTINGS_MODULE $(BIN)/django-admin compilemessages -v0

run: install compilemessages
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_networks
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_sample_directory
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_publications
	# The mail worker beside the server (its own process group, ended with the server);
	# TASKS_BACKEND=immediate runs tasks in the server's process instead, without it.
	@worker=; if [ "$${TASKS_BACKEND:-database}" = database ]; then \
	  if command -v setsid >/dev/null; then \
	    DEBUG=$${DEBUG:-1} setsid $(BIN)/python manage.py db_worker & worker=$$!; \
	  else DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker & worker=$$!; fi; \
	fi; \
	trap 'if [ -n "$$worker" ]; then kill -TERM -- -$$worker 2>/dev/null || kill -TERM $$worker 2>/dev/null; fi' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests need Debian's chromium (/usr/bin/chromium) and axe-core from npm;
# without them they are skipped locally and fail under CI=true.
browser-deps:
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; fi

# The suite on TEST_WORKERS processes (pytest-xdist; each has its own test database and
# Redis database), then its 15 slowest tests. PYTEST_ARGS adds options: '-m "not slow"'
# for a quick loop, '-n 0' for one process.
TEST_WORKERS ?= 2

test: install compilemessages browser-deps
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=15 $(PYTEST_ARGS)

# Load benchmark on PostgreSQL (127.0.0.1:5432, database directory_bench_<size>, reused when
# complete) and Redis (db 5): gunicorn + wrk, cached and uncached passes, a load test.
# BENCH_ORGANISATIONS (default 10000; 1000 for the small-network floor, 100000 reported),
# BENCH_SECONDS (per page, default 10), BENCH_LOAD_SECONDS (default 60), BENCH_REBUILD=1.
# Prints the results and writes them to bench/results/latest.txt.
bench: install compilemessages
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: install
	$(BIN)/python manage.py makemessages -l ar --ignore=.venv --ignore=node_modules --no-obsolete

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	msgfmt --check --statistics -o /dev/null locale/ar/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) staticfiles node_modules test-artifacts
