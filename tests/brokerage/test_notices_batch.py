"""Notices filed by batches (app/brokerage/notices.py, app/importer.py `stream_batch`): one
vault transaction per batch, a batch kept whole or not at all, the next issue finishing what a
failed one left."""

from __future__ import annotations

from datetime import date

import pytest

from app.brokerage import Brokerage, notices, records
from tests.brokerage.conftest import add_debit_contract


class Unplugged(Exception):
    pass


def test_a_failed_batch_keeps_nothing_and_the_next_issue_finishes(
        broker: Brokerage, session, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in (1, 2, 3):
        add_debit_contract(broker, n)
    broker.schedules.make(date(2026, 1, 1), date(2026, 1, 31))
    monkeypatch.setattr(notices, "NOTICE_BATCH", 2)
    commits = []
    db = broker.portfolio.db
    real = type(db).transaction

    def counted(self):  # noqa: ANN001, ANN202 - counts the outermost transactions
        if not self._depth:
            commits.append(1)
        return real(self)

    monkeypatch.setattr(type(db), "transaction", counted)
    made = broker.notices._case_of

    def failing(client):  # noqa: ANN001, ANN202
        if client.reference == "C3":
            raise Unplugged("disk unplugged")
        return made(client)

    monkeypatch.setattr(broker.notices, "_case_of", failing)
    with pytest.raises(Unplugged):
        broker.notices.issue(date(2026, 1, 1), date(2026, 1, 31))
    filed = [records.documents_of(db, i.id)[0] for i in broker.schedules.instalments()]
    assert sum(d is not None for d in filed) == 2 and filed[2] is None
    assert session.documents.count() == 2
    monkeypatch.setattr(broker.notices, "_case_of", made)
    commits.clear()
    again = broker.notices.issue(date(2026, 1, 1), date(2026, 1, 31))
    assert len(again) == 1 and session.documents.count() == 3
    # The blob journal's commit, then one for the case, the document and the link together.
    assert len(commits) == 2


def test_clients_with_several_notices_in_one_batch_get_one_case(broker: Brokerage,
                                                                session) -> None:
    add_debit_contract(broker, 1, frequency="monthly")
    broker.schedules.make(date(2026, 1, 1), date(2026, 6, 30))
    issued = broker.notices.issue(date(2026, 1, 1), date(2026, 6, 30))
    assert len(issued) == 6 and len({i.case_id for i in issued}) == 1
    assert len(session.cases.list()) == 1
    assert len({i.document_id for i in issued}) == 6
    assert len(session.search.search("POL-1")) == 6  # each PDF's text indexed in the batch
