#!/usr/bin/env bash
# Compiles every resources/translations/*_fr.ts into its .qm (git-ignored), with lrelease.
#   scripts/translations.sh            compile (what `make translations`, `make run` and
#                                      `make test` do)
#   scripts/translations.sh update-shell
#                                      re-extract the shell's strings into shell_fr.ts (keeps
#                                      existing translations; new ones are "unfinished")
# Each GUI area keeps its own <area>_fr.ts; tests/ui/test_translations.py checks that every
# string in ui/ has a finished French translation in one of them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
case "${1:-compile}" in
  compile)
    shopt -s nullglob
    for ts in resources/translations/*_fr.ts; do
      "$BIN/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
    done ;;
  update-shell)
    # shellcheck disable=SC2046  # the list holds globs, expanded here on purpose
    "$BIN/pyside6-lupdate" $(cat scripts/shell-sources.txt) -no-obsolete -target-language fr_FR \
      -ts resources/translations/shell_fr.ts ;;
  *) echo "usage: $0 [compile|update-shell]" >&2; exit 2 ;;
esac
