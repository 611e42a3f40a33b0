"""The one rule for text that people read: what may appear in a name, a subject, a message.

Text shown on one line (a subject, a reference, a case or file name, a tag) must not be able
to fake another line or hide what it says, so it may hold no character of the Unicode
categories

- Cc (control: NUL…US, DEL, C1 such as U+0085 NEXT LINE): they move a terminal's cursor,
  end lines, or are not shown at all;
- Cf (format: zero-width space U+200B, word joiner U+2060, byte-order mark U+FEFF, the
  direction overrides U+202A–U+202E and isolates U+2066–U+2069…): invisible, and the
  direction ones show "gnp.exe" as "exe.png";
- Zl, Zp (U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR): a new line in a dialog, so a
  subject could show a second line "From: … (verified)";
- Cs (a lone surrogate): what Python makes of bytes that are not UTF-8 (a file name read
  from disk); it has no UTF-8 form and cannot be stored or printed.

Multi-line text (a message, notes) may also hold LF and TAB, and CR only as part of CRLF (a
lone CR returns a terminal's cursor to the start of the line, over what was printed).

Both the core (app/, for what the user types) and the formats (crypto/, for what a sender
wrote) apply this rule; `shown` escapes outside text that is displayed without being refused.
"""

from __future__ import annotations

import re
import unicodedata

from crypto.errors import ScelleError

_CONTROL = "contains control characters"
_FORMAT = "contains invisible formatting characters (zero-width, direction or similar marks)"
_SEPARATOR = "contains a Unicode line or paragraph separator"
_SURROGATE = "is not valid UTF-8 text (it holds undecodable bytes)"
_PROBLEMS = {"Cc": _CONTROL, "Cf": _FORMAT, "Zl": _SEPARATOR, "Zp": _SEPARATOR,
             "Cs": _SURROGATE}
# Every code point of categories Cc, Cf, Zl, Zp, Cs (Unicode 14.0, Python 3.11's database)
# beyond C0: regular expressions find them far faster than asking unicodedata about each
# character (a 64 KiB message: 4 ms instead of 26, measured on a loaded 2-core machine). The test
# tests/sealed/test_text_rules.py compares them with unicodedata over every code point.
_BEYOND_C0 = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_REFUSED_RE = re.compile("[\x00-\x1f" + _BEYOND_C0 + "]")
# Multi-line text: LF and TAB allowed, CR only as the first half of CRLF.
_REFUSED_MULTILINE_RE = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f" + _BEYOND_C0 + "]")


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` may not be shown as typed (e.g. "contains control characters"), or None."""
    found = (_REFUSED_MULTILINE_RE if multiline else _REFUSED_RE).search(text)
    return None if found is None else _PROBLEMS[unicodedata.category(found.group())]


def check_text(text: str, what: str, error: type[ScelleError], *,
               multiline: bool = False) -> str:
    """Return `text` unchanged, or raise `error("The <what> <problem>.")` (never quoting it)."""
    problem = text_problem(text, multiline=multiline)
    if problem is not None:
        raise error(f"The {what} {problem}.")
    return text


def shown(text: str) -> str:
    """`text` with every character the rule refuses written as `\\u{XXXX}` (a lone surrogate
    from an undecodable file-name byte as `\\xNN`), so outside text can be printed on one line
    without deceiving."""
    if text_problem(text) is None:
        return text
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    if 0xDC80 <= ord(char) <= 0xDCFF:  # os.fsdecode's escape of an undecodable byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    if _REFUSED_RE.match(char):
        return f"\\u{{{ord(char):04x}}}"
    return char
