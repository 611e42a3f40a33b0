"""Reading the Signature-Input and Signature fields of our profile (one label, strict types).

Every request and response needs both fields parsed, and the general Structured Field parser
(`http_sf`) is a large share of a signature check's cost. So fields in the exact form our
signers write are read by a small fast path, which accepts a value only if serialising what it
read gives back the same text: a canonical serialisation has one meaning, the one `http_sf`
gives it. Anything else (other spacing, tokens, escapes, …) goes to `http_sf`, as before.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

import http_sf

from crypto.httpsig.base import (
    Component,
    Headers,
    Param,
    Unusable,
    field_value,
    sf_bytes,
    signature_params,
)
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


_FAST_PARAM = re.compile(r';([a-z*][a-z0-9_.*-]*)(?:=(-?[0-9]{1,15}|"[ !#-\[\]-~]*"))?')
_FAST_INPUT = re.compile(r'([a-z*][a-z0-9_.*-]*)=\(([^()]*)\)((?:;[^;]+)*)')
_FAST_SIGNATURE = re.compile(r"([a-z*][a-z0-9_.*-]*)=:([A-Za-z0-9+/]*={0,2}):")


def _fast_params(text: str) -> dict[str, Param] | None:
    params: dict[str, Param] = {}
    end = 0
    for match in _FAST_PARAM.finditer(text):
        if match.start() != end:
            return None
        end = match.end()
        name, value = match[1], match[2]
        params[name] = True if value is None else (value[1:-1] if value[0] == '"'
                                                   else int(value))
    return params if end == len(text) else None


def _fast_input(value: str) -> dict | None:
    """A one-member Signature-Input dictionary in canonical form, or None (use http_sf)."""
    match = _FAST_INPUT.fullmatch(value)
    if match is None:
        return None
    members: list[tuple[str, dict[str, Param]]] = []
    for item in match[2].split(" ") if match[2] else []:
        name, sep, rest = item[1:].partition('"')
        params = _fast_params(rest) if item.startswith('"') and sep else None
        if params is None:
            return None
        members.append((name, params))
    params = _fast_params(match[3])
    if params is None:
        return None
    try:
        canonical = signature_params(members, params)
    except Unusable:
        return None
    if canonical != value[len(match[1]) + 1:]:
        return None
    return {match[1]: (members, params)}


def _fast_signature(value: str) -> dict | None:
    """A one-member Signature dictionary (a byte sequence) in canonical form, or None."""
    match = _FAST_SIGNATURE.fullmatch(value)
    if match is None:
        return None
    try:
        data = base64.b64decode(match[2], validate=True)
    except binascii.Error:
        return None
    if sf_bytes(data) != value[len(match[1]) + 1:]:
        return None
    return {match[1]: (data, {})}


def _duplicate(key: str, _context: str) -> None:
    # A repeated member or parameter: which copy a reader keeps differs between
    # implementations, so a signature could be checked over one and acted upon with the other.
    raise SignatureMalformed("The signature headers repeat a member or parameter.")


def _single_field(headers: Headers, name: str, shown: str) -> str | None:
    """The one line of field `name`, trimmed; None if absent; refused if repeated (a reader
    that joins the lines keeps the last signature, one that does not keeps the first)."""
    values = [v for n, v in headers if n.lower() == name]
    if len(values) > 1:
        raise SignatureMalformed(f"The message carries {len(values)} {shown} headers; exactly "
                                 "one is allowed.")
    return values[0].strip(" \t") if values else None


def _dictionary(value: str, fast=None) -> dict:  # noqa: ANN001 - one of the _fast_* readers
    parsed_fast = fast(value) if fast is not None else None
    if parsed_fast is not None:
        return parsed_fast
    try:
        parsed = http_sf.parse(value.encode("ascii"), tltype="dictionary",
                               on_duplicate_key=_duplicate)
    except (ValueError, TypeError, UnicodeError):
        raise SignatureMalformed("The signature headers are malformed.") from None
    if not isinstance(parsed, dict):
        raise SignatureMalformed("The signature headers are malformed.")
    return parsed


def read_signature(headers: Headers) -> SignatureFields:
    """The `scelle` signature of a message; refuses any other label, type or parameter."""
    inputs = _single_field(headers, "signature-input", "Signature-Input")
    signatures = _single_field(headers, "signature", "Signature")
    if inputs is None or signatures is None:
        raise SignatureMissing("This request is not signed (no Signature header).")
    parsed_inputs = _dictionary(inputs, _fast_input)
    parsed_signatures = _dictionary(signatures, _fast_signature)
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
    parsed = _fast_signature(value)
    if parsed is None:
        try:
            parsed = http_sf.parse(value.encode("ascii"), tltype="dictionary")
        except (ValueError, TypeError, UnicodeError):
            return None
    member = parsed.get(LABEL) if isinstance(parsed, dict) else None
    if not isinstance(member, tuple) or type(member[0]) is not bytes or member[1]:
        return None
    return member[0]
