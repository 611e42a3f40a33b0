"""What every relay use case needs: the open vault, its relay rows, a transport, a clock."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from app.policy import imposed_relay_proxy
from app.relay_client.errors import RelayProtocolError, TransferCancelled
from app.relay_client.http import ConnectionOptions, RelayTransport
from app.relay_client.state import RelayState
from app.vault.session import VaultSession

HEX32 = re.compile(r"[0-9a-f]{32}")
HEX64 = re.compile(r"[0-9a-f]{64}")
#: The numbers of relay answers (sizes, offsets, times) are never negative and must fit the
#: vault's SQLite INTEGER (a larger one was an OverflowError traceback at the next sync).
MAX_INT = 2**63 - 1
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass
class Context:
    session: VaultSession
    clock: Callable[[], float]
    _local: threading.local = field(default_factory=threading.local)

    @property
    def state(self) -> RelayState:
        return RelayState(self.session.store.db, self.session.vault_dir)

    def transport(self) -> RelayTransport:
        """This thread's transport to the joined relay (kept open for connection reuse)."""
        account = self.state.require_account()
        current: RelayTransport | None = getattr(self._local, "transport", None)
        key = (account.url, account.relay_key, account.options)
        if current is None or getattr(self._local, "key", None) != key:
            if current is not None:
                current.close()
            current = RelayTransport(account.url, relay_key=account.relay_key,
                                     identity=self.session.identity,
                                     options=_under_policy(account.options), clock=self.clock)
            self._local.transport, self._local.key = current, key
        return current

    def relay_keys(self) -> frozenset[bytes]:
        """Keys whose proofs we accept: the pinned one, and the earlier ones it lists in a signed
        answer (proofs signed before a rotation; join.follow_key_rotation asked for them)."""
        earlier = self.transport().previous_keys or frozenset()
        return frozenset({self.state.require_account().relay_key}) | earlier

    def close(self) -> None:
        current = getattr(self._local, "transport", None)
        if current is not None:
            current.close()
            self._local.transport = None

    def now(self) -> int:
        return int(self.clock())

    def now_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.now(), UTC)


def _under_policy(options: ConnectionOptions) -> ConnectionOptions:
    """The stored options, with a proxy chosen at join time yielding to an imposed one.

    The proxy stored with the account may predate the policy: it is not the user's request of
    now, so the imposed proxy replaces it rather than refusing every later call.
    """
    if imposed_relay_proxy() is None or options.proxy is None:
        return options
    return replace(options, proxy=None)


def check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise TransferCancelled()


def field_of(obj: Any, key: str, kind: type, pattern: re.Pattern[str] | None = None) -> Any:
    """A field of a relay answer, of the expected type (and shape): else RelayProtocolError."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int or \
            kind is int and not 0 <= value <= MAX_INT or \
            pattern is not None and not pattern.fullmatch(value):
        raise RelayProtocolError(f"The relay's answer has no valid '{key}'.")
    return value
