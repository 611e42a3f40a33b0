"""The process hardening (app/process_guard.py), for the `scelle` entry point: it may import only
the faces, and it applies the hardening before it knows which face will run."""

from __future__ import annotations

from app.process_guard import ProcessHardening, harden_process

__all__ = ["ProcessHardening", "harden_process"]
