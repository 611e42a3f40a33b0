"""An organisation's intake point, kept by its admin (issue 14, docs/format.md §12.1).

    with OrgAdministration.open(session, signer) as org:
        intake = IntakeAdmin(org)
        done = intake.publish("ordre-ecrire", group="Accueil", title="Écrire à l’Ordre")
        done.left_out                     # members who cannot be listed, with the reason
        intake.show("ordre-ecrire").address   # https://relay/depot/ordre-ecrire#cle=<hex>
        intake.withdraw("ordre-ecrire")

The intake document lists every member on the intake group's current signed roster (duty
windows do not matter: a request from outside is for the whole group) whose card the relay
directory gives certified, unexpired and unrevoked, certified by this organisation's key, with a
hybrid recipient. A member who fails is left out and named to the admin only (`LeftOut`, never in
an exception text or a log). The document is signed through the `OrgSigner` (vault or token) and
published with the organisation's signed requests; nothing is stored in the vault: the relay's
copy is the one the page serves, and it is read back and verified here each time.
`intake_sync.py` republishes it when the group's roster changes or a listed member is revoked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from app.org.admin import OrgAdministration
from app.org.errors import OrgError
from app.relay_client import directory
from app.relay_client.directory import DirectoryEntry
from app.relay_client.errors import RelayClientError, RelayProtocolError, RelayRefused
from app.relay_client.groups import DutyGroup, fetch, find, list_groups
from app.text_rules import text_problem
from crypto.intake_document import MAX_FILES, MAX_NAME, MAX_RECIPIENTS, MAX_REQUEST_BYTES, \
    NAME_RE, IntakeDocument, IntakeDocumentError, IntakeRecipient, SignedIntake, \
    intake_from_json, sign_intake

DEFAULT_MAX_BYTES = 25_000_000
REASONS = {
    "no_card": "no valid certified card in the relay directory (revoked, expired or unknown)",
    "other_key": "card not certified by this organisation's key",
    "no_hybrid": "card without a post-quantum key: the member renews it from a current Scelle",
    "": "",
}
DEFAULT_MAX_FILES = 10


class IntakeRefused(OrgError):
    """An intake point cannot be published; `left_out` names the members who could not be
    listed (for the admin's eyes: the text itself names nobody)."""

    def __init__(self, message: str, left_out: tuple[LeftOut, ...] = ()) -> None:
        super().__init__(message)
        self.left_out = left_out


@dataclass(frozen=True)
class LeftOut:
    """A member of the intake group who cannot read requests, and why."""

    name: str  # the card's name, or the fingerprint's first groups when there is no card
    fingerprint: str
    reason: str
    kind: str = ""  # no_card | other_key | no_hybrid (for the faces' own words)


@dataclass(frozen=True)
class IntakePoint:
    """An intake point as the relay holds it, its document verified."""

    signed: SignedIntake
    published: datetime
    withdrawn: datetime | None
    current: bool  # False: a listed reader is no longer valid, the page answers intake_outdated
    relay_url: str

    @property
    def document(self) -> IntakeDocument:
        return self.signed.document

    @property
    def name(self) -> str:
        return self.document.name

    @property
    def key_hex(self) -> str:
        return self.document.organisation_key.hex()

    @property
    def key_fingerprint(self) -> str:
        """The organisation key as the page shows it: 16 groups of 4 hex digits."""
        text = self.key_hex
        return " ".join(text[i:i + 4] for i in range(0, len(text), 4))

    @property
    def address(self) -> str:
        """The page's address with the key in its fragment (never sent to the relay): the
        page refuses to encrypt if the key it is served is not this one."""
        return f"{self.relay_url.rstrip('/')}/depot/{self.name}#cle={self.key_hex}"


@dataclass(frozen=True)
class Publication:
    point: IntakePoint
    left_out: tuple[LeftOut, ...]


def check_name(text: str) -> str:
    name = text.strip()
    if not NAME_RE.fullmatch(name):
        raise OrgError("An intake point's name is 3 to 64 characters of a-z, 0-9 and - "
                       "(starting and ending with a letter or digit).")
    return name


def check_title(text: str) -> str:
    title = " ".join(text.split())
    if not title or len(title) > MAX_NAME or text_problem(title) is not None:
        raise OrgError(f"An intake point's title is 1 to {MAX_NAME} characters of plain "
                       "one-line text.")
    return title


def check_limits(max_bytes: int, max_files: int) -> None:
    if not 1 <= max_bytes <= MAX_REQUEST_BYTES:
        raise OrgError("An intake point accepts requests of 1 byte to 100 MB.")
    if not 0 <= max_files <= MAX_FILES:
        raise OrgError(f"An intake point accepts 0 to {MAX_FILES} attached files.")


class IntakeAdmin:
    """The organisation's intake points, through an open `OrgAdministration`."""

    def __init__(self, org: OrgAdministration) -> None:
        self._org = org
        self._ctx = org.context

    # -- reading ------------------------------------------------------------------------------
    def points(self) -> list[IntakePoint]:
        """Every intake point of the organisation, withdrawn ones included."""
        answer = self._org.call("GET", "/intake")
        items = answer.get("intakes") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise RelayProtocolError("The relay's list of intake points is malformed.")
        return sorted((self._point(item) for item in items), key=lambda p: p.name)

    def groups(self) -> list[DutyGroup]:
        """The duty groups of the organisation this key signs for: the possible intake
        groups."""
        key = self._org.signer.public_key_raw()
        return [g for g in list_groups(self._ctx) if g.roster.organisation_key == key]

    def show(self, name: str) -> IntakePoint:
        found = self._find(check_name(name))
        if found is None:
            raise OrgError("Your organisation has no intake point with this name on its relay.")
        return found

    # -- changes ------------------------------------------------------------------------------
    def publish(self, name: str, *, group: str | None = None, title: str | None = None,
                max_bytes: int | None = None, max_files: int | None = None) -> Publication:
        """Publish (or republish with a higher version) the intake point `name` for `group`
        (its name or id). Unset values are the published version's (defaults for a new one)."""
        name = check_name(name)
        previous = self._find(name)
        old = previous.document if previous is not None else None
        if group is not None:
            duty = find(self._ctx, group)
        elif old is not None:
            duty = fetch(self._ctx, old.group_id)
        else:
            raise OrgError("Name the intake group (--group): a duty group of your "
                           "organisation.")
        title = check_title(title if title is not None else (old.title if old else ""))
        max_bytes = max_bytes if max_bytes is not None else (
            old.max_bytes if old else DEFAULT_MAX_BYTES)
        max_files = max_files if max_files is not None else (
            old.max_files if old else DEFAULT_MAX_FILES)
        check_limits(max_bytes, max_files)
        draft = IntakeDocument(
            name=name, organisation=duty.roster.organisation,
            organisation_key=self._org.signer.public_key_raw(), group_id=duty.group_id,
            title=title, version=1, issued=self._now(), recipients=(), max_bytes=max_bytes,
            max_files=max_files)
        return self._publish(draft, duty, previous)

    def withdraw(self, name: str) -> IntakePoint:
        """The page then answers not_found; requests already deposited stay with their readers."""
        point = self._point(self._request("DELETE", check_name(name)))
        with self._org.session.store.db.transaction():
            self._org.session.audit.record("org.intake_withdraw")
        return point

    def refresh(self, concerned: Callable[[IntakePoint], bool]) -> list[Publication]:
        """Republish, with the readers they have now, the live intake points `concerned`
        selects whose readers changed or that the relay holds outdated. Raises
        `IntakeOutdated` naming those that could not be republished (after trying them all)."""
        done, failed = [], []
        try:
            points = self.points()
        except (OrgError, RelayClientError) as exc:
            raise OrgError("The change was made, but your intake points could not be checked "
                           f"({exc}); if one lists these members its page answers "
                           "intake_outdated: see scelle org intake list.") from None
        for point in points:
            if point.withdrawn is not None or not concerned(point):
                continue
            try:
                duty = fetch(self._ctx, point.document.group_id)
                recipients, _ = self._readers(duty)
                if point.current and tuple(recipients) == point.document.recipients:
                    continue
                done.append(self._publish(point.document, duty, point))
            except (OrgError, RelayClientError) as exc:  # the relay's refusal, or unreachable
                failed.append((point.name, str(exc)))
        if failed:
            raise IntakeOutdated(failed)
        return done

    # -- internals ----------------------------------------------------------------------------
    def _publish(self, draft: IntakeDocument, duty: DutyGroup,
                 previous: IntakePoint | None) -> Publication:
        if duty.roster.organisation_key != self._org.signer.public_key_raw():
            raise OrgError("This group belongs to another organisation than the key you sign "
                           "with: an intake group is one of your organisation's duty groups.")
        recipients, left_out = self._readers(duty)
        if not recipients:
            raise IntakeRefused("No member of this group can read requests from outside (each "
                                "needs a valid card certified by your organisation, with a "
                                "post-quantum key); nothing was published.", left_out)
        if len(recipients) > MAX_RECIPIENTS:
            raise IntakeRefused(f"An intake point lists at most {MAX_RECIPIENTS} readers and "
                                f"this group has {len(recipients)}: choose a smaller group.",
                                left_out)
        old = previous.document if previous is not None else None
        document = replace(
            draft, group_id=duty.group_id, organisation=duty.roster.organisation,
            recipients=tuple(recipients), version=old.version + 1 if old else 1,
            issued=max(self._now(), old.issued) if old else self._now())
        try:
            signed = sign_intake(document, self._org.signer)
        except IntakeDocumentError as exc:
            raise OrgError(f"The intake document cannot be signed: {exc}") from None
        answer = self._request("PUT", document.name, {"intake": signed.to_json()})
        point = self._point(answer)
        if point.signed != signed:
            raise RelayProtocolError("The relay answered with another intake document than "
                                     "the one published.")
        with self._org.session.store.db.transaction():
            self._org.session.audit.record("org.intake_publish")
        return Publication(point, left_out)

    def _readers(self, duty: DutyGroup) -> tuple[list[IntakeRecipient], tuple[LeftOut, ...]]:
        key = self._org.signer.public_key_raw()
        recipients, left_out = [], []
        for member in duty.roster.members:  # sorted by fingerprint, as the document wants
            entry = directory.lookup(self._ctx, member.fingerprint)
            kind = _unfit(entry, key)
            if entry is None or kind:
                name = entry.card.name if entry is not None else ""
                left_out.append(LeftOut(name, member.fingerprint, REASONS[kind], kind))
            else:
                recipients.append(IntakeRecipient(member.fingerprint,
                                                  str(entry.card.age_pq_recipient)))
        return recipients, self._named(left_out)

    def _named(self, left_out: list[LeftOut]) -> tuple[LeftOut, ...]:
        """A member the directory no longer shows (revoked, expired) is named as the
        organisation's list of members names them; failing that, by fingerprint."""
        if all(m.name for m in left_out):
            return tuple(left_out)
        names = {m.fingerprint: m.name for m in self._org.members()}
        return tuple(replace(m, name=m.name or names.get(m.fingerprint)
                             or _short(m.fingerprint)) for m in left_out)

    def _find(self, name: str) -> IntakePoint | None:
        try:
            return self._point(self._org.call("GET", f"/intake/{name}"))
        except RelayRefused as exc:
            if exc.code == "not_found":
                return None
            raise

    def _request(self, method: str, name: str, body: Any = None) -> Any:
        try:
            return self._org.call(method, f"/intake/{name}", body)
        except RelayRefused as exc:
            raise _refusal(exc) from None

    def _point(self, value: Any) -> IntakePoint:
        return read_point(value, self._ctx.state.require_account().url,
                          self._org.signer.public_key_raw())

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._ctx.now(), UTC).replace(microsecond=0)


