"""The French of every committed .ts file, read as text: typography, one size style, gender
agreement where it can be told, mnemonics kept; and ui/ shows sizes and fingerprints one way.

What a window shows at run time (two Alt+letters on one page, a bare '&') is checked by
test_french_mnemonics.py; the Qt dialogs by test_french_qt_dialogs.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"

# Argon2id's memory cost is a parameter set in MiB (the policy's `min_kdf_memory_mib`): the
# About dialog shows it in that unit on purpose, not as a file size.
UNIT_EXCEPTIONS = {("AboutDialog", "Argon2id, %1 MiB, t = %2, p = %3")}

# Placeholders for a missing value whose French must agree with the noun it stands for.
AGREEMENT = {
    ("MessageView", "(no reference)"): "(aucune)",  # une référence
    ("MessageView", "(no subject)"): "(sans objet)",
    ("MessageView", "None"): "Aucune",  # une expiration
    ("ContactDetails", "No organisation"): "Aucune organisation",
}
FEMININE = ("référence", "organisation", "date", "clé", "phrase de passe", "carte", "empreinte",
            "signature", "preuve", "enveloppe", "adresse")
MASCULINE = ("document", "dossier", "contact", "fichier", "pli", "code", "support", "relais",
             "coffre", "message", "destinataire")


def _messages() -> list[tuple[str, str, str, str]]:
    """(file, context, source, translation) of every finished message."""
    found = []
    for ts in sorted(TRANSLATIONS.glob("*_fr.ts")):
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "vanished",
                                                                      "obsolete"):
                    continue
                found.append((ts.name, name, message.findtext("source") or "",
                              translation.text or ""))
    return found


def _report(wrong: list[str], what: str) -> None:
    assert not wrong, f"{len(wrong)} translation(s) with {what}:\n" + "\n".join(wrong)


def test_non_breaking_space_before_double_punctuation_and_inside_guillemets() -> None:
    wrong = [f"{f} {c} | {t!r}" for f, c, _, t in _messages()
             if re.search(r"[ \w)][:;!?»](?!//)(?=\s|$)|«(?!\u00a0)", t.replace("\u202f", "\u00a0"))
             and not re.search(r"https?:|%\d:", t)]
    _report(wrong, "a plain or missing space before : ; ! ? » (use U+00A0)")


def test_typographic_apostrophes() -> None:
    wrong = [f"{f} {c} | {t!r}" for f, c, _, t in _messages() if "'" in t]
    _report(wrong, "a straight apostrophe (use ’)")


def test_one_size_style_decimal_ko_mo_go() -> None:
    units = re.compile(r"\b(KB|MB|GB|TB|KiB|MiB|GiB|Kio|Mio|Gio|Tio|kB)\b")
    wrong = [f"{f} {c} | {s!r} -> {t!r}" for f, c, s, t in _messages()
             if units.search(t) and (c, s) not in UNIT_EXCEPTIONS]
    _report(wrong, "a size unit other than octets/Ko/Mo/Go/To")


def test_gender_agreement() -> None:
    by_key = {(c, s): t for _, c, s, t in _messages()}
    wrong = [f"{key}: {by_key.get(key)!r}, expected {want!r}" for key, want in AGREEMENT.items()
             if key in by_key and by_key[key] != want]
    for f, c, _, t in _messages():
        for noun in FEMININE:
            if re.search(rf"\baucun {noun}\b", t, re.IGNORECASE):
                wrong.append(f"{f} {c} | {t!r}: « aucune {noun} »")
        for noun in MASCULINE:
            if re.search(rf"\baucune {noun}\b", t, re.IGNORECASE):
                wrong.append(f"{f} {c} | {t!r}: « aucun {noun} »")
    _report(wrong, "a gender that does not agree")


def test_mnemonics_survive_translation() -> None:
    def marks(text: str) -> int:
        return len(re.findall(r"&[^&\s]", text.replace("&&", "")))

    wrong = [f"{f} {c} | {s!r} -> {t!r}" for f, c, s, t in _messages()
             if marks(s) != marks(t) or marks(t) > 1 or "&&" in t]
    _report(wrong, "a mnemonic lost, added, doubled or an '&&'")


def test_ui_formats_sizes_and_fingerprints_in_one_place() -> None:
    """Sizes only through ui/common/formatting.format_size, fingerprints only through
    ui/common/widgets (fingerprint_text, short_fingerprint_text)."""
    wrong = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if "formattedDataSize(" in text:
            wrong.append(f"{name}: QLocale.formattedDataSize (binary Kio/Mio): use format_size")
        if name != "ui/common/widgets.py" and re.search(
                r"fingerprint_hex\[|format_fingerprint\(|fingerprint\w*\)?\.hex\(\)\[|"
                r"fingerprint_text\([^)]*\)\.split", text):
            wrong.append(f"{name}: formats a fingerprint itself: use fingerprint_text or "
                         "short_fingerprint_text")
    assert not wrong, "\n".join(wrong)
