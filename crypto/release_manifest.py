"""Signed release manifests: what a publisher put in a release, checked offline (docs/releases.md).

A release folder holds its artifacts, `release-manifest.json` and `release-manifest.sig`:

* the manifest is JSON read with the strict reader (`crypto.strict_json`: size cap, no duplicate
  key, no float), and the signature covers its *exact bytes*: nothing is canonicalised on either
  side, so there is one message and no question of which spelling was signed;
* `release-manifest.sig` is exactly 64 bytes, `Ed25519(SIGNATURE_DOMAIN || manifest bytes)`.
  The domain prefix keeps a publisher key's signature from meaning anything in another format;
* a publisher key is written `ed25519:<standard base64 of the 32-byte key>`; its fingerprint
  is `SHA-256(FINGERPRINT_DOMAIN || key)` in lowercase hex, and the manifest names it, so the
  key that verified and the key the manifest claims must agree.

Manifest fields (every one required, no other allowed)::

    {"format": "scelle-release-manifest", "format_version": 1, "kind": "release" | "bundle",
     "product": "scelle", "version": "1.2.0", "created": "2026-12-05T13:00:00Z",
     "publisher": "<fingerprint hex>",
     "files": [{"name": "…", "size": 123, "sha256": "<hex>"}, …],
     "sbom": {"name": "…", "sha256": "<hex>"} | null}

`kind: "release"` describes a release folder (the SBOM is required and is one of the files);
`kind: "bundle"` describes the top-level files of an installed application folder (its
executable), checked when the application starts. File names are plain names in one folder:
letters, digits and `._+~-`, not starting with a dot, so `../x`, `/abs`, `a\\b` and NUL cannot
name anything outside the folder.

Errors name fields, and file names only once they passed the name rule; a name that failed it
is never quoted (it could hold terminal control characters).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from crypto.errors import ScelleError
from crypto.sealed.codec import Obj, b64decode_strict, b64encode, format_time
from crypto.strict_json import load_strict

MANIFEST_NAME = "release-manifest.json"
SIGNATURE_NAME = "release-manifest.sig"
SIGNATURE_DOMAIN = b"scelle-release-v1\n"
FINGERPRINT_DOMAIN = b"scelle-release-key-v1\n"
FORMAT = "scelle-release-manifest"
FORMAT_VERSION = 1
PRODUCT = "scelle"
KINDS = ("release", "bundle")
SIGNATURE_SIZE = 64
MAX_MANIFEST_BYTES = 256 * 1024
MAX_FILES = 1000
MAX_FILE_SIZE = 2**53 - 1
PUBLIC_PREFIX = "ed25519:"
SECRET_PREFIX = "scelle-release-secret-key-v1:"

_NAME_RE = re.compile(r"[A-Za-z0-9_+~-][A-Za-z0-9._+~-]{0,254}")
_VERSION_RE = re.compile(r"[0-9][0-9A-Za-z.+~-]{0,63}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_TOP_KEYS = ("format", "format_version", "kind", "product", "version", "created", "publisher",
             "files", "sbom")


class ReleaseError(ScelleError):
    """A release manifest, its signature or a publisher key is malformed or does not verify."""


@dataclass(frozen=True)
class FileEntry:
    """One file the manifest lists: its plain name, its size and its SHA-256 (hex)."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """A parsed manifest (its signature is checked separately, over the bytes it came from)."""

    kind: str
    version: str
    created: datetime
    publisher: str
    files: tuple[FileEntry, ...]
    sbom: FileEntry | None

    def entry(self, name: str) -> FileEntry | None:
        return next((item for item in self.files if item.name == name), None)


def is_plain_name(name: str) -> bool:
    """A name the manifest may list: one path component, no leading dot, a safe alphabet."""
    return _NAME_RE.fullmatch(name) is not None and name not in (MANIFEST_NAME, SIGNATURE_NAME)


def is_version(text: str) -> bool:
    return _VERSION_RE.fullmatch(text) is not None


# -- keys ----------------------------------------------------------------------------------


def fingerprint(public_key: bytes) -> str:
    """The publisher fingerprint shown to people and named in manifests (64 hex digits)."""
    return hashlib.sha256(FINGERPRINT_DOMAIN + public_key).hexdigest()


def format_public_key(public_key: bytes) -> str:
    return PUBLIC_PREFIX + b64encode(public_key)


def parse_public_key(text: str) -> bytes:
    """The raw 32-byte key of `ed25519:<base64>`; `ReleaseError` for anything else."""
    if not isinstance(text, str) or not text.startswith(PUBLIC_PREFIX):
        raise ReleaseError(f"A publisher key must be written {PUBLIC_PREFIX}<base64 of 32 bytes>.")
    try:
        raw = b64decode_strict(text[len(PUBLIC_PREFIX):].strip())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ReleaseError(f"A publisher key must be written {PUBLIC_PREFIX}<base64 of 32 bytes>.")
    return raw


def secret_key_text(key: Ed25519PrivateKey) -> bytes:
    """The publisher key file's content: one line, the prefix and the base64 seed."""
    return (SECRET_PREFIX + b64encode(key.private_bytes_raw()) + "\n").encode("ascii")


