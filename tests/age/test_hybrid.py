"""Post-quantum hybrid (mlkem768x25519) recipients and identities."""

from __future__ import annotations

import io

import pytest

from crypto.age import (
    AgeReader,
    HybridIdentity,
    HybridRecipient,
    IdentityError,
    NoIdentityMatchError,
    RecipientError,
    Stanza,
    StanzaError,
    X25519Identity,
    parse_identity,
    parse_recipient,
)
from crypto.age import b64
from crypto.age.header import build_header
from tests.age.helpers import open_sealed, seal

# The example key of the C2SP age specification and the ends of its recipient.
SPEC_IDENTITY = "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR"
SPEC_RECIPIENT_START = "age1pq1x34nzsvr0rxjsgdn8zgyhfe8j7ceq5r9rdelkjuh3y235jzxshfg8"
SPEC_RECIPIENT_END = "xpfqdkmhh6gjtqmwze9pyyzk3tlhl53k2ykx3qheyty7saeq0d3fzv49zc0k"


@pytest.fixture(scope="module")
def identity() -> HybridIdentity:
    return HybridIdentity.generate()


def test_spec_identity_derives_spec_recipient() -> None:
    identity = HybridIdentity.from_string(SPEC_IDENTITY)
    recipient = str(identity.recipient())
    assert recipient.startswith(SPEC_RECIPIENT_START) and recipient.endswith(SPEC_RECIPIENT_END)
    assert len(recipient) == 1959 and len(identity.recipient().public_bytes) == 1216
    assert str(identity) == SPEC_IDENTITY
    assert HybridRecipient.from_string(recipient) == identity.recipient()


def test_parse_dispatches_on_prefix(identity: HybridIdentity) -> None:
    assert isinstance(parse_identity(str(identity)), HybridIdentity)
    assert isinstance(parse_recipient(str(identity.recipient())), HybridRecipient)
    assert isinstance(parse_recipient(str(identity.recipient()).upper()), HybridRecipient)


def test_round_trip_and_stanza_shape(identity: HybridIdentity) -> None:
    [stanza] = identity.recipient().wrap(bytes(range(16)))
    assert stanza.type == "mlkem768x25519" and len(stanza.args) == 1
    assert len(b64.decode(stanza.args[0].encode())) == 1120 and len(stanza.body) == 32
    assert identity.unwrap([stanza]) == bytes(range(16))
    assert open_sealed(seal(b"quantum", [identity.recipient()]), [identity]) == b"quantum"


def test_several_hybrid_recipients(identity: HybridIdentity) -> None:
    other = HybridIdentity.generate()
    data = seal(b"both", [identity.recipient(), other.recipient()])
    assert open_sealed(data, [other]) == b"both"
    assert open_sealed(data, [identity]) == b"both"


def test_wrong_identity_is_no_match(identity: HybridIdentity) -> None:
    data = seal(b"x", [identity.recipient()])
    with pytest.raises(NoIdentityMatchError):
        AgeReader(io.BytesIO(data), [HybridIdentity.generate(), X25519Identity.generate()])


def test_mixing_with_classic_recipients_is_refused(identity: HybridIdentity) -> None:
    # Adding a classic recipient would void the post-quantum protection of the file.
    with pytest.raises(RecipientError, match="post-quantum"):
        seal(b"x", [identity.recipient(), X25519Identity.generate().recipient()])


def _header_with(stanza: Stanza) -> bytes:
    return build_header([stanza], bytes(16)).raw + bytes(16)


def test_low_order_x25519_part_is_a_stanza_error(identity: HybridIdentity) -> None:
    [stanza] = identity.recipient().wrap(bytes(16))
    enc = b64.decode(stanza.args[0].encode())
    forged = Stanza(stanza.type, [b64.encode(enc[:1088] + bytes(32)).decode()], stanza.body)
    with pytest.raises(StanzaError, match="low-order"):
        AgeReader(io.BytesIO(_header_with(forged)), [identity])


@pytest.mark.parametrize(
    ("args", "body_size"),
    [([b64.encode(bytes(1119)).decode()], 32), ([b64.encode(bytes(1120)).decode()], 33), ([], 32)],
)
def test_malformed_stanzas_are_stanza_errors(
    identity: HybridIdentity, args: list[str], body_size: int
) -> None:
    stanza = Stanza("mlkem768x25519", args, bytes(body_size))
    with pytest.raises(StanzaError):
        identity.unwrap([stanza])


@pytest.mark.parametrize(
    "text",
    [
        "age1pq1",
        SPEC_RECIPIENT_START + SPEC_RECIPIENT_END,  # wrong length / checksum
        "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj",  # classic key
    ],
)
def test_bad_recipient_strings(text: str) -> None:
    with pytest.raises(RecipientError):
        HybridRecipient.from_string(text)


def test_wrong_length_public_key_is_refused() -> None:
    with pytest.raises(RecipientError):
        HybridRecipient(bytes(1215))


def test_invalid_mlkem_encapsulation_key_is_refused() -> None:
    # Coefficients >= q: FIPS 203 requires rejecting such encapsulation keys.
    with pytest.raises(RecipientError, match="not a valid key"):
        HybridRecipient(b"\xff" * 1216)


def test_bad_identity_strings_never_echo_the_key() -> None:
    for text in [SPEC_IDENTITY[:-1] + "Q", SPEC_IDENTITY.replace("-PQ-", "-")]:
        with pytest.raises(IdentityError) as info:
            HybridIdentity.from_string(text)
        assert text[20:] not in str(info.value)


def test_repr_hides_the_seed(identity: HybridIdentity) -> None:
    assert str(identity)[19:] not in repr(identity).upper()


def test_low_order_x25519_part_of_recipient_is_refused_when_encrypting(
    identity: HybridIdentity,
) -> None:
    public = identity.recipient().public_bytes[:1184] + bytes(32)
    with pytest.raises(RecipientError):
        seal(b"x", [HybridRecipient(public)])
