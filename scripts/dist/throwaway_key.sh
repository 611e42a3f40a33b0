#!/usr/bin/env bash
# `make dist` without RELEASE_KEY: a throwaway signing key, and a warning nobody can miss.
#   scripts/dist/throwaway_key.sh KEYFILE          make KEYFILE if missing, warn
#   scripts/dist/throwaway_key.sh --warn KEYFILE   warn again (after the build's output)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$1" != --warn ] && [ ! -f "$1" ]; then
  mkdir -p "$(dirname "$1")"
  .venv/bin/python scripts/release.py keygen "$1" >/dev/null
fi
KEY=${2:-$1}
cat >&2 <<WARNING
########################################################################################
# WARNING: no RELEASE_KEY given. This release is signed with a THROWAWAY TEST KEY
# ($KEY), which no workstation trusts. Do not publish it.
# A real release: make dist RELEASE_KEY=/path/to/the/publisher/key (docs/releases.md).
########################################################################################
WARNING
