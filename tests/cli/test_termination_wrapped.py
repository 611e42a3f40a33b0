"""A stop that Python hands back wrapped in another exception still ends like a stop.

Seen in the crash harness: SIGTERM landing while `fido2.webauthn` built a class during its
import came back as "RuntimeError: Error calling __set_name__", caused by `Terminated`, and the
command printed a traceback instead of its one line.
"""

from __future__ import annotations

import signal

import pytest

import cli.main as cli_main
from cli.termination import Terminated, interruption_in


def _wrapped(signo: int) -> RuntimeError:
    try:
        try:
            raise Terminated(signo)
        except Terminated as stop:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from stop
    except RuntimeError as wrapped:
        return wrapped


def test_a_wrapped_sigterm_ends_with_one_line_and_143(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def stopped_during_an_import(_args: list[str]) -> int:
        raise _wrapped(signal.SIGTERM)

    monkeypatch.setattr(cli_main, "_main", stopped_during_an_import)
    assert cli_main.main(["ls"]) == 143
    err = capsys.readouterr().err
    assert err == "scelle: arrêté par SIGTERM / stopped by SIGTERM\n"


def test_an_interruption_is_found_through_implicit_context_too() -> None:
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ImportError("half-imported module")  # noqa: B904 (the implicit chain is the point)
    except ImportError as exc:
        found = interruption_in(exc)
    assert isinstance(found, KeyboardInterrupt)


def test_a_genuine_fault_is_not_mistaken_for_a_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_args: list[str]) -> int:
        raise RuntimeError("a real bug")

    monkeypatch.setattr(cli_main, "_main", broken)
    assert interruption_in(RuntimeError("a real bug")) is None
    with pytest.raises(RuntimeError, match="a real bug"):
        cli_main.main(["ls"])
