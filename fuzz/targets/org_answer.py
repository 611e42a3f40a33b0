"""What an organisation's admin reads from the relay (app/org/views.py): the organisation's
record, an invitation, a member with its card and state, an audit row. A dishonest or broken
relay may send anything: the reader refuses it with `RelayProtocolError` (a `ScelleError`), and
a member it accepts carries a card whose fingerprint is the one named.

Input: one byte choosing the reader, then the JSON answer (read strictly, as the transport does).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from app.org import views
    from app.relay_client.http import decode_answer
    from crypto.errors import ScelleError

ALLOWED = (ScelleError,)
READERS = (views.org_info, views.invitation, views.member_view, views.audit_row)


def check(data: bytes) -> None:
    if not data:
        return
    answer = decode_answer(data[1:])
    value = READERS[data[0] % len(READERS)](answer)
    if isinstance(value, views.OrgMember):
        if value.card is not None:
            assert value.card.fingerprint_hex == value.fingerprint, "a card of another fingerprint"
        assert value.status in views.STATES


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
