"""What every fuzz target shares: coverage of our code only, and the rule for exceptions.

A target is a module of `fuzz/targets/` with `ALLOWED` (the error types its parser documents)
and `check(data)` (feed the parser one input, assert what must hold of its answer). Run as a
script it fuzzes `check` with atheris (libFuzzer options on the command line); imported by the
regression tests it is just a function to call.

The rule: an allowed error must explain itself on one non-empty line (it is what the command
line prints after `scelle:`); any other exception, or an allowed one with no message or several
lines, is a bug and libFuzzer saves the input as a crash.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Our packages: the ones instrumented for coverage (third-party code is not).
OURS = ["crypto", "storage", "app", "relay"]

Check = Callable[[bytes], None]


class UnclearError(AssertionError):
    """An allowed error whose message is empty or spans several lines."""


@contextlib.contextmanager
def instrumented() -> Iterator[None]:
    """Imports inside this block are instrumented for coverage, when fuzzing (not under pytest,
    where our modules are already imported and the counters would only cost time)."""
    if "pytest" in sys.modules:
        yield
        return
    import atheris

    with atheris.instrument_imports(include=OURS):
        yield


def guarded(check: Check, allowed: tuple[type[BaseException], ...]) -> Check:
    """`check`, with the allowed errors accepted if they explain themselves on one line."""

    def one_input(data: bytes) -> None:
        try:
            check(data)
        except allowed as exc:
            text = str(exc)
            # splitlines() breaks at every line boundary a terminal or a dialog may show:
            # LF, CR, VT, FF, the C1 NEL, U+2028 and U+2029.
            if not text.strip() or len(text.splitlines()) != 1:
                raise UnclearError(f"{type(exc).__name__} with an unclear message: {text!r}") \
                    from exc

    return one_input


def main(check: Check, allowed: tuple[type[BaseException], ...]) -> None:
    """Fuzz `check` with the libFuzzer options of the command line."""
    import atheris

    atheris.Setup(sys.argv, guarded(check, allowed))
    atheris.Fuzz()
