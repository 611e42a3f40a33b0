#!/usr/bin/env python3
"""A plain static file server for bench/relay.py's baselines: GET serves a file, PUT stores one.

    python bench/_static_server.py ROOT PORT

Standard library only (http.server, one thread per connection); GET uses sendfile(2) like any
production static server, PUT reads the body in 1 MiB pieces into the file. No signatures, no
hashing, no database: what moving the same bytes over HTTP costs on this machine.

`PUT /name?durable` is the "minimum necessary" receiver: it also hashes every byte once (a
SHA-256 per 8 MiB chunk, the content digest's leaves) and syncs the file before it answers,
which is what any receiver that promises durable, checked bytes must do at the least (each
chunk's writeback started as it completes, as the relay does).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
PIECE = 1024 * 1024
CHUNK = 8 * 1024 * 1024  # a leaf of the content digest (docs/format.md §5)
_LIBC = ctypes.CDLL(None, use_errno=True)
_LIBC.sync_file_range.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]


def start_writeback(fd: int, offset: int, size: int) -> None:
    """Start writing a chunk to disk now (not waited for), as the relay does: the final fsync
    then finds little left, so the reference is not slowed by a disk it could have used."""
    _LIBC.sync_file_range(fd, offset, size, 2)  # SYNC_FILE_RANGE_WRITE


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _path(self) -> Path:
        return ROOT / Path(self.path.split("?", 1)[0].lstrip("/")).name

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        try:
            src = open(self._path(), "rb")  # noqa: SIM115
        except OSError:
            self.send_error(404)
            return
        with src:
            size = os.fstat(src.fileno()).st_size
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self.wfile.flush()
            try:
                self.connection.sendfile(src)
            except (AttributeError, OSError):
                shutil.copyfileobj(src, self.wfile, PIECE)

    def do_PUT(self) -> None:  # noqa: N802
        left = int(self.headers.get("Content-Length", "0"))
        durable = self.path.endswith("?durable")
        leaves, leaf, filled = [], hashlib.sha256(), 0
        buffer = bytearray(PIECE)
        view = memoryview(buffer)
        with open(self._path(), "wb") as out:
            while left:
                n = self.rfile.readinto(view[:min(PIECE, left, CHUNK - filled)])
                if not n:
                    break
                out.write(view[:n])
                left -= n
                if durable:
                    leaf.update(view[:n])
                    filled += n
                    if filled == CHUNK or not left:
                        leaves.append(leaf.digest())
                        out.flush()
                        start_writeback(out.fileno(), out.tell() - filled, filled)
                        leaf, filled = hashlib.sha256(), 0
            if durable:
                out.flush()
                os.fsync(out.fileno())
        self.send_response(201 if not left else 400)
        self.send_header("Content-Length", "0")
        self.end_headers()


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler)
    server.daemon_threads = True
    server.serve_forever()
