"""Key files and age-keygen output."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crypto.age import (
    HybridIdentity,
    IdentityError,
    RecipientError,
    X25519Identity,
    X25519Recipient,
    format_keygen,
    parse_identities_file,
    parse_identity,
    parse_recipient,
    parse_recipients_file,
)

SPEC_IDENTITY = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
SPEC_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"


@pytest.mark.parametrize(
    ("moment", "stamp"),
    [
        (datetime(2006, 1, 2, 15, 4, 5, 999, tzinfo=timezone.utc), "2006-01-02T15:04:05Z"),
        (
            datetime(2006, 1, 2, 15, 4, 5, tzinfo=timezone(timedelta(hours=-7))),
            "2006-01-02T15:04:05-07:00",
        ),
        (
            datetime(2024, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "2024-12-31T23:59:59+05:30",
        ),
    ],
)
def test_keygen_layout(moment: datetime, stamp: str) -> None:
    identity = X25519Identity.from_string(SPEC_IDENTITY)
    assert format_keygen(identity, moment) == (
        f"# created: {stamp}\n# public key: {SPEC_RECIPIENT}\n{SPEC_IDENTITY}\n"
    )


def test_keygen_output_is_an_identity_file() -> None:
    for identity in (X25519Identity.generate(), HybridIdentity.generate()):
        [parsed] = parse_identities_file(format_keygen(identity))
        assert str(parsed) == str(identity)


def test_identity_file_with_comments_blank_lines_and_crlf() -> None:
    text = f"# a comment\r\n\r\n  {SPEC_IDENTITY}  \r\n# another\r\n{X25519Identity.generate()}\r\n"
    identities = parse_identities_file(text)
    assert len(identities) == 2
    assert str(identities[0]) == SPEC_IDENTITY


def test_identity_file_errors_name_the_line_not_the_key() -> None:
    broken = SPEC_IDENTITY[:-1] + "Q"
    with pytest.raises(IdentityError, match="line 3") as info:
        parse_identities_file(f"# keys\n\n{broken}\n")
    assert broken[15:] not in str(info.value)
    with pytest.raises(IdentityError, match="no secret key"):
        parse_identities_file("# only comments\n\n")


def test_recipients_file() -> None:
    other = X25519Identity.generate().recipient()
    parsed = parse_recipients_file(f"# team\n{SPEC_RECIPIENT}\n\n{other}\n")
    assert [str(r) for r in parsed] == [SPEC_RECIPIENT, str(other)]
    with pytest.raises(RecipientError, match="line 2"):
        parse_recipients_file(f"{SPEC_RECIPIENT}\nssh-ed25519 AAAA\n")
    with pytest.raises(RecipientError, match="no public key"):
        parse_recipients_file("\n# nothing\n")


def test_parse_accepts_uniform_case_only() -> None:
    assert str(parse_recipient(SPEC_RECIPIENT.upper())) == SPEC_RECIPIENT
    assert str(parse_identity(SPEC_IDENTITY.lower())) == SPEC_IDENTITY
    with pytest.raises(RecipientError):
        parse_recipient(SPEC_RECIPIENT[:5] + SPEC_RECIPIENT[5:].upper())
    assert isinstance(parse_recipient(f"  {SPEC_RECIPIENT}\n"), X25519Recipient)


@pytest.mark.parametrize("text", ["", "ssh-ed25519 AAAA", "age", "AGE-SECRET-KEY-1"])
def test_unknown_key_kinds(text: str) -> None:
    with pytest.raises(RecipientError):
        parse_recipient(text)
    with pytest.raises(IdentityError):
        parse_identity(text)
