"""The main window in French on a real vault: one Alt+letter per letter among the menu bar's
titles and the window's fields and buttons, one per letter inside each menu (the relay's menu
included), and no '&' shown as such."""

from __future__ import annotations

from tests.ui.documents_fixtures import (  # noqa: F401  (fixtures)
    documents_root,
    make_window,
    notary,
    prompts,
)
from tests.ui.french_checks import each_language, french, literal_ampersands, mnemonic_clashes  # noqa: F401


def test_main_window_and_its_menus(each_language, qtbot, notary, make_window) -> None:
    window = make_window(notary.session)  # the relay's menu is installed by the window
    problems = mnemonic_clashes(window) + literal_ampersands(window)
    assert not problems, "\n".join(problems)
