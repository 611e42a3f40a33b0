"""File names carried in sealed files: what we accept and how we normalise.

A sealed file's names come from its sender, who may be hostile, and are written into a folder the
recipient chose, on any of Windows, macOS or Linux. A name is accepted only if it is a single,
plain path component that every one of those systems stores as-is. The rules are checked on the
NFC form (which is also what we write), so visually identical names compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from crypto.sealed.errors import UnsafeFileName
from crypto.text_rules import text_problem

MAX_NAME_BYTES = 255  # the usual per-component limit (ext4, NTFS in UTF-16 is looser)

# Separators and characters Windows refuses (":" also makes NTFS alternate data streams).
_FORBIDDEN = set('/\\:*?"<>|')
# Windows device names, reserved with any extension and in any case; Windows also maps the
# superscript digits ¹²³ to COM/LPT ports.
_DEVICE_RE = re.compile(r"(con|prn|aux|nul|conin\$|conout\$|clock\$|(com|lpt)[0-9¹²³])",
                        re.IGNORECASE)


def _problem(name: str) -> str | None:
    """Why `name` (already NFC) is unsafe, or None."""
    if not name:
        return "is empty"
    if name in (".", ".."):
        return "refers to a folder"
    if len(name.encode("utf-8", errors="surrogatepass")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes"
    if any(char in _FORBIDDEN for char in name):
        return "contains a path separator or a character Windows forbids"
    # The display rule shared with every shown text (crypto/text_rules.py): no control,
    # invisible format (direction overrides show "gnp.exe" as "exe.png") or line separator.
    problem = text_problem(name)
    if problem is not None:
        return problem
    if name[-1] in ". ":
        return "ends with a dot or a space"
    stem = name.split(".", 1)[0].rstrip(" ")
    if _DEVICE_RE.fullmatch(stem):
        return "is a reserved Windows device name"
    return None


def _refuse(problem: str) -> UnsafeFileName:
    error = UnsafeFileName(f"A file name in this sealed file {problem}; it was refused.")
    error.problem = problem
    return error


def check_file_name(name: str) -> str:
    """Return the NFC form of `name`, or raise `UnsafeFileName` saying what is wrong.

    The message describes the problem, never the name (names are client secrets); the bare
    problem is also in the error's `problem` attribute, for callers that phrase it themselves.
    """
    if not isinstance(name, str):
        raise _refuse("is not text")
    problem = _problem(unicodedata.normalize("NFC", name))
    if problem:
        raise _refuse(problem)
    return unicodedata.normalize("NFC", name)


def fold(name: str) -> str:
    """The comparison key of a name: case-insensitive file systems treat these as one file."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def check_file_names(names: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """Check every name and that no two (nor any reserved name) collide after case folding."""
    result = [check_file_name(n) for n in names]
    seen = {fold(r) for r in reserved}
    for name in result:
        key = fold(name)
        if key in seen:
            raise _refuse("is the same as another one once upper and lower case are ignored "
                          "(they would overwrite each other on disk)")
        seen.add(key)
    return result
