"""Ordering Scellé's version strings, to refuse a downgrade (docs/releases.md §Versions).

The versions are the ones app/version.py writes: a release tag (`1.2.0`, `1.3.0rc1`), optionally
followed by a local part saying how far past the tag a build is (`1.2.0+3.g1a2b3c4`, `.dirty`
appended for uncommitted changes; `0.1.0+g1a2b3c4` when no tag exists). The order:

1. the public part, numerically component by component (`1.10.0` > `1.9.2`, `1.2` == `1.2.0`),
   a pre-release (`a`, `b`, `rc` then a number) before its final release;
2. for the same public part, the number of commits past the tag (none counts as 0).

The commit hash and `.dirty` do not order anything: two builds with the same public part and
distance are "the same version" and neither is a downgrade of the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import ScelleError

# At most 9 digits per number: int() of text read from a release stays cheap and bounded.
_PUBLIC_RE = re.compile(r"(?P<release>\d{1,9}(?:\.\d{1,9}){0,9})"
                        r"(?:(?P<pre>a|b|rc)(?P<pre_n>\d{1,9}))?")
# "unknown": app/version.py's last resort (`0+unknown`, no git and no package metadata).
_LOCAL_RE = re.compile(r"(?:(?P<ahead>\d{1,9})\.)?g[0-9a-f]{4,40}(?:\.dirty)?|dirty|unknown")
_PRE_ORDER = {"a": 0, "b": 1, "rc": 2}
_FINAL = 3  # after every pre-release


class VersionError(ScelleError):
    """A version string that is not of the form Scellé's builds write."""


@dataclass(frozen=True, order=True)
class VersionKey:
    """A comparable form of a version string."""

    release: tuple[int, ...]
    stage: int
    stage_number: int
    ahead: int


def version_key(text: str) -> VersionKey:
    """The sort key of `text`; `VersionError` if it is not one of our versions."""
    public, plus, local = text.partition("+")
    match = _PUBLIC_RE.fullmatch(public)
    local_match = _LOCAL_RE.fullmatch(local) if plus else None
    if match is None or (plus and local_match is None):
        raise VersionError(f"The version {text!r} is not of the form Scellé's builds have "
                           "(1.2.0, 1.3.0rc1, 1.2.0+3.g1a2b3c4).")
    release = [int(number) for number in match["release"].split(".")]
    while len(release) > 1 and release[-1] == 0:  # 1.2 == 1.2.0
        release.pop()
    stage = _PRE_ORDER[match["pre"]] if match["pre"] else _FINAL
    ahead = local_match["ahead"] if local_match is not None else None
    return VersionKey(tuple(release), stage, int(match["pre_n"] or 0),
                      int(ahead) if ahead else 0)


def is_older(candidate: str, running: str) -> bool:
    """True when `candidate` orders strictly before `running` (installing it is a downgrade)."""
    return version_key(candidate) < version_key(running)
