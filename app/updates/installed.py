"""At start-up: a frozen Scellé runs only if its own folder is signed by a pinned publisher.

When the workstation policy pins `update_publisher_keys`, "an update signed by anyone else" must
not run, whatever put it on the disk. `make dist` signs the application folder: a manifest of
kind `bundle` at `<bundle>/release-manifest.json` (+ `.sig`) lists its top-level files, i.e. the
executable (docs/releases.md §The signed application folder). At every start the frozen
application checks that manifest's signature against the pinned keys, that it names the running
version, and that the running executable's SHA-256 is the one listed. That costs one hash of
the executable (a few tens of MB) and reads one small file; the libraries under `_internal/`
are covered by the release's package hash when installed, not re-hashed at every start.

Run from source (not frozen) the check does not apply: there is no signed folder, and whoever
can change the sources can change this check too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.policy import Policy, PolicyRefusal, workstation_policy


def check_installation(policy: Policy, *, frozen: bool, executable: Path,
                       running_version: str) -> None:
    """`PolicyRefusal` unless the policy pins no key, or the app is not frozen, or the folder of
    `executable` carries a bundle manifest signed by a pinned key that lists this executable."""
    if not policy.update_publisher_keys or not frozen:
        return
    # Imported only when there is a folder to check: every start of both faces comes here, and
    # most have nothing to check (run from source, or no pinned key).
    from app.updates.verify import UpdateError

    executable = executable.resolve()
    try:
        _check_bundle(executable, running_version, policy.update_publisher_keys)
    except (UpdateError, OSError) as exc:
        # OSError: a read failing half-way (a damaged disk) is a refusal too, in one line.
        reason = exc if isinstance(exc, UpdateError) else f"it cannot be read ({exc.strerror})."
        raise PolicyRefusal(f"Scellé will not start: this installation ({executable.parent}) is "
                            f"not one signed by a publisher this computer accepts "
                            f"(update_publisher_keys): {reason}", policy) from None


def _check_bundle(executable: Path, running_version: str, keys: tuple[bytes, ...]) -> None:
    from app.updates.verify import UpdateError, check_signed_manifest, hash_file, read_capped
    from crypto.release_manifest import (
        MANIFEST_NAME, MAX_MANIFEST_BYTES, SIGNATURE_NAME, SIGNATURE_SIZE,
    )

    bundle = executable.parent
    manifest_bytes = read_capped(bundle / MANIFEST_NAME, MAX_MANIFEST_BYTES)
    signature = read_capped(bundle / SIGNATURE_NAME, SIGNATURE_SIZE)
    manifest = check_signed_manifest(bundle, manifest_bytes, signature, keys).manifest
    if manifest.kind != "bundle":
        raise UpdateError("its manifest describes a release folder, not an application folder.")
    if manifest.version != running_version:
        raise UpdateError(f"its manifest is for version {manifest.version}, the running "
                          f"version is {running_version}.")
    entry = manifest.entry(executable.name)
    if entry is None:
        raise UpdateError(f"its manifest does not list the executable {executable.name}.")
    digest, size = hash_file(executable)
    if (digest, size) != (entry.sha256, entry.size):
        raise UpdateError(f"the executable {executable.name} is not the one the manifest lists.")


def require_genuine_installation() -> None:
    """The start-up check for this process (both faces, through scelle/__main__.py)."""
    policy = workstation_policy()
    frozen = bool(getattr(sys, "frozen", False))
    if not policy.update_publisher_keys or not frozen:
        return  # nothing to check: no version lookup, no hashing
    from app.version import version

    check_installation(policy, frozen=frozen, executable=Path(sys.executable),
                       running_version=version())
