"""The connection's larger lookaside pool (storage/db/lookaside.py): switched on at every open,
refused when it cannot be (then the connection works as before), and large enough that a folder
import allocates nothing outside it because the pool was full."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import sqlcipher3

from storage.db import Database, lookaside
from tests.support.library import Library

_MISS_FULL = 6  # SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL
_USED = 0  # SQLITE_DBSTATUS_LOOKASIDE_USED


def _status(db: Database, op: int) -> tuple[int, int]:
    lib = ctypes.CDLL(sqlcipher3._sqlite3.__file__)
    handle = lookaside._handle(db._conn)
    current, highest = ctypes.c_int(), ctypes.c_int()
    rc = lib.sqlite3_db_status(ctypes.c_void_p(handle), op, ctypes.byref(current),
                               ctypes.byref(highest), 0)
    assert rc == 0
    return current.value, highest.value


def test_every_open_gets_the_pool(lib: Library, vault_dir: Path, vmk: bytes) -> None:
    assert lib.store.db.large_lookaside
    lib.close()
    with Library.open(vault_dir, vmk) as again:
        assert again.store.db.large_lookaside


def test_folder_import_never_finds_the_pool_full(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "Dossier Lefèvre"
    folder.mkdir()
    for i in range(60):
        (folder / f"acte-{i:02d}.bin").write_bytes(os.urandom(3000))
    baseline = _status(lib.store.db, _MISS_FULL)[1]
    report = lib.importer.import_folder(folder, tags=["succession"])
    assert len(report.imported) == 60
    assert lib.search.search("acte")
    assert _status(lib.store.db, _MISS_FULL)[1] == baseline  # no allocation fell through
    assert _status(lib.store.db, _USED)[0] > 0  # the pool is what served them


def test_a_used_connection_is_left_as_it_is(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "x.db", os.urandom(32), create=True)
    try:
        db.execute("CREATE TABLE t (v TEXT)")  # statements now hold lookaside slots
        assert not lookaside.enlarge(db._conn, db.path)  # refused (busy), not forced
        db.execute("INSERT INTO t VALUES ('still works')")
        assert db.scalar("SELECT v FROM t") == "still works"
    finally:
        db.close()


def test_a_handle_naming_another_file_is_not_used(tmp_path: Path) -> None:
    conn = sqlcipher3.connect(str(tmp_path / "a.db"))
    try:
        assert not lookaside.enlarge(conn, tmp_path / "b.db")
        assert lookaside.enlarge(conn, tmp_path / "a.db")  # the right one, still unused
    finally:
        conn.close()
