#!/usr/bin/env bash
# Runs the whole suite with the real services it needs: a private D-Bus session with an unlocked
# gnome-keyring (Secret Service). SoftHSM2 tokens are created per test session by the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
# The suite's processes never write bytecode (above, and in the tests' child environments), but
# they read it: compile our packages once, as an installation does, so that each of the
# suite's thousands of `scelle` and `scelle-relay` processes does not compile some 200 of our
# modules again (0.2 s of CPU each: docs/reliability.md, "The test suite's time").
.venv/bin/python -m compileall -q -j 0 app cli crypto storage relay ui scelle reliability \
    tests/support >/dev/null
exec dbus-run-session -- scripts/in-session-tests.sh "$@"
