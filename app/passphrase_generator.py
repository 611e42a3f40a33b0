"""Proposed passphrases: words drawn at random from a shipped French list, as password managers
offer, long enough for the strength rule in force (app/passphrase_rules.py).

The list is `resources/wordlists/fr.txt` (2048 common French words, see the README beside it):
each word drawn with `secrets` carries log2(2048) = 11 bits, so the true entropy of n words is
11·n bits. The number of words is the smallest n with 11·n ≥ the minimum in force (80 bits by
default: 8 words, 88 bits), and the phrase must also pass the estimate the rule applies to
typed passphrases (it counts at most 11.5 bits a word, and less for a short one): a word is
added until it does. Nothing here is stored or logged.
"""

from __future__ import annotations

import math
import secrets
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.passphrase_rules import assess, required_bits
from crypto.errors import ScelleError

WORDLIST_NAME = "fr.txt"
MIN_WORDS = 2048


class WordListError(ScelleError):
    """The shipped word list is missing or damaged (an installation problem)."""


@dataclass(frozen=True)
class ProposedPassphrase:
    text: str = field(repr=False)
    words: int
    entropy_bits: float  # the true entropy: words × log2(list size)


def wordlist_path() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # the frozen application's resources
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "resources" / "wordlists" / WORDLIST_NAME


@lru_cache(maxsize=1)
def load_wordlist(path: Path | None = None) -> tuple[str, ...]:
    """The words (NFC, lowercase, distinct); refused if the list is short or malformed."""
    source = path or wordlist_path()
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise WordListError(f"The word list {source} cannot be read: reinstall Scellé.") from None
    words = tuple(unicodedata.normalize("NFC", line.strip()) for line in text.splitlines()
                  if line.strip())
    if (len(words) < MIN_WORDS or len(set(words)) != len(words)
            or not all(w.isalpha() and w == w.lower() for w in words)):
        raise WordListError(f"The word list {source} is damaged: reinstall Scellé.")
    return words


def propose_passphrase(required: float | None = None,
                       words: tuple[str, ...] | None = None) -> ProposedPassphrase:
    """Random words joined by spaces, meeting `required` bits (default: the minimum in force)."""
    pool = words or load_wordlist()
    minimum = required_bits() if required is None else required
    per_word = math.log2(len(pool))
    count = max(2, math.ceil(minimum / per_word))
    drawn = [secrets.choice(pool) for _ in range(count)]
    while assess(" ".join(drawn)).bits < minimum:
        drawn.append(secrets.choice(pool))  # the estimate found short words: one more
    return ProposedPassphrase(" ".join(drawn), len(drawn), round(len(drawn) * per_word, 1))
