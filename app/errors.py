"""The root of the errors the faces catch, reached through app (a face never imports crypto).

Every deliberate error of every layer is a `ScelleError`: its `str()` is one sentence a user
understands, naming nothing secret. The command line prints it and exits with its `exit_code`;
the GUI shows it in a dialog. The errors of one subject are presented by that subject's app
module: identity cards in app/identities.py (`CardError`, `CardExpired`), sealed-file refusals in
app/sealing/errors.py, the vault's in app/vault. See docs/architecture.md.

This module stays light (no cryptography loaded): the command line imports it at start-up.
"""

from __future__ import annotations

from crypto.errors import ScelleError


def is_cancellation(exc: BaseException) -> bool:
    """True if `exc` says the user cancelled a job, whichever layer noticed it first (the vault
    store, the sealed-file pipeline, age, a token's PIN pad): nothing to report, nothing kept."""
    if not isinstance(exc, ScelleError):
        return False
    from app.cancel import Cancelled as AppCancelled

    if isinstance(exc, AppCancelled):
        return True
    # Imported here, not above: loading them loads the cryptography the command line's start-up
    # does not need; a job that was cancelled has loaded them already.
    from crypto.age.errors import AgeCancelled
    from crypto.factors.pkcs11_errors import PinEntryCancelledError
    from crypto.sealed.errors import Cancelled
    from storage.blobs.errors import CancelledError

    return isinstance(exc, AgeCancelled | CancelledError | PinEntryCancelledError | Cancelled)


__all__ = ["ScelleError", "is_cancellation"]
