"""`export_allowed: false` through the command line: every command that would write plaintext
outside the vault is refused by the core, before any byte, staging file or folder is written;
receiving into the vault, and everything else, still works.
"""

from __future__ import annotations

from pathlib import Path

from app.sealing import seal_paths
from tests.policy.conftest import CliVault, Sealed, listing
from tests.relay_client.conftest import Template, open_with_vmk

PLAIN = b"Testament olographe de Mme Dubreuil, confidentiel."


def _import(scelle, vault: CliVault, tmp_path: Path) -> str:
    source = tmp_path / "in" / "testament.txt"
    source.parent.mkdir()
    source.write_bytes(PLAIN)
    done = scelle(*vault.args("import", source))
    assert done.code == 0, done.err
    return done.out.split()[1]  # "imported ID  name  (size)"


def _refused(outcome, policy_file: Path) -> None:
    """Refused by the policy: non-zero status, one line naming the policy and its key."""
    assert outcome.code != 0
    # These vaults are opened with their recovery code: the new-code reminder may come first.
    err = "".join(line for line in outcome.err.splitlines(keepends=True)
                  if not line.startswith("scelle: reminder: "))
    assert err.startswith("scelle: ") and err.count("\n") == 1
    assert "export_allowed is false" in outcome.err
    assert f"workstation policy ({policy_file})" in outcome.err
    assert "Traceback" not in outcome.err


# -- vault export -----------------------------------------------------------------------------

def test_export_is_refused_and_writes_nothing(scelle, set_policy, vault, tmp_path) -> None:
    doc_id = _import(scelle, vault, tmp_path)
    policy = set_policy(export_allowed=False)
    out = tmp_path / "out"
    out.mkdir()
    refused = scelle(*vault.args("export", doc_id, "-o", out / "copie.txt"))
    _refused(refused, policy)
    assert "Exporting a document" in refused.err
    assert listing(out) == []  # no file, no hidden .part staging file
    refused = scelle(*vault.args("export", doc_id, "-o", "-"))  # not even to standard output
    _refused(refused, policy)
    assert refused.out == ""


def test_export_in_a_batch_is_refused_with_its_line(scelle, set_policy, vault,
                                                    tmp_path) -> None:
    doc_id = _import(scelle, vault, tmp_path)
    policy = set_policy(export_allowed=False)
    out = tmp_path / "out"
    out.mkdir()
    batch = tmp_path / "batch.txt"
    batch.write_text(f"ls\nexport {doc_id} -o {out / 'copie.txt'}\n")
    refused = scelle(*vault.args("batch", batch))
    _refused(refused, policy)
    assert listing(out) == []


def test_export_still_works_where_allowed(scelle, set_policy, vault, tmp_path) -> None:
    doc_id = _import(scelle, vault, tmp_path)
    set_policy(export_allowed=True, allowed_relays=["https://relais.example"])
    done = scelle(*vault.args("export", doc_id, "-o", tmp_path / "copie.txt"))
    assert done.code == 0, done.err
    assert (tmp_path / "copie.txt").read_bytes() == PLAIN


def test_other_vault_commands_are_not_export(scelle, set_policy, vault, tmp_path) -> None:
    doc_id = _import(scelle, vault, tmp_path)
    set_policy(export_allowed=False)
    for args in (("ls",), ("show", doc_id), ("search", "testament")):
        done = scelle(*vault.args(*args))
        assert done.code == 0, done.err


# -- open a sealed file -------------------------------------------------------------------------

def _open_args(sealed: Sealed, out: Path) -> list[str | Path]:
    return ["open", "--identity", sealed.reader.identity_file, "--from", sealed.sender.card_file,
            "-o", out, sealed.path]


