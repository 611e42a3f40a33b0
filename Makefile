# Two set-up commands on a fresh machine: `make run` and `make test`. Both bootstrap first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench lock bootstrap clean

bootstrap:
	@scripts/bootstrap.sh requirements/test.txt

run: bootstrap
	@$(VENV)/bin/scelle $(ARGS)

test: bootstrap
	@scripts/run-tests.sh $(PYTEST_ARGS)

# Benchmarks (not tests): `make bench` runs every bench/*.py in turn (files starting with `_` are
# helpers), `make bench-seal` only bench/seal.py. Options go in BENCH_ARGS, e.g.
# `make bench-seal BENCH_ARGS="--size 256M --repeat 5"`. Figures: docs/performance.md.
bench: bootstrap
	@set -e; for b in $(sort $(filter-out bench/_%,$(wildcard bench/*.py))); do \
		echo "== $$b"; $(PY) $$b $(BENCH_ARGS); done

bench-%: bootstrap
	@$(PY) bench/$*.py $(BENCH_ARGS)

# Regenerates the hash-locked requirement files from requirements/*.in (needs network access).
lock:
	$(PY) -m pip install -q uv
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header runtime.in -o runtime.txt
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header test.in -o test.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
