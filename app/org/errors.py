"""Refusals of organisation administration: one sentence each, naming nothing secret."""

from __future__ import annotations

from crypto.errors import ScelleError


class OrgError(ScelleError):
    """Organisation administration refused (the text says what and why)."""


class OrgKeyMissingError(OrgError):
    """The vault holds no organisation key (or not the one asked for)."""


class OrgKeyFileError(OrgError):
    """The organisation key file cannot be read, is not an Ed25519 key, or the passphrase is
    wrong."""
