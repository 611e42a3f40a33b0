"""What the Organisation window runs on worker threads (ui/workers.py): each call opens the
administration over the vault's relay connection, signs with the window's `OrgSigner`, and
closes the connection. Nothing here touches Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.org.admin import InvitationCode, OrgAdministration, OrgAuditRow, OrgInfo, OrgMember
from app.org.intake_sync import revoke_member
from app.org.keys import OrgKeyRecord
from app.key_factors import TokenSelector
from app.org.signer import OrgSigner, create_vault_key, import_key_file, org_keys
from app.org.signer import create_token_key as make_token_key
from app.vault import VaultSession


@dataclass(frozen=True)
class OrgSnapshot:
    """The organisation as its admin sees it: its record, members and audit trail."""

    info: OrgInfo
    members: list[OrgMember]
    audit: list[OrgAuditRow]


def keys(session: VaultSession) -> list[OrgKeyRecord]:
    return org_keys(session).list()


def load(session: VaultSession, signer: OrgSigner) -> OrgSnapshot:
    with OrgAdministration.open(session, signer) as org:
        return OrgSnapshot(org.organisation(), org.members(), org.audit())


def invite(session: VaultSession, signer: OrgSigner, role: str, hours: int) -> InvitationCode:
    with OrgAdministration.open(session, signer) as org:
        return org.invite(role, hours)


def pending(session: VaultSession, signer: OrgSigner, fingerprint: str) -> OrgMember:
    with OrgAdministration.open(session, signer) as org:
        return org.pending_card(fingerprint)


def certify(session: VaultSession, signer: OrgSigner, member: OrgMember) -> OrgMember:
    with OrgAdministration.open(session, signer) as org:
        return org.certify(member)


def revoke(session: VaultSession, signer: OrgSigner, fingerprint: str, reason: str
           ) -> OrgMember:
    with OrgAdministration.open(session, signer) as org:
        return revoke_member(org, fingerprint, reason)[0]  # republishes intake points too


def import_key(session: VaultSession, path: Path, organisation: str,
               passphrase: bytes | None) -> OrgKeyRecord:
    return import_key_file(session, path, organisation, passphrase=passphrase)


def create_key(session: VaultSession, organisation: str) -> OrgKeyRecord:
    return create_vault_key(session, organisation)


def create_token_key(session: VaultSession, organisation: str, token_label: str,
                     module_path: str | None, pin: str) -> OrgKeyRecord:
    return make_token_key(session, organisation, token=TokenSelector(label=token_label),
                          module_path=module_path, pin=pin)
