#!/usr/bin/env bash
# Runs the whole suite with the real services it needs: a private D-Bus session with an unlocked
# gnome-keyring (Secret Service). SoftHSM2 tokens are created per test session by the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
exec dbus-run-session -- scripts/in-session-tests.sh "$@"
