"""app/vault/__init__.py imports each name it offers on first use (issue 16: start-up time).
Every name of `__all__` must still resolve, to the object of the module that defines it, and
a name it does not offer must fail as a missing attribute does, not with another error."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import app.vault


def test_every_public_name_is_the_object_of_its_home_module() -> None:
    assert sorted(app.vault._HOMES) == sorted(app.vault.__all__)
    for name, home in app.vault._HOMES.items():
        assert getattr(app.vault, name) is getattr(importlib.import_module(home), name), name


def test_an_unknown_name_is_an_attribute_error_and_submodules_still_import() -> None:
    with pytest.raises(AttributeError, match="no attribute 'no_such_service'"):
        app.vault.no_such_service  # noqa: B018 - the access itself is the test
    from app.vault import key_rules

    assert key_rules.__name__ == "app.vault.key_rules"


def test_opening_a_vault_does_not_import_sealing_nor_receiving() -> None:
    code = ("import sys\nfrom app.vault import open_vault, VaultSession\n"
            "print(','.join(m for m in ('app.vault.exchange', 'app.vault.sending') "
            "if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    assert out.strip() == ""
