"""A TCP forwarder on loopback that connects to the relay *from another loopback address*, so the
browser's connections reach the relay from an address nothing else in the test uses (the
members' CLI and the test's own clients come from 127.0.0.1): the privacy test can then search
for that address and know any hit came from the browser."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

BROWSER_ADDRESS = "127.0.0.7"


def _pump(src: socket.socket, dst: socket.socket) -> None:
    with suppress(OSError):
        while data := src.recv(65536):
            dst.sendall(data)
    with suppress(OSError):
        dst.shutdown(socket.SHUT_WR)


def _serve(listener: socket.socket, target: tuple[str, int]) -> None:
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return  # the listener was closed
        threading.Thread(target=_connection, args=(client, target), daemon=True).start()


def _connection(client: socket.socket, target: tuple[str, int]) -> None:
    with client, socket.create_connection(target, source_address=(BROWSER_ADDRESS, 0)) as up:
        back = threading.Thread(target=_pump, args=(up, client), daemon=True)
        back.start()
        _pump(client, up)
        back.join()


@contextmanager
def forwarded(base_url: str) -> Iterator[str]:
    """`base_url` (http://127.0.0.1:PORT) reachable at the URL yielded, from BROWSER_ADDRESS."""
    host, port = base_url.removeprefix("http://").rsplit(":", 1)
    listener = socket.create_server(("127.0.0.1", 0))
    thread = threading.Thread(target=_serve, args=(listener, (host, int(port))), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
