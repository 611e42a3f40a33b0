"""Proposed passphrases: words from the shipped list, drawn at random, meeting the rule."""

from __future__ import annotations

import unicodedata

import pytest

from app.passphrase_generator import (
    WordListError,
    load_wordlist,
    propose_passphrase,
    wordlist_path,
)
from app.passphrase_rules import estimate, require_strong_passphrase


def test_the_shipped_list_is_fit_for_drawing():
    words = load_wordlist()
    assert len(words) == 2048 == len(set(words))
    assert all(w == w.lower() and w.isalpha() for w in words)
    assert all(unicodedata.normalize("NFC", w) == w for w in words)
    assert (wordlist_path().parent / "README.md").read_text().count("MIT") >= 2


def test_proposal_passes_the_rule_and_uses_the_list():
    words = set(load_wordlist())
    seen = set()
    for _ in range(20):
        proposed = propose_passphrase()
        require_strong_passphrase(proposed.text)  # raises if below the rule
        drawn = proposed.text.split(" ")
        assert set(drawn) <= words and len(drawn) == proposed.words >= 8
        assert proposed.entropy_bits == 11.0 * proposed.words >= 80
        seen.add(proposed.text)
    assert len(seen) == 20  # drawn at random, not a fixed phrase


def test_a_higher_minimum_gets_more_words():
    proposed = propose_passphrase(required=100)
    assert proposed.words >= 10 and estimate(proposed.text).bits >= 100


def test_a_damaged_list_is_refused(tmp_path):
    short = tmp_path / "fr.txt"
    short.write_text("abeille\nabri\n")
    with pytest.raises(WordListError, match="damaged"):
        load_wordlist(short)
    with pytest.raises(WordListError, match="cannot be read"):
        load_wordlist(tmp_path / "missing.txt")