def test_open_to_a_folder_is_refused_and_makes_no_folder(scelle, set_policy, sealed: Sealed,
                                                         tmp_path) -> None:
    policy = set_policy(export_allowed=False)
    before = listing(tmp_path)
    refused = scelle(*_open_args(sealed, tmp_path / "ouvert"))
    _refused(refused, policy)
    assert "Opening a sealed file into a folder" in refused.err
    assert listing(tmp_path) == before  # no folder, no staging, no replay record
    existing = tmp_path / "existing"
    existing.mkdir()
    _refused(scelle(*_open_args(sealed, existing)), policy)
    assert listing(existing) == []
    # Refused, so not "used up": once allowed, the same file opens (first opening).
    set_policy(export_allowed=True)
    done = scelle(*_open_args(sealed, tmp_path / "ouvert"))
    assert done.code == 0, done.err
    assert (tmp_path / "ouvert" / "acte.txt").read_bytes() == sealed.content


def test_verify_is_not_an_export(scelle, set_policy, sealed: Sealed) -> None:
    set_policy(export_allowed=False)
    done = scelle("verify", "--identity", sealed.reader.identity_file, "--from",
                  sealed.sender.card_file, sealed.path)
    assert done.code == 0, done.err


def test_receiving_into_the_vault_is_not_an_export(scelle, set_policy, vault: CliVault,
                                                   sealed: Sealed,
                                                   templates: dict[str, Template],  # noqa: F811
                                                   tmp_path) -> None:
    session = open_with_vmk(vault.folder, templates["notary"].vmk)
    try:
        card = session.identity.card
    finally:
        session.lock()
    from app.identities import load_identity_file

    to_vault = tmp_path / "pour-le-coffre.scelle"
    sender = load_identity_file(sealed.sender.identity_file, lambda: "")
    document = tmp_path / "piece.txt"
    document.write_bytes(PLAIN)
    seal_paths(sender, [card], [document], to_vault, subject="Pièce")
    policy = set_policy(export_allowed=False)
    received = scelle(*vault.args("open", "--accept-unverified", to_vault))
    assert received.code == 0, received.err
    assert "Received" in received.out
    # …but writing it out again is an export.
    doc_id = received.out.split("document ")[1].split()[0]
    _refused(scelle(*vault.args("export", doc_id, "-o", tmp_path / "piece-copie.txt")), policy)
    assert not (tmp_path / "piece-copie.txt").exists()


# -- scelle age decrypt -------------------------------------------------------------------------

def _age_file(scelle, tmp_path: Path) -> tuple[Path, Path]:
    key = tmp_path / "key.txt"
    assert scelle("age", "keygen", "-o", key).code == 0
    public = next(line.split(": ")[1] for line in key.read_text().splitlines()
                  if line.startswith("# public key"))
    source = tmp_path / "note.txt"
    source.write_bytes(PLAIN)
    encrypted = tmp_path / "note.txt.age"
    done = scelle("age", "encrypt", "-r", public, "-o", encrypted, source)
    assert done.code == 0, done.err
    return key, encrypted


def test_age_decrypt_is_refused_to_a_file_and_to_stdout(scelle, set_policy, tmp_path) -> None:
    work = tmp_path / "age"
    work.mkdir()
    key, encrypted = _age_file(scelle, work)  # keygen and encrypt: allowed either way
    policy = set_policy(export_allowed=False)
    before = listing(work)
    refused = scelle("age", "decrypt", "-i", key, "-o", work / "clair.txt", encrypted)
    _refused(refused, policy)
    assert "Decrypting an age file" in refused.err
    assert listing(work) == before  # no output, no .partial staging file
    refused = scelle("age", "decrypt", "-i", key, encrypted)  # standard output
    _refused(refused, policy)
    assert refused.out == ""
    set_policy(export_allowed=True)
    done = scelle("age", "decrypt", "-i", key, "-o", work / "clair.txt", encrypted)
    assert done.code == 0, done.err
    assert (work / "clair.txt").read_bytes() == PLAIN


def test_age_encrypt_and_keygen_are_allowed_without_export(scelle, set_policy,
                                                           tmp_path) -> None:
    set_policy(export_allowed=False)
    key, encrypted = _age_file(scelle, tmp_path)
    assert key.exists() and encrypted.read_bytes().startswith(b"age-encryption.org/v1\n")
