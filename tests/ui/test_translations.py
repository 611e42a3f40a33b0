"""Every visible string in ui/ has a finished French translation in a committed *_fr.ts file.

`pyside6-lupdate` extracts the strings of every ui/ module into a temporary .ts; each
(context, source) pair must appear, translated and finished, in one of
resources/translations/*_fr.ts. The failure message names the missing strings and their files.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent


def _messages(ts: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(context, source) -> (translation, type) for every message of a .ts file."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            forms = [f.text or "" for f in message.iter("numerusform")]
            if forms:  # plural forms (%n): all of them must be written
                text = forms[0] if all(f.strip() for f in forms) else ""
            kind = translation.get("type", "") if translation is not None else "unfinished"
            location = message.find("location")
            where = location.get("filename", "") if location is not None else ""
            found[(name, message.findtext("source") or "")] = (text, kind or where)
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[tuple[str, str], tuple[str, str]]:
    out = tmp_path_factory.mktemp("lupdate") / "all_fr.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(out)], check=True,
                   capture_output=True, cwd=ROOT)
    result = _messages(out)
    assert result, "lupdate found no strings in ui/"
    return result


@pytest.fixture(scope="module")
def committed() -> dict[tuple[str, str], tuple[str, str]]:
    merged: dict[tuple[str, str], tuple[str, str]] = {}
    for ts in sorted(TRANSLATIONS.glob("*_fr.ts")):
        for key, value in _messages(ts).items():
            if value[1] not in ("unfinished", "vanished", "obsolete") and value[0].strip():
                merged[key] = value
    return merged


def test_every_ui_string_has_a_finished_french_translation(extracted, committed):
    missing = [f"{context} | {source!r} ({where})"
               for (context, source), (_, where) in sorted(extracted.items())
               if (context, source) not in committed]
    assert not missing, (f"{len(missing)} string(s) of ui/ lack a finished French translation "
                         "in resources/translations/*_fr.ts:\n" + "\n".join(missing))


def test_placeholders_and_line_breaks_survive_translation(committed):
    wrong = []
    for (context, source), (text, _) in committed.items():
        for mark in ("%1", "%2", "%3", "\n", "{"):
            if source.count(mark) != text.count(mark):
                wrong.append(f"{context} | {source!r} -> {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_ts_files_compile_and_french_is_loaded(tmp_path, qapp, monkeypatch):
    import ui.i18n as i18n

    for ts in TRANSLATIONS.glob("*_fr.ts"):
        subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm",
                        str(tmp_path / (ts.stem + ".qm"))], check=True, capture_output=True)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    try:
        assert i18n.install_translators(qapp, None) == "fr"  # French unless English asked
        from ui.unlock.window import UnlockWindow
        from PySide6.QtCore import QCoreApplication

        assert QCoreApplication.translate("UnlockWindow", "&Unlock") == "&Déverrouiller"
        assert UnlockWindow.tr  # noqa: B018 - the class context exists
        monkeypatch.setenv("LANG", "en_GB.UTF-8")
        assert i18n.install_translators(qapp, None) == "en"
        assert QCoreApplication.translate("UnlockWindow", "&Unlock") == "&Unlock"
        assert i18n.install_translators(qapp, "fr") == "fr"  # the setting wins
    finally:
        i18n.remove_translators(qapp)
