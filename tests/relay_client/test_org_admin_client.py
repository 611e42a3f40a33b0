"""An organisation's admin at work from their vault (app/org/admin.py), against the real relay
on loopback (SQLite and PostgreSQL): the key imported from the relay's key file, made in the
vault, or made on a SoftHSM2 token; invitations, members, certification after comparing the
fingerprint, revocation with a reason, the audit trail; and the refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.org.admin import OrgAdministration
from app.org.errors import OrgError
from app.org.signer import create_token_key, create_vault_key, import_key_file, org_signer
from app.relay_client import RelayService
from app.relay_client.errors import NotJoined, RelayRefused
from relay import admin
from app.vault import create_vault
from tests.relay_client.conftest import FAST_KDF, PASSPHRASE, Net, Template, open_with_vmk
from tests.vault_keys.conftest import FakeFactor
from tests.support.softhsm import softhsm  # noqa: F401  (session fixture)


def _join_with(net: Net, folder: Path, code: str) -> RelayService:
    """A new vault (a new identity) joined with `code`."""
    session = create_vault(folder, PASSPHRASE, FakeFactor(serial="NEWBIE"), name="Nina Nouvelle",
                           role="Avocate", organisation="Barreau", kdf=FAST_KDF).session
    service = RelayService(session, clock=net.server.clock.now)
    service.join(net.server.base_url, code, relay_key_id=net.server.relay.key_id)
    return service


def test_admin_cycle_with_the_imported_key(net: Net, templates: dict[str, Template],
                                           tmp_path: Path) -> None:
    lawyer = net.lawyer.session
    import_key_file(lawyer, net.barreau.key_path, "Barreau")
    with org_signer(lawyer) as signer, \
            OrgAdministration.open(lawyer, signer, clock=net.server.clock.now) as org:
        info = org.organisation()
        assert (info.name, info.linked) == ("Barreau", ("Police",))
        code = org.invite()
        assert code.role == "member" and code.organisation == "Barreau"
        newbie = _join_with(net, tmp_path / "newbie", code.code)
        fingerprint = newbie.membership().fingerprint
        states = {m.fingerprint: m.status for m in org.members()}
        assert states == {net.lawyer.fingerprint: "certified", fingerprint: "pending"}
        spaced = " ".join(fingerprint[i:i + 4] for i in range(0, 64, 4)).upper()
        pending = org.pending_card(spaced)
        assert pending.name == "Nina Nouvelle" and pending.status == "pending"
        certified = org.certify(pending)
        assert certified.status == "certified"
        assert newbie.membership().card_certified
        revoked = org.revoke(fingerprint, "lost-key")
        assert (revoked.status, revoked.reason) == ("revoked", "lost-key")
        with pytest.raises(RelayRefused, match="member_revoked"):
            newbie.membership()
        with pytest.raises(OrgError, match="revoked"):
            org.pending_card(fingerprint)
        actions = [row.action for row in org.audit()]
        assert actions[-3:] == ["member.enrolled", "member.certified", "member.revoked"]
    newbie.close()
    newbie.session.lock()
    kinds = [e.action for e in lawyer.audit.entries()]
    assert kinds[-4:] == ["org.key_add", "org.invite", "org.certify", "org.revoke"]


def test_refusals(net: Net, tmp_path: Path) -> None:
    lawyer = net.lawyer.session
    import_key_file(lawyer, net.barreau.key_path, "Barreau")
    with org_signer(lawyer) as signer, \
            OrgAdministration.open(lawyer, signer, clock=net.server.clock.now) as org:
        for other in (net.officer.fingerprint, "ab" * 32):  # another org's member, nobody
            with pytest.raises(RelayRefused, match="unknown_member"):
                org.pending_card(other)
            with pytest.raises(RelayRefused, match="unknown_member"):
                org.revoke(other, "departure")
        with pytest.raises(OrgError, match="64 hexadecimal"):
            org.pending_card("abcd")
        with pytest.raises(OrgError, match="reason must be one of"):
            org.revoke(net.lawyer.fingerprint, "dislike")
        with pytest.raises(OrgError, match="role"):
            org.invite(role="king")
    # The key of another organisation signs for that one only: Police's admin, with Barreau's
    # key file imported by mistake under the name Police, still administers Barreau.
    officer = net.officer.session
    import_key_file(officer, net.barreau.key_path, "Police")
    with org_signer(officer) as signer, \
            OrgAdministration.open(officer, signer, clock=net.server.clock.now) as org:
        assert org.organisation().name == "Barreau"
        with pytest.raises(RelayRefused, match="unknown_member"):
            org.revoke(net.officer.fingerprint, "departure")
    # A key the relay does not know is refused as a bad signature.
    create_vault_key(net.notary.session, "Notaires")
    with org_signer(net.notary.session) as signer, \
            OrgAdministration.open(net.notary.session, signer,
                                   clock=net.server.clock.now) as org:
        with pytest.raises(OrgError, match="knows no organisation with this key"):
            org.members()


def test_key_made_in_the_vault_and_on_a_token(net: Net, softhsm, tmp_path: Path  # noqa: F811
                                              ) -> None:
    server = net.server
    notary = net.notary.session
    vault_key = create_vault_key(notary, "Étude Dubois")
    admin.create_org(server.relay.db, server.now(), "test", "Étude Dubois", None,
                     public_key=vault_key.public_key)
    with org_signer(notary, organisation="Étude Dubois") as signer, \
            OrgAdministration.open(notary, signer, clock=server.clock.now) as org:
        assert org.organisation().name == "Étude Dubois"
        assert org.invite(role="admin", hours=2).role == "admin"
    officer = net.officer.session
    token_key = create_token_key(officer, "Police Nationale", token=softhsm.selector(),
                                 module_path=softhsm.module_path, pin=softhsm.user_pin)
    admin.create_org(server.relay.db, server.now(), "test", "Police Nationale", None,
                     public_key=token_key.public_key)
    pins = softhsm.pin_provider()
    try:
        with org_signer(officer, pin=pins) as signer, \
                OrgAdministration.open(officer, signer, clock=server.clock.now) as org:
            assert org.organisation().name == "Police Nationale"
            org.invite()
            assert org.members() == []
        assert pins.calls == 1
    finally:
        softhsm.delete_key(token_key.key_id)


def test_not_joined(templates: dict[str, Template], tmp_path: Path) -> None:
    shutil.copytree(templates["lawyer"].folder, tmp_path / "v")
    session = open_with_vmk(tmp_path / "v", templates["lawyer"].vmk)
    try:
        create_vault_key(session, "Barreau")
        with org_signer(session) as signer, pytest.raises(NotJoined):
            OrgAdministration.open(session, signer)
    finally:
        session.lock()
