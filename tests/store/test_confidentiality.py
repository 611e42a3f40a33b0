"""What is really on disk: no plaintext in vault.db or the blobs, and nothing of a deleted
document left, even decrypted page by page with the VMK."""

from __future__ import annotations

import io
import itertools
import shutil
from pathlib import Path

import pytest

from storage.blobs import BlobReader, CorruptBlobError
from storage.store import derive_keys
from tests.store.helpers import decrypted_pages, files_containing, make_pdf
from tests.support.library import Library

SECRETS = {
    "name": "Testament-Zéphyrin-Quillebeuf.pdf",
    "note": "coffre-numero-4471-chez-maitre-Ravoux",
    "tag": "HeritierCache",
    "case": "Succession Quillebeuf",
    "reference": "REF-8812-QB",
    "pdf_word": "Xylophonique",
}


def _import_secret_document(lib: Library) -> int:
    case = lib.cases.create(SECRETS["case"], reference=SECRETS["reference"],
                            notes="notes du dossier")
    pdf = make_pdf([f"Legs {SECRETS['pdf_word']} ornithorynque", "page deux"])
    doc = lib.importer.import_stream(SECRETS["name"], len(pdf), "application/pdf",
                                     io.BytesIO(pdf), case=case.id, tags=[SECRETS["tag"]],
                                     notes=SECRETS["note"])
    return doc.id


def test_no_plaintext_on_disk(lib: Library, vault_dir: Path, vmk: bytes) -> None:
    _import_secret_document(lib)
    assert lib.search.search(SECRETS["pdf_word"])  # indexed…
    for store_open in (True, False):  # …with the WAL live, then after a clean close
        for label, secret in SECRETS.items():
            assert files_containing(vault_dir, secret.encode()) == [], label
            assert files_containing(vault_dir, secret.lower().encode()) == [], label
        assert files_containing(vault_dir, b"%PDF-") == []
        if store_open:
            lib.close()
    # sanity: the page decryptor used below does see the live data
    assert SECRETS["pdf_word"].lower().encode() in decrypted_pages(vault_dir, vmk)


def test_delete_crypto_shreds(lib: Library, vault_dir: Path, vmk: bytes, tmp_path: Path) -> None:
    keep = lib.importer.import_stream("garder.txt", 4, None, io.BytesIO(b"keep"))
    doc_id = _import_secret_document(lib)
    blob_id, wrapped, size = lib.store.db.query_one(
        "SELECT blob_id, wrapped_key, size FROM versions WHERE document_id = ?", (doc_id,))
    wrapped = bytes(wrapped)
    data_key = lib.store.data_key(blob_id, wrapped)
    backup = tmp_path / "backup-of-blob"
    shutil.copy(lib.store.blobs.path_for(blob_id), backup)  # e.g. a copy in an old backup

    lib.documents.delete(doc_id)

    assert not lib.store.blobs.exists(blob_id)
    assert lib.store.db.scalar("SELECT count(*) FROM versions WHERE blob_id = ?", (blob_id,)) == 0
    assert lib.search.search(SECRETS["pdf_word"]) == []
    pages = decrypted_pages(vault_dir, vmk)
    assert wrapped not in pages and data_key not in pages  # secure_delete zeroed the key row
    for label in ("name", "note", "tag", "pdf_word"):  # …and the index forgot the words
        assert SECRETS[label].lower().encode() not in pages, label
        assert SECRETS[label].encode() not in pages, label
    assert b"garder.txt" in pages  # the other document is still there

    # Holding the VMK, every key that remains in the vault fails on the backed-up blob.
    keys = derive_keys(vmk)
    candidates = [keys.database, keys.key_wrapping, keys.audit, vmk]
    for row in lib.store.db.query("SELECT blob_id, wrapped_key FROM versions"):
        candidates.append(lib.store.data_key(row[0], bytes(row[1])))
    for key in candidates:
        with backup.open("rb") as fh, pytest.raises(CorruptBlobError):
            BlobReader(fh, key, bytes.fromhex(blob_id), size=size).verify()
    assert lib.documents.open(keep.id).read() == b"keep"


def test_deleted_tags_and_cases_leave_no_names(lib: Library, vault_dir: Path, vmk: bytes) -> None:
    doc_id = _import_secret_document(lib)
    case_id = lib.documents.get(doc_id).case_id
    assert case_id is not None
    lib.cases.delete(case_id, with_documents=True)
    assert lib.documents.all_tags() == []
    lib.close()
    pages = decrypted_pages(vault_dir, vmk)
    for label, secret in SECRETS.items():
        for form in (secret, secret.lower()):
            assert form.encode() not in pages, label


def test_audit_entries_hold_ids_only(lib: Library) -> None:
    doc_id = _import_secret_document(lib)
    lib.documents.rename(doc_id, "Autre nom secret")
    lib.search.search("Quillebeuf")
    out = io.StringIO()
    lib.audit.export_jsonl(out)
    text = out.getvalue()
    for secret in itertools.chain(SECRETS.values(), ["Autre nom secret", "Quillebeuf"]):
        assert secret not in text and secret.lower() not in text.lower()
