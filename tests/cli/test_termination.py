"""No plaintext left on any exit: real `scelle` processes stopped by a signal mid-output.

Each test starts the real command on a 64 MiB plaintext, waits until the process holds its
output open with bytes written (/proc/PID/fdinfo), freezes it (SIGSTOP) so the moment is exact,
sends the signal and lets it run again. Then: the exit status and one line on standard error
(no traceback), no file in the output folder, no folder the command made, no staging file (after
SIGKILL: once the next command ran, where outputs are named staging files), and no canary from
the plaintext anywhere in the test's folder.

"unnamed" runs as Linux file systems allow (O_TMPFILE); "named" forces the staging files other
systems get (FAT, network file systems, macOS), with the record in a private runtime folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.cli.conftest import SCELLE, People, scelle
from tests.cli_vault.conftest import Vault, alice, secrets, templates  # noqa: F401  (fixtures)
from tests.support.softhsm import softhsm  # noqa: F401  (fixture)

CANARY = b"CANARY-Dupont-c0ffee-plaintext"
SIZE = 64 * 1024 * 1024
_HANG_GUARD = 120  # seconds, against a hung child; not a performance assertion
# Runs the same command with the named staging files of systems without O_TMPFILE.
_NAMED = ("import sys, crypto.durable as d; d._UNNAMED = 0; "
          "from scelle.__main__ import main; sys.exit(main(sys.argv[1:]))")
HANDLED = [("SIGTERM", 143, "arrêté par SIGTERM / stopped by SIGTERM"),
           ("SIGHUP", 129, "arrêté par SIGHUP / stopped by SIGHUP"),
           ("SIGINT", 130, "interrompu / interrupted"),
           ("SIGQUIT", 131, "arrêté par SIGQUIT / stopped by SIGQUIT")]
ALL = [*HANDLED, ("SIGKILL", -9, "")]


def plaintext() -> bytes:
    """SIZE bytes of noise with the canary at every MiB (and a name a client could have)."""
    block = bytearray(os.urandom(SIZE))
    for offset in range(0, SIZE, 1024 * 1024):
        block[offset:offset + len(CANARY)] = CANARY
    return bytes(block)


def environment(root: Path) -> dict[str, str]:
    runtime = root / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "XDG_RUNTIME_DIR": str(runtime)}


def launch(argv: Sequence[str | os.PathLike[str]], root: Path, staging: str,
           stdout: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    head = [SCELLE] if staging == "unnamed" else [sys.executable, "-c", _NAMED]
    return subprocess.Popen([*head, *map(str, argv)], stdin=subprocess.DEVNULL, stdout=stdout,
                            stderr=subprocess.PIPE, env=environment(root),
                            start_new_session=True)


def _writing_into(pid: int, folder: Path) -> bool:
    """True if `pid` has a file in `folder` open with bytes written (named or not)."""
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            info = Path(f"/proc/{pid}/fdinfo/{fd}").read_text()
        except OSError:
            continue
        if os.path.dirname(target.removesuffix(" (deleted)")) == str(folder):
            position = int(info.split("pos:", 1)[1].split()[0])
            if position > 0:
                return True
    return False


def interrupt_while_writing(proc: subprocess.Popen[bytes], folder: Path,
                            name: str) -> tuple[int, str]:
    """Wait until `proc` writes into `folder`, send signal `name` there; its status, stderr."""
    while not _writing_into(proc.pid, folder):
        assert proc.poll() is None, "the command ended before it could be interrupted"
    os.kill(proc.pid, signal.SIGSTOP)  # the moment stays exactly "while writing"
    os.kill(proc.pid, getattr(signal, name))
    os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=_HANG_GUARD)
    return proc.returncode, err.decode("utf-8", "replace")


def assert_stopped(status: int, err: str, expected: int, line: str) -> None:
    assert status == expected, err
    assert "Traceback" not in err
    if line:
        assert err == f"scelle: {line}\n"


def canaries(root: Path) -> list[Path]:
    """Every file under `root` that holds the canary (the plaintext, or a piece of it)."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and CANARY in path.read_bytes():
            found.append(path)
    return found


def after_next_command(root: Path) -> None:
    """The next run of any command (it sweeps what dead processes left)."""
    proc = subprocess.run([SCELLE, "age", "--help"], capture_output=True, env=environment(root),
                          timeout=_HANG_GUARD)
    assert proc.returncode == 0, proc.stderr


