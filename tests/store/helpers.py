"""Helpers for the vault-store tests: a tiny hand-written PDF, a SQLCipher page decryptor (to
look at what is really left in vault.db after a deletion), a v1 database builder, raw scans."""

from __future__ import annotations

import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from storage.db import PAGE_SIZE, Database
from storage.migrations import migrate
from storage.store import DB_NAME, derive_keys

# -- PDF ------------------------------------------------------------------------------------------


def make_pdf(pages: list[str], padding: bytes = b"") -> bytes:
    """A valid PDF, one line of Helvetica text per page (cp1252 text, so French accents work);
    `padding` goes into an unused stream object, to make the file as large as a test needs."""
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, text in enumerate(pages):
        esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = b"BT /F1 12 Tf 72 720 Td (" + esc.encode("cp1252") + b") Tj ET"
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources"
            f" << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    if padding:
        objs.append(b"<< /Length %d >>\nstream\n" % len(padding) + padding + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# -- SQLCipher pages ------------------------------------------------------------------------------
_RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of each page


def _decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    start = 16 if first else 0  # page 1 begins with the database salt, in clear
    iv = page[PAGE_SIZE - _RESERVE : PAGE_SIZE - _RESERVE + 16]
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(page[start : PAGE_SIZE - _RESERVE]) + dec.finalize()


def decrypted_pages(vault_dir: Path, vmk: bytes) -> bytes:
    """Every page of vault.db and every frame of its WAL, decrypted (live, free or stale), so a
    test can assert what the disk really holds, not just what SQL shows."""
    key = derive_keys(vmk).database
    out = bytearray()
    raw = (vault_dir / DB_NAME).read_bytes()
    for i in range(0, len(raw) - PAGE_SIZE + 1, PAGE_SIZE):
        out += _decrypt_page(key, raw[i : i + PAGE_SIZE], i == 0)
    wal = vault_dir / (DB_NAME + "-wal")
    if wal.exists():
        data = wal.read_bytes()
        pos = 32
        while pos + 24 + PAGE_SIZE <= len(data):
            (pgno,) = struct.unpack(">I", data[pos : pos + 4])
            out += _decrypt_page(key, data[pos + 24 : pos + 24 + PAGE_SIZE], pgno == 1)
            pos += 24 + PAGE_SIZE
    return bytes(out)


# -- raw scans ------------------------------------------------------------------------------------


def files_containing(root: Path, needle: bytes) -> list[Path]:
    """Every regular file under `root` whose raw bytes contain `needle` (or its UTF-16 form)."""
    hits = []
    forms = {needle}
    try:
        forms.add(needle.decode().encode("utf-16-le"))
    except UnicodeDecodeError:
        pass
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(f in data for f in forms):
                hits.append(path)
    return hits


# -- old databases --------------------------------------------------------------------------------


def build_v1_database(vault_dir: Path, vmk: bytes) -> None:
    """A vault as Scellé's schema 1 left it: vault.db built by migration 1 only, with one case,
    one document (metadata only, no blob: schema 1 rows are enough to test migrating them), two
    tags; plus the blobs/ and staging/ folders."""
    vault_dir.mkdir(parents=True, exist_ok=True)
    (vault_dir / "blobs").mkdir()
    (vault_dir / "staging").mkdir()
    db = Database.open(vault_dir / DB_NAME, derive_keys(vmk).database, create=True)
    db.enable_writes()
    migrate(db, target=1)
    now = "2025-01-02T03:04:05.000000Z"
    with db.transaction():
        db.execute("INSERT INTO cases (name, reference, notes, created_at)"
                   " VALUES ('Divorce Léandre', 'RG-77', 'vieux dossier', ?)", (now,))
        db.execute("INSERT INTO documents (case_id, name, media_type, notes, created_at,"
                   " imported_at) VALUES (1, 'jugement.pdf', 'application/pdf', 'appel possible',"
                   " ?, ?)", (now, now))
        db.execute("INSERT INTO versions (document_id, number, blob_id, size, sha256, wrapped_key,"
                   " created_at) VALUES (1, 1, ?, 0, ?, ?, ?)",
                   ("00" * 16, bytes(32), bytes(60), now))
        db.execute("INSERT INTO tags (name, key) VALUES ('Appel', 'appel'), ('Famille', 'famille')")
        db.execute("INSERT INTO document_tags VALUES (1, 1), (1, 2)")
        db.execute("UPDATE meta SET value = '7' WHERE key = 'generation'")
    db.close()


def random_bytes(n: int, seed: int = 0) -> bytes:
    """Deterministic pseudo-random content (incompressible, no accidental markers)."""
    import hashlib

    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(b"%d:%d" % (seed, counter)).digest()
        counter += 1
    return bytes(out[:n])


def flip_byte(path: Path, offset: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        b = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([b[0] ^ 0x01]))


def dir_snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