def read_secret_key(data: bytes) -> Ed25519PrivateKey:
    """The signing key from a key file written by `secret_key_text` (message names no byte)."""
    error = ReleaseError("The publisher key file is not a Scellé release signing key.")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise error from None
    line = text[:-1] if text.endswith("\n") else text
    if not line.startswith(SECRET_PREFIX):  # (a second line fails the strict base64 below)
        raise error
    try:
        seed = b64decode_strict(line[len(SECRET_PREFIX):])
    except ValueError:
        raise error from None
    if len(seed) != 32:
        raise error
    return Ed25519PrivateKey.from_private_bytes(seed)


# -- signing and verifying -------------------------------------------------------------------


def sign(manifest_bytes: bytes, key: Ed25519PrivateKey) -> bytes:
    """The 64-byte detached signature of the exact manifest bytes."""
    return key.sign(SIGNATURE_DOMAIN + manifest_bytes)


def verify_signature(manifest_bytes: bytes, signature: bytes, keys: Iterable[bytes]) -> bytes:
    """The key among `keys` whose signature `signature` is; `ReleaseError` if none verifies."""
    if len(signature) != SIGNATURE_SIZE:
        raise ReleaseError(f"The release signature {SIGNATURE_NAME} is not {SIGNATURE_SIZE} "
                           "bytes long.")
    for key in keys:
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(signature,
                                                           SIGNATURE_DOMAIN + manifest_bytes)
        except (InvalidSignature, ValueError):
            continue
        return key
    raise ReleaseError("The release signature does not verify with any trusted publisher key: "
                       "the manifest was altered or signed by someone else.")


# -- building and parsing --------------------------------------------------------------------


def build(*, kind: str, version: str, created: datetime, publisher_key: bytes,
          files: Sequence[FileEntry], sbom: str | None) -> bytes:
    """The manifest bytes for these files (sorted by name; the SBOM named among them)."""
    entries = sorted(files, key=lambda item: item.name)
    by_name = {item.name: item for item in entries}
    sbom_entry = by_name.get(sbom) if sbom is not None else None
    document = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind, "product": PRODUCT,
        "version": version, "created": format_time(created),
        "publisher": fingerprint(publisher_key),
        "files": [{"name": e.name, "size": e.size, "sha256": e.sha256} for e in entries],
        "sbom": None if sbom_entry is None else {"name": sbom_entry.name,
                                                 "sha256": sbom_entry.sha256},
    }
    data = (json.dumps(document, indent=1, ensure_ascii=True) + "\n").encode("ascii")
    parse(data)  # what we write is always what we accept (names, version, SBOM rule)
    return data


def parse(data: bytes) -> Manifest:
    """Read manifest bytes strictly; `ReleaseError` naming the first problem."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ReleaseError(f"The release manifest is too large (more than {MAX_MANIFEST_BYTES} "
                           "bytes).")
    value = load_strict(data, ReleaseError, "The release manifest", max_bytes=MAX_MANIFEST_BYTES)
    top = Obj(value, ReleaseError, "the release manifest", _TOP_KEYS)
    if top.raw("format") != FORMAT or top.raw("format_version") != FORMAT_VERSION:
        raise ReleaseError("The release manifest is not in a format this program knows "
                           f"({FORMAT} version {FORMAT_VERSION}).")
    kind = top.raw("kind")
    if kind not in KINDS:
        raise top.fail("kind", f"is not one of {', '.join(KINDS)}")
    if top.raw("product") != PRODUCT:
        raise top.fail("product", f"is not {PRODUCT}")
    version = top.text("version", 64)
    if not is_version(version):
        raise top.fail("version", "is not a version string")
    files = _files(top.raw("files"))
    return Manifest(kind=kind, version=version, created=top.time("created"),
                    publisher=_hex(top, "publisher"), files=files, sbom=_sbom(top, files, kind))


def _hex(obj: Obj, key: str) -> str:
    value = obj.text(key, 64)
    if not _HEX64.fullmatch(value):
        raise obj.fail(key, "is not 64 lowercase hexadecimal digits")
    return value


def _files(value: Any) -> tuple[FileEntry, ...]:
    if not isinstance(value, list) or not value:
        raise ReleaseError("The release manifest's files must be a non-empty list.")
    if len(value) > MAX_FILES:
        raise ReleaseError(f"The release manifest lists more than {MAX_FILES} files.")
    entries: dict[str, FileEntry] = {}
    for item in value:
        obj = Obj(item, ReleaseError, "a file of the release manifest", ("name", "size", "sha256"))
        name = obj.text("name", 255)
        if not is_plain_name(name):
            raise ReleaseError("The release manifest lists a file whose name is not a plain file "
                               "name (a path, a leading dot or an unusual character).")
        if name in entries:
            raise ReleaseError(f"The release manifest lists the file {name} twice.")
        size = obj.integer("size")
        if not 0 <= size <= MAX_FILE_SIZE:
            raise obj.fail("size", "is out of range")
        entries[name] = FileEntry(name, size, _hex(obj, "sha256"))
    return tuple(entries.values())


def _sbom(top: Obj, files: tuple[FileEntry, ...], kind: str) -> FileEntry | None:
    value = top.raw("sbom")
    if value is None:
        if kind == "release":
            raise ReleaseError("The release manifest names no SBOM (a release must carry one).")
        return None
    obj = Obj(value, ReleaseError, "the release manifest's sbom", ("name", "sha256"))
    name, digest = obj.text("name", 255), _hex(obj, "sha256")
    listed = next((item for item in files if item.name == name), None)
    if listed is None or listed.sha256 != digest:
        raise ReleaseError("The release manifest's SBOM is not one of its files, with the same "
                           "SHA-256.")
    return listed
