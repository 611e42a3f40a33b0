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
      "print_allowed": false,                      // printing (default: as export_allowed)
      "allowed_relays": ["https://relais.notaires.example"],
      "proxy": "http://proxy.etude.example:3128",
      "pkcs11_module": "/usr/lib/libIDPrimePKCS11.so",  // the only token library used
      "min_passphrase_bits": 100,                  // raises the 80-bit (CNIL) passphrase rule
      "language": "fr",
      "update_publisher_keys": ["ed25519:…"],      // the only release signers (docs/releases.md)
      "update_allow_downgrade": false              // `scelle update … --allow-downgrade` refused
    }

A missing file means "no policy" (everything allowed, defaults apply). A file that exists but
cannot be read or parsed is NOT ignored: `PolicyError` is raised and the application refuses to
start, because silently dropping an administrator's restrictions would be worse than stopping.

The core enforces the policy, not the faces (docs/architecture.md): `workstation_policy()` reads
the file once per process, and every service that does something the policy can forbid asks it
through the `require_*` functions below, which raise `PolicyRefusal`. The faces may also read
the policy to grey out what would be refused, but a face that forgets cannot bypass it.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from app.policy_file import FACTOR_KINDS, PolicyError, read_policy_file  # noqa: F401 (re-exported)
from crypto.errors import ScelleError
from crypto.kdf import MIN_MEMORY_KIB, Argon2Params

DEFAULT_IDLE_MINUTES = 5
DEFAULT_CLIPBOARD_SECONDS = 30


class PolicyRefusal(ScelleError):
    """The workstation policy forbids what was asked; nothing was done.

    The message says what was refused and names the policy file, so that the user knows the
    refusal comes from the administrator and whom to ask.
    """

    def __init__(self, message: str, policy: Policy) -> None:
        where = policy.source or system_policy_path()
        super().__init__(f"{message} Refused by the workstation policy ({where}); ask your "
                         "administrator.")
        self.policy = policy


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
    print_allowed: bool = True  # a file without the key inherits it (app/policy_file.py)
    allowed_relays: tuple[str, ...] | None = None  # None: any relay
    proxy: str | None = None
    pkcs11_module: str | None = None
    language: str | None = None
    min_passphrase_bits: int | None = None  # None: the CNIL's 80 bits (app/passphrase_rules.py)
    # Raw Ed25519 keys of the only publishers whose releases verify (app/updates/), () if unpinned.
    update_publisher_keys: tuple[bytes, ...] = ()
    update_allow_downgrade: bool = True  # False: an older release is refused even when asked
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

    # -- vault keys (called by app/vault/key_rules.py; a face may call them to refuse early) --

    def require_factor_kind(self, kind: str) -> None:
        """Refuse a new vault key (vault or slot) whose second factor the policy excludes."""
        if not self.factor_allowed(kind):
            raise PolicyRefusal(
                f"A vault key with the second factor '{kind}' is not allowed on this computer "
                f"(required_factor_kinds: {', '.join(self.required_factor_kinds)}).", self)

    def require_kdf_floor(self, chosen: Argon2Params) -> None:
        """Refuse a key-derivation setting asked for explicitly below the policy floor.

        Only defaults are raised to the floor (`kdf_for_new_slots`): a setting the user typed
        is refused, so that nobody believes a vault has the cost they asked for when it has not.
        """
        floor = self.kdf_floor()
        if floor is None or (chosen.memory_kib >= floor.memory_kib
                             and chosen.iterations >= floor.iterations):
            return
        raise PolicyRefusal(
            f"The key derivation asked for ({chosen.memory_kib // 1024} MiB, "
            f"{chosen.iterations} passes) is below this computer's minimum "
            f"({floor.memory_kib // 1024} MiB and {floor.iterations} passes: min_kdf_memory_mib, "
            "min_kdf_iterations).", self)

    def pkcs11_module_path(self, requested: str | None) -> str | None:
        """The PKCS#11 library to load: the imposed one, else `requested` (None: detect).

        A different library asked for explicitly is refused rather than silently replaced.
        """
        if self.pkcs11_module is None:
            return requested
        if requested and requested.strip() and \
                os.path.realpath(requested.strip()) != os.path.realpath(self.pkcs11_module):
            raise PolicyRefusal(
                f"The PKCS#11 library {requested.strip()} is not the one this computer imposes "
                f"({self.pkcs11_module}, the policy's pkcs11_module).", self)
        return self.pkcs11_module

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
        return _url_key(url) in {_url_key(r) for r in self.allowed_relays}

    # -- refusals (the core calls these through the module functions below) -----------------
    # A face holding this policy (read from `workstation_policy()`) may call them to refuse
    # ahead of time with the very message the core would give.

    def require_export_allowed(self, what: str) -> None:
        """Refuse `what` (a sentence start: "Exporting a document") if export is forbidden."""
        if not self.export_allowed:
            raise PolicyRefusal(f"{what} would write plaintext outside the vault, and this "
                                "computer forbids it (export_allowed is false).", self)

    def require_print_allowed(self, what: str) -> None:
        """Refuse `what` (a sentence start: "Printing a document") if printing is forbidden."""
        if not self.print_allowed:
            raise PolicyRefusal(f"{what} would hand plaintext to the print spooler, and this "
                                "computer forbids it (print_allowed is false).", self)

    def require_relay_allowed(self, url: str) -> None:
        if not self.relay_allowed(url):
            raise PolicyRefusal(f"The relay {url} is not one this computer may use (it is not "
                                "in allowed_relays).", self)

    def relay_proxy(self, requested: str | None) -> str | None:
        """The proxy every relay connection must use: the imposed one, else `requested`.

        A different proxy asked for explicitly is refused rather than silently replaced, so
        that the user learns why the setting they typed is not the one used.
        """
        if self.proxy is None:
            return requested
        if requested is not None and requested.strip() and \
                _url_key(requested) != _url_key(self.proxy):
            raise PolicyRefusal(f"The proxy {_shown(requested)} is not the one this computer "
                                f"imposes for relays ({_shown(self.proxy)}, the policy's "
                                "proxy).", self)
        return self.proxy


