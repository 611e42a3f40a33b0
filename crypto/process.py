"""Process hardening, applied once at start by `scelle` and `scelle-relay`.

A Scellé process holds keys and plaintext in memory: the vault master key, unwrapped identity
keys, decrypted documents on their way to a file. A core dump would write all of that to disk in
clear, and a debugger attached by any program of the same user could read it. What each
platform gets:

| platform | what is done | effect |
|---|---|---|
| all | umask 077 | a safety net: every file and folder is also created with an explicit 0600 / 0700 mode |
| Linux | `prctl(PR_SET_DUMPABLE, 0)`; `RLIMIT_CORE` 0 (soft and hard) | no core file (not even through a `core_pattern` pipe such as systemd-coredump); other processes of the same user cannot `ptrace` it or read `/proc/<pid>/mem`, `environ`, `fd` |
| macOS | `RLIMIT_CORE` 0 (soft and hard) | no core file; attaching a debugger still needs the user's consent (SIP, `task_for_pid` rules) |
| Windows | `SetErrorMode(SEM_FAILCRITICALERRORS \\| SEM_NOGPFAULTERRORBOX \\| SEM_NOOPENFILEERRORBOX)` | no crash dialog, so Windows Error Reporting does not offer to send a dump; a dump still happens if an administrator configured WER `LocalDumps` |

Children inherit the core limit of 0 (the `age` command, PKCS#11 modules' helpers); the Linux
"not dumpable" flag is reset by `execve` for a child, so children rely on the limit alone.
The hard limit is lowered too, so nothing in the process can raise it again.

Hardening never stops the program from starting: a step the system refuses is reported in the
returned `ProcessHardening` (tests and the documentation's figures read it), not raised.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass

_PR_SET_DUMPABLE = 4  # <linux/prctl.h>
_PR_GET_DUMPABLE = 3
# SetErrorMode flags (<errhandlingapi.h>)
_SEM_FAILCRITICALERRORS = 0x0001
_SEM_NOGPFAULTERRORBOX = 0x0002
_SEM_NOOPENFILEERRORBOX = 0x8000


@dataclass(frozen=True)
class ProcessHardening:
    """What `harden_process` obtained (False: refused by the system or not offered there)."""

    platform: str
    private_umask: bool = False  # umask 077 set
    not_dumpable: bool = False  # Linux: PR_SET_DUMPABLE is 0
    no_core_files: bool = False  # RLIMIT_CORE is 0 (POSIX)
    no_crash_dialogs: bool = False  # Windows: SetErrorMode suppresses WER's dialogs


def harden_process() -> ProcessHardening:
    """Apply the platform's hardening (see the module's table) and say what held."""
    os.umask(0o077)
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        return ProcessHardening(sys.platform, True, no_crash_dialogs=_suppress_crash_dialogs())
    no_core = _no_core_files()
    if sys.platform.startswith("linux"):
        return ProcessHardening(sys.platform, True, not_dumpable=_not_dumpable(),
                                no_core_files=no_core)
    return ProcessHardening(sys.platform, True, no_core_files=no_core)


def _no_core_files() -> bool:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _not_dumpable() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):  # no C library symbol: a static or unusual runtime
        return False
    prctl.restype = ctypes.c_int
    zero = ctypes.c_ulong(0)
    if prctl(_PR_SET_DUMPABLE, zero, zero, zero, zero) != 0:
        return False
    return bool(prctl(_PR_GET_DUMPABLE, zero, zero, zero, zero) == 0)


def _suppress_crash_dialogs() -> bool:  # pragma: no cover - exercised on Windows builds only
    try:
        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        return False
    wanted = _SEM_FAILCRITICALERRORS | _SEM_NOGPFAULTERRORBOX | _SEM_NOOPENFILEERRORBOX
    previous = kernel32.SetErrorMode(wanted)
    kernel32.SetErrorMode(previous | wanted)  # keep whatever the runtime had already set
    return True
