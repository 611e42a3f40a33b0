"""Members' signed prekeys: publication by their owner, lookup by senders (docs/relay.md,
"Prekeys"; the document: crypto/prekeys.py, docs/format.md §9).

The relay checks a prekey before keeping it (strict form, signed by the key of the member's
certified card, in use now, newer than the last one it published) and serves, for each
fingerprint a sender asks about, the newest prekey in use, under the directory's partition:
a member outside it answers exactly like one without a prekey. The relay never sees a secret;
a relay that withheld or replaced a prekey only makes senders fall back to the long-term key
(they are told), since a replaced one fails its owner's signature.
"""

from __future__ import annotations

import json
from typing import Any

from crypto.prekeys import Prekey, PrekeyError, parse_prekey, verify_prekey
from crypto.sealed.codec import canonical_json
from relay import errors
from relay.auth import Principal
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import directory, housekeeping
from relay.db import prekeys as db
from relay.logs import log_event

MAX_LOOKUP = 1000


def _checked(relay: Relay, principal: Principal, value: dict[str, Any]) -> Prekey:
    try:
        prekey = parse_prekey(canonical_json(value))
        verify_prekey(prekey, principal.card, as_datetime(relay.now()))
    except PrekeyError as exc:
        raise errors.InvalidPrekey(f"The prekey is refused: {exc}") from None
    except ValueError:
        raise errors.InvalidPrekey("The prekey is not valid JSON.") from None
    return prekey


def publish(relay: Relay, principal: Principal, value: dict[str, Any]) -> Prekey:
    """Blocking. Keep the member's new prekey (again: nothing changes) and drop stale ones."""
    prekey = _checked(relay, principal, value)
    now = relay.now()
    stored = db.StoredPrekey(prekey.prekey_id, principal.fingerprint, prekey.to_bytes(),
                             int(prekey.valid_from.timestamp()), int(prekey.until.timestamp()),
                             now)
    with relay.db.transaction() as tx:
        same = db.by_id(tx, prekey.prekey_id)
        if same is not None and same.owner == principal.fingerprint:
            return prekey  # published before; the answer was lost
        latest = db.newest(tx, principal.fingerprint)
        if same is not None or (latest is not None and latest.valid_from >= stored.valid_from):
            raise errors.InvalidPrekey("The prekey is refused: it is not newer than the one you "
                                       "published last.")
        db.add(tx, stored)
        db.drop_stale(tx, principal.fingerprint, now)
        housekeeping.audit(tx, now, principal.fingerprint, "prekey.published",
                           principal.fingerprint, f"id={prekey.prekey_id}")
    relay.db.sync()
    log_event("prekey.published", member=principal.fingerprint)
    return prekey


def lookup(relay: Relay, principal: Principal, fingerprints: list[str]) -> list[dict[str, Any]]:
    """Blocking. The current prekey of each visible member among `fingerprints`."""
    wanted = [f for f in dict.fromkeys(fingerprints) if _is_fingerprint(f)][:MAX_LOOKUP]
    now = relay.now()
    with relay.db.transaction() as tx:
        orgs = directory.partition(tx, principal.member.org_id)
        visible = directory.visible_among(tx, orgs, now, wanted)
        found = db.current(tx, sorted(visible), now, relay.limits.clock_skew)
    return [{"fingerprint": p.owner, "prekey": json.loads(p.document)} for p in found]


def _is_fingerprint(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)
