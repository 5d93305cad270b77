# The two commands a newcomer needs: `make run` and `make test`. Only python3 is assumed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# requirements.lock: what the service runs on (the Docker image installs it); requirements-dev.lock:
# that plus the test tools, same versions. Neither names an index: pip's own configuration does.
LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | cksum | cut -d' ' -f1)
COMPILE := $(BIN)/pip-compile -q --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
TEST_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/test
DB ?=
# The GraphQL-over-HTTP audit suite (npm, pinned in tests/audit/) runs in `make test` where node is.
AUDIT := tests/audit
AUDIT_DEPS := $(if $(shell command -v node 2>/dev/null),$(AUDIT)/node_modules/.package-lock.json)

.PHONY: run test lint types pytest install lock bench bench-quick clean

# -qq: errors only. A machine whose pip configuration names local mirrors that lack a package would
# otherwise print a warning per package (the lock itself names no index).
$(STAMP): $(LOCK) pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -qq --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/pip install -qq --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# After changing pyproject.toml's dependencies: both lock files, the dev one constrained by the other.
lock: $(STAMP)
	$(BIN)/pip install -q pip-tools
	$(COMPILE) --output-file=requirements.lock pyproject.toml
	$(COMPILE) --extra=dev --constraint=requirements.lock --output-file=$(LOCK) pyproject.toml

run: $(STAMP)
	$(BIN)/talentledger import --if-empty data/seed.ndjson
	$(BIN)/talentledger serve

lint: $(STAMP)
	$(BIN)/ruff check events projections schema service tests bench

types: $(STAMP)
	$(BIN)/mypy events projections schema service bench

$(AUDIT)/node_modules/.package-lock.json: $(AUDIT)/package-lock.json
	cd $(AUDIT) && npm ci --no-audit --no-fund --silent

# Two test processes (pytest-xdist): the suite waits on servers, subprocesses and PostgreSQL as much
# as it computes; every test has its own database and port. TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= 2
pytest: $(STAMP) $(AUDIT_DEPS)
	TALENTLEDGER_TEST_POSTGRES=$(TEST_POSTGRES) $(BIN)/pytest -q -n $(TEST_WORKERS)

test: lint types pytest

# Benchmarks print their figures and ratios and write bench/results/latest.json.
# PostgreSQL: make bench-quick DB=postgresql://postgres@127.0.0.1:5432/test (a fresh database is made there).
bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --events 100000 $(if $(DB),--database $(DB))

bench: $(STAMP)
	$(BIN)/python -m bench.run --events 1000000 $(if $(DB),--database $(DB))

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(AUDIT)/node_modules
