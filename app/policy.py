"""Workstation policy: what an administrator imposes on every vault of a managed computer.

The policy is a JSON file in a system location that ordinary users cannot write:
`/etc/scelle/policy.json` (Linux and other Unix), `/Library/Application Support/Scelle/
policy.json` (macOS), `%ProgramData%\\Scelle\\policy.json` (Windows). No environment variable
and no user setting can point elsewhere: a policy the user could move would be a suggestion.
Tests (and only tests) pass another path to `load_policy(path=...)`.

Example (every key optional)::

    {
      "required_factor_kinds": ["pkcs11"],        // new vaults/slots must use one of these
      "min_kdf_memory_mib": 256,                   // Argon2id memory floor, new and existing slots
      "min_kdf_iterations": 3,
      "idle_lock_max_minutes": 10,                 // users may choose shorter, not longer
      "clipboard_clear_max_seconds": 30,
      "export_allowed": false,                     // plaintext export of documents
      "allowed_relays": ["https://relais.notaires.example"],
      "proxy": "http://proxy.etude.example:3128",
      "pkcs11_module": "/usr/lib/libIDPrimePKCS11.so",
      "language": "fr"
    }

A missing file means "no policy" (everything allowed, defaults apply). A file that exists but
cannot be read or parsed is NOT ignored: `PolicyError` is raised and the application refuses to
start, because silently dropping an administrator's restrictions would be worse than stopping.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crypto.errors import ScelleError
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params

FACTOR_KINDS = ("pkcs11", "fido2", "totp")
DEFAULT_IDLE_MINUTES = 5
DEFAULT_CLIPBOARD_SECONDS = 30
_MAX_FILE_SIZE = 64 * 1024


class PolicyError(ScelleError):
    """The workstation policy file exists but is invalid; the application must not start."""


def system_policy_path() -> Path:
    """Where the policy file of this computer is (fixed per platform; not configurable)."""
    if sys.platform.startswith("win"):
        base = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(base) / "Scelle" / "policy.json"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Scelle/policy.json")
    return Path("/etc/scelle/policy.json")


@dataclass(frozen=True)
class Policy:
    """The effective policy. `Policy()` is the unmanaged default (nothing imposed)."""

    required_factor_kinds: tuple[str, ...] = ()
    min_kdf_memory_kib: int | None = None
    min_kdf_iterations: int | None = None
    idle_lock_max_minutes: int | None = None
    clipboard_clear_max_seconds: int | None = None
    export_allowed: bool = True
    allowed_relays: tuple[str, ...] | None = None  # None: any relay
    proxy: str | None = None
    pkcs11_module: str | None = None
    language: str | None = None
    source: Path | None = field(default=None, compare=False)

    @property
    def managed(self) -> bool:
        """True when a policy file was found (the UI then says what is imposed)."""
        return self.source is not None

    def factor_allowed(self, kind: str) -> bool:
        return not self.required_factor_kinds or kind in self.required_factor_kinds

    def kdf_floor(self) -> Argon2Params | None:
        """The Argon2id floor for `open_vault(kdf_floor=)`, or None if the policy sets none."""
        if self.min_kdf_memory_kib is None and self.min_kdf_iterations is None:
            return None
        return Argon2Params(memory_kib=self.min_kdf_memory_kib or MIN_MEMORY_KIB,
                            iterations=self.min_kdf_iterations or 1, lanes=1)

    def kdf_for_new_slots(self, chosen: Argon2Params | None) -> Argon2Params | None:
        """Raise `chosen` (None: calibrate later) to the policy floor, never lower it."""
        floor = self.kdf_floor()
        if floor is None or chosen is None:
            return chosen
        if (chosen.memory_kib >= floor.memory_kib
                and chosen.iterations >= floor.iterations):
            return chosen
        return Argon2Params(memory_kib=max(chosen.memory_kib, floor.memory_kib),
                            iterations=max(chosen.iterations, floor.iterations),
                            lanes=chosen.lanes)

    def clamp_idle_minutes(self, minutes: int) -> int:
        """The idle delay to apply: the user's choice, at most the policy maximum, at least 1."""
        minutes = max(1, minutes)
        if self.idle_lock_max_minutes is not None:
            minutes = min(minutes, self.idle_lock_max_minutes)
        return minutes

    def clamp_clipboard_seconds(self, seconds: int) -> int:
        seconds = max(5, seconds)
        if self.clipboard_clear_max_seconds is not None:
            seconds = min(seconds, self.clipboard_clear_max_seconds)
        return seconds

    def relay_allowed(self, url: str) -> bool:
        if self.allowed_relays is None:
            return True
        return url.rstrip("/") in {r.rstrip("/") for r in self.allowed_relays}


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Read the policy (from `system_policy_path()` unless a test passes `path`)."""
    where = Path(path) if path is not None else system_policy_path()
    try:
        with open(where, "rb") as handle:
            raw = handle.read(_MAX_FILE_SIZE + 1)
    except FileNotFoundError:
        return Policy()
    except OSError as exc:
        raise PolicyError(f"The workstation policy {where} cannot be read ({exc.strerror}); "
                          "ask your administrator.") from None
    if len(raw) > _MAX_FILE_SIZE:
        raise PolicyError(f"The workstation policy {where} is too large to be a policy file.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PolicyError(f"The workstation policy {where} is not valid JSON "
                          f"({type(exc).__name__}); ask your administrator.") from None
    return _parse(data, where)


_KEYS = {"required_factor_kinds", "min_kdf_memory_mib", "min_kdf_iterations",
         "idle_lock_max_minutes", "clipboard_clear_max_seconds", "export_allowed",
         "allowed_relays", "proxy", "pkcs11_module", "language"}


def _parse(data: Any, where: Path) -> Policy:
    if not isinstance(data, dict):
        raise PolicyError(f"The workstation policy {where} must be a JSON object.")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        # A misspelt key would silently impose nothing: refuse it.
        raise PolicyError(f"The workstation policy {where} has unknown settings: "
                          f"{', '.join(unknown)}.")
    kinds = _str_list(data, "required_factor_kinds", where) or ()
    bad = [k for k in kinds if k not in FACTOR_KINDS]
    if bad:
        raise PolicyError(f"The workstation policy names unknown factor kinds: {', '.join(bad)} "
                          f"(allowed: {', '.join(FACTOR_KINDS)}).")
    memory_mib = _int(data, "min_kdf_memory_mib", where, 64, 4096)
    relays = _str_list(data, "allowed_relays", where)
    language = _str(data, "language", where)
    if language not in (None, "fr", "en"):
        raise PolicyError("The workstation policy's language must be \"fr\" or \"en\".")
    export = data.get("export_allowed", True)
    if not isinstance(export, bool):
        raise PolicyError("The workstation policy's export_allowed must be true or false.")
    return Policy(
        required_factor_kinds=tuple(kinds),
        min_kdf_memory_kib=memory_mib * 1024 if memory_mib is not None else None,
        min_kdf_iterations=_int(data, "min_kdf_iterations", where, 1, 64),
        idle_lock_max_minutes=_int(data, "idle_lock_max_minutes", where, 1, 24 * 60),
        clipboard_clear_max_seconds=_int(data, "clipboard_clear_max_seconds", where, 5, 3600),
        export_allowed=export,
        allowed_relays=tuple(relays) if relays is not None else None,
        proxy=_str(data, "proxy", where),
        pkcs11_module=_str(data, "pkcs11_module", where),
        language=language,
        source=where,
    )


def _int(data: dict[str, Any], key: str, where: Path, low: int, high: int) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise PolicyError(f"The workstation policy's {key} must be a whole number from {low} "
                          f"to {high}.")
    return value


def _str(data: dict[str, Any], key: str, where: Path) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(f"The workstation policy's {key} must be a non-empty text.")
    return value.strip()


def _str_list(data: dict[str, Any], key: str, where: Path) -> list[str] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PolicyError(f"The workstation policy's {key} must be a list of texts.")
    return list(value)
