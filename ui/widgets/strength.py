"""Passphrase strength: a conservative entropy estimate for the CNIL's 80-bit rule (no Qt here).

The CNIL (délibération 2022-100) asks for at least 80 bits of entropy when a password alone
protects access; its examples are 12+ characters of four kinds, or a phrase of 7+ words. We
estimate what an attacker who knows how people choose passphrases would need, not the naive
`length × log2(alphabet)`:

* character model: each character is worth log2 of the alphabet it could come from (lower,
  upper, digits, symbols, accented letters), but a repeat of the previous character, a step
  in a sequence (abc, 321) or a character already used twice is worth little, and well-known
  words and keyboard walks (azerty, motdepasse, 123456…) count as one guess from a small list;
* word model: a phrase split by spaces or dashes is worth ~11.5 bits per word (a random word
  from a few thousand common ones: 7 words ≈ 80 bits, as the CNIL says), plus what digits and
  symbols add. A passphrase that looks like words gets the lower of the two estimates.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MIN_BITS = 80.0
WORD_BITS = 11.5
_COMMON = ("motdepasse", "password", "azertyuiop", "qwertyuiop", "azerty", "qwerty",
           "123456789", "0123456789", "987654321", "abcdef", "bonjour", "soleil", "secret",
           "notaire", "avocat", "scelle", "admin", "letmein", "iloveyou", "azerty123",
           "000000", "111111", "aaaaaa", "jetaime", "france", "paris")
_COMMON_BITS = 8.0  # one guess among a few hundred common words and walks
_SEPARATORS = re.compile(r"[\s\-_.,;:+/]+")


@dataclass(frozen=True)
class Strength:
    bits: float

    @property
    def acceptable(self) -> bool:
        return self.bits >= MIN_BITS

    @property
    def level(self) -> int:
        """0 very weak, 1 weak, 2 acceptable (≥ 80 bits), 3 strong (≥ 100 bits)."""
        if self.bits >= 100:
            return 3
        if self.bits >= MIN_BITS:
            return 2
        return 1 if self.bits >= 50 else 0


def _alphabet(text: str) -> int:
    size = 0
    if any(c.islower() and c.isascii() for c in text):
        size += 26
    if any(c.isupper() and c.isascii() for c in text):
        size += 26
    if any(c.isdigit() and c.isascii() for c in text):
        size += 10
    if any(not c.isalnum() and c.isascii() for c in text):
        size += 33
    if any(not c.isascii() for c in text):
        size += 40  # accented letters and other characters
    return max(size, 1)


def _char_bits(text: str) -> float:
    """Character model with penalties for repeats, sequences and common fragments."""
    if not text:
        return 0.0
    lowered = text.lower()
    bits = 0.0
    i = 0
    seen: dict[str, int] = {}
    per_char = math.log2(_alphabet(text))
    while i < len(text):
        fragment = next((w for w in _COMMON if lowered.startswith(w, i)), None)
        if fragment is not None:
            bits += _COMMON_BITS
            i += len(fragment)
            continue
        c = text[i]
        prev = text[i - 1] if i else None
        if prev is not None and c == prev:
            bits += 1.0
        elif prev is not None and abs(ord(c) - ord(prev)) == 1:
            bits += 2.0
        elif seen.get(c, 0) >= 2:
            bits += per_char / 2
        else:
            bits += per_char
        seen[c] = seen.get(c, 0) + 1
        i += 1
    return bits


def _word_bits(text: str) -> float | None:
    """Word model, or None when the text is not a phrase of at least two words."""
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    words = [t for t in tokens if t.isalpha()]
    if len(tokens) < 2 or len(words) < 2:
        return None
    bits = 0.0
    for token in tokens:
        if token.isalpha():
            capital = 1.0 if token[:1].isupper() and not token.isupper() else 0.0
            bits += min(WORD_BITS, _char_bits(token.lower())) + capital
        else:
            bits += _char_bits(token)
    return bits


def estimate(passphrase: str) -> Strength:
    """Estimated entropy of `passphrase` in bits (lower of the character and word models)."""
    chars = _char_bits(passphrase)
    words = _word_bits(passphrase)
    return Strength(round(min(chars, words) if words is not None else chars, 1))
