"""Signed releases and verified updates (docs/releases.md).

* `publish`: what `scripts/release.py` does for the publisher (key generation, signing a
  release folder or an application folder);
* `verify`: `scelle update verify`, offline, before anything from a release is used;
* `install`: `scelle update install`, a private checked copy of the package, installed only
  when asked;
* `installed`: the frozen application's start-up check against the pinned publisher keys;
* `versions`: the order of version strings (downgrades).

The format (manifest, signature, keys) is `crypto/release_manifest.py`.
"""
