#!/usr/bin/env bash
# Inside dbus-run-session: start gnome-keyring with a throw-away password, then pytest.
set -euo pipefail
export GNOME_KEYRING_CONTROL
KEYRING_HOME=$(mktemp -d)
trap 'rm -rf "$KEYRING_HOME"' EXIT
export XDG_DATA_HOME="$KEYRING_HOME/data" XDG_RUNTIME_DIR="$KEYRING_HOME/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
eval "$(printf 'test-keyring-password' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
[ $rc = 5 ] && { echo "no tests were collected" >&2; exit 1; }
exit $rc
