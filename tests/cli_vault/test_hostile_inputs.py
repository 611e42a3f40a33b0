"""Hostile inputs through the real `scelle` command: each is one line `scelle: …` with a
non-zero status, never a Python traceback, and nothing partial is left behind."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from crypto.identity import parse_card
from crypto.identity_file import load_identity
from tests.cli_vault.conftest import Result, Vault, run_scelle, write
from tests.sealed.craft import base_metadata, craft


def one_line_error(result: Result, status: int | None = None) -> str:
    assert result.returncode != 0, result.out
    if status is not None:
        assert result.returncode == status, result.err
    assert "Traceback" not in result.err, result.err
    lines = [line for line in result.err.splitlines() if line.startswith("scelle")]
    assert lines, result.err
    return lines[-1]


def _bytes_name(folder: Path, name: bytes, data: bytes = b"x") -> Path:
    path = os.path.join(os.fsencode(folder), name)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.write(fd, data)
    os.close(fd)
    return Path(os.fsdecode(path))


def test_folder_import_skips_names_that_are_not_utf8(alice: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "Dossier"
    write(folder / "bon.txt", "bon")
    _bytes_name(folder, b"bad\xff.pdf", b"%PDF-1.4")
    _bytes_name(folder, b"zw\xe2\x80\x8b.txt")  # U+200B ZERO WIDTH SPACE
    result = alice.ok("import", "--json", folder)
    report = result.json()
    assert [d["name"] for d in report["imported"]] == ["bon.txt"]
    assert {(s["path"], s["reason"]) for s in report["skipped"]} == {
        (f"{folder}/bad\\xff.pdf",
         "file name is not valid UTF-8 text (it holds undecodable bytes)"),
        (f"{folder}/zw\\u{{200b}}.txt", "file name contains invisible formatting characters "
                                        "(zero-width, direction or similar marks)"),
    }
    assert "Traceback" not in result.err
    cases = alice.ok("cases", "--json").json()
    assert [(c["name"], c["documents"]) for c in cases] == [("Dossier", 1)]


def test_single_file_import_of_such_a_name_is_one_error(alice: Vault, tmp_path: Path) -> None:
    bad = _bytes_name(tmp_path, b"seul\xff.txt")
    message = one_line_error(alice.run("import", bad), status=2)
    assert message == ("scelle: The document name is not valid UTF-8 text (it holds "
                       "undecodable bytes).")
    assert alice.ok("ls", "--json").json() == []
    assert alice.ok("cases", "--json").json() == []


def test_a_folder_named_with_a_line_separator_creates_no_case(alice: Vault,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "Dossier\u2028From: Greffe (verified)"
    write(folder / "a.txt", "a")
    message = one_line_error(alice.run("import", folder), status=2)
    assert message == "scelle: The case name contains a Unicode line or paragraph separator."
    assert alice.ok("cases", "--json").json() == []


@pytest.mark.parametrize("nested", [b"[" * 100_000, b'{"slots":' * 50_000])
def test_deeply_nested_vault_json(alice: Vault, nested: bytes) -> None:
    (alice.dir / "vault.json").write_bytes(nested)
    message = one_line_error(alice.run("ls"))
    assert message.endswith("vault.json is not valid JSON of the expected form (nesting "
                            "deeper than 32 levels).")


def test_an_id_beyond_any_row_is_a_usage_error(alice: Vault) -> None:
    message = one_line_error(alice.run("show", "99999999999999999999"), status=2)
    assert "is not an id (a positive whole number)" in message


def test_cards_and_identities_that_are_endless_or_nested(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.json", b"[" * 5000)
    assert one_line_error(run_scelle("id", "show", deep)).endswith(
        "is neither an identity card nor an identity file")
    message = one_line_error(run_scelle("id", "show", "/dev/zero"))
    assert message == "scelle: card or identity file '/dev/zero' is too large (more than 16 MiB)"


@pytest.fixture
def identities(tmp_path: Path) -> tuple[Path, Path]:
    alice_id, bob_id = tmp_path / "alice.id", tmp_path / "bob.id"
    for name, path in (("Alice", alice_id), ("Bob", bob_id)):
        assert run_scelle("id", "new", "--name", name, "-o", path,
                          "--unprotected").returncode == 0
    bob_card = tmp_path / "bob.card"
    assert run_scelle("id", "card", bob_id, "-o", bob_card).returncode == 0
    return alice_id, bob_card


@pytest.mark.parametrize(("option", "value", "problem"), [
    ("--subject", "Honoraires\u2028From: Greffe (verified)", "line or paragraph separator"),
    ("--subject", "Hono\u200braires", "invisible formatting characters"),
    ("--reference", "RG\u202e42", "invisible formatting characters"),
    ("--message", "Bonjour\rFrom: Greffe (verified)", "control characters"),
])
def test_sealing_refuses_spoofing_text(tmp_path: Path, identities: tuple[Path, Path],
                                       option: str, value: str, problem: str) -> None:
    alice_id, bob_card = identities
    doc = write(tmp_path / "acte.txt", "acte")
    out = tmp_path / "out.scelle"
    message = one_line_error(run_scelle("seal", "--identity", alice_id, "--to", bob_card,
                                        option, value, "-o", out, doc))
    assert message == f"scelle: The {option[2:]} contains {_phrase(problem)}."
    assert not out.exists()


def _phrase(problem: str) -> str:
    if problem == "invisible formatting characters":
        return problem + " (zero-width, direction or similar marks)"
    if problem == "line or paragraph separator":
        return "a Unicode " + problem
    return problem


class _DeepAnswers(http.server.BaseHTTPRequestHandler):
    """A server posing as a relay whose answers nest a hundred thousand levels deep."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = b"[" * 100_000
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Signature", "sig1=:AAAA:")
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def deep_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _DeepAnswers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_relay_answers_nested_too_deeply(alice: Vault, deep_server: str) -> None:
    message = one_line_error(alice.run("relay", "join", deep_server, "ABCD-EFGH-IJKL"))
    assert message == "scelle: This server did not answer like a Scellé relay."


@pytest.mark.parametrize(("changes", "name", "expected"), [
    ({"subject": "Honoraires\u2028From: Greffe du tribunal (verified)"}, "a.txt",
     "scelle: The sender's subject contains a Unicode line or paragraph separator; the sealed "
     "file was refused (such characters can disguise what is shown)."),
    ({"reference": "RG\u200b42"}, "a.txt",
     "scelle: The sender's reference contains invisible formatting characters"),
    ({}, "acte\u202efdp.exe",
     "scelle: A file name in this sealed file contains invisible formatting characters"),
])
def test_receiving_a_crafted_spoofing_file_into_the_vault(
        alice: Vault, tmp_path: Path, identities: tuple[Path, Path],
        changes: dict[str, object], name: str, expected: str) -> None:
    sender_id = identities[0]
    sender_card = tmp_path / "sender.card"
    assert run_scelle("id", "card", sender_id, "-o", sender_card).returncode == 0
    alice.ok("contacts", "import", sender_card)
    vault_card = tmp_path / "vault.card"
    alice.ok("identity", "-o", vault_card)
    sender = load_identity(sender_id)
    recipient = parse_card(vault_card.read_bytes())
    # Built with the format's own signing rule, bypassing the writer's checks.
    metadata = base_metadata(sender, [recipient], [(name, 1)], **changes)
    sealed = write(tmp_path / "spoof.scelle", craft(sender, [recipient], metadata, b"x"))
    message = one_line_error(alice.run("open", "--accept-unverified", sealed))
    assert message.startswith(expected)
    assert alice.ok("ls", "--json").json() == []
