"""The evidence bundle's file format (docs/format.md §11.3): a zip archive, stored uncompressed.

    manifest.json        canonical JSON: {"scelle_evidence": 1, "created", "holder" (the
                         fingerprint of the vault that made it), "subject" ({"kind": "message" |
                         "case", "id"}), "envelopes" (ids), "files" ({name: SHA-256 hex})}
    manifest.sig         canonical JSON: {"card": the holder's identity card, "signature":
                         base64 Ed25519 over MANIFEST_DOMAIN || manifest.json}
    proofs.json          a proof bundle (app/relay_client/proofs.py, version 2 with timestamps)
    audit.jsonl          the vault's audit entries from the first about the subject to the last,
                         contiguous, each with its hashes and `relevant` (about the subject)
    cards/<fp>.json      identity cards of the parties the vault knows (fp: fingerprint hex)
    organisations.json   {organisation: base64 certification key} as the vault pinned them
    tsa.pem              the relay's time-stamping authority certificate(s), when configured
    rapport.pdf          the French report (app/evidence/report.py)
    LISEZMOI.txt         what this is and the command that checks it

Every file but manifest.sig is named in `files` with its hash; nothing else may be present.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from app.errors import ScelleError

FORMAT_VERSION = 1
MANIFEST_DOMAIN = b"scelle/v1 evidence manifest\0"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
PROOFS, AUDIT, ORGS, TSA, REPORT, README = ("proofs.json", "audit.jsonl", "organisations.json",
                                            "tsa.pem", "rapport.pdf", "LISEZMOI.txt")
CARDS_DIR = "cards/"
MAX_BUNDLE = 64 * 1024 * 1024
MAX_MEMBER = 16 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_UNPACKED = 128 * 1024 * 1024
MAX_AUDIT_ENTRIES = 20000  # the chain segment copied: beyond, the bundle says it was cut


class EvidenceError(ScelleError):
    """An evidence bundle that cannot be made, or that does not verify (names the part)."""


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_zip(members: list[Member]) -> bytes:
    """Stored (no compression: the parts are small, and a court's tools open it as it is),
    in the given order, with a fixed date so the same parts give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o600 << 16
            archive.writestr(info, member.data)
    return out.getvalue()


def read_zip(data: bytes) -> dict[str, bytes]:
    """The members of a bundle, read in memory (never extracted); EvidenceError if it is not a
    plausible bundle."""
    if len(data) > MAX_BUNDLE:
        raise EvidenceError("This evidence bundle is too large to be genuine.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise EvidenceError("This evidence bundle holds too many files.")
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            # Each member's reading stops at its declared size: the sum bounds the memory.
            raise EvidenceError("This evidence bundle unpacks to too much data to be genuine.")
        members: dict[str, bytes] = {}
        for info in infos:
            if info.file_size > MAX_MEMBER or info.filename in members:
                raise EvidenceError(f"The bundle's file {info.filename[:80]!r} is too large or "
                                    "present twice.")
            members[info.filename] = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError):
        raise EvidenceError("This file is not an evidence bundle (not a readable zip "
                            "archive).") from None
    return members
