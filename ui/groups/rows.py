"""The duty-group part of an inbox row, loaded on the worker with the rest (ui/relay/data.py):
the group a message went to and who took it for the group (no Qt here)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from app.relay_client import RelayService

Row = TypeVar("Row", bound=Any)


def with_group(row: Row, service: RelayService) -> Row:
    """`row` (an inbox row: `record_id`, `envelope_id`) with `group`, `taken_by` and
    `taken_by_me` filled in when its message went to a duty group."""
    group = service.message_group(row.record_id, row.envelope_id)
    if group is None:
        return row
    taker = service.taken_by(row.envelope_id)
    name = None if taker is None else taker.name or taker.fingerprint[:16]
    return replace(row, group=group.group.name, taken_by=name,
                   taken_by_me=taker is not None and taker.mine,
                   group_unconfirmed=group.confirmed is False)
