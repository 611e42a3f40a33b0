"""Recovery codes: printable form, and typos caught before any key derivation."""

from __future__ import annotations

import re

import pytest

from crypto.recovery import (
    InvalidRecoveryCode,
    format_recovery_code,
    new_recovery_code,
    parse_recovery_code,
)

CODE = bytes(range(16))


def test_format_is_eight_groups_of_six_digits() -> None:
    text = format_recovery_code(new_recovery_code())
    assert re.fullmatch(r"\d{6}(-\d{6}){7}", text)


def test_round_trip_and_separators() -> None:
    code = new_recovery_code()
    text = format_recovery_code(code)
    assert parse_recovery_code(text) == code
    assert parse_recovery_code(text.replace("-", "")) == code
    assert parse_recovery_code("  " + text.replace("-", " ") + "\n") == code
    assert parse_recovery_code(text.replace("-", ".")) == code


def test_extreme_values_round_trip() -> None:
    for raw in (bytes(16), b"\xff" * 16, CODE):
        assert parse_recovery_code(format_recovery_code(raw)) == raw


def _digits() -> str:
    return format_recovery_code(CODE).replace("-", "")


def test_every_single_digit_typo_is_caught() -> None:
    digits = _digits()
    for pos, original in enumerate(digits):
        for wrong in "0123456789":
            if wrong == original:
                continue
            typo = digits[:pos] + wrong + digits[pos + 1 :]
            with pytest.raises(InvalidRecoveryCode, match=f"Group {pos // 6 + 1} "):
                parse_recovery_code(typo)


def test_every_adjacent_swap_within_a_group_is_caught() -> None:
    digits = _digits()
    for pos in range(len(digits) - 1):
        if pos % 6 == 5 or digits[pos] == digits[pos + 1]:
            continue
        swapped = digits[:pos] + digits[pos + 1] + digits[pos] + digits[pos + 2 :]
        with pytest.raises(InvalidRecoveryCode):
            parse_recovery_code(swapped)


def test_groups_in_the_wrong_order_are_caught() -> None:
    groups = format_recovery_code(CODE).split("-")
    groups[2], groups[5] = groups[5], groups[2]
    with pytest.raises(InvalidRecoveryCode, match="Group 3"):
        parse_recovery_code("-".join(groups))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "0 were typed"),
        ("123456-123456", "12 were typed"),
        (format_recovery_code(CODE) + "1", "49 were typed"),
        (format_recovery_code(CODE).replace("1", "l", 1), "only digits"),
        ("٠" * 48, "only digits"),  # Arabic-Indic zeros: isdigit() but not ASCII
    ],
)
def test_malformed_input(text: str, message: str) -> None:
    with pytest.raises(InvalidRecoveryCode, match=message):
        parse_recovery_code(text)


def test_group_value_out_of_range() -> None:
    # 11 * 65536 + 0 is ≡ 0 (mod 11) but encodes 17 bits: not a code we could have printed.
    text = f"{11 * 65536:06d}" + _digits()[6:]
    with pytest.raises(InvalidRecoveryCode, match="Group 1"):
        parse_recovery_code(text)
