"""Delegation: a principal (lawyer, notary) lets an assistant send and receive on their behalf.

- app/relay_client/delegations.py: the relay's routes (publish, list, revoke), answers checked;
- `principal.py`: the principal's use cases (create, list, revoke) and the admin's (list
  pending, certify with the organisation key, revoke);
- `sending.py`: sealing on behalf of a principal, and for the recipients' receiving delegates;
- `sync.py`: the revocations the relay lists, kept in the vault at each sync.

The rule every reader applies to a file sent on behalf of someone is app/vault/on_behalf.py
(reached through app/vault/exchange.py, also offline), with the revocations this vault learned
(app/vault/delegation_revocations.py, vault schema 8).

The format and the offline check are crypto/delegation.py (docs/format.md §8).
"""
