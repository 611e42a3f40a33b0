"""Canonical JSON and strict field readers shared by identity cards and sealed-file metadata.

Canonical JSON here is the subset of RFC 8785 (JCS) that our formats need: objects with ASCII keys
sorted by code point, no insignificant whitespace, strings as UTF-8 with only the escapes JSON
requires (`\\"`, `\\\\`, `\\b \\f \\n \\r \\t`, other C0 controls as lowercase `\\u00xx`), integers only
(0 ≤ n < 2**53), `true`/`false`/`null`. No floats anywhere, so number formatting never differs
between implementations.

Everything read from outside goes through `parse_json` (rejects duplicate keys, floats, NaN, lone
surrogates, invalid UTF-8) and then `Obj`, which insists on the exact set of keys and on each
value's type. Error messages name the field, never its value (values may be client secrets).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from crypto.errors import ScelleError
from crypto.strict_json import load_strict

MAX_SAFE_INT = 2**53 - 1
# Callers cap their documents far lower; this bounds any caller that forgets.
MAX_JSON_BYTES = 16 * 1024 * 1024
_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_TIME_FMT = "%Y-%m-%dT%H:%M:%SZ"
# Unicode category Cc is exactly these 65 code points (C0, DEL, C1); a regex finds them far
# faster than asking unicodedata about every character of every string.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")


def canonical_json(value: Any) -> bytes:
    """Encode `value` canonically; raises ValueError for anything outside the subset."""
    _check_encodable(value)
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    # A lone surrogate survives json.dumps but has no UTF-8 form: strict encoding refuses it.
    return text.encode("utf-8", errors="strict")


def _check_encodable(value: Any) -> None:
    if value is None or isinstance(value, (bool, str)):
        return
    if isinstance(value, int):
        if not 0 <= value <= MAX_SAFE_INT:
            raise ValueError("integer out of the canonical range")
        return
    if isinstance(value, list):
        for item in value:
            _check_encodable(item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise ValueError("object keys must be ASCII strings")
            _check_encodable(item)
        return
    raise ValueError(f"type {type(value).__name__} has no canonical JSON form")


def parse_json(data: bytes, error: type[ScelleError], what: str, *,
               max_bytes: int = MAX_JSON_BYTES) -> Any:
    """Parse untrusted JSON strictly (`crypto.strict_json`), then insist on the canonical
    subset (integers in range, ASCII keys); any problem raises `error` naming `what`."""
    value = load_strict(data, error, what, max_bytes=max_bytes)
    try:
        canonical_json(value)  # refuses huge or negative integers, non-ASCII keys
    except ValueError as exc:
        reason = str(exc) if str(exc) in _SAFE_REASONS else "unsupported value"
        raise error(f"{what} is not valid JSON of the expected form ({reason}).") from None
    return value


_SAFE_REASONS = {"integer out of the canonical range", "object keys must be ASCII strings"}


def b64encode(data: bytes) -> str:
    """Standard base64 (RFC 4648 §4) with padding."""
    return base64.b64encode(data).decode("ascii")


def b64decode_strict(text: str) -> bytes:
    """Decode standard padded base64, refusing any non-canonical spelling."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeError, ValueError):
        raise ValueError("bad base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise ValueError("non-canonical base64")
    return raw


def format_time(moment: datetime) -> str:
    """RFC 3339 UTC to the second, e.g. 2025-03-01T09:30:00Z."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    # Not strftime: its %Y writes the year 26 as "26", which parse_time refuses, so a time read
    # from a file (years 0001 to 0999 included) would not survive being written again.
    m = moment.astimezone(UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def parse_time(text: str) -> datetime:
    if not _TIME_RE.fullmatch(text):
        raise ValueError("bad timestamp")
    return datetime.strptime(text, _TIME_FMT).replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Obj:
    """Typed, strict access to one JSON object from outside.

    The constructor checks the exact key set (`keys` required, `optional` allowed); each
    accessor checks one value's type and raises the caller's error class with a message naming
    the field.
    """

    def __init__(self, value: Any, error: type[ScelleError], what: str,
                 keys: Iterable[str], optional: Iterable[str] = ()) -> None:
        self._error = error
        self._what = what
        if not isinstance(value, dict):
            raise error(f"{what} is not a JSON object.")
        expected = set(keys)
        allowed = expected | set(optional)
        missing = sorted(expected - value.keys())
        unknown = sorted(value.keys() - allowed)
        if missing:
            raise error(f"{what} lacks the field(s) {', '.join(missing)}.")
        if unknown:
            # Key names come from outside; show them only if they look like identifiers.
            shown = [k if re.fullmatch(r"[a-z_]{1,32}", k) else "?" for k in unknown]
            raise error(f"{what} has unknown field(s) {', '.join(shown)}.")
        self._value: dict[str, Any] = value

    def has(self, key: str) -> bool:
        """Whether an optional key is present (a later format addition an older writer omits:
        absent and present are two byte forms, so readers never infer one from the other)."""
        return key in self._value

    def fail(self, key: str, problem: str) -> ScelleError:
        return self._error(f"In {self._what}, the field {key} {problem}.")

    def raw(self, key: str) -> Any:
        return self._value[key]

    def text(self, key: str, max_len: int, *, allow_empty: bool = True,
             controls: str = "") -> str:
        """A string; control characters (which could rewrite a terminal) only from `controls`."""
        value = self._value[key]
        if not isinstance(value, str):
            raise self.fail(key, "is not text")
        if len(value) > max_len:
            raise self.fail(key, f"is longer than {max_len} characters")
        if not allow_empty and not value:
            raise self.fail(key, "is empty")
        if any(c not in controls for c in CONTROL_RE.findall(value)):
            raise self.fail(key, "contains control characters")
        return value

    def integer(self, key: str) -> int:
        value = self._value[key]
        # bool is an int in Python; JSON true must not pass for 1.
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "is not a whole number")
        return value

    def boolean(self, key: str) -> bool:
        value = self._value[key]
        if not isinstance(value, bool):
            raise self.fail(key, "is not true or false")
        return value

    def b64(self, key: str, length: int) -> bytes:
        value = self.text(key, 4 * length)
        try:
            raw = b64decode_strict(value)
        except ValueError:
            raise self.fail(key, "is not canonical base64") from None
        if len(raw) != length:
            raise self.fail(key, f"does not hold exactly {length} bytes")
        return raw

    def time(self, key: str) -> datetime:
        value = self.text(key, 20)
        try:
            return parse_time(value)
        except ValueError:
            raise self.fail(key, "is not a UTC time like 2025-01-31T12:00:00Z") from None

    def optional_time(self, key: str) -> datetime | None:
        return None if self._value[key] is None else self.time(key)

    def array(self, key: str, max_items: int) -> list[Any]:
        value = self._value[key]
        if not isinstance(value, list):
            raise self.fail(key, "is not a list")
        if len(value) > max_items:
            raise self.fail(key, f"has more than {max_items} entries")
        return value
