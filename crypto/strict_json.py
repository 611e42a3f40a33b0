"""One strict reader for every JSON document that comes from outside or from disk.

`vault.json`, identity cards and files, proofs and receipts, sealed-file metadata, the
workstation policy and the relay's answers all go through `load_strict`, so they share the
same refusals, each raised as the caller's own error type in one line naming what was read
("vault.json is not valid JSON of the expected form (nesting deeper than 32 levels)."):

- more than `max_bytes` bytes (checked before anything is decoded);
- text that is not UTF-8 (a byte-order mark is refused too: JSON text has none);
- nesting deeper than `max_depth` arrays/objects. The depth is measured by a linear scan
  *before* `json.loads` runs, because the standard decoder recurses once per level and a few
  thousand `[` would end in `RecursionError` (a traceback) instead of a one-line refusal;
- an object that repeats a key (which of the two values a reader keeps differs between
  implementations, so a signed document could be read two ways);
- `NaN`, `Infinity`, `-Infinity` (not JSON) and, unless `allow_floats`, any fraction or
  exponent (our formats have integers only);
- strings holding a lone UTF-16 surrogate (`"\\ud800"`), which have no UTF-8 form.

Messages never quote the document's content: it may be a secret.
"""

from __future__ import annotations

import json
import re
from typing import Any

from crypto.errors import ScelleError

DEFAULT_MAX_DEPTH = 32

# A JSON string: quote, then runs of ordinary characters or backslash escapes, then quote.
# The "unrolled loop" form matches in linear time with no backtracking.
_STRING_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET_RE = re.compile(r"[\[\]{}]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class _Refused(ValueError):
    """Internal: a refusal with a message safe to show (it names no content)."""


def load_strict(data: bytes | bytearray, error: type[ScelleError], what: str, *,
                max_bytes: int, max_depth: int = DEFAULT_MAX_DEPTH,
                allow_floats: bool = False) -> Any:
    """Parse `data` strictly; any refusal raises `error`, whose text starts with `what`."""
    if len(data) > max_bytes:
        raise error(f"{what} is too large (more than {max_bytes} bytes).")
    try:
        text = bytes(data).decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise error(f"{what} is not UTF-8 text.") from None
    try:
        check_depth(text, max_depth)
        value = json.loads(text, object_pairs_hook=_no_duplicates,
                           parse_float=None if allow_floats else _no_float,
                           parse_constant=_no_constant)
        _check_strings(value)
    except _Refused as exc:
        reason = str(exc)
    except json.JSONDecodeError as exc:
        reason = f"syntax error at line {exc.lineno}, column {exc.colno}"
    except RecursionError:  # unreachable after check_depth; kept so no traceback can escape
        reason = f"nesting deeper than {max_depth} levels"
    else:
        return value
    raise error(f"{what} is not valid JSON of the expected form ({reason}).")


def check_depth(text: str, max_depth: int) -> None:
    """Refuse `text` if its arrays/objects nest deeper than `max_depth` (strings ignored).

    Malformed text (an unclosed string, unbalanced brackets) is left for `json.loads` to
    refuse with its position; this scan only bounds the depth the decoder will recurse to.
    """
    depth = 0
    for match in _BRACKET_RE.finditer(_STRING_RE.sub("", text)):
        if match.group() in ("[", "{"):
            depth += 1
            if depth > max_depth:
                raise _Refused(f"nesting deeper than {max_depth} levels")
        else:
            depth -= 1


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            # The key is named: keys are field names of our formats, not secrets.
            raise _Refused(f"it repeats the field {_shown_key(key)}")
        result[key] = value
    return result


def _shown_key(key: str) -> str:
    if key.isascii() and key.isprintable() and len(key) <= 40:
        return repr(key)
    return "(unprintable name)"


def _no_float(_text: str) -> Any:
    raise _Refused("a number with a fraction or exponent (only integers are allowed)")


def _no_constant(name: str) -> Any:
    raise _Refused(f"the non-JSON number {name}")


def _check_strings(value: Any) -> None:
    """Refuse lone surrogates in any string or key (depth is bounded, so recursion is safe)."""
    if isinstance(value, str):
        if _SURROGATE_RE.search(value):
            raise _Refused("a string holds a lone UTF-16 surrogate")
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
