#!/usr/bin/env bash
# Installs the build tools (requirements/build.txt: PyInstaller, cyclonedx-bom, hash-locked)
# into the project's venv, once per version of the lock file. Only `make dist` and tests/dist/
# call it: the tools never reach a user's machine, and `make run` does not need them.
set -euo pipefail
cd "$(dirname "$0")/../.."
stamp=.venv/.build-tools-$(sha256sum requirements/build.txt | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements/build.txt
  rm -f .venv/.build-tools-*
  touch "$stamp"
fi
