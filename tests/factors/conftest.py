"""Fixtures of the second-factor tests: the shared SoftHSM2 token and emulated FIDO2 keys."""

from tests.support.softhsm import softhsm  # noqa: F401  (re-exported session fixture)
