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

bench: bootstrap
	@$(PY) bench/seal.py

# Regenerates the hash-locked requirement files from requirements/*.in (needs network access).
lock:
	$(PY) -m pip install -q uv
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header runtime.in -o runtime.txt
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header test.in -o test.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
