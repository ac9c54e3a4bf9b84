# Kohtaamo – two commands for a fresh machine (Python 3.11+ and make):
#   make run    set up and serve the seeded site on http://127.0.0.1:8000
#   make test   set up and run the whole test suite
# Repeated runs are fast: the virtualenv is rebuilt only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run serve collectstatic test install messages makemessages migrate seed lint format ci clean export export-build

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

messages: install
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules -v0

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v1

seed: migrate
	$(PY) manage.py seed_demo

# The seeded site's address (absolute URLs in the API, feeds and e-mails) follows HOST and PORT.
run seed: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

run: messages seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn (gunicorn.conf.py) with kohtaamo.settings.production. Needs SECRET_KEY and
# ALLOWED_HOSTS in the environment (see README: Production); WEB_CONCURRENCY sets the worker count.
collectstatic: install
	DJANGO_SETTINGS_MODULE=kohtaamo.settings.production $(PY) manage.py collectstatic --noinput -v0

serve: export DJANGO_SETTINGS_MODULE = kohtaamo.settings.production
serve: messages migrate collectstatic
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT)

# The static export: build the whole site as files (var/export/current) and serve it with nginx
# (Debian: apt-get install nginx-light) on EXPORT_PORT; Ctrl-C stops. See README: Static export.
EXPORT_DIR ?= var/export
EXPORT_PORT ?= 8080

export-build: messages seed
	$(PY) manage.py build_site --output $(EXPORT_DIR) --check-links

export: export-build
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "nginx is missing: apt-get install nginx-light"; exit 1; }
	@mkdir -p $(EXPORT_DIR)/nginx
	$(PY) manage.py export_nginx_config --output $(EXPORT_DIR) --standalone $(abspath $(EXPORT_DIR))/nginx --listen $(HOST):$(EXPORT_PORT) > $(EXPORT_DIR)/nginx.conf
	@echo "Serving the export on http://$(HOST):$(EXPORT_PORT)/ (Ctrl-C stops)"
	PATH="$$PATH:/usr/sbin" nginx -c $(abspath $(EXPORT_DIR))/nginx.conf -p $(abspath $(EXPORT_DIR))/nginx -e $(abspath $(EXPORT_DIR))/nginx/error.log

test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

# Update the .po catalogues after changing translatable strings (see README: Translations).
makemessages: install
	$(PY) scripts/makemessages.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
