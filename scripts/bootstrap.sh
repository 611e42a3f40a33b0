#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine for Scellé: system packages (as root), then the virtual
# environment from the hash-locked requirements. Idempotent; `make run` and `make test` call it.
set -euo pipefail
cd "$(dirname "$0")/.."

REQS=${1:-requirements/test.txt}
PY=${PYTHON:-python3}

# Debian packages: `age` is the interoperability peer, softhsm2 the PKCS#11 token for tests,
# gnome-keyring + dbus the Secret Service keyring, opensc's pkcs11-tool for token set-up,
# PostgreSQL for the relay's second storage back end, Qt's runtime libraries and Xvfb for the GUI,
# x11-utils' xwininfo to see the frozen application's window under Xvfb (tests/dist/), nginx and
# systemd's systemd-analyze to check the relay's deployment files (tests/relay/test_deploy_files.py),
# chromium for the intake page's browser tests (tests/intake_page/, driven by Playwright with this
# browser: Playwright never downloads one), Node.js and npm for `make js` (the page's bundle).
DEB_PACKAGES=(age softhsm2 gnome-keyring dbus dbus-daemon opensc libnss3-tools
  postgresql nginx systemd xvfb xauth x11-utils fonts-dejavu-core
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1 chromium)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js may come from elsewhere (NodeSource ships npm inside its nodejs): Debian's only if absent.
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
    echo "bootstrap: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

stamp=.venv/.installed-$(sha256sum "$REQS" pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r "$REQS"
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . >/dev/null
  rm -f .venv/.installed-*
  touch "$stamp"
fi
