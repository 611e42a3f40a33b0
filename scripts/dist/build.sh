#!/usr/bin/env bash
# Builds the release artifacts for this platform into OUT (docs/packaging.md):
#   [RELEASE_KEY=KEYFILE] scripts/dist/build.sh OUT [WORK]
#   OUT/scelle-<version>-linux-x86_64.tar.gz   the one-folder bundle (folder `scelle/` inside)
#   OUT/scelle_<version>_amd64.deb             the Debian package (when dpkg-deb is present)
#   OUT/scelle-<version>.cdx.json              the CycloneDX SBOM (also inside the bundle)
# OUT holds nothing else (scripts/release.py signs every file in it). WORK (default build/dist)
# keeps PyInstaller's work folder between builds and the unpacked bundle (WORK/bundle/scelle).
# With RELEASE_KEY, the bundle's own manifest is signed (scripts/release.py sign-bundle: the
# application checks it at start when the policy pins publisher keys) before it is packed.
# Called by `make dist` and by tests/dist/; expects the venv with requirements/build.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$(realpath -m "${1:?usage: scripts/dist/build.sh OUT [WORK]}")
WORK=$(realpath -m "${2:-build/dist}")
PY=.venv/bin/python
umask 022  # a package's files are world-readable; nothing secret is built here

# The version from git (app/version.py); SCELLE_VERSION overrides it only to pin the value a
# caller already took from git (tests/dist/ does, so that a commit landing mid-build cannot differ).
VERSION=${SCELLE_VERSION:-$("$PY" -m app.version)}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PLATFORM=linux-x86_64 ;;
  Linux-aarch64) PLATFORM=linux-aarch64 ;;
  *) PLATFORM=$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m) ;;
esac
echo "dist: Scellé $VERSION for $PLATFORM into $OUT"
# Reproducible times: every file of the tarball and the package gets the commit's date.
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH

BUNDLE="$WORK/bundle/scelle"
mkdir -p "$OUT" "$WORK/meta" "$WORK/bundle"
rm -rf "$BUNDLE" "$WORK/meta"/*
printf '%s\n' "$VERSION" >"$WORK/meta/VERSION"
QT_QPA_PLATFORM=offscreen "$PY" scripts/dist/icons.py resources/icons/scelle.svg "$WORK/meta"

SCELLE_BUILD_DIR="$WORK/meta" "$PY" -m PyInstaller build.spec --noconfirm --log-level WARN \
  --distpath "$WORK/pyinstaller-dist" --workpath "$WORK/pyinstaller-work"
mv "$WORK/pyinstaller-dist/scelle" "$BUNDLE"

SBOM="$OUT/scelle-$VERSION.cdx.json"
"$PY" scripts/dist/sbom.py --version "$VERSION" --bundle "$BUNDLE" \
  --toc "$WORK/pyinstaller-work/build/PYZ-00.toc" -o "$SBOM"
cp "$SBOM" "$BUNDLE/_internal/"
if [ -n "${RELEASE_KEY:-}" ]; then
  "$PY" scripts/release.py sign-bundle "$BUNDLE" --key "$RELEASE_KEY" --version "$VERSION"
fi

tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$WORK/bundle" -czf "$OUT/scelle-$VERSION-$PLATFORM.tar.gz" scelle
if [ "$PLATFORM" = linux-x86_64 ] && command -v dpkg-deb >/dev/null; then
  scripts/dist/build_deb.sh "$BUNDLE" "$VERSION" "$WORK/meta" "$OUT"
fi
ls -l "$OUT"
