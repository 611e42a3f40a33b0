"""Structure-aware fuzzing with hypothesis: one field of a real JSON document replaced.

Byte-level fuzzing (fuzz/targets/) rarely keeps a document valid JSON while changing a field's
type; here hypothesis takes a real document (the seeds of fuzz/seeds/: cards, identity files,
sealed-file metadata, proofs, proof bundles, vault.json, policy files), picks a place in it and
puts any JSON value there (another type, a huge number, a deep list, odd text, a missing or
extra key). The parser must accept it or refuse it with its documented error, on one line:
the same rule as the fuzz targets, whose `check` functions run each document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.test_fuzz_regressions import ROOT, _target

TARGETS = ["identity_card", "identity_file", "sealed_metadata", "proof", "proof_file",
           "vault_header", "policy_file"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2**70, 2**70),
                    st.text(max_size=40), st.sampled_from(["", "0" * 64, "a" * 32, "AAAA",
                                                           "2026-12-05T12:00:00Z", "\u202e",
                                                           "x" * 5000]))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)


def _documents(target: str) -> list[Any]:
    folder = ROOT / "fuzz" / "seeds" / target
    return [json.loads(p.read_bytes()) for p in sorted(folder.iterdir())]


def _places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree: a path of keys and indexes."""
    places = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _places(item, (*path, index))
    return places


def _replace(value: Any, path: tuple, new: Any, *, drop: bool) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    if not rest and drop:
        del copy[head]
    elif not rest:
        copy[head] = new  # also adds a key the document did not have
    else:
        copy[head] = _replace(copy[head], rest, new, drop=drop)
    return copy


def _at(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def _encode(document: Any, target: str) -> bytes:
    if target == "vault_header":  # written as storage/header.py writes it
        return (json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("target", TARGETS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_in_any_field_is_handled(target: str, data: st.DataObject) -> None:
    module = _target(target)  # puts fuzz/ on sys.path
    import _harness

    document = data.draw(st.sampled_from(_documents(target)), label="document")
    path = data.draw(st.sampled_from(_places(document)), label="place")
    how = data.draw(st.sampled_from(["replace", "remove", "add a key"]), label="change")
    new = data.draw(json_values, label="value")
    if how == "remove" and path:
        mutated = _replace(document, path, None, drop=True)
    elif how == "add a key":
        mutated = _replace(document, (*path, "extra"), new, drop=False) \
            if isinstance(_at(document, path), dict) else _replace(document, path, new, drop=False)
    else:
        mutated = _replace(document, path, new, drop=False)
    _harness.guarded(module.check, module.ALLOWED)(_encode(mutated, target))
