"""RFC 3161 trusted timestamps over proofs (docs/format.md §11).

The relay asks a time-stamping authority (TSA) chosen by its operator for a token over a proof's
canonical bytes (crypto/proofs.py `Proof.to_bytes`): the token binds the SHA-256 of those bytes
to the authority's clock, signed by the authority. Anyone holding the proof, the token and the
authority's root certificate checks, offline:

  * the token's signature and the authority's certificate chain up to a trust anchor the
    verifier was given (never one the token brings along), with the certificates valid at the
    token's time, the signing certificate's extended key usage "timeStamping" critical;
  * the message imprint: the token is about these exact proof bytes;
  * the time: not earlier than the proof's own time less the allowed skew (a relay clock
    running ahead shows), not later than the verification time plus the skew.

The token kept is the authority's whole TimeStampResp (DER), as received: rfc3161-client (Trail
of Bits) reads and verifies that form. Errors name what failed, never the bytes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ParamSpec, TypeVar

from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from crypto.errors import ScelleError

P = ParamSpec("P")
R = TypeVar("R")
MAX_TOKEN_BYTES = 64 * 1024  # a token with its certificate chain is a few kilobytes
MAX_ANCHOR_BYTES = 1024 * 1024


class TimestampError(ScelleError):
    """A timestamp token is malformed, not about this proof, untrusted or out of its bounds."""


@dataclass(frozen=True)
class TimestampRequest:
    der: bytes  # the TimeStampReq to POST with Content-Type application/timestamp-query
    nonce: int


@dataclass(frozen=True)
class Timestamp:
    """A token read (and, from `verify_token`, verified) over some proof's bytes."""

    der: bytes
    time: datetime  # the authority's genTime, UTC
    authority: str  # the signing certificate's subject (RFC 4514), to show to people
    serial: int  # the token's serial number at that authority


def _malformed_is_refused(func: Callable[P, R]) -> Callable[P, R]:
    """The library and `cryptography` parse a token's parts (certificates, names) when first
    read, raising ValueError anywhere: a malformed token is one TimestampError, never that."""
    @functools.wraps(func)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (ValueError, TypeError, OverflowError):
            raise TimestampError("The timestamp token is not a valid RFC 3161 response.") \
                from None
    return checked


def imprint(message: bytes) -> str:
    """The hex SHA-256 a token over `message` carries (also how proofs are named beside it)."""
    return hashlib.sha256(message).hexdigest()


def build_request(message: bytes) -> TimestampRequest:
    """A SHA-256 request over `message`, with a nonce and asking for the signer's certificate
    (so the token carries what a verifier needs besides its trust anchor)."""
    request = (TimestampRequestBuilder().data(message).hash_algorithm(HashAlgorithm.SHA256)
               .nonce(nonce=True).cert_request(cert_request=True).build())
    assert request.nonce is not None
    return TimestampRequest(request.as_bytes(), int(request.nonce))


def _decode(data: bytes) -> TimeStampResponse:
    if len(data) > MAX_TOKEN_BYTES:
        raise TimestampError("The timestamp token is too large to be genuine.")
    try:
        response = decode_timestamp_response(bytes(data))
        granted = response.status in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS)
        if granted:
            # The library parses the token's parts when first read: read them all here, so
            # that a malformed part is this one refusal and not an error later.
            info, signed = response.tst_info, response.signed_data
            _ = (info.gen_time, info.serial_number, info.nonce, info.message_imprint.message,
                 info.message_imprint.hash_algorithm, signed.certificates,
                 list(signed.signer_infos), response.time_stamp_token())
    except (ValueError, TypeError, OverflowError):
        raise TimestampError("The timestamp token is not a valid RFC 3161 response.") from None
    if not granted:
        raise TimestampError("The time-stamping authority refused the request.")
    return response


def _summary(data: bytes, response: TimeStampResponse) -> Timestamp:
    leaf = _signing_certificate(response)
    authority = leaf.subject.rfc4514_string() if leaf is not None else "(not named)"
    return Timestamp(bytes(data), response.tst_info.gen_time.astimezone(UTC), authority,
                     response.tst_info.serial_number)


