"""Request authentication: RFC 9421 signature, signed body digest, nonce, member standing.

Three kinds of routes:
  * public (relay key, health, OpenAPI): no signature needed;
  * enrolment: signed with the key of the card in the body (proof of possession), keyid = that
    card's fingerprint;
  * everything else: signed by a registered member, keyid = the member's fingerprint.

Bodies of JSON requests are read here (bounded) and checked against the signed Content-Digest
before the route sees a byte. Chunk uploads (PUT …/chunks/{offset}) are the one streamed body:
the route checks the chunk against the signed digest before keeping it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crypto.httpsig import (
    DigestMismatch,
    HttpSigError,
    RequestVerifier,
    VerifiedRequest,
    check_body,
)
from crypto.identity import CardError, IdentityCard, parse_card
from crypto.sealed.codec import canonical_json, parse_json
from relay import errors
from relay.context import Relay
from relay.db import directory, housekeeping
from relay.db.directory import PENDING, REVOKED, Member

HEALTH_ROUTE = ("GET", "/v1/health")
PUBLIC_ROUTES = {("GET", "/v1/relay"), HEALTH_ROUTE, ("GET", "/v1/openapi.json")}
ENROL_ROUTE = ("POST", "/v1/enrol")
PENDING_ROUTES = {("GET", "/v1/me")}
CHUNK_ROUTE = re.compile(r"/v1/envelopes/[0-9a-f]{32}/chunks/[0-9]{1,19}")
DEPOSIT_ROUTE = ("POST", "/v1/envelopes/deposit")


@dataclass(frozen=True)
class Principal:
    """An authenticated member."""

    member: Member
    card: IdentityCard
    request: VerifiedRequest
    retry_after: float | None = None  # set when the member's rate limit refuses this request

    @property
    def fingerprint(self) -> str:
        return self.member.fingerprint


@dataclass(frozen=True)
class Enrolment:
    """A signed enrolment request: the card in the body signed it."""

    card: IdentityCard
    invitation: str
    request: VerifiedRequest


@lru_cache(maxsize=4096)
def stored_card(data: bytes) -> IdentityCard:
    """Cards in the database were checked when stored; parse each distinct one once."""
    return parse_card(data)


def is_streamed(method: str, path: str) -> bool:
    """Chunk uploads and single-request deposits: the route checks the body against the
    signed digest while streaming it to disk."""
    return (method == "PUT" and CHUNK_ROUTE.fullmatch(path) is not None) or \
        (method, path) == DEPOSIT_ROUTE


def request_url(scope: dict[str, Any], host: str) -> str | None:
    """The URL as the client addressed it (Host header, raw path); None if not plain ASCII."""
    try:
        path = (scope.get("raw_path") or scope["path"].encode("ascii")).decode("ascii")
        query = (scope.get("query_string") or b"").decode("ascii")
        host.encode("ascii")
    except UnicodeError:
        return None
    return f"{scope.get('scheme', 'http')}://{host}{path}" + (f"?{query}" if query else "")


def header_items(scope: dict[str, Any]) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]


def _sig_error(exc: HttpSigError) -> errors.RelayError:
    status = 400 if isinstance(exc, DigestMismatch) else 401
    return errors.SignatureError(str(exc), exc.code, status)


def _remember_nonce(relay: Relay, verified: VerifiedRequest, *, member: bool = False
                    ) -> float | None:
    """Record the nonce (refusing a replay) and, for a member, take from its rate-limit
    bucket in the same transaction: one trip to the shared database for both. Returns the
    seconds to wait if the bucket is empty (the caller refuses after the standing checks)."""
    expires = verified.created + relay.limits.clock_skew + 1
    wait = None
    with relay.db.transaction() as tx:
        if member:
            fresh, wait = relay.member_limit.take_after_nonce(
                tx, relay.db.dialect, verified.key_id, verified.nonce, expires, relay.clock.now())
        else:
            fresh = housekeeping.remember_nonce(tx, verified.key_id, verified.nonce, expires)
    if not fresh:
        raise errors.Replayed("This request was already received (its nonce was used).")
    return wait


def _verifier(relay: Relay, resolve: Any) -> RequestVerifier:
    return RequestVerifier(resolve, now=relay.clock.now, max_skew=relay.limits.clock_skew)


def verify_member(relay: Relay, method: str, url: str, headers: list[tuple[str, str]],
                  path: str) -> Principal:
    """Blocking: check the signature, the nonce and the member's standing."""
    found: dict[str, tuple[Member, IdentityCard]] = {}

    def resolve(key_id: str):  # noqa: ANN202
        with relay.db.transaction() as tx:
            member = directory.member(tx, key_id)
        if member is None:
            return None
        card = stored_card(member.card)
        found["member"] = (member, card)
        return card.public_key()

    try:
        verified = _verifier(relay, resolve).verify(method, url, headers)
    except HttpSigError as exc:
        raise _sig_error(exc) from None
    member, card = found["member"]
    wait = _remember_nonce(relay, verified, member=True)
    if member.status == REVOKED:
        raise errors.MemberRevoked("Your identity card was revoked by your organisation.")
    if member.card_expires <= relay.now():
        raise errors.CardExpiredError("Your identity card has expired; renew it and have it "
                                      "certified again.")
    if member.status == PENDING and (method, path) not in PENDING_ROUTES:
        raise errors.NotCertified("Your identity card is not certified yet; ask your "
                                  "organisation's admin.")
    return Principal(member, card, verified, wait)


def verify_enrolment(relay: Relay, method: str, url: str, headers: list[tuple[str, str]],
                     body: bytes) -> Enrolment:
    """Blocking: parse the enrolment body, then check it was signed by the card's own key."""
    value = parse_json(body, errors.InvalidRequest, "The enrolment request")
    if not isinstance(value, dict) or set(value) != {"invitation", "card"} \
            or not isinstance(value["invitation"], str):
        raise errors.InvalidRequest("The enrolment request must hold exactly an invitation "
                                    "code and a card.")
    try:
        card = parse_card(canonical_json(value["card"]))
    except (CardError, ValueError) as exc:
        raise errors.InvalidCard(str(exc) if isinstance(exc, CardError)
                                 else "The identity card is not valid JSON.") from None

    def resolve(key_id: str):  # noqa: ANN202
        return card.public_key() if key_id == card.fingerprint_hex else None

    try:
        verified = _verifier(relay, resolve).verify(method, url, headers)
        check_body(verified, body)
    except HttpSigError as exc:
        raise _sig_error(exc) from None
    _remember_nonce(relay, verified)
    return Enrolment(card, value["invitation"], verified)


def check_digest(verified: VerifiedRequest, body: bytes) -> None:
    try:
        check_body(verified, body)
    except HttpSigError as exc:
        raise _sig_error(exc) from None
