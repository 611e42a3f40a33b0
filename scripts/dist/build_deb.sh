#!/usr/bin/env bash
# Builds the Debian package from a PyInstaller bundle (docs/packaging.md §The Debian package):
#   scripts/dist/build_deb.sh BUNDLE VERSION META OUT
# BUNDLE the one-folder bundle, META the folder holding icons/ (scripts/dist/icons.py), OUT where
# scelle_<version>_amd64.deb goes. No maintainer scripts: the icon cache and the desktop entries'
# database are refreshed by the triggers of the packages that own them (hicolor-icon-theme,
# desktop-file-utils); nothing is created at run time outside the user's own folders.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=$1 VERSION=$2 META=$3 OUT=$4
umask 022
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT

install -d "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" "$ROOT/etc/scelle" \
  "$ROOT/usr/share/doc/scelle" "$ROOT/usr/share/icons/hicolor/scalable/apps" "$ROOT/DEBIAN"
cp -a "$BUNDLE" "$ROOT/opt/scelle"
ln -s /opt/scelle/scelle "$ROOT/usr/bin/scelle"  # the command line on the PATH
install -m 644 packaging/scelle.desktop "$ROOT/usr/share/applications/scelle.desktop"
install -m 644 resources/icons/scelle.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/"
cp -r "$META/icons/hicolor/." "$ROOT/usr/share/icons/hicolor/"
# The policy sample is inert (the application reads only /etc/scelle/policy.json); its README
# explains each setting, since JSON has no comments. Both are conffiles: an administrator's
# edits survive upgrades.
install -m 644 packaging/policy.json.sample packaging/README.policy "$ROOT/etc/scelle/"
install -m 644 packaging/debian/copyright "$ROOT/usr/share/doc/scelle/copyright"
install -m 644 packaging/debian/conffiles "$ROOT/DEBIAN/conffiles"
# The same files whatever umask or ownership the build saw: directories 755, files 644,
# programs 755; shared libraries 644 as Debian ships them (PyInstaller leaves them executable).
find "$ROOT" -type d -exec chmod 755 {} +
find "$ROOT" -type f ! -perm -u+x -exec chmod 644 {} +
find "$ROOT" -type f -perm -u+x -exec chmod 755 {} +
find "$ROOT" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 644 {} +

mapfile -t relations < <(.venv/bin/python scripts/dist/deb_depends.py "$BUNDLE")
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
cat >"$ROOT/DEBIAN/control" <<EOF
Package: scelle
Version: $VERSION
Architecture: amd64
Maintainer: Scellé <packaging@scelle.example>
Installed-Size: $SIZE
${relations[0]}
${relations[1]}
Section: utils
Priority: optional
Homepage: https://scelle.example
Description: encrypted vault and sealed files for confidential professions
 Scellé keeps a professional's confidential files in an encrypted vault
 (SQLCipher), unlocked with a passphrase and a second factor (smart card,
 security key or TOTP), and exchanges them as sealed files (age-compatible)
 with signed proofs.
 .
 The application is a self-contained bundle under /opt/scelle (Python, Qt
 and the libraries listed in its CycloneDX SBOM); the scelle command is the
 same program. An example workstation policy is in
 /etc/scelle/policy.json.sample (not active).
EOF
find "$ROOT" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zgzip --build "$ROOT" "$OUT/scelle_${VERSION}_amd64.deb" >/dev/null
echo "dist: $OUT/scelle_${VERSION}_amd64.deb"
