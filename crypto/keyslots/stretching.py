"""A slot's Argon2id started ahead, on its own thread, while the caller does something else.

Opening a vault with a token or a security key needs two independent things: the passphrase
stretched with the slot's Argon2id parameters (the costly part, 0.1–1 s) and the factor's share
(token I/O, a PIN typed, a key touched; and the imports that talk to the token). The derivation
releases the interpreter lock, so it can run beside them:

    with Stretching(passphrase_buffer, slot.kdf) as stretching:
        share = factor_share(...)                         # meanwhile: token, PIN, touch
        stretched = stretching.take_for(passphrase_buffer, slot.kdf)   # None: not this one
        opened = open_slot(slot, vault_id, SlotSecrets(pw, share), stretched=stretched)

Nothing about the work changes: the same derivation, with the same parameters, done once.
The thread holds its own copy of the passphrase, wiped as soon as the derivation ends; a
result not taken is wiped when the block is left. Leaving the block waits for the thread, so
no derivation outlives it (a failed unlock returns at most one derivation later).
"""

from __future__ import annotations

import hmac
import threading
from types import TracebackType

from crypto.kdf import Argon2Params, derive
from crypto.keyslots.secret import wipe


class Stretching:
    """Argon2id of `secret` with `kdf`, running from construction (see the module's text)."""

    def __init__(self, secret: bytes | bytearray, kdf: Argon2Params) -> None:
        self.kdf = kdf
        self._secret = bytearray(secret)  # the thread's own copy: the caller keeps its buffer
        self._check = bytearray(secret)  # to tell, when asked, whether it is the same secret
        self._result: bytearray | None = None
        self._error: BaseException | None = None
        self._taken = False
        self._thread = threading.Thread(target=self._run, name="scelle-argon2id", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = derive(self._secret, self.kdf)
        except BaseException as exc:  # reported by take_for, on the caller's thread
            self._error = exc
        finally:
            wipe(self._secret)

    def take_for(self, secret: bytes | bytearray, kdf: Argon2Params) -> bytearray | None:
        """The stretched key if it was made from `secret` with `kdf` (the caller wipes it),
        once; None otherwise (the caller then derives it itself). Waits for the thread."""
        if self._taken or kdf != self.kdf or not hmac.compare_digest(bytes(self._check),
                                                                     bytes(secret)):
            return None
        self._thread.join()
        self._taken = True
        wipe(self._check)
        if self._error is not None:
            raise self._error
        result, self._result = self._result, None
        return result

    def close(self) -> None:
        """Wait for the thread; wipe everything not handed over."""
        self._thread.join()
        wipe(self._check)
        wipe(self._result)
        self._result = None
        self._taken = True

    def __enter__(self) -> Stretching:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
