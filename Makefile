# The two commands a newcomer needs: `make run` and `make test`. Only python3 is assumed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
TEST_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/test
DB ?=

.PHONY: run test lint types pytest install bench bench-quick clean

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/talentledger import --if-empty data/seed.ndjson
	$(BIN)/talentledger serve

lint: $(STAMP)
	$(BIN)/ruff check events projections schema service tests bench

types: $(STAMP)
	$(BIN)/mypy events projections schema service

pytest: $(STAMP)
	TALENTLEDGER_TEST_POSTGRES=$(TEST_POSTGRES) $(BIN)/pytest -q

test: lint types pytest

# Benchmarks print their figures and ratios and write bench/results/latest.json.
# PostgreSQL: make bench-quick DB=postgresql://postgres@127.0.0.1:5432/test (a fresh database is made there).
bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --events 100000 $(if $(DB),--database $(DB))

bench: $(STAMP)
	$(BIN)/python -m bench.run --events 1000000 $(if $(DB),--database $(DB))

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
