"""The policy's `print_allowed` key: read from the file (its absence follows `export_allowed`),
validated, and enforced by the core rule app/printing.py (policy, view-only documents, "print
to file" counted as an export, the audit entry)."""

from __future__ import annotations

import json

import pytest

from app.policy import Policy, PolicyError, PolicyRefusal, load_policy, workstation_policy
from app.printing import (
    PRINT_DOCUMENT,
    ViewOnlyPrintRefused,
    printing_allowed,
    require_document_printable,
    require_recovery_sheet_printable,
)


@pytest.mark.parametrize(("keys", "allowed"), [
    ({}, True),
    ({"export_allowed": False}, False),  # an older "no plaintext out" policy keeps its meaning
    ({"export_allowed": False, "print_allowed": True}, True),
    ({"export_allowed": True, "print_allowed": False}, False),
    ({"print_allowed": False}, False),
])
def test_the_key_and_its_default(tmp_path, keys, allowed) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(keys))
    assert load_policy(path).print_allowed is allowed
    assert Policy().print_allowed is True  # no file: unmanaged, everything allowed


@pytest.mark.parametrize("value", ["false", 0, None, [False]])
def test_a_value_that_is_not_a_boolean_stops_the_application(tmp_path, value) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"print_allowed": value}))
    with pytest.raises(PolicyError, match="print_allowed must be true or false"):
        load_policy(path)


def test_the_core_refuses_printing_and_names_the_file(set_policy) -> None:
    path = set_policy(print_allowed=False)
    assert not printing_allowed()
    with pytest.raises(PolicyRefusal) as refused:
        require_recovery_sheet_printable()
    assert str(refused.value) == (
        "Printing the recovery sheet would hand plaintext to the print spooler, and this "
        f"computer forbids it (print_allowed is false). Refused by the workstation policy "
        f"({path}); ask your administrator.")
    with pytest.raises(PolicyRefusal, match=PRINT_DOCUMENT):
        workstation_policy().require_print_allowed(PRINT_DOCUMENT)


class _Documents:
    def __init__(self, view_only: bool) -> None:
        self.view_only = view_only

    def is_view_only(self, document_id: int) -> bool:
        return self.view_only


class _Audit:
    def __init__(self) -> None:
        self.recorded: list[tuple[str, int | None]] = []

    def record(self, action: str, *, document_id: int | None = None) -> None:
        self.recorded.append((action, document_id))


class _Session:
    """The two services the rule uses (a real vault's are in tests/ui/test_viewer_printing)."""

    def __init__(self, view_only: bool = False) -> None:
        self.documents = _Documents(view_only)
        self.audit = _Audit()


def test_documents_view_only_and_print_to_file(set_policy) -> None:
    session = _Session()
    require_document_printable(session, 7)
    assert session.audit.recorded == [("document.print", 7)]
    viewed = _Session(view_only=True)
    with pytest.raises(ViewOnlyPrintRefused, match="Document 7 was received view-only"):
        require_document_printable(viewed, 7)
    assert viewed.audit.recorded == []
    set_policy(export_allowed=False, print_allowed=True)
    require_document_printable(session, 8)  # to a printer: allowed
    with pytest.raises(PolicyRefusal, match="export_allowed is false"):
        require_document_printable(session, 9, to_file=True)
    assert session.audit.recorded == [("document.print", 7), ("document.print", 8)]
