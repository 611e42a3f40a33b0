"""Printing the recovery sheet from the wizard's recovery-code page, into a real PDF "printer"
(the print dialog bypassed), read back with PDFium; refused where the policy forbids printing."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from app.policy import PolicyRefusal, workstation_policy
from app.printing import PRINT_RECOVERY_SHEET
from tests.support.workstation_policy import set_policy  # noqa: F401 (fixture)
from tests.ui.printing_fixtures import pdf_pages, printed  # noqa: F401 (fixture)
from ui.printing.recovery_sheet import SheetContent, print_recovery_sheet
from ui.wizard.pages_finish import RecoveryPage

CODE = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789"
WAIT_MS = 10_000


def _page(qtbot, jobs) -> RecoveryPage:
    page = RecoveryPage(jobs, lambda *_args: None)
    qtbot.addWidget(page)
    page.set_code(CODE, "Claire Dubois", "vault-7f3a")
    page.show()
    return page


def test_the_sheet_prints_on_one_a4_page_with_the_code(qtbot, jobs, printed):  # noqa: F811
    page = _page(qtbot, jobs)
    assert page.print.isEnabled()
    page.print.click()
    qtbot.waitUntil(lambda: "sent to the printer" in page.saved.text(), timeout=WAIT_MS)
    assert printed.asked == ["spooler", ("printer", "Print the recovery sheet", 1, 0)]
    (text,) = pdf_pages(printed.output)
    width, height = pdfium.PdfDocument(str(printed.output)).get_page_size(0)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    flat = " ".join(text.split())
    assert "Vault recovery sheet" in flat and "Claire Dubois" in flat and "vault-7f3a" in flat
    for group in CODE.split("-"):
        assert group in flat
    assert "Never photograph it" in flat
    assert page.print.isEnabled()
    assert [p.name for p in printed.output.parent.iterdir()] == ["printed.pdf"]


def test_the_policy_disables_the_button_and_refuses_the_print(qtbot, jobs, printed,  # noqa: F811
                                                               set_policy):
    path = set_policy(print_allowed=False)
    page = _page(qtbot, jobs)
    assert not page.print.isEnabled()
    assert "disabled on this workstation" in page.print.toolTip()
    reports: list[str] = []
    assert print_recovery_sheet(page, jobs, SheetContent(CODE), reports.append) is None
    with pytest.raises(PolicyRefusal) as refused:
        workstation_policy().require_print_allowed(PRINT_RECOVERY_SHEET)
    assert printed.errors == [str(refused.value)] and str(path) in printed.errors[0]
    assert printed.asked == [] and not printed.output.exists() and reports == []
