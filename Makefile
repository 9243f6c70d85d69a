# The two commands a newcomer types: `make run` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= $(or $(WARGAME_HOST),127.0.0.1)
PORT ?= $(or $(WARGAME_PORT),8000)

.PHONY: run test test-python test-services test-frontend typecheck frontend migrate lint bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# npm ci only when the lock file changed since the last install.
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

# The pages are built into frontend/dist, which Django serves.
frontend: frontend/node_modules/.installed
	cd frontend && npm run build

migrate: $(VENV)/.runtime
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loadscenarios

# daphne serves; beside it one task worker runs the background tasks (the deadlines the server
# acts on, the chunks of simulations; schedule_deadlines first enqueues any deadline a failure
# left out). More workers, here or on other machines sharing the database, share the chunks. The worker stops when
# daphne does, however daphne ends (Ctrl+C included).
run: $(VENV)/.runtime frontend migrate
	$(PY) manage.py localfacilitator --host $(HOST) --port $(PORT)
	$(PY) manage.py schedule_deadlines --verbosity 0
	$(PY) manage.py send_notifications --verbosity 0
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) wargame.asgi:application

test: $(VENV)/.dev frontend test-frontend typecheck test-python

# The engine is type-checked strictly (pyproject.toml, [tool.mypy]).
typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy

# PYTEST_ARGS passes options through, e.g. make test PYTEST_ARGS="-k replay".
# The tests run on one process per core (pytest-xdist); the browser tests all on one of them
# (tests/conftest.py), so no two sets of browsers compete. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
XDIST := -n $(PYTEST_WORKERS) --dist loadgroup
test-python: $(VENV)/.dev
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

test-frontend: frontend/node_modules/.installed
	cd frontend && npm test

# The store, concurrency and live tests again, against the services named by
# WARGAME_DATABASE_URL and WARGAME_REDIS_URL (.ci/run sets them).
test-services: $(VENV)/.dev
	$(PY) -m pytest $(XDIST) -m "store or concurrency or live"

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Every bench in bench/ with quick settings; BENCH_ARGS passes options through, e.g.
# make bench BENCH_ARGS="--only engine,replay" or BENCH_ARGS=--full (bench/README.md).
bench: $(VENV)/.dev
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var
