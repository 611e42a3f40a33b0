"""Reading the Signature-Input and Signature fields of our profile (one label, strict types)."""

from __future__ import annotations

from dataclasses import dataclass

import http_sf

from crypto.httpsig.base import Component, Headers, Param, field_value
from crypto.httpsig.errors import SignatureMalformed, SignatureMissing

LABEL = "scelle"
TAG = "scelle-relay"
ALGORITHM = "ed25519"
ALLOWED_PARAMS = frozenset({"alg", "created", "keyid", "nonce", "tag", "expires"})


@dataclass(frozen=True)
class SignatureFields:
    """The one signature a message carries: what it covers, its parameters, its bytes."""

    components: list[Component]
    params: dict[str, Param]
    signature: bytes


def _dictionary(value: str) -> dict:
    try:
        parsed = http_sf.parse(value.encode("ascii"), tltype="dictionary")
    except (ValueError, TypeError, UnicodeError):
        raise SignatureMalformed("The signature headers are malformed.") from None
    if not isinstance(parsed, dict):
        raise SignatureMalformed("The signature headers are malformed.")
    return parsed


def read_signature(headers: Headers) -> SignatureFields:
    """The `scelle` signature of a message; refuses any other label, type or parameter."""
    inputs = field_value(headers, "signature-input")
    signatures = field_value(headers, "signature")
    if inputs is None or signatures is None:
        raise SignatureMissing("This request is not signed (no Signature header).")
    parsed_inputs, parsed_signatures = _dictionary(inputs), _dictionary(signatures)
    if list(parsed_inputs) != [LABEL] or list(parsed_signatures) != [LABEL]:
        raise SignatureMalformed(f'Exactly one signature, labelled "{LABEL}", is expected.')
    members, params = parsed_inputs[LABEL]
    value, value_params = parsed_signatures[LABEL]
    if not isinstance(members, list) or type(value) is not bytes or value_params:
        raise SignatureMalformed("The signature headers are malformed.")
    components: list[Component] = []
    for item, item_params in members:
        if type(item) is not str or any(type(v) not in (bool, int, str)
                                        for v in item_params.values()):
            raise SignatureMalformed("The signature covers a malformed component.")
        components.append((item, dict(item_params)))
    if set(params) - ALLOWED_PARAMS:
        raise SignatureMalformed("The signature must declare alg=\"ed25519\" and no unknown "
                                 "parameter.")
    if params.get("tag") != TAG or type(params.get("tag")) is not str:
        raise SignatureMalformed("The signature headers are malformed or not ours.")
    if params.get("alg") != ALGORITHM or type(params.get("alg")) is not str:
        raise SignatureMalformed("The signature must declare alg=\"ed25519\" and no unknown "
                                 "parameter.")
    return SignatureFields(components, dict(params), value)


def request_signature(headers: Headers) -> bytes | None:
    """The `scelle` signature bytes of a request, for a response to bind to; None if unusable."""
    value = field_value(headers, "signature")
    if value is None:
        return None
    try:
        parsed = http_sf.parse(value.encode("ascii"), tltype="dictionary")
    except (ValueError, TypeError, UnicodeError):
        return None
    member = parsed.get(LABEL) if isinstance(parsed, dict) else None
    if not isinstance(member, tuple) or type(member[0]) is not bytes or member[1]:
        return None
    return member[0]
