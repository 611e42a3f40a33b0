"""File names announced by a sealed file: accepted only if safe on every platform."""

from __future__ import annotations

import pytest

from crypto.sealed.errors import UnsafeFileName
from crypto.sealed.names import check_file_name, check_file_names

UNSAFE = {
    "": "is empty",
    ".": "refers to a folder",
    "..": "refers to a folder",
    "../x": "path separator",
    "..\\x": "path separator",
    "/etc/passwd": "path separator",
    "a/b": "path separator",
    "C:\\Windows\\x": "path separator",
    "C:x": "path separator",
    "file.txt:stream": "path separator",
    "\\\\server\\share": "path separator",
    "what?.txt": "Windows forbids",
    "a*b": "Windows forbids",
    "a<b>c": "Windows forbids",
    'say"hi"': "Windows forbids",
    "pipe|x": "Windows forbids",
    "nul\x00byte": "control character",
    "line\nbreak": "control character",
    "tab\tx": "control character",
    "bell\x07": "control character",
    "del\x7f": "control character",
    "c1\x85x": "control character",
    "line\u2028sep": "line or paragraph separator",
    "para\u2029sep": "line or paragraph separator",
    "invoice\u202eFDP.exe": "invisible formatting",
    "x\u2066y": "invisible formatting",
    "zero\u200bwidth": "invisible formatting",
    "joiner\u2060x": "invisible formatting",
    "\ufeffbom.txt": "invisible formatting",
    "soft\u00adhyphen": "invisible formatting",
    "lone\udcffbyte": "not valid UTF-8",
    "trailing.": "ends with a dot",
    "trailing ": "ends with a dot or a space",
    "...": "ends with a dot",
    "CON": "device name",
    "con.txt": "device name",
    "CON.tar.gz": "device name",
    "Nul": "device name",
    "PRN.pdf": "device name",
    "aux.c": "device name",
    "COM1": "device name",
    "com9.log": "device name",
    "LPT1.txt": "device name",
    "lpt0": "device name",
    "COM¹.txt": "device name",
    "CONIN$": "device name",
    "CON .txt": "device name",
    "é" * 128: "longer than 255 bytes",
    "a" * 256: "longer than 255 bytes",
}


@pytest.mark.parametrize("name,problem", sorted(UNSAFE.items()))
def test_unsafe_names_are_refused(name: str, problem: str) -> None:
    with pytest.raises(UnsafeFileName) as info:
        check_file_name(name)
    assert problem in str(info.value)
    assert problem in info.value.problem
    if len(name) > 3:
        assert name not in str(info.value)  # the message never repeats the name


@pytest.mark.parametrize("name", ["acte.pdf", "Procès-verbal n°12.docx", ".hidden", "a..b",
                                  " leading space", "CONSOLE.txt", "com10.txt", "lpt.txt",
                                  "NULL", "con-trat.pdf", "日本語.txt", "emoji 😀.png",
                                  "a" * 255, "é" * 127])
def test_safe_names_pass_unchanged(name: str) -> None:
    assert check_file_name(name) == name


def test_names_are_normalised_to_nfc() -> None:
    assert check_file_name("e\u0301te\u0301.txt") == "\u00e9t\u00e9.txt"


def test_not_text_is_refused() -> None:
    with pytest.raises(UnsafeFileName, match="not text"):
        check_file_name(b"bytes.txt")  # type: ignore[arg-type]


@pytest.mark.parametrize("names", [
    ["Acte.pdf", "acte.PDF"],
    ["\u00e9.txt", "e\u0301.txt"],          # same name in NFC and NFD
    ["STRASSE.txt", "straße.txt"],          # full case folding
    ["a", "b", "a"],
])
def test_names_colliding_after_case_folding_are_refused(names: list[str]) -> None:
    with pytest.raises(UnsafeFileName, match="same as another"):
        check_file_names(names)


def test_reserved_names_collide_too() -> None:
    with pytest.raises(UnsafeFileName):
        check_file_names(["Message.JSON"], reserved=["message.json"])
    assert check_file_names(["a", "b"], reserved=["message.json"]) == ["a", "b"]
