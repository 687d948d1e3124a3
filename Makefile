# Run `make help` for the list of targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help run serve-prod test bench install install-dev migrate lint format messages check clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(PIP) install -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(RUNTIME_STAMP)

install: $(RUNTIME_STAMP) ## Create .venv and install the runtime requirements

install-dev: $(DEV_STAMP) ## Create .venv and install runtime + test/lint tools

migrate: install ## Apply migrations (through wagtail-modeltranslation's migrate)
	$(MANAGE) migrate --noinput

run: migrate ## Set up everything and serve the demo site on http://127.0.0.1:8000
	$(MANAGE) seed_demo
	$(MANAGE) update_index --verbosity 0  # a database from before a search change holds old entries
	$(MANAGE) ensure_admin
	$(MANAGE) runserver 127.0.0.1:8000

serve-prod: install ## The production stack locally (gunicorn, Celery worker and beat, nginx) on PostgreSQL and Redis
	$(BIN)/python -m deploy.stack

# The benchmarks of docs/performance.md, each with the arguments its figures were taken with,
# one after the other (about 40 minutes on the 2-core machine, 10+ of them search's index).
# Each uses its own databases (dropped and recreated) and Redis databases, not the shell's.
BENCH_PG := postgres://postgres@127.0.0.1:5432
BENCH_ENV := env -u DJANGO_SETTINGS_MODULE -u DATABASE_URL -u REDIS_URL -u BENCH_DATABASE_URL -u BENCH_REDIS_URL -u BENCH_PORT
bench: install-dev ## Run every benchmark in bench/ in turn (~40 min; needs PostgreSQL, Redis, nginx, wrk, linkchecker)
	@for tool in wrk nginx linkchecker psql redis-cli curl; do command -v $$tool >/dev/null || PATH="$$PATH:/usr/sbin" command -v $$tool >/dev/null \
		|| { echo "make bench needs $$tool: apt-get install -y wrk nginx-light linkchecker postgresql-client redis-tools curl"; exit 1; }; done
	$(BENCH_ENV) $(BIN)/python bench/article_page.py --seconds 15
	$(BENCH_ENV) $(BIN)/python bench/page_cache.py --seconds 10
	$(BENCH_ENV) BENCH_DATABASE_URL=$(BENCH_PG)/trials_bench $(BIN)/python bench/trials_register.py --trials 10000
	$(BENCH_ENV) $(BIN)/python bench/finder.py --trials 10000 --repeat 30
	$(BENCH_ENV) BENCH_DATABASE_URL=$(BENCH_PG)/search_bench $(BIN)/python bench/search.py --articles 10000 --repeat 30
	$(BENCH_ENV) $(BIN)/python bench/inquiries.py
	$(BENCH_ENV) $(BIN)/python bench/newsletter.py --concurrency 2
	$(BENCH_ENV) $(BIN)/python bench/linkchecker.py
	$(BENCH_ENV) $(BIN)/python bench/importer_adversarial.py

test: install-dev ## Install the dev tools and run the whole test suite
	$(BIN)/pytest -n auto --dist loadgroup  # an xdist_group shares a worker (tests/e2e: one production stack)

check: install-dev ## Django checks, migrations up to date, import contracts, lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/djhtml --check templates

lint: install-dev ## Ruff check and format check, template indentation check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install-dev ## Format the code with ruff and the templates with djhtml
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml templates

messages: install-dev ## Update the .po catalogues and compile them (needs GNU gettext)
	$(BIN)/python bin/update_catalogues.py

clean: ## Remove the virtualenv, the dev database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache
