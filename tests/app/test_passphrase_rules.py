"""The passphrase-strength rule of the core (app/passphrase_rules.py): the estimate, the CNIL's
80-bit minimum, the policy's higher one, and the refusal every face shows."""

from __future__ import annotations

import pytest

from app.passphrase_rules import (
    MIN_BITS,
    PolicyWeakPassphrase,
    WeakPassphraseError,
    assess,
    estimate,
    require_strong_passphrase,
    required_bits,
)
from app.policy import PolicyError, PolicyRefusal, load_policy

SEVEN_WORDS = "cheval lampe orage tulipe marteau violon sable"
MIXED_13 = "Tr4$kL9#mQ2@z"
EIGHTY_SEVEN = "sept mots tirés au hasard dans le dictionnaire"  # ~88 bits
STRONG = "une phrase de passe assez longue pour le coffre, é"  # ~102 bits


@pytest.mark.parametrize("weak", ["a", "azerty123", "motdepasse2024", "aaaaaaaaaaaaaaaaaaaaaaa",
                                  "abcdefghijklmnop", "une phrase de passe assez longue, é"])
def test_short_common_or_patterned_passphrases_are_below_80_bits(weak: str) -> None:
    assert estimate(weak).bits < MIN_BITS
    assert not estimate(weak).acceptable


@pytest.mark.parametrize("strong", [SEVEN_WORDS, MIXED_13, EIGHTY_SEVEN, STRONG])
def test_the_cnil_examples_reach_80_bits(strong: str) -> None:
    # 7 random words, or 12+ characters of the four kinds (délibération 2022-100).
    assert estimate(strong).bits >= MIN_BITS


def test_a_phrase_is_worth_its_words_not_its_letters() -> None:
    three = estimate("cheval lampe orage")
    assert three.bits < 40  # ~11.5 bits a word, whatever the length of each word
    assert estimate(SEVEN_WORDS).bits > 2 * three.bits


def test_a_weak_passphrase_is_refused_with_the_estimate_not_the_passphrase() -> None:
    with pytest.raises(WeakPassphraseError) as refused:
        require_strong_passphrase("soleil2024")
    message = str(refused.value)
    assert message.startswith("The passphrase is too weak: ")
    assert "at least 80 are required" in message
    assert "soleil" not in message and "2024" not in message
    assert refused.value.required == 80 and refused.value.bits < 80
    assert not isinstance(refused.value, PolicyRefusal)  # the rule itself, not a policy


def test_bytes_are_judged_as_their_text() -> None:
    require_strong_passphrase(STRONG.encode("utf-8"))
    with pytest.raises(WeakPassphraseError):
        require_strong_passphrase(bytearray(b"a"))


def test_without_policy_the_minimum_is_80(policy_file) -> None:
    assert required_bits() == MIN_BITS
    require_strong_passphrase(EIGHTY_SEVEN)


def test_the_policy_raises_the_minimum_and_says_so(policy_file) -> None:
    path = policy_file(min_passphrase_bits=100)
    assert required_bits() == 100
    assert not assess(EIGHTY_SEVEN).acceptable and assess(STRONG).acceptable
    with pytest.raises(PolicyWeakPassphrase) as refused:
        require_strong_passphrase(EIGHTY_SEVEN)
    assert isinstance(refused.value, WeakPassphraseError)  # one except clause catches both
    message = str(refused.value)
    assert "at least 100 are required" in message and str(path) in message
    assert refused.value.required == 100 and 80 <= refused.value.bits < 100
    require_strong_passphrase(STRONG)
    # Below 80 it is the rule's own refusal, whatever the policy adds.
    with pytest.raises(WeakPassphraseError) as weak:
        require_strong_passphrase("a")
    assert not isinstance(weak.value, PolicyRefusal)
    assert "at least 100 are required" in str(weak.value)


@pytest.mark.parametrize("value", [79, 0, 257, "100", True, 100.5])
def test_the_policy_cannot_lower_the_minimum_or_mistype_it(tmp_path, value) -> None:
    path = tmp_path / "policy.json"
    path.write_text('{"min_passphrase_bits": %s}' % (
        f'"{value}"' if isinstance(value, str) else str(value).lower()))
    with pytest.raises(PolicyError) as refused:
        load_policy(path)
    assert "min_passphrase_bits" in str(refused.value)
