"""What the French-interface tests look for in a built window, as plain functions.

`mnemonic_clashes(window)` and `literal_ampersands(window)` walk a window's widgets the way a
user meets them: the widgets visible together share the Alt+letter keys (buttons, labels with a
buddy, group boxes, tab titles, the menu bar's titles), each menu has its own letters, and
each page of a tab widget, a stack or a wizard is looked at in turn. `french_translators`
compiles the committed `.ts` files (once per version of each) into a temporary folder and
installs them, so the checks see exactly what a French user sees (the working tree's `.qm`
files may be stale).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTabBar,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
    QWizard,
)

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent

_MARK = re.compile(r"&(?!&)(.)")


def mnemonic(text: str) -> str | None:
    """The Alt+ letter of a text ('&Ouvrir' -> 'o'), None without one; '&&' is a plain '&'."""
    found = _MARK.search(text.replace("&&", ""))
    return found.group(1).lower() if found and not found.group(1).isspace() else None


# .qm bytes by the SHA-256 of their .ts file: lrelease runs once per worker and per version of a
# file (some 3 CPU seconds for all the files), not once per French test. An edited .ts file has
# another digest, so it is compiled again.
_QM_CACHE: dict[bytes, bytes] = {}


def _compiled(ts: Path, folder: Path) -> bytes:
    source = ts.read_bytes()
    digest = hashlib.sha256(source).digest()
    if digest not in _QM_CACHE:
        staged = folder / (ts.stem + ".staged.ts")
        staged.write_bytes(source)  # what is compiled is exactly what was hashed
        target = folder / (ts.stem + ".qm")
        subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(staged), "-qm",
                        str(target)], check=True, capture_output=True)
        staged.unlink()
        _QM_CACHE[digest] = target.read_bytes()
    return _QM_CACHE[digest]


@contextmanager
def french_translators(app: QCoreApplication, folder: Path) -> Iterator[None]:
    import ui.i18n as i18n

    for ts in sorted(TRANSLATIONS.glob("*_fr.ts")):
        (folder / (ts.stem + ".qm")).write_bytes(_compiled(ts, folder))
    saved, locale = i18n.TRANSLATIONS_DIR, QLocale()
    i18n.TRANSLATIONS_DIR = folder
    try:
        assert i18n.install_translators(app, "fr") == "fr"
        yield
    finally:
        i18n.remove_translators(app)
        i18n.TRANSLATIONS_DIR = saved
        QLocale.setDefault(locale)  # the next tests format dates in the locale they had


@pytest.fixture
def french(qapp: QCoreApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The French interface, from the committed .ts files, for the length of a test."""
    with french_translators(qapp, tmp_path_factory.mktemp("qm")):
        yield


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget is window or widget.isVisibleTo(window)


def _keyed_texts(window: QWidget) -> list[str]:
    """Every text whose mnemonic answers Alt+letter in `window` as it stands now."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or widget.window() is not window.window():
            continue
        if isinstance(widget, QAbstractButton) and not isinstance(widget.parent(), QTabBar):
            texts.append(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None \
                and _shown(widget.buddy(), window):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QMenuBar):
            texts.extend(a.text() for a in widget.actions() if a.isVisible())
    return texts


def _clashes_in(texts: list[str], where: str) -> list[str]:
    seen: dict[str, str] = {}
    found = []
    for text in texts:
        letter = mnemonic(text)
        if letter is None:
            continue
        if letter in seen and seen[letter] != text:
            found.append(f"{where}: Alt+{letter.upper()} is both {seen[letter]!r} and {text!r}")
        seen.setdefault(letter, text)
    return found


def _menus(window: QWidget) -> list[QMenu]:
    menus: list[QMenu] = []
    pending = [a.menu() for bar in window.findChildren(QMenuBar) for a in bar.actions()]
    while pending:
        menu = pending.pop()
        if isinstance(menu, QMenu) and menu not in menus:
            menus.append(menu)
            pending.extend(a.menu() for a in menu.actions())
    return menus


def _pages(window: QWidget) -> Iterator[str]:
    """Show each tab of every tab widget in turn (yielding its name). Stacks are not forced:
    their page follows the window's state (the tests set each state themselves)."""
    yield type(window).__name__
    for tabs in window.findChildren(QTabWidget):
        if not _shown(tabs, window):
            continue
        before = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield f"{type(window).__name__} / tab {tabs.tabText(index)!r}"
        tabs.setCurrentIndex(before)


