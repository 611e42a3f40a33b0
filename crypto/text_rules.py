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
_ASCII_CONTROL_RE = re.compile("[\x00-\x1f\x7f]")


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` may not be shown as typed (e.g. "contains control characters"), or None."""
    if text.isascii():  # the common case, without asking unicodedata about every character
        found = _ASCII_CONTROL_RE.search(text)
        return None if found is None else _control_problem(text, multiline)
    return _control_problem(text, multiline)


def _control_problem(text: str, multiline: bool) -> str | None:
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cc":
            if multiline and _allowed_in_multiline(text, index):
                continue
            return _CONTROL
        if category == "Cf":
            return _FORMAT
        if category in ("Zl", "Zp"):
            return _SEPARATOR
        if category == "Cs":
            return _SURROGATE
    return None


def _allowed_in_multiline(text: str, index: int) -> bool:
    char = text[index]
    return char in ("\n", "\t") or (char == "\r" and text[index + 1:index + 2] == "\n")


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
    category = unicodedata.category(char)
    if category == "Cs" and 0xDC80 <= ord(char) <= 0xDCFF:  # os.fsdecode's escape of a byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs"):
        return f"\\u{{{ord(char):04x}}}"
    return char
