"""The process hardening both faces get: applied by the `scelle` entry point before it chooses
the command line or the desktop application (through cli/process_guard.py, the arrow that
entry point may follow), so that no secret is in memory before it holds.

What each platform gets is in crypto/process.py, shared with `scelle-relay`, and in
docs/security.md ("Process hardening").
"""

from __future__ import annotations

from crypto.process import ProcessHardening, harden_process

__all__ = ["ProcessHardening", "harden_process"]
