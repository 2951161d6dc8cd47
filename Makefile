# The two commands of the README: `make demo` and `make test`. Both set up a fresh machine.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://root@127.0.0.1:5432/test
# pytest-xdist workers (one per core); a test module stays on one worker, so its world is built once.
XDIST ?= -n auto --dist loadfile
APT_PACKAGES := chromium fonts-liberation2 poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui python3-uno

.PHONY: demo test test-exact test-fast setup system-deps lint locale test-sqlite test-postgres bench bench-national clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev,web,server]'
	touch $@

# Front-end libraries (Chart.js) come from npm as declared dependencies, never committed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed

# Debian packages the browser and document tests need (Chromium, a Vietnamese-complete Times
# New Roman substitute, LibreOffice for PDF, pdftoppm). Installed only when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói hệ thống:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Vietnamese for Django's and DRF's own messages: src/dti/web/locale/*/LC_MESSAGES/*.po → .mo (committed).
locale: setup
	$(PY) -m dti.web.core.catalog

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks examples
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

test: setup system-deps lint
	DJANGO_SETTINGS_MODULE=dti.web.settings $(PY) -m django makemigrations --check --dry-run
	$(PY) -m pytest $(XDIST)
	$(MAKE) test-postgres

# The edit-test loop: everything except browser, PDF and PostgreSQL runs (`make test` stays the whole truth).
test-fast: setup
	$(PY) -m pytest $(XDIST) -m "not browser and not slow" -p no:cacheprovider

# The engine against its independent reference scorer on thousands of generated rounds (issue 11);
# `make test` runs the same test with a bounded number of examples.
test-exact: setup
	DTI_EXACT_EXAMPLES=$${DTI_EXACT_EXAMPLES:-3000} $(PY) -m pytest tests/engine/test_differential.py tests/engine/test_rounding_policy.py -s -p no:cacheprovider -q

# Every test that touches the database runs again on PostgreSQL. Under CI an unreachable
# server is a failure, never a skip (the conftest enforces it).
test-postgres: setup
	DATABASE_URL=$(PG_URL) $(PY) -m pytest $(XDIST) -m django_db -p no:cacheprovider

demo: setup
	$(VENV)/bin/dti demo --serve

# Figures, not timed tests; every step is bounded in time. The national sizes are heavy on 2 cores.
BENCH_PG ?= postgres://root@127.0.0.1:5432
bench: setup
	timeout 300 $(PY) benchmarks/engine.py
	timeout 600 $(PY) benchmarks/national.py --units 1000 --db sqlite --requests 10
	BENCH_PG_URL=$(BENCH_PG) timeout 600 $(PY) benchmarks/national.py --units 1000 --db postgres --requests 10
	timeout 300 $(PY) benchmarks/reports.py --pdf

bench-national: setup
	for db in sqlite postgres; do \
	  BENCH_PG_URL=$(BENCH_PG) timeout 1200 $(PY) benchmarks/national.py --units 3321 --db $$db --requests 20; \
	  BENCH_PG_URL=$(BENCH_PG) timeout 1200 $(PY) benchmarks/national.py --units 3321 --db $$db --framework ninh-thuan-2022 --requests 5; \
	  BENCH_PG_URL=$(BENCH_PG) timeout 1800 $(PY) benchmarks/national.py --units 10035 --db $$db --requests 20; \
	done

clean:
	rm -rf $(VENV) .pytest_cache var/ node_modules/
