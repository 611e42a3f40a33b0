"""Reading the workstation policy file (app/policy.py says what it is and enforces it): size
cap, strict JSON, every key known, every value of its type and range. A missing file is no
policy; anything else that is wrong raises `PolicyError`, which stops the application, because
silently dropping an administrator's restrictions would be worse than stopping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crypto.errors import ScelleError
from crypto.strict_json import load_strict
from crypto.text_rules import shown

FACTOR_KINDS = ("pkcs11", "fido2", "totp")
_MAX_FILE_SIZE = 64 * 1024


class PolicyError(ScelleError):
    """The workstation policy file exists but is invalid; the application must not start."""


def read_policy_file(where: Path) -> dict[str, Any] | None:
    """The settings of the policy file at `where` (the fields of app.policy.Policy), None if
    there is no such file."""
    try:
        with open(where, "rb") as handle:
            raw = handle.read(_MAX_FILE_SIZE + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PolicyError(f"The workstation policy {where} cannot be read ({exc.strerror}); "
                          "ask your administrator.") from None
    if len(raw) > _MAX_FILE_SIZE:
        raise PolicyError(f"The workstation policy {where} is too large to be a policy file.")
    try:
        # Floats are let through so that the refusal names the setting that holds one.
        data = load_strict(raw, PolicyError, f"The workstation policy {where}",
                           max_bytes=_MAX_FILE_SIZE, allow_floats=True)
    except PolicyError as exc:
        raise PolicyError(f"{exc} Ask your administrator.") from None
    return _parse(data, where)


_KEYS = {"required_factor_kinds", "min_kdf_memory_mib", "min_kdf_iterations",
         "idle_lock_max_minutes", "clipboard_clear_max_seconds", "export_allowed", "print_allowed",
         "allowed_relays", "proxy", "pkcs11_module", "language", "min_passphrase_bits",
         "update_publisher_keys", "update_allow_downgrade"}


def _parse(data: Any, where: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PolicyError(f"The workstation policy {where} must be a JSON object.")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        # A misspelt key would silently impose nothing: refuse it.
        raise PolicyError(f"The workstation policy {where} has unknown settings: "
                          f"{', '.join(shown(k) for k in unknown)}.")
    kinds = _str_list(data, "required_factor_kinds", where) or ()
    bad = [k for k in kinds if k not in FACTOR_KINDS]
    if bad:
        raise PolicyError(f"The workstation policy names unknown factor kinds: "
                          f"{', '.join(shown(k) for k in bad)} "
                          f"(allowed: {', '.join(FACTOR_KINDS)}).")
    memory_mib = _int(data, "min_kdf_memory_mib", where, 64, 4096)
    relays = _str_list(data, "allowed_relays", where)
    language = _str(data, "language", where)
    if language not in (None, "fr", "en"):
        raise PolicyError("The workstation policy's language must be \"fr\" or \"en\".")
    export = _bool(data, "export_allowed")
    # Whoever forbade export before printing existed meant no plaintext out: printing follows.
    printing = _bool(data, "print_allowed", default=export)
    return dict(
        required_factor_kinds=tuple(kinds),
        min_kdf_memory_kib=memory_mib * 1024 if memory_mib is not None else None,
        min_kdf_iterations=_int(data, "min_kdf_iterations", where, 1, 64),
        idle_lock_max_minutes=_int(data, "idle_lock_max_minutes", where, 1, 24 * 60),
        clipboard_clear_max_seconds=_int(data, "clipboard_clear_max_seconds", where, 5, 3600),
        export_allowed=export,
        print_allowed=printing,
        allowed_relays=tuple(relays) if relays is not None else None,
        proxy=_str(data, "proxy", where),
        pkcs11_module=_str(data, "pkcs11_module", where),
        language=language,
        # 80 is the CNIL floor that always applies (app/passphrase_rules.py): only raising it
        # means anything, so a lower value is a mistake in the file, not a weaker rule.
        min_passphrase_bits=_int(data, "min_passphrase_bits", where, 80, 256),
        update_publisher_keys=_publisher_keys(data, where),
        update_allow_downgrade=_bool(data, "update_allow_downgrade"),
    )


def _bool(data: dict[str, Any], key: str, default: bool = True) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise PolicyError(f"The workstation policy's {key} must be true or false.")
    return value


def _publisher_keys(data: dict[str, Any], where: Path) -> tuple[bytes, ...]:
    texts = _str_list(data, "update_publisher_keys", where)
    if texts is None:
        return ()
    if not texts:
        # An empty list would read as "pinned" to the administrator and pin nothing.
        raise PolicyError("The workstation policy's update_publisher_keys must name at least "
                          "one key (leave the setting out to pin none).")
    # Imported here: the release format is only needed by a policy that pins publishers, and
    # every process of both faces reads the policy at start.
    from crypto.release_manifest import ReleaseError, parse_public_key

    try:
        return tuple(parse_public_key(text.strip()) for text in texts)
    except ReleaseError:
        raise PolicyError("The workstation policy's update_publisher_keys must hold keys "
                          "written ed25519:<base64 of 32 bytes>.") from None


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