@_malformed_is_refused
def accept_response(data: bytes, message: bytes, nonce: int,
                    anchors: Sequence[x509.Certificate]) -> Timestamp:
    """The relay's check of an authority's answer before keeping it: the nonce it sent, the
    imprint of `message`, and the chain to the operator's anchors (a misconfigured authority
    is noticed at once, not by the first client that verifies)."""
    response = _decode(data)
    if response.tst_info.nonce != nonce:
        raise TimestampError("The time-stamping authority answered another request.")
    return verify_token(data, message, anchors)


@_malformed_is_refused
def verify_token(data: bytes, message: bytes, anchors: Sequence[x509.Certificate], *,
                 not_before: datetime | None = None, now: datetime | None = None,
                 skew: int = 0) -> Timestamp:
    """Verify a token over `message` against `anchors` (root certificates the verifier trusts);
    optionally its time against `not_before` (the proof's own time) and `now`, each give or
    take `skew` seconds. Raises TimestampError naming the failed check."""
    if not anchors:
        raise TimestampError("No trusted time-stamping authority is configured to check the "
                             "timestamp token against.")
    response = _decode(data)
    if response.tst_info.message_imprint.message != _hash_for(response, message):
        raise TimestampError("The timestamp token is not about this proof (its message "
                             "imprint differs): it belongs to other bytes.")
    _check_validity(response)
    builder = VerifierBuilder()
    for anchor in anchors:
        builder = builder.add_root_certificate(anchor)
    try:
        builder.build().verify_message(response, message)
    except (VerificationError, ValueError, TypeError):
        raise TimestampError("The timestamp token is not signed by a trusted time-stamping "
                             "authority.") from None
    stamp = _summary(data, response)
    _check_bounds(stamp.time, not_before, now, skew)
    return stamp


@_malformed_is_refused
def read_token(data: bytes, message: bytes) -> Timestamp:
    """A token read and checked to be over `message`, its signature and authority NOT checked
    (no trust anchor at hand): what it claims, to show as such."""
    response = _decode(data)
    if response.tst_info.message_imprint.message != _hash_for(response, message):
        raise TimestampError("The timestamp token is not about this proof (its message "
                             "imprint differs): it belongs to other bytes.")
    return _summary(data, response)


def _hash_for(response: TimeStampResponse, message: bytes) -> bytes:
    algorithm = response.tst_info.message_imprint.hash_algorithm.dotted_string
    names = {"2.16.840.1.101.3.4.2.1": "sha256", "2.16.840.1.101.3.4.2.2": "sha384",
             "2.16.840.1.101.3.4.2.3": "sha512"}
    if algorithm not in names:
        raise TimestampError("The timestamp token uses a hash this program does not accept.")
    return hashlib.new(names[algorithm], message).digest()


def _signing_certificate(response: TimeStampResponse) -> x509.Certificate | None:
    infos = list(response.signed_data.signer_infos)
    if len(infos) != 1:
        return None
    info = infos[0]
    for der in response.signed_data.certificates:
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError:
            raise TimestampError("The timestamp token carries a malformed certificate.") \
                from None
        if cert.issuer == info.issuer and cert.serial_number == info.serial_number:
            return cert
    return None


def _check_validity(response: TimeStampResponse) -> None:
    """Named apart from the chain check, whose library error does not say why: an authority
    signing with an expired (or not yet valid) certificate is a fault of its own."""
    leaf = _signing_certificate(response)
    if leaf is None:
        raise TimestampError("The timestamp token does not carry its authority's certificate.")
    at = response.tst_info.gen_time.astimezone(UTC)
    if not leaf.not_valid_before_utc <= at <= leaf.not_valid_after_utc:
        raise TimestampError("The time-stamping authority's certificate was not valid at the "
                             "token's time (expired or not yet valid).")


def _check_bounds(time: datetime, not_before: datetime | None, now: datetime | None,
                  skew: int) -> None:
    margin = timedelta(seconds=skew)
    if not_before is not None and time < not_before - margin:
        raise TimestampError("The timestamp token is dated before the proof it stamps: the "
                             "relay's clock and the authority's disagree.")
    if now is not None and time > now + margin:
        raise TimestampError("The timestamp token is dated in the future.")


def load_anchors(data: bytes, what: str = "The trust anchor file") -> list[x509.Certificate]:
    """Root certificates in PEM (one or several); TimestampError naming `what` otherwise."""
    if len(data) > MAX_ANCHOR_BYTES:
        raise TimestampError(f"{what} is too large.")
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise TimestampError(f"{what} holds no PEM certificate.") from None
    return list(certs)