def no_staging(root: Path) -> None:
    assert [p for p in root.rglob(".scelle-staging-*")] == []
    assert list((root / "run").rglob("*.rec")) == []


# ---------------------------------------------------------------------------------------------
# scelle age decrypt -o FILE


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 64 MiB age file and its key; the plaintext exists only in memory."""
    folder = tmp_path_factory.mktemp("age-input")
    key = folder / "key.txt"
    assert scelle("age", "keygen", "-o", key).returncode == 0
    recipient = [line.split(": ", 1)[1] for line in key.read_text().splitlines()
                 if line.startswith("# public key: ")][0]
    data = folder / "data.age"
    proc = scelle("age", "encrypt", "-r", recipient, "-o", data, stdin=plaintext())
    assert proc.returncode == 0, proc.err
    return key, data


@pytest.mark.parametrize("staging", ["unnamed", "named"])
@pytest.mark.parametrize(("name", "status", "line"), ALL, ids=[s[0] for s in ALL])
def test_age_decrypt_stopped_by_a_signal(encrypted: tuple[Path, Path], tmp_path: Path,
                                         staging: str, name: str, status: int,
                                         line: str) -> None:
    key, data = encrypted
    out = tmp_path / "out"
    out.mkdir()
    proc = launch(["age", "decrypt", "-i", key, "-o", out / "Dupont.pdf", data], tmp_path,
                  staging)
    assert_stopped(*interrupt_while_writing(proc, out, name), status, line)
    if name == "SIGKILL" and staging == "named":
        assert len(list(out.iterdir())) == 1  # a hidden staging file, until the next command
        after_next_command(tmp_path)
    assert list(out.iterdir()) == []
    no_staging(tmp_path)
    assert canaries(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# scelle open -o DIR


@pytest.fixture(scope="module")
def sealed(people: People, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sealed")
    source = folder / "Dupont - audition.pdf"
    source.write_bytes(plaintext())
    small = folder / "note.txt"
    small.write_bytes(CANARY + b" note")
    result = folder / "pli.scelle"
    proc = scelle("seal", *people.lawyer.creds(), "--to", people.officer.card,
                  "--subject", "Affaire Dupont", "-o", result, small, source)
    assert proc.returncode == 0, proc.err
    source.unlink()
    small.unlink()
    return result


@pytest.mark.parametrize("staging", ["unnamed", "named"])
@pytest.mark.parametrize(("name", "status", "line"), ALL, ids=[s[0] for s in ALL])
def test_open_stopped_by_a_signal(people: People, sealed: Path, tmp_path: Path, staging: str,
                                  name: str, status: int, line: str) -> None:
    parent = tmp_path / "reçus"
    parent.mkdir()
    out = parent / "Affaire Dupont"  # made by the command, only once everything verified
    proc = launch(["open", *people.officer.creds(), "--from", people.lawyer.card, "-o", out,
                   sealed], tmp_path, staging)
    assert_stopped(*interrupt_while_writing(proc, parent, name), status, line)
    if name == "SIGKILL" and staging == "named":
        after_next_command(tmp_path)
    assert list(parent.iterdir()) == []  # neither the folder nor any file
    no_staging(tmp_path)
    assert canaries(tmp_path) == []
    # Not recorded as opened: it opens afterwards.
    proc = subprocess.run([SCELLE, "open", *people.officer.creds(), "--from",
                           people.lawyer.card, "-o", out, sealed], capture_output=True,
                          env=environment(tmp_path), timeout=_HANG_GUARD)
    assert proc.returncode == 0, proc.stderr
    assert (out / "note.txt").read_bytes() == CANARY + b" note"
    # That one counted: forget it, so that the next test may open the same sealed file.
    Path(f"{people.officer.identity}.seen").unlink()


def test_open_into_an_existing_folder_stopped(people: People, sealed: Path,
                                              tmp_path: Path) -> None:
    out = tmp_path / "existing"
    out.mkdir()
    (out / "earlier.txt").write_bytes(b"kept")
    proc = launch(["open", *people.officer.creds(), "--from", people.lawyer.card, "-o", out,
                   sealed], tmp_path, "unnamed")
    assert_stopped(*interrupt_while_writing(proc, out, "SIGTERM"), 143, HANDLED[0][2])
    assert [p.name for p in out.iterdir()] == ["earlier.txt"]
    assert canaries(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# scelle --vault V export ID -o PATH, and -o -


@pytest.fixture
def exported(alice: Vault, tmp_path: Path) -> tuple[Vault, str]:  # noqa: F811
    source = tmp_path / "Dupont - acte.pdf"
    source.write_bytes(plaintext())
    result = alice.ok("import", "--json", source).json()
    source.unlink()
    return alice, str(result["imported"][0]["id"])


def _vault_argv(vault: Vault, *args: str | Path) -> list[str | Path]:
    return ["--vault", vault.dir, *vault.unlock, *args]


@pytest.mark.parametrize(("name", "status", "line"), ALL, ids=[s[0] for s in ALL])
def test_vault_export_stopped_by_a_signal(exported: tuple[Vault, str], tmp_path: Path,
                                          name: str, status: int, line: str) -> None:
    vault, doc = exported
    out = tmp_path / "export"
    out.mkdir()
    proc = launch(_vault_argv(vault, "export", doc, "-o", out / "acte.pdf"), tmp_path,
                  "unnamed")
    assert_stopped(*interrupt_while_writing(proc, out, name), status, line)
    assert list(out.iterdir()) == []
    no_staging(tmp_path)
    assert canaries(tmp_path) == []
    assert vault.ok("check").returncode == 0  # the vault opens and is intact
    vault.ok("export", doc, "-o", out / "acte.pdf")
    assert (out / "acte.pdf").read_bytes()[:len(CANARY)] == CANARY


def test_vault_export_killed_with_named_staging(exported: tuple[Vault, str],
                                                tmp_path: Path) -> None:
    vault, doc = exported
    out = tmp_path / "usb-key"
    out.mkdir()
    proc = launch(_vault_argv(vault, "export", doc, "-o", out / "acte.pdf"), tmp_path, "named")
    assert_stopped(*interrupt_while_writing(proc, out, "SIGKILL"), -9, "")
    (left,) = out.iterdir()
    assert left.name.startswith(f".scelle-staging-{proc.pid}-") and "acte" not in left.name
    after_next_command(tmp_path)
    assert list(out.iterdir()) == []
    no_staging(tmp_path)
    assert canaries(tmp_path) == []


def test_export_to_standard_output(exported: tuple[Vault, str], tmp_path: Path) -> None:
    vault, doc = exported
    proc = subprocess.run([SCELLE, *map(str, _vault_argv(vault, "export", doc, "-o", "-"))],
                          capture_output=True, cwd=tmp_path, env=environment(tmp_path),
                          timeout=_HANG_GUARD, start_new_session=True)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout) == SIZE and proc.stdout.count(CANARY) == SIZE // (1024 * 1024)
    assert not (tmp_path / "-").exists()  # `-` is standard output, never a file named "-"
    audit = vault.ok("audit", "--json").out
    assert audit.count('"document.export"') == 1


def test_export_to_a_terminal_needs_force(exported: tuple[Vault, str], tmp_path: Path) -> None:
    from tests.cli.conftest import run_on_tty

    vault, doc = exported
    status, transcript = run_on_tty([SCELLE, *map(str, _vault_argv(vault, "export", doc, "-o",
                                                                    "-"))], [], cwd=tmp_path)
    assert status == 2 and "refusing to write a document's plaintext to the terminal" in (
        transcript)
    assert CANARY.decode() not in transcript and not (tmp_path / "-").exists()


def test_a_closed_pipe_ends_the_export_quietly(exported: tuple[Vault, str],
                                               tmp_path: Path) -> None:
    vault, doc = exported
    proc = launch(_vault_argv(vault, "export", doc, "-o", "-"), tmp_path, "unnamed",
                  stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.read(len(CANARY)) == CANARY
    proc.stdout.close()  # `| head -c 30`
    _, err = proc.communicate(timeout=_HANG_GUARD)
    assert proc.returncode == 141 and err == b""


# ---------------------------------------------------------------------------------------------
# The desktop application


def _catches(pid: int, signo: int) -> bool:
    status = Path(f"/proc/{pid}/status").read_text()
    caught = int(status.split("SigCgt:", 1)[1].split()[0], 16)
    return bool(caught >> (signo - 1) & 1)


@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_the_desktop_application_quits_on_a_signal(tmp_path: Path, name: str,
                                                   status: int) -> None:
    env = {**environment(tmp_path), "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen([SCELLE], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, start_new_session=True)
    signo = getattr(signal, name)
    while not _catches(proc.pid, signo):  # until the application has its handler
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signo)
    _, err = proc.communicate(timeout=_HANG_GUARD)
    assert proc.returncode == status and b"Traceback" not in err, err
