#!/usr/bin/env python3
"""A plain static file server for bench/relay.py's baseline: GET serves a file, PUT stores one.

    python bench/_static_server.py ROOT PORT

Standard library only (http.server, one thread per connection); GET uses sendfile(2) like any
production static server, PUT reads the body in 1 MiB pieces into the file. No signatures, no
hashing, no database: what moving the same bytes over HTTP costs on this machine.
"""

from __future__ import annotations

import os
import shutil
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
PIECE = 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _path(self) -> Path:
        return ROOT / Path(self.path.lstrip("/")).name

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
        buffer = bytearray(PIECE)
        view = memoryview(buffer)
        with open(self._path(), "wb") as out:
            while left:
                n = self.rfile.readinto(view[:min(PIECE, left)])
                if not n:
                    break
                out.write(view[:n])
                left -= n
        self.send_response(201 if not left else 400)
        self.send_header("Content-Length", "0")
        self.end_headers()


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler)
    server.daemon_threads = True
    server.serve_forever()
