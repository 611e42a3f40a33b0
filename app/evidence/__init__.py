"""Evidence bundles (issue 17): one file holding every proof of a message or a case, their
timestamps, the audit entries, the parties' cards and a French PDF report, re-checked by
`scelle proof verify BUNDLE` on any machine (docs/evidence.md, docs/format.md §11).

    data = make_bundle(session, Subject("message", 12), "preuves.zip")   # blocking
    report = verify_bundle(data, relay_key_id=None, tsa_pem=None)        # no vault
"""

from __future__ import annotations

from pathlib import Path

from app.evidence.bundle import build as make_bundle
from app.evidence.collect import Subject
from app.evidence.format import EvidenceError
from app.evidence.verify import BundleReport, verify_bundle
from app.files import write_file


def save_bundle(session: object, subject: Subject, target: Path, *,
                replace: bool = False) -> Path:
    """Blocking. Make the bundle and write it durably to `target` (a new file unless
    `replace`, when the user already agreed to replace it); nothing is left on failure."""
    from app.vault.session import VaultSession
    assert isinstance(session, VaultSession)
    write_file(target, make_bundle(session, subject, target.name), replace=replace)
    return target


def case_subject(session: object, case: str) -> Subject:
    """A case given by its number or its name (app/cases.py rules)."""
    from app.vault.session import VaultSession
    assert isinstance(session, VaultSession)
    if case.isdigit():
        return Subject("case", int(case))
    return Subject("case", session.cases.find_by_name(case).id)


__all__ = ["BundleReport", "EvidenceError", "Subject", "case_subject", "make_bundle",
           "save_bundle", "verify_bundle"]
