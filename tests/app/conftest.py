"""Fixtures for the core's rules (tests/app): a workstation policy of the test's choosing and
the shared SoftHSM2 token (tests/support/workstation_policy.py says how the policy is set).
"""

from __future__ import annotations

import pytest

from tests.support.softhsm import softhsm  # noqa: F401  (re-exported fixture)
from tests.support.workstation_policy import PolicySetter, set_policy  # noqa: F401  (fixture)


@pytest.fixture
def policy_file(set_policy: PolicySetter) -> PolicySetter:
    """`policy_file(min_passphrase_bits=100, …)`: this computer's policy from now on."""
    return set_policy
