# Two entry points (see README): `make serve` and `make test`. Both set up .venv first, from the lock
# (requirements/*.txt: exact versions with hashes), never from floating ranges; `make lock` refreshes it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
LOCK_TOOLS := .venv-lock

.PHONY: setup setup-test serve test browser bench lock clean mining-data

setup: $(VENV)/.app

setup-test: $(VENV)/.test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The project itself is installed without dependencies (they all come from the lock) and without build
# isolation (setuptools comes from the lock too), so nothing unpinned is fetched.
$(VENV)/.app: requirements/app.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/app.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.app

serve: setup
	$(BIN)/glossary serve

test: setup-test browser
	$(BIN)/python -m pytest

# The mining statistics and ranking weights that the package ships (glossary/mining/data/), rebuilt from
# ../shared/corpus without the held-out texts of bench/heldout.py (their months and statutes): see README,
# Mining. About 2 minutes on 2 cores.
SHARED ?= ../shared
HELDOUT := 202407*.txt 202408*.txt 202409*.txt 202410*.txt 202411*.txt 202412*.txt \
	local_zhejiang_labour_dispute_mediation_2020.txt reg_paid_annual_leave_2007.txt \
	local_chongqing_trade_unions_2011.txt local_henan_trade_unions_2004.txt reg_disabled_employment_2007.txt \
	reg_labour_security_inspection_2004.txt reg_working_hours_1995.txt local_shanghai_collective_contracts.txt
ARCHIVE := $(SHARED)/corpus/news $(SHARED)/corpus/statutes $(foreach p,$(HELDOUT),--exclude '$(p)')

mining-data: setup-test
	$(BIN)/glossary mine-background $(ARCHIVE) --jobs 2 -o glossary/mining/data/background.json.gz
	$(BIN)/glossary mine-retrain $(ARCHIVE) --db terms.db

# Refresh the lock after changing a dependency in pyproject.toml, or to take newer releases (then run
# `make test`, and commit requirements/ with the change). The test lock is resolved first; the app lock
# is held to the same versions.
lock:
	test -x $(LOCK_TOOLS)/bin/uv || { $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet uv==$(UV_VERSION); }
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml requirements/build.in --extra test --python-version 3.11 \
		--universal --generate-hashes --quiet -o requirements/test.txt
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml requirements/build.in --python-version 3.11 \
		--universal --generate-hashes --quiet -c requirements/test.txt -o requirements/app.txt

# The browser tests drive Debian's chromium (never a downloaded browser): install it when missing, as root.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	fi

clean:
	rm -rf $(VENV) $(LOCK_TOOLS) .pytest_cache *.egg-info
