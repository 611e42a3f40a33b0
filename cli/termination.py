"""Every way of asking a command to stop is handled like Ctrl-C.

SIGINT (Ctrl-C), SIGTERM (`kill`, a service manager, a shutdown), SIGHUP (the terminal closed)
and SIGQUIT (Ctrl-\\) raise `Terminated`, a KeyboardInterrupt: whatever the command was doing
unwinds through the same cleanup as for Ctrl-C (outputs not yet named are dropped, a folder
made for them is removed, the vault is closed), `cli/main.py` prints one line and the exit
status is 128 + the signal's number (130 for Ctrl-C), as a shell reports a signal.

Only the first signal interrupts: those that follow while the command is cleaning up are
ignored, so a second Ctrl-C cannot cut the cleanup short (SIGKILL still stops the process; what
it leaves is described in docs/cli.md, "No partial output"). A signal the command was started
with ignored (`nohup`, a background job) stays ignored.

SIGPIPE keeps Python's handling: writing to a closed pipe raises BrokenPipeError, which
`cli/main.py` turns into the status 141 (128 + SIGPIPE) without a message, as other tools in a
pipeline (`scelle … | head`) end silently.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType

_HANDLED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
PIPE_STATUS = 128 + 13  # SIGPIPE's number is 13 on every POSIX system


class Terminated(KeyboardInterrupt):
    """The command was asked to stop by signal `signo`."""

    def __init__(self, signo: int) -> None:
        super().__init__(signo)
        self.signo = signo

    @property
    def exit_code(self) -> int:
        return 128 + self.signo

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signo).name


class _Handler:
    def __init__(self) -> None:
        self.received: int | None = None

    def __call__(self, signo: int, _frame: FrameType | None) -> None:
        if self.received is not None:
            return  # already stopping: the cleanup under way must not be interrupted
        self.received = signo
        raise Terminated(signo)


def install() -> Callable[[], None]:
    """Handle the termination signals; return what puts the previous handlers back."""
    handler = _Handler()
    previous: dict[int, object] = {}
    for name in _HANDLED:
        signo = getattr(signal, name, None)
        if signo is None or signal.getsignal(signo) == signal.SIG_IGN:
            continue  # not on this system, or ignored on purpose by whoever started us
        try:
            previous[signo] = signal.signal(signo, handler)
        except ValueError:
            break  # not the main thread (main() called by a host program): left as it is

    def restore() -> None:
        for signo, old in previous.items():
            signal.signal(signo, old)  # type: ignore[arg-type]

    return restore


def message(exc: KeyboardInterrupt) -> tuple[str, int]:
    """The line to print and the exit status for an interruption."""
    if isinstance(exc, Terminated) and exc.signo != signal.SIGINT:
        return (f"arrêté par {exc.signal_name} / stopped by {exc.signal_name}", exc.exit_code)
    return ("interrompu / interrupted", 130)


def interruption_in(exc: BaseException) -> KeyboardInterrupt | None:
    """The interruption hidden behind `exc`, if any.

    A signal that lands while Python runs machinery of its own reaches us wrapped: raised
    inside a class body being built during an import, `Terminated` comes back as the
    RuntimeError "Error calling __set_name__" with the interruption as its cause. That is still
    a stop asked for, not a fault, and must end like one (one line, 128 + signal)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