class IntakeOutdated(OrgError):
    """A change was made, but intake points listing the members it concerns could not be
    republished: their pages answer intake_outdated until they are."""

    def __init__(self, failed: list[tuple[str, str]]) -> None:
        names = ", ".join(name for name, _ in failed)
        reasons = " ".join(reason for _, reason in failed)
        super().__init__(
            f"The change was made, but the intake point {names} could not be republished "
            f"({reasons}); its page answers intake_outdated and takes no request until it is: "
            "fix the cause, then publish it again (scelle org intake publish NAME, or the "
            "Organisation window's Intake point tab), or withdraw it.")
        self.failed = tuple(failed)


def read_point(value: Any, relay_url: str, key: bytes) -> IntakePoint:
    """An intake point entry of the relay, read strictly; its document must verify and be
    signed by our organisation key (a relay cannot substitute another one)."""
    if not isinstance(value, dict):
        raise RelayProtocolError("The relay's intake point entry is malformed.")
    try:
        signed = intake_from_json(value.get("intake"))
    except IntakeDocumentError:
        raise RelayProtocolError("The relay's copy of the intake document does not "
                                 "verify.") from None
    published, withdrawn, current = (value.get(k) for k in ("published", "withdrawn",
                                                            "current"))
    if signed.document.organisation_key != key or value.get("name") != signed.document.name \
            or value.get("version") != signed.document.version or not _seconds(published) \
            or not (withdrawn is None or _seconds(withdrawn)) or not isinstance(current, bool):
        raise RelayProtocolError("The relay's intake point entry is malformed.")
    return IntakePoint(signed, datetime.fromtimestamp(published, UTC),
                       None if withdrawn is None else datetime.fromtimestamp(withdrawn, UTC),
                       current, relay_url)


def _seconds(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**40


def _unfit(entry: DirectoryEntry | None, key: bytes) -> str:
    """Why a member cannot be listed, a key of REASONS ("" when they can)."""
    if entry is None:
        return "no_card"
    if entry.card.certified_by(key) is None:
        return "other_key"
    if not entry.card.has_hybrid:
        return "no_hybrid"
    return ""


def _short(fingerprint: str) -> str:
    return " ".join(fingerprint[i:i + 4] for i in range(0, 16, 4)) + " …"


def _refusal(exc: RelayRefused) -> Exception:
    messages = {
        "intake_name_taken": "Another organisation already has an intake point with this name "
                             "on this relay: choose another name.",
        "intake_version_outdated": "This intake point was published meanwhile (by another "
                                   "admin?): do it again.",
        "not_found": "Your organisation has no intake point with this name on its relay.",
    }
    if exc.code in messages:
        return OrgError(messages[exc.code])
    if exc.code == "invalid_intake":
        return OrgError(f"The relay refused the intake document: {exc}")
    return exc
