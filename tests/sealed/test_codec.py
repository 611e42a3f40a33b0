"""Canonical JSON and the strict readers every format relies on."""

from __future__ import annotations

import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest

from crypto.errors import ScelleError
from crypto.sealed.codec import (
    CONTROL_RE,
    Obj,
    b64decode_strict,
    b64encode,
    canonical_json,
    format_time,
    parse_json,
    parse_time,
)


class Bad(ScelleError):
    pass


def test_canonical_json_sorts_keys_and_has_no_whitespace() -> None:
    assert canonical_json({"b": 1, "a": [True, None, "é"]}) == '{"a":[true,null,"é"],"b":1}'.encode()


def test_canonical_json_escapes_only_what_json_requires() -> None:
    assert canonical_json("a\"\\\n\x01\x7f/") == b'"a\\"\\\\\\n\\u0001\x7f/"'


@pytest.mark.parametrize("value", [1.5, -1, 2**53, {"k": 1.0}, {1: "x"}, {"é": 1}, "\ud800",
                                   b"bytes"])
def test_canonical_json_refuses_values_outside_the_subset(value: object) -> None:
    with pytest.raises(ValueError):
        canonical_json(value)


@pytest.mark.parametrize("data", [
    b'{"a":1,"a":2}',            # duplicate key
    b'{"a":1.0}',                # float
    b'{"a":1e3}',                # exponent
    b'{"a":NaN}',                # constant
    b'{"a":-1}',                 # negative
    b'{"a":"\\ud800"}',          # lone surrogate
    b'{"a":"\xff"}',             # invalid UTF-8
    b'{"a":',                    # truncated
    b'[' * 100_000 + b']' * 100_000,  # nested too deep
])
def test_parse_json_refuses_with_the_callers_error(data: bytes) -> None:
    with pytest.raises(Bad) as info:
        parse_json(data, Bad, "The thing")
    assert str(info.value).startswith(("The thing is not valid JSON", "The thing is not UTF-8"))


def test_base64_is_strict_and_canonical() -> None:
    assert b64decode_strict(b64encode(b"\x00\x01\x02")) == b"\x00\x01\x02"
    for text in ("AAEC\n", "AAE", "AAF=", "AA==AA==", "A-_B", "ÀAAA"):
        with pytest.raises(ValueError):
            b64decode_strict(text)


def test_times_are_utc_to_the_second() -> None:
    moment = datetime(2025, 3, 1, 10, 30, 0, tzinfo=timezone(timedelta(hours=1)))
    assert format_time(moment) == "2025-03-01T09:30:00Z"
    assert parse_time("2025-03-01T09:30:00Z") == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    for text in ("2025-03-01T09:30:00+00:00", "2025-03-01T09:30:00.5Z", "2025-02-30T00:00:00Z",
                 "2025-03-01 09:30:00Z", "2025-03-01T09:30:00z"):
        with pytest.raises(ValueError):
            parse_time(text)
    with pytest.raises(ValueError):
        format_time(datetime(2025, 1, 1))  # naive


def test_obj_checks_key_set_and_types_naming_fields_not_values() -> None:
    with pytest.raises(Bad, match="lacks the field"):
        Obj({"a": 1}, Bad, "x", ["a", "b"])
    with pytest.raises(Bad, match="unknown field"):
        Obj({"a": 1, "zz": 2}, Bad, "x", ["a"])
    with pytest.raises(Bad, match="not a JSON object"):
        Obj([1], Bad, "x", ["a"])
    obj = Obj({"n": True, "s": "secret-value", "b": "AA=="}, Bad, "x", ["n", "s", "b"])
    with pytest.raises(Bad, match="not a whole number"):
        obj.integer("n")  # JSON true is not 1
    with pytest.raises(Bad) as info:
        obj.text("s", 3)
    assert "secret-value" not in str(info.value)
    with pytest.raises(Bad, match="exactly 2 bytes"):
        obj.b64("b", 2)


def test_obj_optional_keys_may_be_absent_but_nothing_else_is_allowed() -> None:
    without = Obj({"a": 1}, Bad, "x", ["a"], optional=["o"])
    assert not without.has("o") and without.has("a")
    present = Obj({"a": 1, "o": 2}, Bad, "x", ["a"], optional=["o"])
    assert present.has("o") and present.integer("o") == 2
    with pytest.raises(Bad, match="lacks the field"):
        Obj({"o": 2}, Bad, "x", ["a"], optional=["o"])
    with pytest.raises(Bad, match="unknown field.*zz"):
        Obj({"a": 1, "o": 2, "zz": 3}, Bad, "x", ["a"], optional=["o"])


def test_control_pattern_is_exactly_unicode_category_cc() -> None:
    controls = {c for c in map(chr, range(sys.maxunicode + 1)) if CONTROL_RE.fullmatch(c)}
    expected = {chr(i) for i in range(sys.maxunicode + 1)
                if unicodedata.category(chr(i)) == "Cc"}
    assert controls == expected
    assert len(controls) == 65


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x7f", "\x85", "\x9f"])
def test_text_refuses_control_characters_unless_allowed(control: str) -> None:
    obj = Obj({"s": f"Ma\u00eetre {control}Dupont"}, Bad, "x", ["s"])
    with pytest.raises(Bad, match="contains control characters"):
        obj.text("s", 100)
    assert obj.text("s", 100, controls=control) == f"Ma\u00eetre {control}Dupont"
    with pytest.raises(Bad, match="contains control characters"):
        obj.text("s", 100, controls="\n" if control != "\n" else "\t")


def test_text_accepts_spaces_private_use_and_symbols_that_are_not_controls() -> None:
    value = "\u00a0\ue000\U0001f512 \u00e9t\u00e9"
    assert Obj({"s": value}, Bad, "x", ["s"]).text("s", 100) == value
