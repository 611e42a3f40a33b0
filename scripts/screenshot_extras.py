"""Screens of features that changes beside the open dialog brought (proposed passphrase,
viewer find bar, progress with Cancel, inbox badge, recovery-code reminder, recent transfers).

Each shot looks its feature up by its public attributes and is skipped, with "not available",
when the feature is not there: a screenshot run never fails because one is missing. States that
a demo cannot reach in a few seconds are staged the way the wizard shots stage theirs: a
transfer that waits until it is cancelled (its progress then its Cancel), a relay inbox count,
the reminder shown after an unlock with the recovery code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def optional(shot: Any, name: str, take: Callable[[], None]) -> None:
    """Run `take`; a missing feature or a failure is reported, never raised."""
    try:
        take()
    except Exception as exc:  # noqa: BLE001 - a screen that cannot be built is reported
        print(f"  {name}: not available ({type(exc).__name__})")


def proposed_passphrase(shot: Any, wizard: Any) -> None:
    """The wizard's passphrase page after "Propose a passphrase"."""
    def take() -> None:
        field = wizard.passphrase.field
        field.propose.click()
        shot.snap(wizard, "13-assistant-phrase-proposee")

    optional(shot, "13-assistant-phrase-proposee", take)


def viewer_find(shot: Any, viewer: Any, word: str) -> None:
    """The viewer's find bar, with `word` found in the open PDF."""
    def take() -> None:
        tools = viewer.text
        tools.find_action.trigger()
        tools.bar.field.blockSignals(True)  # no second search when the typing pause ends
        tools.bar.field.setText(word)
        tools.bar.field.blockSignals(False)
        tools.find(word)
        shot.snap(viewer, "32-visionneuse-recherche")
        tools.close_bar()

    optional(shot, "32-visionneuse-recherche", take)


def progress_with_cancel(shot: Any, main: Any, name: str) -> None:
    """The main window's progress line on a transfer, then its Cancel (the history keeps it)."""
    def take() -> None:
        from PySide6.QtCore import QCoreApplication

        from ui.workers import JobCancelled, Transfer

        release = threading.Event()

        def staged(*, progress: Any, cancel: Any) -> None:
            """Reports a steady 0.5 MB per tenth of a second until cancelled."""
            done, total = 30_000_000, 100_000_000
            progress(done, total, name)
            while not release.wait(0.1):
                if cancel():
                    raise JobCancelled()
                done = min(total - 1, done + 500_000)
                progress(done, total)

        handle = shot.jobs.submit(staged, transfer=Transfer("import", name))
        main.job_status.watch(handle, QCoreApplication.translate("DocumentOperations",
                                                                 "Importing…"))
        try:
            shot.settle(1500, wait_for_jobs=False)  # long enough for a time-left estimate
            shot.snap(main, "33-progression-annulable", wait_for_jobs=False)
        finally:
            main.job_status.cancel.click()
            shot.settle()
            release.set()

    optional(shot, "33-progression-annulable", take)


def inbox_badge(shot: Any, main: Any) -> None:
    """Envelopes waiting in the relay inbox: the status bar and the Relay menu say how many."""
    def take() -> None:
        badge = main.glance.badge
        badge.set_count(3)
        try:
            shot.snap(main, "34-plis-en-attente")
        finally:
            badge.set_count(0)

    optional(shot, "34-plis-en-attente", take)


def recovery_reminder(shot: Any, main: Any) -> None:
    """The banner asking for a new recovery code (as after an unlock with the old one)."""
    def take() -> None:
        from ui.recovery_banner import RecoveryBanner

        banner = main.findChild(RecoveryBanner)
        banner.setVisible(True)
        try:
            shot.snap(main, "35-rappel-nouveau-code-de-secours")
        finally:
            banner.setVisible(False)

    optional(shot, "35-rappel-nouveau-code-de-secours", take)


def recent_transfers(shot: Any, main: Any) -> None:
    """Tools → Recent transfers, after the receipt and the cancelled import."""
    def take() -> None:
        dialog = main.glance.show_transfers()
        dialog.resize(760, 320)
        shot.snap(dialog, "47-transferts-recents")
        dialog.close()

    optional(shot, "47-transferts-recents", take)
