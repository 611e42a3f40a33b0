"""What `relay status` and `relay send` say about prekeys (app/relay_client/prekeys.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cli.vault_output import info

if TYPE_CHECKING:
    from app.relay_client import OutboxItem, RelayService


def prekey_status(service: RelayService) -> dict[str, Any]:
    """The fields `relay status` adds: the current prekey (id and dates), whether the relay
    has it, and how many secrets are held and destroyed."""
    from app.times import format_time

    state = service.prekey_state()
    current = state.current
    return {"prekey": current.prekey_id if current else None,
            "prekey_published": state.published,
            "prekey_rotates": format_time(current.rotate_after) if current else None,
            "prekey_until": format_time(current.until) if current else None,
            "prekeys_held": state.held, "prekeys_destroyed": state.destroyed}


def tell_long_term(service: RelayService, item: OutboxItem) -> None:
    """Tell the sender who was sealed for without forward secrecy (no valid prekey)."""
    use = service.prekey_use(item.id)
    if use is not None and use.long_term:
        info(f"{len(use.long_term)} recipient(s) had no valid prekey on the relay (an older "
             "Scellé, or none published yet): sealed for their long-term key, without forward "
             "secrecy.")
