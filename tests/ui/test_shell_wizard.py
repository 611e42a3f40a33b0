"""First-run wizard, end to end against real vaults (TOTP and a SoftHSM2 token)."""

from __future__ import annotations

from pathlib import Path

import pyotp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.policy import Policy
from app.vault import describe_vault, open_vault, RecoveryCode
from tests.ui.conftest import FAST_KDF, PASSPHRASE
from ui.wizard import wizard as wz
from ui.wizard.wizard import FirstRunWizard


class Answers:
    """Prompts that answer at once and record the questions (no modal dialog in tests)."""

    def __init__(self, answer: bool = False) -> None:
        self.answer = answer
        self.asked: list[str] = []
        self.errors: list[str] = []

    def confirm(self, parent, title, text, accept, *, danger=False) -> bool:  # noqa: ANN001
        self.asked.append(text)
        return self.answer

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.errors.append(text)

    def info(self, parent, title, text) -> None:  # noqa: ANN001
        self.errors.append(text)


def _next(qtbot, wizard: FirstRunWizard, expected: int) -> None:
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled() or \
        wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == expected)


def _fill_common(qtbot, wizard: FirstRunWizard, folder: Path, kind: str) -> None:
    _next(qtbot, wizard, wz.P_LOCATION)
    wizard.location.path.setText(str(folder))
    _next(qtbot, wizard, wz.P_PASSPHRASE)
    page = wizard.passphrase
    page.field.edit.setText("azerty123")
    page.confirm.setText("azerty123")
    assert not page.isComplete()  # under 80 bits: refused, with the estimate shown
    assert "bits" in page.field.verdict.text()
    page.field.edit.setText(PASSPHRASE)
    page.confirm.setText(PASSPHRASE + "x")
    assert not page.isComplete()
    page.confirm.setText(PASSPHRASE)
    assert page.isComplete()
    _next(qtbot, wizard, wz.P_FACTOR)
    wizard.factor.buttons[kind].setChecked(True)


def _identity_and_create(qtbot, wizard: FirstRunWizard, after: int) -> None:
    wizard.identity.name.setText("Claire Dubois")
    wizard.identity.role.setEditText("Notaire")
    _next(qtbot, wizard, wz.P_CREATE)
    qtbot.waitUntil(lambda: wizard.currentId() == after, timeout=60000)
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled() or \
        not wizard.button(QWizard.WizardButton.BackButton).isVisible()


def _finish_recovery(qtbot, wizard: FirstRunWizard, sheet: Path) -> str:
    page = wizard.recovery
    code = page.code
    assert len(code.split("-")) == 8
    assert not page.isComplete()
    page.save.click()
    qtbot.waitUntil(lambda: sheet.exists() and "Saved" in page.saved.text(), timeout=20000)
    assert sheet.read_bytes().startswith(b"%PDF")
    page.written.setChecked(True)
    _next(qtbot, wizard, wz.P_CONFIRM)
    confirm_groups(wizard, code, wizard.location.folder())
    _next(qtbot, wizard, wz.P_DONE)
    assert not describe_vault(wizard.location.folder()).pending  # finished at the check
    return code


def confirm_groups(wizard, code: str, folder: Path) -> None:
    """Type the two groups asked, the first one wrong at first: the group is named."""
    confirm = wizard.confirm
    groups = code.split("-")
    confirm.fields[0].setText("000000" if groups[confirm.asked[0]] != "000000" else "111111")
    confirm.fields[1].setText(groups[confirm.asked[1]])
    assert not confirm.isComplete()
    assert f"Group {confirm.asked[0] + 1} does not match" in confirm.problem.text()
    assert describe_vault(folder).pending
    confirm.fields[0].setText(groups[confirm.asked[0]])
    assert confirm.isComplete() and not confirm.problem.text()


