#!/usr/bin/env python3
"""Screenshots of every screen, in French, from the demo vault (`make screenshots`).

Runs the real windows (wizard pages, unlock, main window, viewer, seal and open-sealed dialogs,
contacts and safety number, security settings, About) on a demo vault made by
`make_demo_vault.py` in a temporary folder, and saves PNGs into docs/screenshots/ (with
`--scale 2`: into docs/screenshots/x2/, to check the layout at 200 %). Needs a display:
`make screenshots` runs it under xvfb-run.

No path of this machine may show: the demo's temporary folders are shown as the neutral ones
a user would see (screenshot_paths.py), and the script fails (exit 1) naming any screen that
still shows a machine path. The screens of optional features (screenshot_extras.py) are taken
when the feature is there, and reported as "not available" otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Where the screenshots say the vault is (the application's default folder).
VAULT_SHOWN = "~/.local/share/scelle/vault"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import screenshot_extras as extras  # noqa: E402 - from the folder added just above


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=None)
    return parser.parse_args()


class Shooter:
    def __init__(self, out: Path, jobs: Any) -> None:
        from PySide6.QtWidgets import QApplication

        from screenshot_paths import PathMask

        self.out, self.jobs, self.app = out, jobs, QApplication.instance()
        out.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.mask = PathMask({str(Path.home()): "~"})
        self.leaks: dict[str, list[str]] = {}

    def settle(self, ms: int = 250, wait_for_jobs: bool = True) -> None:
        """Let queued work and repaints happen (jobs finish, models fill)."""
        from PySide6.QtCore import QEventLoop, QTimer

        for _ in range(80 if wait_for_jobs else 1):
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()
            if not self.jobs.busy:
                break
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def snap(self, widget: Any, name: str, *, wait_for_jobs: bool = True) -> None:
        widget.show()
        widget.raise_()
        self.settle(wait_for_jobs=wait_for_jobs)
        self.mask.apply(widget)
        self.settle(50)
        leaks = self.mask.leaks(widget)
        if leaks:
            self.leaks[name] = leaks
        widget.grab().save(str(self.out / f"{name}.png"))
        self.count += 1
        print(f"  {name}.png" + ("  <- shows a machine path" if leaks else ""))


def wizard_shots(shot: Shooter, jobs: Any) -> None:
    from app.policy import Policy
    from crypto.recovery import format_recovery_code
    from ui.wizard import wizard as wz

    wizard = wz.FirstRunWizard(jobs, Policy(), Path(VAULT_SHOWN),
                               module_path="/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so")
    wizard.resize(780, 620)
    shot.snap(wizard, "01-assistant-bienvenue")
    wizard.next()
    shot.snap(wizard, "02-assistant-emplacement")
    wizard.next()
    wizard.passphrase.field.edit.setText("la clé du coffre est sous le pot")
    wizard.passphrase.confirm.setText("la clé du coffre")
    shot.snap(wizard, "03-assistant-phrase-faible")
    wizard.passphrase.field.edit.setText("vingt clercs rangent les minutes sous la verrière")
    wizard.passphrase.confirm.setText("vingt clercs rangent les minutes sous la verrière")
    shot.snap(wizard, "04-assistant-phrase-suffisante")
    extras.proposed_passphrase(shot, wizard)
    wizard.next()
    shot.snap(wizard, "05-assistant-second-facteur")
    wizard.next()
    shot.snap(wizard, "06-assistant-carte")
    wizard.identity.name.setText("Claire Dubois")
    wizard.identity.role.setEditText("Notaire")
    wizard.identity.organisation.setText("Étude Dubois & Associés, Lyon")
    _jump(wizard, wz.P_IDENTITY)
    shot.snap(wizard, "07-assistant-identite")
    wizard.create.result = object()  # show the page without creating anything
    wizard.setOption(wizard.WizardOption.NoCancelButton, True)  # as once the vault exists
    _jump(wizard, wz.P_CREATE)
    wizard.create.result = None
    wizard.create.completeChanged.emit()
    wizard.create.summary.setText(wizard.tr("Vault: %1\nSecond factor: %2").replace(
        "%1", VAULT_SHOWN).replace(
        "%2", "Carte à puce ou clé USB (PKCS#11)"))
    wizard.create.progress.set_text(wizard.create.tr(
        "Creating the vault: this takes a few seconds…"))
    wizard.create.progress.cancel_button.hide()  # as for a smart card: Argon2id cannot stop
    wizard.create.progress.show()
    shot.snap(wizard, "08-assistant-creation")
    wizard.totp.set_uri("otpauth://totp/Sc%C3%A9ll%C3%A9:Coffre%206f3a91c2?secret="
                        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Sc%C3%A9ll%C3%A9")
    _jump(wizard, wz.P_TOTP)
    shot.snap(wizard, "09-assistant-application-totp")
    code = format_recovery_code(os.urandom(16))
    wizard.recovery.set_code(code, "Claire Dubois", "6f3a91c2")
    _jump(wizard, wz.P_RECOVERY)
    shot.snap(wizard, "10-assistant-code-de-secours")
    wizard.confirm.set_code(code)
    wizard.confirm.fields[0].setText(code.split("-")[wizard.confirm.asked[0]])
    _jump(wizard, wz.P_CONFIRM)
    shot.snap(wizard, "11-assistant-verification-du-code")
    _jump(wizard, wz.P_DONE)
    shot.snap(wizard, "12-assistant-termine")
    wizard.hide()
    wizard.deleteLater()


def _jump(wizard: Any, page_id: int) -> None:
    wizard.setStartId(page_id)
    wizard.restart()


def unlock_shots(shot: Shooter, controller: Any) -> None:
    from crypto.factors.pkcs11_errors import PinTries, WrongPinError
    from ui.widgets.unlock_messages import unlock_error_message

    window = controller.window
    window.passphrase.setText("vingt clercs rangent les minutes")
    shot.snap(window, "20-deverrouillage")
    window.factors.pin.clear()
    window._show_error(unlock_error_message(WrongPinError("Carte REAL", PinTries.COUNT_LOW)))
    shot.snap(window, "21-deverrouillage-pin-errone")
    window.error.hide()
    window.set_recovery_mode(True)
    shot.snap(window, "22-deverrouillage-code-de-secours")
    window.set_recovery_mode(False)


def main_shots(shot: Shooter, controller: Any, demo: Any) -> None:
    session = demo.open()
    controller.open_main(session)
    main = controller.main_window
    main.resize(1280, 800)
    shot.settle()
    model = main.cases_pane.model
    rows = [r for r in range(model.rowCount())
            if "Succession Martin" in str(model.index(r, 0).data())]
    if rows:
        main.cases_pane.view.setCurrentIndex(model.index(rows[0], 0))
    shot.settle()
    table = main.documents_pane.table
    table.selectRow(0)
    shot.snap(main, "30-fenetre-principale")
    document = main.documents_pane.current_document()
    viewer = main.open_viewer(document)
    if viewer is not None:
        viewer.resize(900, 760)
        shot.snap(viewer, "31-visionneuse")
        extras.viewer_find(shot, viewer, "Martin")
        viewer.close()
    extras.progress_with_cancel(shot, main, "Relevés bancaires 2024.pdf")
    extras.inbox_badge(shot, main)
    extras.recovery_reminder(shot, main)
    exchange_shots(shot, main, session, demo)
    extras.recent_transfers(shot, main)
    settings_shots(shot, controller)


def exchange_shots(shot: Shooter, main: Any, session: Any, demo: Any) -> None:
    from ui.contacts.contacts_dialog import ContactsDialog
    from ui.contacts.safety_dialog import SafetyNumberDialog
    from ui.exchange.seal_dialog import SealDialog

    ids = [d.id for d in main.documents_pane.selected_documents()]
    _dialog_shot(shot, "40-sceller-et-envoyer", lambda: SealDialog(session, shot.jobs, ids, main))
    _dialog_shot(shot, "42-carnet-d-adresses", lambda: ContactsDialog(session, shot.jobs, main))
    karim = next(c for c in session.contacts.list() if c.card.name == "Karim Benali")
    _dialog_shot(shot, "43-numero-de-securite",
                 lambda: SafetyNumberDialog(session, shot.jobs, karim.id, main))
    open_shots(shot, main, demo)


def open_shots(shot: Shooter, main: Any, demo: Any) -> None:
    """The open dialog: a PDF's preview, an image's, then the received page (the receipt goes
    through the main window, as "Show the documents" needs it)."""
    from PySide6.QtCore import Qt

    from ui.exchange.open_dialog import OpenSealedDialog

    main.open_sealed(demo.sealed_file)
    shot.settle()
    dialog = next((d for d in main.findChildren(OpenSealedDialog) if d.isVisible()), None)
    if dialog is None or dialog.file is None:
        print("  41-ouvrir-un-pli: not available")
        return
    for row, name in ((0, "41-ouvrir-un-pli"), (2, "44-ouvrir-un-pli-apercu-image")):
        dialog.view.files_view.selectRow(row)
        shot.snap(dialog, name)
    dialog.cases.combo.setCurrentIndex(max(0, dialog.cases.combo.findText(
        "Succession Martin", Qt.MatchFlag.MatchStartsWith)))
    dialog.start_receiving()
    shot.snap(dialog, "45-pli-recu")
    dialog.show_documents()
    shot.settle()
    shot.snap(main, "46-documents-recus")


def _dialog_shot(shot: Shooter, name: str, make: Callable[[], Any]) -> None:
    try:
        dialog = make()
    except Exception as exc:  # noqa: BLE001 - a screen that cannot be built is reported
        print(f"  {name}: not available ({type(exc).__name__})")
        return
    shot.snap(dialog, name)
    dialog.close()
    dialog.deleteLater()


def settings_shots(shot: Shooter, controller: Any) -> None:
    controller.show_settings()
    dialog = controller._settings_dialog
    for index, name in enumerate(("50-securite-cles", "51-securite-verrouillage",
                                  "52-securite-langue")):
        dialog.tabs.setCurrentIndex(index)
        shot.snap(dialog, name)
    dialog.close()
    controller.show_about()
    shot.snap(controller._about_dialog, "53-a-propos")
    controller._about_dialog.close()


def run(args: argparse.Namespace) -> int:
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    from PySide6.QtCore import QSettings

    import app.version

    # The version of the checkout as it is before the shots rewrite their PNGs in it: read
    # later, `git describe --dirty` would call every screenshot run "dirty".
    shown_version = app.version.version()
    app.version.version = lambda: shown_version

    from app.policy import Policy
    from make_demo_vault import make_demo
    from screenshot_paths import PathMask
    from ui.controller import AppController
    from ui.i18n import install_translators
    from ui.main import apply_style, make_application
    from ui.settings.store import AppSettings
    from ui.workers import JobQueue

    app = make_application(["scelle"])
    install_translators(app, "fr")
    apply_style(app)
    jobs = JobQueue(app)
    default = ROOT / "docs" / "screenshots"
    out = args.out or (default if args.scale == 1.0 else default / f"x{args.scale:g}")
    shot = Shooter(out, jobs)
    with tempfile.TemporaryDirectory(prefix="scelle-shots-") as tmp:
        demo = make_demo(Path(tmp))
        shot.mask = PathMask({str(demo.vault): VAULT_SHOWN, str(demo.root): "~/Documents",
                              str(Path(tmp)): "~/Documents", str(Path.home()): "~"})
        prefs = AppSettings(QSettings(str(Path(tmp) / "prefs.ini"), QSettings.Format.IniFormat))
        prefs.vault_dir = demo.vault
        wizard_shots(shot, jobs)
        controller = AppController(prefs, Policy(), jobs)
        controller.start()
        unlock_shots(shot, controller)
        main_shots(shot, controller, demo)
        controller.shutdown()
    print(f"{shot.count} screenshots in {out}")
    for name, texts in shot.leaks.items():
        print(f"{name}: shows a machine path: {texts}", file=sys.stderr)
    return 1 if shot.leaks else 0


if __name__ == "__main__":
    sys.exit(run(_parse()))