def mnemonic_clashes(window: QWidget) -> list[str]:
    """'Window / page: Alt+X is both … and …' for every letter used twice where it counts."""
    found: list[str] = []
    for where in _pages(window):
        found += _clashes_in(_keyed_texts(window), where)
    for menu in _menus(window):
        found += _clashes_in([a.text() for a in menu.actions() if a.isVisible()],
                             f"{type(window).__name__} menu {menu.title()!r}")
    if isinstance(window, QWizard):
        buttons = [window.buttonText(b) for b in (QWizard.WizardButton.BackButton,
                                                  QWizard.WizardButton.NextButton,
                                                  QWizard.WizardButton.FinishButton,
                                                  QWizard.WizardButton.CancelButton)]
        for page_id in window.pageIds():
            page = window.page(page_id)
            texts = [t for t in _keyed_texts(page)] + buttons
            found += _clashes_in(texts, f"{type(window).__name__} page {type(page).__name__}")
    return sorted(set(found))


def _literal_amp(text: str) -> bool:
    # "Dubois & Associés" reads well; "&Nom" or "&&" where Qt shows the text as is does not.
    return re.search(r"&\S", text) is not None


def literal_ampersands(window: QWidget) -> list[str]:
    """Texts that would show a bare '&' or a stray mnemonic: a label without buddy, a title,
    a placeholder, a column header; or a button/action with two mnemonics."""
    found: list[str] = []
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if widget.isWindow() and _literal_amp(widget.windowTitle()):
            found.append(f"window title {widget.windowTitle()!r}")
        if isinstance(widget, QLabel) and widget.buddy() is None \
                and widget.textFormat() != Qt.TextFormat.RichText \
                and not widget.text().lstrip().startswith("<") and _literal_amp(widget.text()):
            found.append(f"label without buddy {widget.text()!r}")
        if isinstance(widget, QLineEdit) and _literal_amp(widget.placeholderText()):
            found.append(f"placeholder {widget.placeholderText()!r}")
        heads = (widget.horizontalHeader() if isinstance(widget, QTableView)
                 else widget.header() if isinstance(widget, QTreeView) else None)
        if heads is not None and widget.model() is not None:
            for column in range(heads.count()):
                header = widget.model().headerData(column, Qt.Orientation.Horizontal)
                if isinstance(header, str) and _literal_amp(header):
                    found.append(f"column header {header!r}")
        keyed = []
        if isinstance(widget, QAbstractButton):
            keyed.append(widget.text())
        keyed += [a.text() for a in widget.actions()]
        for text in keyed:
            if len(_MARK.findall(text.replace("&&", ""))) > 1:
                found.append(f"two mnemonics in {text!r}")
    for menu in _menus(window):
        for action in menu.actions():
            if len(_MARK.findall(action.text().replace("&&", ""))) > 1:
                found.append(f"two mnemonics in {action.text()!r}")
    return sorted(set(found))


@pytest.fixture(params=["fr", "en"])
def each_language(request: pytest.FixtureRequest, qapp: QCoreApplication,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """French (from the committed .ts files), then the English source strings: a page's
    Alt+letters must be distinct in both, since a user may choose either in the settings."""
    if request.param == "fr":
        with french_translators(qapp, tmp_path_factory.mktemp("qm")):
            yield "fr"
        return
    import ui.i18n as i18n

    locale = QLocale()
    assert i18n.install_translators(qapp, "en") == "en"
    try:
        yield "en"
    finally:
        i18n.remove_translators(qapp)
        QLocale.setDefault(locale)
