# Two set-up commands on a fresh machine: `make run` and `make test`. Both bootstrap first.
# `make test` runs the suite on two worker processes (the machine has two cores); files stay
# whole on one worker, so module-scoped fixtures (relay servers, tokens) are built once.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench lock bootstrap clean translations screenshots fuzz crash dist js

bootstrap:
	@scripts/bootstrap.sh requirements/test.txt

run: bootstrap translations
	@$(VENV)/bin/scelle $(ARGS)

# Three workers on two cores: much of the suite waits on subprocesses, fsync, PostgreSQL and the
# relay on loopback, so a third worker fills the cores those waits leave idle.
test: bootstrap translations
	@scripts/run-tests.sh -n 3 --dist loadfile --durations=25 $(PYTEST_ARGS)

# Compiles resources/translations/*_fr.ts into .qm files (git-ignored) with pyside6-lrelease.
translations: bootstrap
	@scripts/translations.sh

# The intake page's bundle, relay/static/intake/vendor.js (age-encryption and the @noble/@scure
# libraries, pinned with their integrity hashes in js/package-lock.json), and the pages' Subresource
# Integrity hashes: `npm ci` from the npm registry, then a deterministic esbuild (js/build.mjs).
js: bootstrap
	@cd js && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && node build.mjs

# Screenshots of every screen, in French, from a demo vault with made-up data, into
# docs/screenshots/ (runs under xvfb-run; SCALE=2 for a 200 % check into docs/screenshots/x2/).
screenshots: bootstrap translations
	@xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) scripts/screenshots.py $(if $(SCALE),--scale $(SCALE))

# Benchmarks (not tests): `make bench` runs every bench/*.py in turn (files starting with `_` are
# helpers), `make bench-seal` only bench/seal.py. Options go in BENCH_ARGS, e.g.
# `make bench-seal BENCH_ARGS="--size 256M --repeat 5"`. Figures: docs/performance.md.
bench: bootstrap
	@set -e; for b in $(sort $(filter-out bench/_%,$(wildcard bench/*.py))); do \
		echo "== $$b"; $(PY) $$b $(BENCH_ARGS); done

bench-%: bootstrap
	@$(PY) bench/$*.py $(BENCH_ARGS)

# Fuzzing (atheris/libFuzzer): every fuzz/targets/*.py for FUZZ_SECONDS seconds (default 60), one
# after the other on one core, then a table of executions, exec/s and coverage per target.
# `make fuzz FUZZ_TARGETS="age_file proof"` runs only those. Crashes: fuzz/crashes/.
fuzz: bootstrap
	@$(PY) fuzz/run.py --seconds $(or $(FUZZ_SECONDS),60) $(FUZZ_TARGETS)

# Crash consistency: kills every vault and relay operation CRASH_KILLS times (default 100; SIGKILL
# and SIGTERM in turn) at seeded random moments and checks the vault, the audit chain, the relay
# transfers and that no plaintext is left (reliability/crash/). Options: CRASH_ARGS, e.g.
# `make crash CRASH_KILLS=20 CRASH_ARGS="--seed 7 --ops export,seal --minutes 30"`.
crash: bootstrap
	@$(PY) -m reliability.crash --kills $(or $(CRASH_KILLS),100) $(CRASH_ARGS)

# The release for this platform (docs/packaging.md): PyInstaller one-folder bundle, Debian package
# and CycloneDX SBOM into dist/release/, then the signed release manifest (docs/releases.md).
# RELEASE_KEY=FILE is the publisher's signing key; without it a THROWAWAY test key is made under
# dist/ (said loudly): such a release is for tests only. The manifest takes the version the build
# wrote (build/dist/meta/VERSION), not git's again: a commit landing mid-build cannot split them.
RELEASE_DIR := dist/release
THROWAWAY_KEY := dist/throwaway-release-key
dist: bootstrap translations
	@scripts/dist/build_tools.sh
	@if [ -z "$(RELEASE_KEY)" ]; then scripts/dist/throwaway_key.sh $(THROWAWAY_KEY); fi
	@rm -rf $(RELEASE_DIR)
	@RELEASE_KEY=$(or $(RELEASE_KEY),$(THROWAWAY_KEY)) scripts/dist/build.sh $(RELEASE_DIR)
	$(PY) scripts/release.py sign $(RELEASE_DIR) --key $(or $(RELEASE_KEY),$(THROWAWAY_KEY)) \
		--version "$$(cat build/dist/meta/VERSION)"
	@if [ -z "$(RELEASE_KEY)" ]; then scripts/dist/throwaway_key.sh --warn $(THROWAWAY_KEY); fi

# Regenerates the hash-locked requirement files from requirements/*.in (needs network access).
lock:
	$(PY) -m pip install -q uv
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header runtime.in -o runtime.txt
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header test.in -o test.txt
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header build.in -c test.txt -o build.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
