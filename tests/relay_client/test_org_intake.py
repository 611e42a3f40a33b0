"""An organisation's admin opening an intake point from their vault (app/org/intake.py and
intake_sync.py), against the real relay on loopback (SQLite and PostgreSQL): the document built
from the intake group's roster and the directory's cards, signed with the organisation key,
published, shown with the page's address and key, republished when the roster changes or a
listed member is revoked, withdrawn; and the refusals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.org.admin import OrgAdministration
from app.org.errors import OrgError
from app.org.intake import IntakeAdmin, IntakeOutdated, IntakeRefused
from app.org.intake_sync import IntakeAwareGroupAdmin, revoke_member
from app.org.signer import import_key_file, org_signer
from app.relay_client import group_admin
from app.vault import create_vault
from crypto.intake_document import parse_served
from crypto.org_signer import SoftwareOrgSigner
from tests.relay_client.conftest import FAST_KDF, PASSPHRASE, Member, Net, Template, \
    new_member
from tests.vault_keys.conftest import FakeFactor

NAME = "ordre-ecrire"
TITLE = "Écrire à l’Ordre"


@pytest.fixture(scope="module")
def second_lawyer(tmp_path_factory: pytest.TempPathFactory) -> Template:
    root = tmp_path_factory.mktemp("intake-lawyer")
    new = create_vault(root / "lawyer2", PASSPHRASE, FakeFactor(serial="LAWYER2"),
                       name="Me Bruno Second", role="Avocat", organisation="Barreau",
                       kdf=FAST_KDF)
    template = Template(root / "lawyer2", bytes(new.session._require_vault().vmk),
                        new.recovery_code)
    new.session.lock()
    return template


@dataclass
class Desk:
    net: Net
    lawyer2: Member
    org: OrgAdministration
    intake: IntakeAdmin

    def group(self, *members: Member, name: str = "Accueil de l’Ordre") -> str:
        return group_admin.create(self.org.context, self.org.signer, name,
                                  [m.fingerprint for m in members]).group_id

    def page(self, name: str = NAME) -> httpx.Response:
        return httpx.get(f"{self.net.server.base_url}/v1/intake/{name}")


@pytest.fixture
def desk(net: Net, second_lawyer: Template, tmp_path: Path) -> Iterator[Desk]:
    lawyer2 = new_member(net.server, second_lawyer, tmp_path / "lawyer2", net.barreau, "l2")
    import_key_file(net.lawyer.session, net.barreau.key_path, "Barreau")
    with org_signer(net.lawyer.session) as signer, \
            OrgAdministration.open(net.lawyer.session, signer,
                                   clock=net.server.clock.now) as org:
        yield Desk(net, lawyer2, org, IntakeAdmin(org))
    lawyer2.close()


def _readers(desk: Desk) -> list[str]:
    return list(desk.intake.show(NAME).document.fingerprints())


def test_publish_show_republish_withdraw(desk: Desk) -> None:
    lawyer, lawyer2 = desk.net.lawyer, desk.lawyer2
    group_id = desk.group(lawyer, lawyer2)
    done = desk.intake.publish(NAME, group="Accueil", title="  Écrire   à l’Ordre ",
                               max_bytes=5_000_000, max_files=3)
    point = done.point
    assert done.left_out == ()
    document = point.document
    assert (document.name, document.version, document.title, document.group_id) == \
        (NAME, 1, TITLE, group_id)
    assert (document.max_bytes, document.max_files, document.organisation) == \
        (5_000_000, 3, "Barreau")
    assert list(document.fingerprints()) == sorted([lawyer.fingerprint, lawyer2.fingerprint])
    key = desk.net.barreau.key.public_key().public_bytes_raw().hex()
    groups = point.key_fingerprint.split(" ")
    assert len(groups) == 16 and all(len(g) == 4 for g in groups) and "".join(groups) == key
    assert point.address == f"{desk.net.server.base_url}/depot/{NAME}#cle={key}"
    assert point.current and point.withdrawn is None
    # The page gets exactly what was signed.
    served = desk.page()
    assert served.status_code == 200, served.text
    assert parse_served({k: served.json()[k] for k in ("signed", "signature")}) == point.signed
    # Republishing keeps what is not given, with a higher version.
    again = desk.intake.publish(NAME, max_files=0)
    assert (again.point.document.version, again.point.document.title) == (2, TITLE)
    assert (again.point.document.max_bytes, again.point.document.max_files) == (5_000_000, 0)
    assert [p.name for p in desk.intake.points()] == [NAME]
    withdrawn = desk.intake.withdraw(NAME)
    assert withdrawn.withdrawn is not None
    assert desk.page().json()["error"]["code"] == "not_found"
    reopened = desk.intake.publish(NAME)  # no rollback after a withdrawal
    assert reopened.point.document.version == 3 and desk.page().status_code == 200
    actions = [e.action for e in lawyer.session.audit.entries()]
    assert actions.count("org.intake_publish") == 3
    assert actions.count("org.intake_withdraw") == 1


def test_roster_changes_and_revocations_republish(desk: Desk) -> None:
    lawyer, lawyer2 = desk.net.lawyer, desk.lawyer2
    group_id = desk.group(lawyer, lawyer2)
    desk.intake.publish(NAME, group=group_id, title=TITLE)
    groups = IntakeAwareGroupAdmin(lawyer.session, desk.org.signer,
                                   clock=desk.net.server.clock.now)
    try:
        groups.change(group_id, group_admin.remove_member(lawyer2.fingerprint))
        assert [p.point.document.version for p in groups.republished] == [2]
        assert _readers(desk) == [lawyer.fingerprint]
        assert desk.page().status_code == 200
        # A duty window changes nobody's access: nothing is republished.
        groups.change(group_id, group_admin.set_windows(lawyer.fingerprint, []))
        assert groups.republished == []
        groups.change(group_id, group_admin.add_member(lawyer2.fingerprint))
        assert _readers(desk) == sorted([lawyer.fingerprint, lawyer2.fingerprint])
        assert desk.intake.show(NAME).document.version == 3
    finally:
        groups.close()
    revoked, republished = revoke_member(desk.org, lawyer2.fingerprint, "departure")
    assert revoked.status == "revoked"
    [publication] = republished
    assert [m.fingerprint for m in publication.left_out] == [lawyer2.fingerprint]
    point = desk.intake.show(NAME)
    assert (point.document.version, list(point.document.fingerprints()), point.current) == \
        (4, [lawyer.fingerprint], True)
    assert desk.page().status_code == 200


def test_republishing_that_fails_says_the_page_is_outdated(desk: Desk) -> None:
    group_id = desk.group(desk.lawyer2)
    desk.intake.publish(NAME, group=group_id, title=TITLE)
    with pytest.raises(IntakeOutdated, match="intake_outdated") as caught:
        revoke_member(desk.org, desk.lawyer2.fingerprint, "lost-key")
    assert NAME in str(caught.value) and "Bruno" not in str(caught.value)
    assert desk.page().json()["error"]["code"] == "intake_outdated"
    assert not desk.intake.show(NAME).current
    # Publishing again now: nobody can read, refused; the member is named apart.
    with pytest.raises(IntakeRefused, match="No member of this group") as refused:
        desk.intake.publish(NAME)
    [left] = refused.value.left_out
    assert left.fingerprint == desk.lawyer2.fingerprint and "revoked" in left.reason
    assert (left.name, left.kind) == ("Me Bruno Second", "no_card")
    assert desk.lawyer2.fingerprint not in str(refused.value)


def test_refusals(desk: Desk) -> None:
    net = desk.net
    desk.group(net.lawyer)
    for bad in ("ab", "Ordre", "-ordre", "ordre_ecrire", "x" * 65):
        with pytest.raises(OrgError, match="3 to 64 characters"):
            desk.intake.publish(bad, group="Accueil", title=TITLE)
    with pytest.raises(OrgError, match="title"):
        desk.intake.publish(NAME, group="Accueil", title=" \u202e ")
    with pytest.raises(OrgError, match="100 MB"):
        desk.intake.publish(NAME, group="Accueil", title=TITLE, max_bytes=100_000_001)
    with pytest.raises(OrgError, match="attached files"):
        desk.intake.publish(NAME, group="Accueil", title=TITLE, max_files=21)
    with pytest.raises(OrgError, match="--group"):
        desk.intake.publish(NAME, title=TITLE)
    with pytest.raises(OrgError, match="no intake point"):
        desk.intake.show(NAME)
    with pytest.raises(OrgError, match="no intake point"):
        desk.intake.withdraw(NAME)
    assert desk.page().status_code == 404
    # Police (linked, so its groups are visible to Barreau) holds a group and a name.
    police = SoftwareOrgSigner(net.police.key)
    police_group = group_admin.create(net.officer.relay._ctx, police, "Permanence police",
                                      [net.officer.fingerprint])
    with pytest.raises(OrgError, match="another organisation"):
        desk.intake.publish(NAME, group=police_group.group_id, title=TITLE)
    assert [g.roster.name for g in desk.intake.groups()] == ["Accueil de l’Ordre"]
    import_key_file(net.officer.session, net.police.key_path, "Police")
    with org_signer(net.officer.session) as signer, \
            OrgAdministration.open(net.officer.session, signer,
                                   clock=net.server.clock.now) as org:
        IntakeAdmin(org).publish("police-ecrire", group=police_group.group_id, title="Police")
    with pytest.raises(OrgError, match="Another organisation already has"):
        desk.intake.publish("police-ecrire", group="Accueil", title=TITLE)
    assert [e.action for e in net.lawyer.session.audit.entries()].count(
        "org.intake_publish") == 0
