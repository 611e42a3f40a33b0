"""Premium notices and receipts: French PDFs made in memory, filed in the client's case of the
vault (searchable there), once each; the print batch is an export."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from app.brokerage import Brokerage, records
from app.brokerage.errors import ExportFileError, NothingToDoError
from app.brokerage.model import InstalmentState
from app.brokerage.notice_pdf import euros
from app.pdftext import extract_text
from app.policy import PolicyRefusal
from tests.brokerage.conftest import TODAY, add_debit_contract
from tests.support.workstation_policy import set_policy  # noqa: F401 (fixture)


def _text(pdf: bytes) -> str:
    return " ".join(extract_text(io.BytesIO(pdf), max_chars=100_000).split())


def test_notices_filed_in_the_clients_case(broker: Brokerage, session, tmp_path: Path) -> None:
    add_debit_contract(broker, 1, frequency="quarterly")
    broker.schedules.make(date(2026, 1, 1), date(2026, 6, 30))
    issued = broker.notices.issue(date(2026, 1, 1), date(2026, 6, 30))
    assert len(issued) == 2
    case = session.cases.get(issued[0].case_id)
    assert case.name == "C1 — Client Numéro 1" and case.reference == "C1"
    assert broker.portfolio.client_by_reference("C1").case_id == case.id
    document = session.documents.get(issued[0].document_id)
    assert document.name == "Avis d'échéance POL-1 2026-01-10.pdf"
    assert document.media_type == "application/pdf"
    out = tmp_path / "avis.pdf"
    session.documents.export(document.id, out)
    text = _text(out.read_bytes())
    for mention in ("Avis d'échéance", "Client Numéro 1", "Assureur Un", "POL-1", "Habitation",
                    "du 10/01/2026 au 09/04/2026", "Échéance 10/01/2026", "Prélèvement SEPA",
                    "MDT-1", "FR72ZZZ123456", "Prime nette", "250,00", "Taxe sur les "
                    "conventions d'assurance", "Total", "277,51"):
        assert mention in text, mention
    assert "FR1420041010050500013M02606" not in text  # the account is masked
    assert broker.notices.issue(date(2026, 1, 1), date(2026, 6, 30)) == []  # once each
    assert session.search.search("POL-1")  # the PDF's text is indexed like any document

def test_receipts_only_for_paid_instalments(broker: Brokerage, session, tmp_path: Path) -> None:
    add_debit_contract(broker, 1, frequency="quarterly")
    broker.schedules.make(date(2026, 1, 1), date(2026, 3, 31))
    assert broker.notices.issue(date(2026, 1, 1), date(2026, 3, 31), receipts=True) == []
    broker.collections.debit_file(date(2026, 1, 12), tmp_path / "d.xml", today=TODAY)
    (item,) = broker.schedules.instalments(states=(InstalmentState.SUBMITTED,))
    with broker.portfolio.db.transaction():
        records.mark_paid(broker.portfolio.db, item.id, date(2026, 1, 13),
                          "2026-01-13T00:00:00.000000Z")
    (issued,) = broker.notices.issue(date(2026, 1, 1), date(2026, 3, 31), receipts=True)
    out = tmp_path / "quittance.pdf"
    session.documents.export(issued.document_id, out)
    text = _text(out.read_bytes())
    assert "Quittance de prime" in text and "Payée le 13/01/2026" in text
    assert "la somme de 277,51" in text


def test_print_batch_is_an_export(broker: Brokerage, tmp_path: Path,
                                  set_policy) -> None:  # noqa: F811
    add_debit_contract(broker, 1, frequency="monthly")
    broker.schedules.make(date(2026, 1, 1), date(2026, 3, 31))
    out = tmp_path / "lot.pdf"
    assert broker.notices.print_batch(date(2026, 1, 1), date(2026, 3, 31), out) == 3
    assert out.read_bytes().startswith(b"%PDF") and _text(out.read_bytes()).count("POL-1") >= 3
    with pytest.raises(ExportFileError, match="already exists"):
        broker.notices.print_batch(date(2026, 1, 1), date(2026, 3, 31), out)
    with pytest.raises(NothingToDoError):
        broker.notices.print_batch(date(2027, 1, 1), date(2027, 1, 31), tmp_path / "x.pdf")
    set_policy(export_allowed=False)
    with pytest.raises(PolicyRefusal):
        broker.notices.print_batch(date(2026, 1, 1), date(2026, 3, 31), tmp_path / "y.pdf")
    assert not (tmp_path / "y.pdf").exists()


def test_euros_in_french() -> None:
    assert euros(123456) == "1\u00a0234,56\u00a0€" and euros(5) == "0,05\u00a0€"


def test_notices_sealed_to_a_client_with_scelle(broker: Brokerage, session, templates,
                                                tmp_path: Path) -> None:
    from tests.vault.conftest import befriend, open_copy

    client = open_copy(templates["bob"], tmp_path / "bob")  # the client has Scellé
    try:
        contact_at_broker, _ = befriend(session, client)
        add_debit_contract(broker, 1, frequency="quarterly")
        add_debit_contract(broker, 2, frequency="annual")  # no contact: not sealed
        broker.portfolio.link_contact("C1", contact_at_broker)
        broker.schedules.make(date(2026, 1, 1), date(2026, 6, 30))
        broker.notices.issue(date(2026, 1, 1), date(2026, 6, 30))
        out = tmp_path / "out"
        out.mkdir()
        (sealed,) = broker.notices.seal_for_clients(date(2026, 1, 1), date(2026, 6, 30), out)
        assert sealed.client == "C1" and sealed.documents == 2 and not sealed.refused
        assert sealed.path == out / "C1-avis-2026-01-01.scelle"
        received = client.receive_sealed(sealed.path)
        names = sorted(d.name for d in client.documents.list())
        assert names == ["Avis d'échéance POL-1 2026-01-10.pdf",
                         "Avis d'échéance POL-1 2026-04-10.pdf"]
        assert received is not None
        with pytest.raises(NothingToDoError):
            broker.notices.seal_for_clients(date(2026, 1, 1), date(2026, 6, 30), out,
                                            receipts=True)
    finally:
        client.lock()


def test_unverified_contact_is_reported(broker: Brokerage, session, templates,
                                        tmp_path: Path) -> None:
    from tests.vault.conftest import befriend, open_copy

    client = open_copy(templates["bob"], tmp_path / "bob")
    try:
        contact_at_broker, _ = befriend(session, client, verify=False)
        add_debit_contract(broker, 1, frequency="annual")
        broker.portfolio.link_contact("C1", contact_at_broker)
        broker.schedules.make(date(2026, 1, 1), date(2026, 1, 31))
        broker.notices.issue(date(2026, 1, 1), date(2026, 1, 31))
        (sealed,) = broker.notices.seal_for_clients(date(2026, 1, 1), date(2026, 1, 31),
                                                    tmp_path)
        assert sealed.path is None and "safety number" in sealed.refused.lower()
        assert not list(tmp_path.glob("*.scelle"))
    finally:
        client.lock()
