# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test install system-deps messages compilemessages lint typecheck bench clean

$(VENV)/.installed: requirements.txt
	@scripts/system-deps --dev
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

compilemessages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

run: install compilemessages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo --if-empty
	@echo "Serving on http://$(HOST)/ with a background worker for the jobs — stop both with Ctrl+C"
	PY=$(PY) scripts/serve-with-worker $(HOST)

test: install compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

# The modules with type hints (the same list as .ci/run's "types" step).
TYPED := books/services.py books/selectors.py books/periods.py loans/rates.py loans/schedule.py \
  loans/services/common.py loans/services/posting.py loans/services/provisions.py savings/services.py \
  savings/selectors.py loans/selectors.py loans/positions.py loans/quality_selectors.py loans/services/lifecycle.py \
  loans/services/opening.py loans/services/payments.py loans/services/__init__.py sheet/selectors.py \
  sheet/services.py
typecheck: install
	$(VENV)/bin/mypy --no-incremental $(TYPED)

# Refresh the translation catalogues: the project's own strings, then each app's.
messages: install
	$(MANAGE) makemessages -l id -l en --no-location --ignore=.venv --ignore=tests --ignore=staticfiles \
	  $(foreach app,$(APPS),--ignore=$(app)) -v0
	@for app in $(APPS); do (cd $$app && $(abspath $(PY)) $(CURDIR)/manage.py makemessages -l id -l en --no-location -v0); done

APPS := accounts core audit groups jobs members books savings loans sheet exits yearend meetings reports imports pwa dashboard demo

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
