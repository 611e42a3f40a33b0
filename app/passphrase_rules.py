"""Passphrase strength: the rule every new passphrase of a vault key obeys, whoever asks.

`create_vault`, `Slots.add` and `Slots.change_passphrase` call `require_strong_passphrase`, so
the command line, the wizard and the settings dialogs apply the same rule and show the same
message (docs/security.md, "Passphrases"); the GUI's strength meter only presents `assess()`.
Recovery codes are not passphrases (they are random) and are not checked here.

The rule is the CNIL's (délibération 2022-100): at least 80 bits of entropy when a password
alone protects access; its examples are 12+ characters of four kinds, or a phrase of 7+ words.
The workstation policy may raise the minimum (`min_passphrase_bits`), never lower it. We
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

from app.policy import PolicyRefusal, workstation_policy
from crypto.errors import ScelleError

MIN_BITS = 80.0  # the CNIL's minimum; app/policy.py accepts no lower min_passphrase_bits
WORD_BITS = 11.5
_COMMON = ("motdepasse", "password", "azertyuiop", "qwertyuiop", "azerty", "qwerty",
           "123456789", "0123456789", "987654321", "abcdef", "bonjour", "soleil", "secret",
           "notaire", "avocat", "scelle", "admin", "letmein", "iloveyou", "azerty123",
           "000000", "111111", "aaaaaa", "jetaime", "france", "paris")
_COMMON_BITS = 8.0  # one guess among a few hundred common words and walks
_SEPARATORS = re.compile(r"[\s\-_.,;:+/]+")


class WeakPassphraseError(ScelleError):
    """A new passphrase is below the required strength; nothing was created or changed."""

    def __init__(self, message: str, bits: float = 0.0, required: float = MIN_BITS) -> None:
        super().__init__(message)
        self.bits = bits
        self.required = required


class PolicyWeakPassphrase(PolicyRefusal, WeakPassphraseError):
    """Strong enough for the CNIL rule, not for the higher minimum of the workstation policy."""


@dataclass(frozen=True)
class Strength:
    bits: float
    required: float = MIN_BITS  # the minimum in force (the policy may raise it)

    @property
    def acceptable(self) -> bool:
        return self.bits >= self.required

    @property
    def level(self) -> int:
        """0 very weak, 1 weak, 2 acceptable (≥ the minimum), 3 strong (≥ 100 bits and more)."""
        if self.bits >= max(100.0, self.required + 20):
            return 3
        if self.acceptable:
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


def required_bits() -> float:
    """The minimum in force on this computer: 80 bits, or the policy's higher minimum."""
    raised = workstation_policy().min_passphrase_bits
    return max(MIN_BITS, float(raised)) if raised is not None else MIN_BITS


def assess(passphrase: str) -> Strength:
    """The estimate of `passphrase` against the minimum in force here (for a strength meter)."""
    return Strength(estimate(passphrase).bits, required_bits())


def require_strong_passphrase(passphrase: str | bytes | bytearray) -> None:
    """Refuse a new passphrase below the minimum in force (`WeakPassphraseError`).

    The message is the same for every face: it gives the estimate and the minimum, never the
    passphrase.
    """
    text = passphrase if isinstance(passphrase, str) else bytes(passphrase).decode(
        "utf-8", "replace")
    strength = assess(text)
    if strength.acceptable:
        return
    message = (f"The passphrase is too weak: its strength is estimated at {strength.bits:.0f} "
               f"bits and at least {strength.required:.0f} are required (for example 7 random "
               "words, or 13 characters mixing upper and lower case, digits and symbols).")
    if strength.bits >= MIN_BITS:
        # Only the policy's higher minimum refuses it: say so, and where that policy is.
        refusal = PolicyWeakPassphrase(message, workstation_policy())
        refusal.bits, refusal.required = strength.bits, strength.required
        raise refusal
    raise WeakPassphraseError(message, strength.bits, strength.required)
