"""Translations: English source strings in the code, French (the default) in `.ts` files.

Write every visible string in English with ``self.tr("…")`` in a QObject subclass, or
``QCoreApplication.translate("Context", "…")`` elsewhere (a literal context and a literal
string: `pyside6-lupdate` only extracts literals). Each GUI area keeps its French in its own
`resources/translations/<area>_fr.ts` (shell, documents, exchange…); `make translations`
compiles every `*_fr.ts` into a `.qm` next to it and `install_translators` loads them all,
after Qt's own catalogue (`qtbase_fr.qm`, shipped with PySide6 and copied into the packaged
application by PyInstaller's hook) so that `qtdialogs_fr.ts` fills what that catalogue lacks.
It also makes Qt's file dialogs show sizes and dates as the rest of the interface does
(`ui/common/file_dialogs.py`).

Language choice, in order: the user's setting (`"fr"`/`"en"`, passed by the caller), then the
environment: if `LANGUAGE` or `LANG` (or `LC_ALL`/`LC_MESSAGES`) starts with ``en`` the English
source strings are used, anything else (French, unset, German…) gives French.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.common.file_dialogs import install_file_dialog_formats

#: The languages offered in the settings, with their own names.
LANGUAGES: dict[str, str] = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

_installed: list[QTranslator] = []
_current = {"language": DEFAULT_LANGUAGE}


def translations_dir() -> Path:
    """Where the compiled `.qm` files are (next to the sources, or in a PyInstaller bundle)."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "translations"
    return TRANSLATIONS_DIR


def choose_language(setting: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str:
    """The language to use: the setting if valid, else `en` for an English locale, else `fr`."""
    if setting in LANGUAGES:
        return str(setting)
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            # LANGUAGE may be a list ("en_GB:fr"); the first entry wins.
            first = value.split(":")[0].lower()
            if first in {"c", "posix"} or first.startswith("c."):
                continue
            return "en" if first.startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    """Load every `resources/translations/*_<lang>.qm` (and Qt's own) into `app`.

    `language` is the user's setting (None: follow the environment). Calling again replaces
    the previously installed translators. Returns the language chosen.
    """
    remove_translators(app)
    lang = choose_language(language)
    _current["language"] = lang
    QLocale.setDefault(QLocale(QLocale.Language.French if lang == "fr"
                               else QLocale.Language.English))
    install_file_dialog_formats(app)
    if lang == "en":
        return lang  # English is the source language: nothing to load
    folder = translations_dir()
    files = sorted(folder.glob(f"*_{lang}.qm")) if folder.is_dir() else []
    # Qt's own strings (standard buttons, file dialogs, the wizard's buttons) first: a
    # translator installed later is asked first, so ours (qtdialogs_fr: strings qtbase_fr
    # lacks) override it.
    _load_first(app, [str(d / f"qtbase_{lang}.qm") for d in _qt_translation_dirs()])
    for qm in files:
        _load(app, str(qm))
    return lang


def _qt_translation_dirs() -> list[Path]:
    """Where Qt's catalogues may be: Qt's own answer, then PySide6's folder (in a PyInstaller
    bundle, where Qt's answer may point outside it, the hook copies them there)."""
    import PySide6

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).resolve().parent / "Qt" / "translations"]


def _load_first(app: QCoreApplication, paths: list[str]) -> None:
    for path in paths:
        if Path(path).is_file():
            _load(app, path)
            return


def _load(app: QCoreApplication, path: str) -> None:
    translator = QTranslator(app)
    if translator.load(path):
        app.installTranslator(translator)
        _installed.append(translator)


def remove_translators(app: QCoreApplication) -> None:
    while _installed:
        app.removeTranslator(_installed.pop())


def current_language() -> str:
    """The language chosen by the last `install_translators` call."""
    return _current["language"]
