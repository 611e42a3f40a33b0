"""crypto/text_rules.py: the display rule shared by typed text and text from senders."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from crypto.errors import ScelleError
from crypto.text_rules import check_text, shown, text_problem

CONTROL = "contains control characters"
FORMAT = "contains invisible formatting characters (zero-width, direction or similar marks)"
SEPARATOR = "contains a Unicode line or paragraph separator"
SURROGATE = "is not valid UTF-8 text (it holds undecodable bytes)"


class Bad(ScelleError):
    pass


@pytest.mark.parametrize("text", ["", "Dossier Martin", "Maître Dupont — Acte n° 12",
                                  "日本語", "emoji 😀", "a b\u00a0c", "x" * 10_000])
def test_ordinary_text_passes_both_rules(text: str) -> None:
    assert text_problem(text) is None
    assert text_problem(text, multiline=True) is None
    assert shown(text) == text


@pytest.mark.parametrize(("char", "problem"), [
    ("\x00", CONTROL), ("\x07", CONTROL), ("\x1b", CONTROL), ("\x7f", CONTROL),
    ("\x85", CONTROL), ("\x9f", CONTROL), ("\n", CONTROL), ("\t", CONTROL), ("\r", CONTROL),
    ("\u200b", FORMAT), ("\u200e", FORMAT), ("\u202e", FORMAT), ("\u2066", FORMAT),
    ("\u2060", FORMAT), ("\ufeff", FORMAT), ("\u00ad", FORMAT), ("\u061c", FORMAT),
    ("\u2028", SEPARATOR), ("\u2029", SEPARATOR),
    ("\udcff", SURROGATE), ("\ud800", SURROGATE),
])
def test_single_line_refusals(char: str, problem: str) -> None:
    for text in (char, f"a{char}", f"{char}b", f"é{char}é"):
        assert text_problem(text) == problem


def test_the_first_offending_character_decides() -> None:
    assert text_problem("a\u200b\u2028") == FORMAT
    assert text_problem("a\u2028\u200b") == SEPARATOR
    assert text_problem("a\x00\u2028") == CONTROL


def test_multiline_allows_lf_tab_and_crlf_only() -> None:
    assert text_problem("a\nb\tc\r\nd", multiline=True) is None
    assert text_problem("a\n", multiline=True) is None
    assert text_problem("a\r\n", multiline=True) is None
    for bad, problem in (("a\rb", CONTROL), ("a\r", CONTROL), ("a\r\rb", CONTROL),
                         ("a\n\x0b", CONTROL), ("a\x85", CONTROL), ("é\r", CONTROL),
                         ("a\n\u2028", SEPARATOR), ("a\n\u200b", FORMAT),
                         ("é\n\udcff", SURROGATE)):
        assert text_problem(bad, multiline=True) == problem, repr(bad)


def test_check_text_names_the_field_and_returns_the_text() -> None:
    assert check_text("Objet", "subject", Bad) == "Objet"
    assert check_text("a\nb", "message", Bad, multiline=True) == "a\nb"
    with pytest.raises(Bad, match=r"^The subject contains a Unicode line or paragraph "
                                  r"separator\.$"):
        check_text("a\u2028b", "subject", Bad)
    with pytest.raises(Bad, match=r"^The message contains control characters\.$"):
        check_text("a\rb", "message", Bad, multiline=True)
    with pytest.raises(Bad, match="^The subject contains control characters"):
        check_text("a\nb", "subject", Bad)


def test_shown_escapes_exactly_the_refused_characters() -> None:
    assert shown("a\u2028From: x") == "a\\u{2028}From: x"
    assert shown("bad\udcff.pdf") == "bad\\xff.pdf"
    assert shown("bad\udc80") == "bad\\x80"
    assert shown("lone\ud800") == "lone\\u{d800}"
    assert shown("\udc7f") == "\\u{dc7f}"  # a surrogate that is not an escaped byte
    assert shown("\udd00") == "\\u{dd00}"
    assert shown("a\u2029b") == "a\\u{2029}b"
    assert shown("é\x00\x1b[31m\u202e\u00ad") == "é\\u{0000}\\u{001b}[31m\\u{202e}\\u{00ad}"
    assert shown("line\nbreak\ttab") == "line\\u{000a}break\\u{0009}tab"
    assert shown("é" + "\u200b") == "é\\u{200b}"
    for text in ("a\u2028b", "bad\udcff", "\x85"):
        assert text_problem(shown(text)) is None
        shown(text).encode("utf-8")


def test_the_fast_pattern_is_exactly_the_refused_categories() -> None:
    refused = {"Cc", "Cf", "Zl", "Zp", "Cs"}
    wrong = [hex(cp) for cp in range(sys.maxunicode + 1)
             if (text_problem(chr(cp)) is not None)
             != (unicodedata.category(chr(cp)) in refused)]
    assert wrong == [], f"update _REFUSED_RE in crypto/text_rules.py for: {wrong[:20]}"
