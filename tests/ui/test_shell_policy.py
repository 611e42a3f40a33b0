"""Workstation policy: parsing, refusal of bad files, and what the wizard and settings do."""

from __future__ import annotations

import json

import pytest

from app.policy import Policy, PolicyError, load_policy, system_policy_path
from crypto.kdf import Argon2Params
from tests.ui.conftest import FAST_KDF
from ui.settings.store import AppSettings
from ui.widgets.policy_note import PolicyNote
from ui.wizard.wizard import FirstRunWizard


def _write(tmp_path, data):
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_missing_file_means_unmanaged(tmp_path):
    policy = load_policy(tmp_path / "absent.json")
    assert policy == Policy() and not policy.managed and policy.export_allowed


def test_system_location_is_fixed_and_ignores_the_environment(monkeypatch):
    monkeypatch.setenv("SCELLE_POLICY", "/tmp/mine.json")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/tmp")
    assert str(system_policy_path()) == "/etc/scelle/policy.json"


def test_full_policy_is_read(tmp_path):
    policy = load_policy(_write(tmp_path, {
        "required_factor_kinds": ["pkcs11", "fido2"], "min_kdf_memory_mib": 256,
        "min_kdf_iterations": 3, "idle_lock_max_minutes": 10, "export_allowed": False,
        "allowed_relays": ["https://relais.example/"], "proxy": "http://proxy:3128",
        "clipboard_clear_max_seconds": 20}))
    assert policy.managed and not policy.export_allowed
    assert policy.factor_allowed("pkcs11") and not policy.factor_allowed("totp")
    assert policy.kdf_floor().memory_kib == 256 * 1024
    raised = policy.kdf_for_new_slots(FAST_KDF)
    assert raised.memory_kib == 256 * 1024 and raised.iterations == 3
    assert policy.clamp_idle_minutes(60) == 10 and policy.clamp_idle_minutes(3) == 3
    assert policy.relay_allowed("https://relais.example") and not policy.relay_allowed("https://x")
    assert policy.proxy == "http://proxy:3128"


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "not valid JSON"),
    ({"idle_lock_max_minute": 5}, "unknown settings: idle_lock_max_minute"),
    ({"required_factor_kinds": ["sms"]}, "unknown factor kinds: sms"),
    ({"min_kdf_memory_mib": 16}, "min_kdf_memory_mib"),
    ({"export_allowed": "no"}, "export_allowed"),
    ([1, 2], "JSON object"),
])
def test_bad_policy_files_are_refused_not_ignored(tmp_path, content, fragment):
    with pytest.raises(PolicyError) as caught:
        load_policy(_write(tmp_path, content))
    assert fragment in str(caught.value)


def test_wizard_offers_only_the_required_factor(qtbot, jobs, tmp_path):
    policy = Policy(required_factor_kinds=("fido2",), source=tmp_path / "policy.json")
    wizard = FirstRunWizard(jobs, policy, tmp_path / "vault", kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    page = wizard.factor
    assert not page.buttons["pkcs11"].isEnabled() and not page.buttons["totp"].isEnabled()
    assert page.buttons["fido2"].isChecked() and page.kind() == "fido2"
    assert any("Imposed by your administrator" in n.label.text()
               for n in page.findChildren(PolicyNote))


def test_wizard_raises_the_kdf_to_the_policy_floor(qtbot, jobs, tmp_path):
    policy = Policy(min_kdf_memory_kib=128 * 1024, source=tmp_path / "policy.json")
    wizard = FirstRunWizard(jobs, policy, tmp_path / "vault", kdf=FAST_KDF)
    qtbot.addWidget(wizard)
    wizard.factor.buttons["totp"].setChecked(True)
    wizard.identity.name.setText("Claire Dubois")
    request = wizard._request()
    assert isinstance(request["kdf"], Argon2Params)
    assert request["kdf"].memory_kib == 128 * 1024


def test_policy_language_and_module_win_over_preferences(tmp_path):
    from PySide6.QtCore import QSettings

    q = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(q, Policy(language="en", pkcs11_module="/opt/card.so",
                                     clipboard_clear_max_seconds=20))
    settings.language = "fr"
    settings.pkcs11_module = "/usr/lib/other.so"
    settings.clipboard_seconds = 120
    assert settings.language == "en"
    assert settings.pkcs11_module == "/opt/card.so"
    assert settings.clipboard_seconds == 20
