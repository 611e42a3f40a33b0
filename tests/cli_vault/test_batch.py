"""`scelle --vault DIR batch`: several commands under one unlock, stopping at the first failure."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_vault.conftest import Secrets, Vault, init_totp, write


def _names(vault: Vault) -> list[str]:
    return [str(d["name"]) for d in vault.ok("ls", "--json").json()]


def test_batch_runs_every_line_in_order(alice: Vault, tmp_path: Path) -> None:
    a = write(tmp_path / "pièce A.txt", "alpha")
    b = write(tmp_path / "b.txt", "beta")
    script = write(tmp_path / "commands.txt", f"""
        # import two files, then list them
        import --case "Dossier Martin" "{a}"   # quoted path with a space
        import {b}

        ls --case 'dossier martin' --json
        cases
    """.replace("\n        ", "\n"))
    result = alice.ok("batch", script)
    listing_start = result.out.index("[")
    listing = json.JSONDecoder().raw_decode(result.out[listing_start:])[0]
    assert [d["name"] for d in listing] == ["pièce A.txt"]
    assert result.out.rstrip().endswith("Dossier Martin")
    assert _names(alice) == ["b.txt", "pièce A.txt"]


def test_batch_from_standard_input(alice: Vault, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "alpha")
    result = alice.ok("batch", "-", stdin=f"import {a}\nsearch a.txt --json\n".encode())
    assert '"name": "a.txt"' in result.out


def test_batch_stops_at_the_first_failure(alice: Vault, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "alpha")
    b = write(tmp_path / "b.txt", "beta")
    script = write(tmp_path / "commands.txt", f"import {a}\n\nshow 999\nimport {b}\n")
    result = alice.run("batch", script)
    assert result.returncode == 4
    assert result.err == "scelle: line 3: There is no document with id 999 in this vault.\n"
    assert _names(alice) == ["a.txt"]  # line 1 ran, line 4 did not


def test_batch_lines_are_all_parsed_before_anything_runs(alice: Vault, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "alpha")
    cases = {
        f"import {a}\nls --bogus\n": "line 2: unrecognized arguments: --bogus",
        f"import {a}\nage keygen\n": "line 2: 'age' is not a vault command",
        f"import {a}\nbatch other.txt\n": "line 2: 'batch' is not a vault command",
        f"import {a}\n--vault /elsewhere ls\n": "line 2: options given before the command",
        f"import {a}\nimport 'unterminated\n": "line 2: cannot be read",
        f"import {a}\nvault init /tmp/x --factor totp --name X\n": "line 2: 'vault' is not a",
    }
    before = alice.files()
    for text, expected in cases.items():
        result = alice.run("batch", write(tmp_path / "bad.txt", text))
        assert result.returncode == 2, text
        assert result.err.startswith(f"scelle: {expected}"), result.err
        assert len(result.err.strip().splitlines()) == 1
    assert alice.files() == before  # nothing ran, the vault was not even opened


def test_batch_file_missing_and_non_zero_status(alice: Vault, tmp_path: Path) -> None:
    result = alice.run("batch", tmp_path / "absent.txt")
    assert result.returncode == 1 and result.err == (
        f"scelle: batch file '{tmp_path / 'absent.txt'}' not found\n")
    doc = alice.ok("import", "--json", write(tmp_path / "a.bin", b"x" * 5000)).json()[
        "imported"][0]["id"]
    blob = next(p for p in (alice.dir / "blobs").rglob("*") if p.is_file())
    blob.write_bytes(blob.read_bytes()[:-10])
    result = alice.run("batch", write(tmp_path / "c.txt", f"check\nrm {doc}\n"))
    assert result.returncode == 1
    assert result.err == "scelle: line 1: the command ended with exit status 1\n"
    assert len(_names(alice)) == 1  # `rm` did not run


def test_an_unlock_failure_is_not_blamed_on_a_line(alice: Vault, secrets: Secrets,
                                                   tmp_path: Path) -> None:
    doc = write(tmp_path / "a.txt", "alpha")
    script = write(tmp_path / "cmds.txt", f"# first a comment\nimport {doc}\nls\n")
    wrong = [*alice.unlock[:1], str(secrets.file("wrong.txt", "pas la bonne phrase")),
             *alice.unlock[2:]]
    single = alice.run("ls", unlock=wrong)
    before = alice.files()
    result = alice.run("batch", script, unlock=wrong)
    # The unlock's own message and status, as for a single command; no line is named.
    assert result.returncode == single.returncode != 0
    assert result.err == single.err and "passphrase" in result.err.lower()
    assert "line" not in result.err
    assert alice.files() == before  # nothing ran


def test_a_totp_unlock_failure_in_a_batch(secrets: Secrets, tmp_path: Path) -> None:
    vault = init_totp(tmp_path / "v", secrets)
    script = write(tmp_path / "cmds.txt", "ls\ncheck\n")
    right = vault.code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    result = vault.run("--totp", wrong, "batch", script)
    assert result.returncode == 1 and result.err == "scelle: Wrong TOTP code.\n"
    result = vault.run("--totp", "12ab56", "batch", script)
    assert result.returncode == 1 and result.err == "scelle: A TOTP code is 6 digits.\n"
