"""Joining a relay with an invitation code, and following the membership until it is certified.

`join`: read the relay's key (`GET /v1/relay`), compare it with the key id the administrator
announced when one is given (else it is pinned on first contact and its id shown for checking),
register the vault's identity card (`POST /v1/enrol`, signed with the card's own key), and store
the account: url, pinned key, connection options. A relay the workstation policy does not
allow, or a proxy other than the one it imposes, is refused before any connection. The member
is `pending` until the admin certifies the card. `refresh_membership` (`GET /v1/me`) then
fetches the certified card, checks it (same keys and body as ours, certification valid) and
adopts it into the vault, so that sealed files carry the organisation's certification; the
organisation key is pinned.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from app.policy import relay_proxy, require_relay_allowed
from app.relay_client.address import normalise_url, require_encrypted
from app.relay_client.context import Context
from app.relay_client.errors import AlreadyJoined, RelayProtocolError, RelayRefused
from app.relay_client.http import ConnectionOptions, RelayTransport
from app.relay_client.state import Account
from crypto.httpsig import relay_key_id
from crypto.identity import CardError, IdentityCard, card_from_json

STATUSES = ("pending", "certified", "revoked")


@dataclass(frozen=True)
class Membership:
    url: str
    relay_key_id: str
    fingerprint: str
    status: str
    organisation: str
    role: str
    card_certified: bool  # the vault's card carries the organisation's certification


def join(ctx: Context, url: str, code: str, *, relay_id: str | None = None,
         options: ConnectionOptions | None = None, allow_plain_http: bool = False
         ) -> Membership:
    """`allow_plain_http`: accept an http:// relay beyond loopback (the faces name it loudly:
    `--insecure-plain-http`); refused otherwise, before any connection."""
    state = ctx.state
    current = state.account()
    url = normalise_url(url)
    options = options or ConnectionOptions()
    # Before anything else, and above all before any connection (the transport checks again).
    require_relay_allowed(url)
    require_encrypted(url, allow_plain_http=allow_plain_http)
    relay_proxy(options.proxy)
    identity = ctx.session.identity
    if current is not None and (current.url != url or current.status != "pending"):
        raise AlreadyJoined("This vault is already a member of a relay.")
    with RelayTransport(url, relay_key=current.relay_key if current else None,
                        identity=identity, options=options, clock=ctx.clock) as transport:
        info = transport.relay_info(relay_id)
        key = transport.relay_key = _key_of(info)
        body = {"invitation": code.strip(), "card": json.loads(identity.card.to_bytes())}
        try:
            answer = transport.call("POST", "/v1/enrol", json_body=body)
        except RelayRefused as exc:
            if exc.code != "already_enrolled":
                raise
            answer = transport.call("GET", "/v1/me")  # joined before: carry on
    status, organisation, role = _member_fields(answer)
    state.save_account(Account(url, key, identity.card.fingerprint_hex, status, organisation,
                               role, options))
    return refresh_membership(ctx) if status != "pending" else _membership(ctx)


def _key_of(info: dict[str, object]) -> bytes:
    return base64.b64decode(str(info["relay_key"]))  # checked by relay_info


def _member_fields(answer: object) -> tuple[str, str, str]:
    if not isinstance(answer, dict) or answer.get("status") not in STATUSES:
        raise RelayProtocolError("The relay's answer about the membership is malformed.")
    return str(answer["status"]), str(answer.get("organisation", "")), \
        str(answer.get("role", ""))


def follow_key_rotation(ctx: Context) -> bool:
    """Once per connection: ask the relay for its key; if it rotated, with statements chained
    from our pinned key, pin the new key (crypto/relay_rotation.py). True when the pin moved;
    a new key nobody vouched for raises `RelayKeyMismatch`."""
    transport = ctx.transport()
    if transport.previous_keys is not None:
        return False
    transport.relay_info()
    pinned = ctx.state.require_account().relay_key
    if transport.relay_key is None or transport.relay_key == pinned:
        return False
    ctx.state.update_relay_key(transport.relay_key)
    ctx.transport().relay_info()  # the new pin's connection: the earlier keys it lists
    return True


def refresh_membership(ctx: Context) -> Membership:
    """Ask the relay how the membership stands; adopt the certified card when there is one."""
    answer = ctx.transport().call("GET", "/v1/me")
    status, organisation, role = _member_fields(answer)
    if status == "certified":
        _adopt(ctx, answer.get("card"))
    ctx.state.update_status(status, organisation, role)
    return _membership(ctx)


def _adopt(ctx: Context, value: object) -> None:
    try:
        card = card_from_json(value)
    except CardError:
        raise RelayProtocolError("The relay returned a malformed certified card.") from None
    own = ctx.session.identity.card
    if card.body() != own.body():
        return  # renewed here since enrolment: the relay's copy is older; keep ours
    certs = [c for c in card.certifications if card.certified_by(c.signing_key) is not None]
    if not certs:
        return
    for cert in certs:
        ctx.state.pin_org_key(cert.organisation, cert.signing_key)
    if card.to_bytes() != own.to_bytes():
        ctx.session.adopt_card(card)


def _membership(ctx: Context) -> Membership:
    account = ctx.state.require_account()
    card: IdentityCard = ctx.session.identity.card
    return Membership(account.url, relay_key_id(account.relay_key), account.fingerprint,
                      account.status, account.organisation, account.role,
                      bool(card.certifications))