def test_wizard_with_totp_creates_a_vault_that_opens(qtbot, jobs, tmp_path):
    folder = tmp_path / "coffre"
    sheet = tmp_path / "fiche.pdf"
    prompts = Answers(answer=False)
    wizard = FirstRunWizard(jobs, Policy(), tmp_path / "default", kdf=FAST_KDF,
                            save_path=lambda parent, name: str(sheet), prompts=prompts)
    qtbot.addWidget(wizard)
    wizard.show()
    ready = []
    wizard.vaultReady.connect(ready.append)
    _fill_common(qtbot, wizard, folder, "totp")
    _next(qtbot, wizard, wz.P_IDENTITY)
    _identity_and_create(qtbot, wizard, wz.P_TOTP)
    assert describe_vault(folder).pending  # until the recovery code is checked
    wizard.reject()  # Escape once the vault exists: asked, answered "stay"
    assert wizard.isVisible() and "next start will offer" in prompts.asked[-1]
    page = wizard.totp
    assert page.qr.has_code and page.uri.startswith("otpauth://totp/")
    page.code.setText("000000" if pyotp.parse_uri(page.uri).now() != "000000" else "111111")
    assert not page.isComplete()
    page.code.setText(pyotp.parse_uri(page.uri).now())
    assert page.isComplete()
    _next(qtbot, wizard, wz.P_RECOVERY)
    code = _finish_recovery(qtbot, wizard, sheet)
    wizard.accept()
    assert len(ready) == 1
    session = ready[0]
    assert session.identity.card.name == "Claire Dubois"
    assert [s.kind for s in session.slots.list()] == ["totp", "recovery"]
    session.lock()
    # The confirmed recovery code really opens the vault.
    with open_vault(folder, None, RecoveryCode(code)) as again:
        assert again.identity.card.role == "Notaire"


def test_wizard_with_softhsm_token(qtbot, jobs, tmp_path, softhsm):
    folder = tmp_path / "coffre"
    sheet = tmp_path / "fiche.pdf"
    wizard = FirstRunWizard(jobs, Policy(), tmp_path / "default", kdf=FAST_KDF,
                            module_path=softhsm.module_path,
                            save_path=lambda parent, name: str(sheet), prompts=Answers())
    qtbot.addWidget(wizard)
    wizard.show()
    ready = []
    wizard.vaultReady.connect(ready.append)
    _fill_common(qtbot, wizard, folder, "pkcs11")
    _next(qtbot, wizard, wz.P_TOKEN)
    picker = wizard.token.picker
    qtbot.waitUntil(lambda: picker.tokens.rowCount() >= 1, timeout=20000)
    labels = [picker.tokens.payload(r).label for r in range(picker.tokens.rowCount())]
    picker.token_view.setCurrentIndex(picker.tokens.index(labels.index(softhsm.token_label)))
    picker.pin.setText(softhsm.user_pin)
    picker.show_certs.click()
    qtbot.waitUntil(lambda: picker.certificates.rowCount() >= 2, timeout=20000)
    rows = [picker.certificates.payload(r) for r in range(picker.certificates.rowCount())]
    index = [c.key_id for c in rows].index(softhsm.rsa_decrypt.key_id)
    picker.cert_view.setCurrentIndex(picker.certificates.index(index))
    assert wizard.token.isComplete()
    _next(qtbot, wizard, wz.P_IDENTITY)
    _identity_and_create(qtbot, wizard, wz.P_RECOVERY)
    _finish_recovery(qtbot, wizard, sheet)
    wizard.accept()
    session = ready[0]
    assert [s.kind for s in session.slots.list()] == ["pkcs11", "recovery"]
    session.lock()
    assert describe_vault(folder).factor_kinds == ("pkcs11", "recovery")


def test_wizard_refuses_a_folder_that_holds_a_vault(qtbot, jobs, totp_vault, tmp_path):
    wizard = FirstRunWizard(jobs, Policy(), tmp_path / "x", kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    wizard.location.path.setText(str(totp_vault.folder))
    assert not wizard.location.isComplete()
    assert wizard.location.problem.text()
    wizard.location.path.setText("relative/path")
    assert not wizard.location.isComplete()
