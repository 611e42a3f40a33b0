"""Organisation administration from the admin's own vault (issue 13).

An organisation's admin keeps its Ed25519 certification key in their vault or on a PKCS#11
token (`keys.py`, loaded as an `OrgSigner` by `signer.open_org_signer`), and administers the
organisation on the relay with requests signed by that key (`admin.py`): invitations, members
and their state, certification, revocation with a reason, the organisation's audit trail. The
relay only ever holds the public key. Every rule is here; `cli/org_cmd.py` and `ui/org/` only
collect input and show results.

Submodules import from their siblings, never from this package (docs/architecture.md).
"""
