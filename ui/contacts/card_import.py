"""`CardImporter`: import identity cards (files, dropped files, or a card carried by a sealed
file), asking the one question the app layer cannot answer by itself.

When a card bears the name of a contact but other keys, it is either that person's new keys
(a new computer: a *key change*, which blocks sending until verified again) or a different
person with the same name. Only the user knows: they are asked before anything is imported.
Cards are handled one after the other; parsing and importing run on a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.sealing.files import InputError
from app.identities import CardError, IdentityCard, parse_card
from app.vault import Contact, ImportResult, VaultSession
from app.vault.contacts import MAX_CARD_FILE
from app.vault.sender_check import SenderCheck, SenderKind, classify_sender
from ui.common.explain import explain
from ui.common.prompts import Prompts
from ui.common.widgets import short_fingerprint_text
from ui.contacts.state import subtitle
from ui.workers import JobQueue, plain


@dataclass(frozen=True)
class _Parsed:
    data: bytes
    card: IdentityCard
    check: SenderCheck  # app/vault/sender_check.py: one rule for every face

    @property
    def namesakes(self) -> tuple[Contact, ...]:
        """Same name, other keys (empty if the keys are known): key-change candidates."""
        return self.check.name_clashes


def read_card_file(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_CARD_FILE + 1)
    except OSError:
        raise InputError("The identity card file cannot be read (missing or not "
                         "allowed).") from None
    if len(data) > MAX_CARD_FILE:
        raise CardError("This file is too large to be an identity card.")
    return data


def _parse(session: VaultSession, data: bytes) -> _Parsed:
    card = parse_card(data)  # strict: signatures checked here, before any question is asked
    return _Parsed(data, card, classify_sender(session.contacts, card,
                                               session.identity.fingerprint))


class CardImporter(QObject):
    """Imports cards one at a time. `imported(contact_id)` per card, `result(ImportResult)`
    for the caller's feedback, `finished()` when the queue is empty."""

    imported = Signal(int)
    result = Signal(object)
    finished = Signal()

    def __init__(self, session: VaultSession, jobs: JobQueue, parent: QWidget,
                 prompts: Prompts) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._widget = parent
        self._prompts = prompts
        self._queue: list[bytes | Path] = []
        self._running = False

    @property
    def busy(self) -> bool:
        return self._running

    def import_files(self, paths: Sequence[Path]) -> None:
        self._enqueue(list(paths))

    def import_cards(self, cards: Sequence[bytes]) -> None:
        self._enqueue(list(cards))

    def _enqueue(self, items: list[bytes | Path]) -> None:
        self._queue.extend(items)
        if not self._running:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._running = False
            self.finished.emit()
            return
        self._running = True
        item = self._queue.pop(0)
        session = self._session

        def parse() -> _Parsed:
            data = read_card_file(item) if isinstance(item, Path) else item
            return _parse(session, data)

        self._jobs.submit(plain(parse), on_done=self._parsed, on_error=self._failed)

    def _parsed(self, parsed: _Parsed) -> None:
        as_new, replaces = False, None
        if parsed.namesakes:
            answer = self._ask_namesake(parsed)
            if answer is None:
                self._next()  # the user cancelled this card
                return
            as_new, replaces = answer
        elif parsed.check.kind is SenderKind.IMPERSONATION and not self._confirm_colleague(parsed):
            self._next()
            return
        self._jobs.submit(plain(self._session.contacts.import_card), parsed.data,
                          as_new=as_new, replaces=replaces, on_done=self._done,
                          on_error=self._failed)

    def _ask_namesake(self, parsed: _Parsed) -> tuple[bool, int | None] | None:
        """(as_new, replaces) from the user's answer; None if they cancelled."""
        name = parsed.card.name
        options = [self.tr("New keys of {name} ({details}): verify again").format(
            name=c.name, details=subtitle(c) or short_fingerprint_text(c.card.fingerprint))
            for c in parsed.namesakes]
        options.append(self.tr("A different person: add as a separate contact"))
        text = self.tr(
            "DIFFERENT KEY UNDER A KNOWN NAME — You already have a contact named {name}, with "
            "other keys. Either this person changed their keys (new computer, renewed "
            "identity), or this is someone else with the same name, possibly posing as them. "
            "If you are not sure, call them on a telephone number you already know (never one "
            "given with the card).").format(name=name)
        choice = self._prompts.choose(self._widget, self.tr("Contact with the same name"),
                                      text, options)
        if choice is None:
            return None
        if choice == len(parsed.namesakes):
            return True, None
        return False, parsed.namesakes[choice].id

    def _confirm_colleague(self, parsed: _Parsed) -> bool:
        """Other keys under a contact's organisation (not name): a new colleague, or someone
        posing as the firm. Asked with the harmless answer as the default."""
        contacts = ", ".join(c.contact.name for c in parsed.check.clashes)
        text = self.tr(
            "DIFFERENT KEY UNDER A KNOWN NAME — This card, in the name of {name}, bears the "
            "organisation of your contacts {contacts}, with other keys. It may be a new "
            "colleague of theirs, or someone posing as their firm. Before adding it, call "
            "them on a telephone number you already know (never one given with the card) "
            "and compare the safety number.").format(name=parsed.card.name, contacts=contacts)
        return self._prompts.confirm(self._widget, self.tr("Same organisation, other keys"),
                                     text, self.tr("Add as a new contact"), danger=True)

    def _done(self, result: ImportResult) -> None:
        self.result.emit(result)
        self.imported.emit(result.contact.id)
        self._next()

    def _failed(self, exc: BaseException) -> None:
        found = explain(exc, "contact")
        self._prompts.error(self._widget, found.title, found.text)
        self._next()
