"""app/updates/versions.py: the order of the version strings app/version.py writes."""

from __future__ import annotations

import pytest

from app.updates.versions import VersionError, is_older, version_key


@pytest.mark.parametrize(("older", "newer"), [
    ("1.9.2", "1.10.0"),
    ("1.2.0", "1.2.1"),
    ("1.3.0rc1", "1.3.0"),
    ("1.3.0a2", "1.3.0b1"),
    ("1.3.0b1", "1.3.0rc1"),
    ("1.3.0rc1", "1.3.0rc2"),
    ("1.2.0", "1.2.0+1.g1a2b3c4"),
    ("1.2.0+3.g1a2b3c4", "1.2.0+12.g0000000"),
    ("1.2.0+99.gabcdef0.dirty", "1.2.1"),
    ("0+unknown", "0.1.0+g1a2b3c4"),
])
def test_order(older: str, newer: str) -> None:
    assert is_older(older, newer) and not is_older(newer, older)


@pytest.mark.parametrize(("a", "b"), [
    ("1.2", "1.2.0"),
    ("1.2.0+3.g1111111", "1.2.0+3.g2222222.dirty"),
    ("0.1.0+g1a2b3c4", "0.1.0"),
    ("1.2.0+dirty", "1.2.0"),
])
def test_equal_versions_are_no_downgrade(a: str, b: str) -> None:
    assert version_key(a) == version_key(b)
    assert not is_older(a, b) and not is_older(b, a)


@pytest.mark.parametrize("text", ["", "v1.2.0", "1.2.0-1", "1.2.0+", "1.2.0+local", "1..2",
                                  "1.2.0rc", "1" + "0" * 10, "1.2.0+1234567890.gabcd",
                                  "1.2.0+3.gXYZW", "1.0.0dev1", "1." * 11 + "1"])
def test_other_strings_are_refused(text: str) -> None:
    with pytest.raises(VersionError, match="is not of the form Scellé's builds have"):
        version_key(text)
