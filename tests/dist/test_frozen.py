"""The frozen application (PyInstaller bundle from the release tarball) works on its own.

It runs the executable the tarball holds, never the venv's code: its version, its contents
(Qt plugins, translations, SQLCipher, PDFium, python-pkcs11; no SoftHSM), a full command-line
round trip between two vaults on a SoftHSM2 token, and the desktop application reaching its
unlock window (offscreen, and on X11 under Xvfb with the window's French title).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.dist.conftest import ROOT, Release
from tests.support.softhsm import SOFTHSM_LIB, SoftHsm

# The first test of a run waits for the build (minutes; tests/dist/conftest.py): the suite-wide
# 600 s timeout, which counts fixture set-up, would be too tight on a loaded machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]
PASSPHRASE = "une phrase de passe assez longue pour le coffre figé, é"
_HANG_GUARD_SECONDS = 120  # against a hung child, not a performance assertion
UNLOCK_TITLE_FR = "Scellé — Déverrouiller le coffre"


def frozen(release: Release, *args: str | os.PathLike[str],
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([str(release.executable), *map(str, args)], capture_output=True,
                          text=True, env=environment, timeout=_HANG_GUARD_SECONDS,
                          stdin=subprocess.DEVNULL, start_new_session=True)


def ok(release: Release, *args: str | os.PathLike[str]) -> str:
    done = frozen(release, *args)
    assert done.returncode == 0, f"scelle {' '.join(map(str, args))}: {done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def test_version_is_the_git_version_everywhere(release: Release, tmp_path: Path) -> None:
    assert ok(release, "--version") == f"scelle {release.version}\n"
    # Started through a link, as /usr/bin/scelle is: the bundle still finds its own folder.
    link = tmp_path / "bin" / "scelle"
    link.parent.mkdir()
    link.symlink_to(release.executable)
    done = subprocess.run([str(link), "--version"], capture_output=True, text=True, timeout=120)
    assert done.stdout == f"scelle {release.version}\n", done.stderr
    assert (release.bundle / "_internal" / "VERSION").read_text().strip() == release.version
    control = subprocess.run(["dpkg-deb", "--field", release.deb, "Version"], check=True,
                             capture_output=True, text=True).stdout.strip()
    assert control == release.version
    sbom = json.loads(release.sbom.read_text())
    assert sbom["metadata"]["component"]["version"] == release.version


def test_the_bundle_holds_what_the_application_loads(release: Release) -> None:
    internal = release.bundle / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so",
                   "platforms/libqwayland.so", "imageformats/libqsvg.so",
                   "iconengines/libqsvgicon.so", "xcbglintegrations/libqxcb-glx-integration.so"):
        assert (plugins / plugin).is_file(), plugin
    ours = {ts.with_suffix(".qm").name for ts in (ROOT / "resources" / "translations").glob(
        "*_fr.ts")}
    assert ours and ours <= {qm.name for qm in (internal / "resources" / "translations").iterdir()}
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_fr.qm").is_file()
    assert (internal / "resources" / "icons" / "scelle.svg").is_file()
    assert (internal / "resources" / "style.qss").is_file()
    assert list((internal / "sqlcipher3").glob("_sqlite3*.so"))  # SQLCipher, statically linked
    assert (internal / "pypdfium2_raw" / "libpdfium.so").is_file()
    assert list((internal / "pkcs11").glob("_pkcs11*.so"))
    names = [path.name.lower() for path in release.bundle.rglob("*")]
    assert not [name for name in names if "softhsm" in name]  # a test device, never shipped
    assert not [name for name in names if name in ("uvicorn", "fastapi", "relay", "pytest")]
    assert (internal / release.sbom.name).read_bytes() == release.sbom.read_bytes()


def _pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII) in Helvetica, with a correct cross-reference."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _new_vault(release: Release, hsm: SoftHsm, secrets: Path, folder: Path, key_id: bytes,
               name: str) -> list[str]:
    ok(release, "vault", "init", folder, "--factor", "pkcs11", "--pkcs11-module", SOFTHSM_LIB,
       "--token-serial", hsm.token_serial, "--key-id", key_id.hex(), "--pin-file",
       secrets / "pin", "--passphrase-file", secrets / "passphrase", "--name", name,
       "--role", "Avocat", "--org", "Barreau de Lyon", "--kdf-memory", "64", "--kdf-passes",
       "1", "--json")
    return ["--vault", str(folder), "--passphrase-file", str(secrets / "passphrase"),
            "--pin-file", str(secrets / "pin"), "--pkcs11-module", SOFTHSM_LIB]


def test_command_line_round_trip_between_two_vaults(release: Release, softhsm: SoftHsm,
                                                    tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "passphrase").write_text(PASSPHRASE + "\n")
    (secrets / "pin").write_text(softhsm.user_pin + "\n")
    alice = _new_vault(release, softhsm, secrets, tmp_path / "alice", softhsm.rsa_decrypt.key_id,
                       "Maître Alice Martin")
    bob = _new_vault(release, softhsm, secrets, tmp_path / "bob", softhsm.ec_derive.key_id,
                     "Lt Bob Durand")
    contact_ids = []
    for me, other, card in ((alice, bob, tmp_path / "bob.card.json"),
                            (bob, alice, tmp_path / "alice.card.json")):
        ok(release, *other, "identity", "-o", card)
        imported = json.loads(ok(release, *me, "contacts", "import", "--json", card))
        ok(release, *me, "contacts", "verify", str(imported["id"]), "--safety-number",
           str(imported["safety_number"]))
        contact_ids.append(imported["id"])

    source = tmp_path / "conclusions.pdf"
    source.write_bytes(_pdf("Conclusions confidentielles"))
    doc = json.loads(ok(release, *alice, "import", "--json", source))["imported"][0]["id"]
    # The PDF's text went into the search index through the bundled PDFium.
    assert [d["id"] for d in json.loads(ok(release, *alice, "search", "--json",
                                           "confidentielles"))] == [doc]
    fingerprint = json.loads(ok(release, *alice, "contacts", "show", str(contact_ids[0]),
                                "--json"))["fingerprint"]
    sealed = tmp_path / "pli.scelle"
    ok(release, *alice, "seal", "--to", str(fingerprint), "--subject", "Affaire 24/118", "-o",
       sealed, str(doc))
    assert b"confidentielles" not in sealed.read_bytes()
    got = json.loads(ok(release, *bob, "open", "--case", "Reçus", "--json", sealed))
    assert got["sender"]["verified"] is True
    received = json.loads(ok(release, *bob, "ls", "--case", "Reçus", "--json"))
    out = tmp_path / "copie.pdf"
    ok(release, *bob, "export", str(received[0]["id"]), "-o", out)
    assert out.read_bytes() == source.read_bytes()
    refused = frozen(release, *bob, "open", sealed)
    assert refused.returncode == 1 and "already received" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.fixture
def gui_home(release: Release, softhsm: SoftHsm, tmp_path: Path) -> dict[str, str]:
    """A user whose settings name an existing vault, so the application opens on Unlock."""
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "passphrase").write_text(PASSPHRASE + "\n")
    (secrets / "pin").write_text(softhsm.user_pin + "\n")
    vault = tmp_path / "vault"
    _new_vault(release, softhsm, secrets, vault, softhsm.rsa_decrypt.key_id, "Me Claire Dubois")
    config = tmp_path / "config"
    (config / "Scelle").mkdir(parents=True)
    (config / "Scelle" / "Scelle.conf").write_text(f"[vault]\npath={vault}\n")
    return {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(config), "LANG": "C.UTF-8",
            # French from LANGUAGE (ui/i18n.py): no fr_FR locale needs to be installed.
            "LANGUAGE": "fr", "XDG_DATA_HOME": str(tmp_path / "data")}


def _wait_and_stop(process: subprocess.Popen[str], seconds: float) -> tuple[int, str]:
    try:
        process.wait(timeout=seconds)  # it must not exit by itself
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=_HANG_GUARD_SECONDS)
    return process.returncode, err


def test_desktop_application_starts_offscreen(release: Release,
                                              gui_home: dict[str, str]) -> None:
    env = {**os.environ, **gui_home, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([str(release.executable)], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    status, err = _wait_and_stop(process, 5)
    # Still running after 5 s, then it quits through its own SIGTERM handler (128 + 15),
    # which only the running Qt event loop of ui/main.py answers.
    assert status == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "qt.qpa" not in err and "Could not" not in err, err


@pytest.mark.skipif(not (shutil.which("xvfb-run") and shutil.which("xwininfo")),
                    reason="needs xvfb-run and xwininfo (x11-utils, scripts/bootstrap.sh)")
def test_desktop_application_reaches_unlock_window_on_x11(release: Release,
                                                          gui_home: dict[str, str]) -> None:
    """The real desktop path: the xcb plugin, the bundled X libraries, the French catalogue."""
    # xwininfo prints window names in its locale's encoding: a UTF-8 one, to match the title.
    script = ('"$SCELLE" & pid=$!; for _ in $(seq 600); do '
              'if LC_ALL=C.UTF-8 xwininfo -root -tree | grep -qF "$TITLE"; then '
              'echo FOUND; break; fi; '
              'kill -0 $pid 2>/dev/null || break; sleep 0.1; done; '
              'kill -TERM $pid 2>/dev/null; wait $pid; echo "status $?"')
    env = {**os.environ, **gui_home, "SCELLE": str(release.executable), "TITLE": UNLOCK_TITLE_FR}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c",
                           script], env=env, capture_output=True, text=True,
                          timeout=_HANG_GUARD_SECONDS, stdin=subprocess.DEVNULL)
    assert "FOUND" in done.stdout, (done.stdout, done.stderr)
    assert f"status {128 + signal.SIGTERM}" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr
