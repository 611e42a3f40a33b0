"""A key-derivation setting from the faces' options (app/kdf_settings.py) under a policy floor."""

from __future__ import annotations

import pytest

from app.kdf_settings import WeakKdfError, kdf_setting


def test_calibrated_passes_are_raised_to_the_policy_floor(policy_file) -> None:
    # Only the memory was typed; the passes come from calibration, which on a fast machine
    # may be fewer than the policy's floor: raised, not refused.
    policy_file(min_kdf_iterations=64)
    setting = kdf_setting(64, None)
    assert setting.iterations == 64 and setting.memory_kib == 64 * 1024


def test_typed_passes_are_kept_as_typed(policy_file) -> None:
    policy_file(min_kdf_iterations=64)
    # Refusing a typed value below the floor is the vault-key rules' decision, not this one's.
    assert kdf_setting(64, 2).iterations == 2


def test_memory_below_the_format_minimum_is_refused() -> None:
    with pytest.raises(WeakKdfError):
        kdf_setting(1, 1)
