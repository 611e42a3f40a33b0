"""The screenshots show no path of the machine that takes them: the strings the scripts put on
screen hold none, and the mask scripts/screenshots.py applies before each grab replaces the
demo's real folders and reports any machine path left (without running a display)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from screenshot_paths import MACHINE_PATH, PathMask  # noqa: E402

SCRIPTS = ["screenshots.py", "screenshot_paths.py", "screenshot_extras.py", "make_demo_vault.py"]


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_the_scripts_write_no_machine_path() -> None:
    checked = 0
    for name in SCRIPTS:
        path = ROOT / "scripts" / name
        if not path.exists():
            continue
        checked += 1
        found = [text for text in _strings(path) if MACHINE_PATH.search(text)
                 and not text.startswith("(?")]  # the pattern itself
        assert not found, f"{name} puts a machine path on screen: {found}"
    assert checked >= 3


def test_the_pattern_tells_machine_paths_from_neutral_ones() -> None:
    for machine in ("/tmp/scelle-shots-1l08nmo8/coffre-dubois", "/home/claire/vault",
                    "Vault: /work/main/x", "/root/Pli.scelle", "/Users/claire/x"):
        assert MACHINE_PATH.search(machine), machine
    for neutral in ("~/.local/share/scelle/vault", "~/Documents/Pli de Me Benali.scelle",
                    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "Succession Martin — 2024/0113",
                    "https://relais.example/home/x"):
        assert not MACHINE_PATH.search(neutral), neutral


def _window(tmp_path: Path) -> tuple[QWidget, QLabel, QLineEdit, QComboBox]:
    window = QWidget()
    window.setWindowTitle(f"Coffre — {tmp_path}/coffre-dubois")
    label = QLabel(f"{tmp_path}/coffre-dubois", window)
    field = QLineEdit(f"{tmp_path}/Pli de Me Benali.scelle", window)
    combo = QComboBox(window)
    combo.addItems([f"{Path.home()}/Documents", "Succession Martin"])
    layout = QVBoxLayout(window)
    for widget in (label, field, combo):
        layout.addWidget(widget)
    return window, label, field, combo


def test_the_mask_shows_neutral_folders(qtbot, tmp_path: Path) -> None:
    window, label, field, combo = _window(tmp_path)
    qtbot.addWidget(window)
    mask = PathMask({str(tmp_path / "coffre-dubois"): "~/.local/share/scelle/vault",
                     str(tmp_path): "~/Documents", str(Path.home()): "~"})
    assert mask.leaks(window)  # before: the real folders show
    mask.apply(window)
    assert label.text() == "~/.local/share/scelle/vault"
    assert field.text() == "~/Documents/Pli de Me Benali.scelle"
    assert combo.itemText(0) == "~/Documents" and combo.itemText(1) == "Succession Martin"
    assert window.windowTitle() == "Coffre — ~/.local/share/scelle/vault"
    assert mask.leaks(window) == []


def test_a_path_left_in_a_label_or_a_list_is_reported(qtbot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    QLabel("Dossier : /home/someone/affaires", window)
    view = QListView(window)
    view.setModel(QStringListModel(["Acte.pdf", "/tmp/x/Acte.pdf"], view))
    leaks = PathMask({}).leaks(window)
    assert leaks == ["Dossier : /home/someone/affaires", "/tmp/x/Acte.pdf"]
