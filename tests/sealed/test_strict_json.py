"""crypto/strict_json.py: the one strict reader for JSON from outside or from disk."""

from __future__ import annotations

import pytest

from crypto.errors import ScelleError
from crypto.strict_json import DEFAULT_MAX_DEPTH, check_depth, load_strict


class Bad(ScelleError):
    pass


def _load(data: bytes, **kwargs: object) -> object:
    return load_strict(data, Bad, "The thing", max_bytes=kwargs.pop("max_bytes", 4096),
                       **kwargs)  # type: ignore[arg-type]


def _refusal(data: bytes, **kwargs: object) -> str:
    with pytest.raises(Bad) as info:
        _load(data, **kwargs)
    # Nothing chained: the input (possibly a secret) never reaches a printed traceback.
    assert info.value.__cause__ is None
    assert info.value.__context__ is None or info.value.__suppress_context__
    return str(info.value)


def test_reads_ordinary_documents() -> None:
    assert _load(b'{"a": [1, {"b": "x\\"[{"}], "c": null, "d": true}') == {
        "a": [1, {"b": 'x"[{'}], "c": None, "d": True}
    assert _load(b"[]") == []
    assert _load(b'"\\u00e9"') == "é"
    assert _load(b"1.5", allow_floats=True) == 1.5


def test_depth_limit_is_exact() -> None:
    at_limit = b"[" * DEFAULT_MAX_DEPTH + b"]" * DEFAULT_MAX_DEPTH
    assert _load(at_limit, max_bytes=1000) is not None
    over = b"[" * (DEFAULT_MAX_DEPTH + 1) + b"]" * (DEFAULT_MAX_DEPTH + 1)
    assert _refusal(over, max_bytes=1000) == (
        "The thing is not valid JSON of the expected form (nesting deeper than 32 levels).")
    assert "deeper than 2 levels" in _refusal(b'{"a":{"b":[]}}', max_depth=2)
    assert _load(b'{"a":{"b":1}}', max_depth=2) == {"a": {"b": 1}}


@pytest.mark.parametrize("data", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    b"[{" * 50_000,  # never closed
])
def test_deep_nesting_is_a_refusal_not_a_recursion_error(data: bytes) -> None:
    assert "nesting deeper than 32 levels" in _refusal(data, max_bytes=len(data))


def test_brackets_inside_strings_do_not_count() -> None:
    text = b'["' + b"[" * 1000 + b'\\"' + b"{" * 1000 + b'"]'
    assert _load(text) == ["[" * 1000 + '"' + "{" * 1000]
    check_depth('"\\\\"' + "[]", 1)  # an escaped backslash ends the escape before the quote


def test_closing_brackets_lower_the_depth() -> None:
    check_depth("[][][][]", 1)
    check_depth("[[]][[]]", 2)
    with pytest.raises(ValueError):
        check_depth("[[]][[[]]]", 2)


@pytest.mark.parametrize(("data", "reason"), [
    (b'{"a":1,"a":2}', "(it repeats the field 'a')"),
    (b'{"\\u0000":1,"\\u0000":2}', "(it repeats the field (unprintable name))"),
    (b'{"' + b"k" * 41 + b'":1,"' + b"k" * 41 + b'":2}', "(unprintable name)"),
    (b'{"' + b"k" * 40 + b'":1,"' + b"k" * 40 + b'":2}',
     "(it repeats the field '" + "k" * 40 + "')"),
    (b'{"a":NaN}', "(the non-JSON number NaN)"),
    (b"[Infinity]", "(the non-JSON number Infinity)"),
    (b"[-Infinity]", "(the non-JSON number -Infinity)"),
    (b"[1.0]", "(a number with a fraction or exponent (only integers are allowed))"),
    (b"[1e3]", "fraction or exponent"),
    (b'["\\ud800"]', "(a string holds a lone UTF-16 surrogate)"),
    (b'{"\\udc00":1}', "lone UTF-16 surrogate"),
    (b'[["\\ud800"]]', "lone UTF-16 surrogate"),
    (b'{"a":{"b":"\\udfff"}}', "lone UTF-16 surrogate"),
    (b"", "(syntax error at line 1, column 1)"),
    (b'{"a":\n', "(syntax error at line 2, column 1)"),
    (b"\xef\xbb\xbf{}", "syntax error"),  # a byte-order mark
])
def test_refusals_name_the_reason(data: bytes, reason: str) -> None:
    message = _refusal(data)
    assert message.startswith("The thing is not valid JSON of the expected form (")
    assert message.endswith(").")
    assert reason in message


def test_surrogate_pairs_are_fine() -> None:
    assert _load(b'["\\ud83d\\ude00"]') == ["\U0001f600"]


def test_size_and_encoding_are_checked_first() -> None:
    assert _refusal(b"[" * 11, max_bytes=10) == "The thing is too large (more than 10 bytes)."
    assert _load(b"[1]", max_bytes=3) == [1]
    assert _refusal(b'["\xff"]') == "The thing is not UTF-8 text."
    assert _load(bytearray(b"[2]")) == [2]


def test_messages_never_quote_values() -> None:
    message = _refusal(b'{"secret-value-xyz": 1.5}')
    assert "secret-value-xyz" not in message