def _shown(url: str) -> str:
    """A proxy URL fit for a message: any user name and password in it are left out."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", "")) if host else "(unreadable)"


def _url_key(url: str) -> str:
    """A URL as compared with the policy's: scheme and host case-insensitive, no final slash."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"),
                       parts.query, parts.fragment))


@functools.cache
def workstation_policy() -> Policy:
    """The policy of this computer, read once per process (`PolicyError` if it is invalid).

    Tests that need another policy point `system_policy_path` elsewhere and call
    `workstation_policy.cache_clear()`; nothing outside tests can.
    """
    return load_policy()


def require_export_allowed(what: str) -> None:
    """`PolicyRefusal` if this computer forbids writing plaintext outside the vault.

    Called by every use case that does so (document export, opening a sealed file to a folder,
    age decryption), before the first byte or staging file is written.
    """
    workstation_policy().require_export_allowed(what)


def require_print_allowed(what: str) -> None:
    workstation_policy().require_print_allowed(what)  # asked by app/printing.py


def require_relay_allowed(url: str) -> None:
    """`PolicyRefusal` if `url` is not among the policy's allowed relays (before connecting)."""
    workstation_policy().require_relay_allowed(url)


def relay_proxy(requested: str | None) -> str | None:
    """The proxy a relay connection must use (`PolicyRefusal` for a different explicit one)."""
    return workstation_policy().relay_proxy(requested)


def imposed_relay_proxy() -> str | None:
    """The proxy this computer imposes on every relay connection, if any."""
    return workstation_policy().proxy


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Read the policy (from `system_policy_path()` unless a test passes `path`)."""
    where = Path(path) if path is not None else system_policy_path()
    settings = read_policy_file(where)
    return Policy() if settings is None else Policy(**settings, source=where)
