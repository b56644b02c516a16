# Two commands do all the set-up: `make run` and `make test` (see README).
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
FLASK  := $(PY) -m flask --app app
PORT   ?= 5000
HOST   ?= 127.0.0.1
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run dev test lint translations chromium caddy install test-install clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed
test-install: $(VENV)/.test-installed

translations: install
	$(PY) -m babel.messages.frontend compile --directory app/translations --statistics 2>&1 | tail -3

## Serve the app on SQLite with demo data; prints the facilitator login and the join URL.
## The production server (gunicorn, gunicorn.conf.py: compressed pages, static files by
## WhiteNoise); `make dev` is Flask's server with the debugger and auto-reload instead.
WORKERS ?= 2
run: install translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --base-url http://$(HOST):$(PORT)
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WORKERS) $(VENV)/bin/gunicorn -c gunicorn.conf.py "app:create_app()"

dev: install translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --base-url http://$(HOST):$(PORT)
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

## Debian's Chromium for the browser tests (Playwright drives it; no browser download).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-color-emoji; }

## Debian's Caddy: the HTTPS reverse proxy of deploy/ (tests/test_https_caddy.py runs it),
## and certutil (libnss3-tools) to trust its internal CA in the test browser's profile.
caddy:
	@{ command -v caddy >/dev/null && command -v certutil >/dev/null; } || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq caddy libnss3-tools; }

lint: test-install
	$(PY) -m ruff check .

## The whole suite: lint, unit, integration and browser tests (DATABASE_URL picks the database).
test: test-install translations chromium caddy lint
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache

## Page weight of the participant page against its budget (see bench/README.md).
.PHONY: bench-weight
bench-weight: test-install translations chromium caddy
	$(PY) bench/page_weight.py

## Load benchmark (bench/load/, locust in .venv-bench/): DB=postgres for PostgreSQL.
.PHONY: bench-load
.venv-bench/.installed: requirements-bench.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r requirements-bench.txt
	touch $@

bench-load: install translations .venv-bench/.installed
	nice -n 19 $(PY) bench/load/run.py $(if $(filter postgres,$(DB)),--postgres) $(BENCH_ARGS)
