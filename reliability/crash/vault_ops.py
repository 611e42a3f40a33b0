"""The vault operations the harness kills: import (a file, a folder), export, seal from the vault,
receive a sealed file, slot add and remove, passphrase change and recovery code change.

Each iteration works on a copy of a template vault (`cp -a` of a folder is cheap); the command
line opens it with a passphrase file and the SoftHSM2 key, like the command-line tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from reliability.crash import fixtures
from reliability.crash.checks import Verdict, check_documents, check_vault, scan_plaintext
from reliability.crash.runner import Case
from reliability.crash.world import CASE_CANARY, NAME_CANARY, SCELLE, World
from tests.support.softhsm import SOFTHSM_LIB


class VaultOp:
    """Copy the template, run one command on the copy; then check the vault and search for
    plaintext. Subclasses say which command, and what else must hold."""

    name = ""
    holder = "alice"  # the template: a holder's vault (fixtures.holder), or "empty"

    def prepare(self, world: World) -> None:
        self.template = world.root / "templates" / self.name
        if self.template.exists():
            return
        if self.holder == "empty":
            world.init_vault(self.template, "Me Claire Dubois")
        else:
            fixtures.copy_template(fixtures.holder(world, self.holder).vault, self.template)
        self.finish_template(world)
        listed = json.loads(world.must(world.vault(self.template, "ls", "--json"), "ls").stdout)
        self.baseline = frozenset(int(doc["id"]) for doc in listed)

    def finish_template(self, world: World) -> None:
        """Extra preparation of the template (nothing by default)."""

    def command(self, world: World, case: Case) -> list[str]:
        raise NotImplementedError

    def setup(self, world: World, folder: Path) -> Case:
        folder.mkdir(parents=True)
        vault = fixtures.copy_template(self.template, folder / "vault")
        (folder / "out").mkdir()
        case = Case(folder, [], vault, {"out": folder / "out"})
        case.argv = [SCELLE, "--vault", str(vault), *world.unlock(), *self.command(world, case)]
        return case

    def passphrases(self, world: World) -> list[Path]:
        return [world.passphrase]

    def expected(self, world: World) -> dict[str, str]:
        """Documents the command may add (name -> SHA-256)."""
        return {}

    def verify(self, world: World, case: Case, verdict: Verdict) -> None:
        values = check_vault(world, case.vault, verdict, self.passphrases(world))
        if values is not None:
            documents = values[-1]
            assert isinstance(documents, list)
            present = check_documents(documents, self.expected(world), verdict,
                                      baseline=self.baseline)
            case.data["present"] = present
        self.verify_more(world, case, verdict)
        for hit in scan_plaintext([case.vault, case.folder / "out", world.root / "tmp",
                                   world.root / "home"], self.allowed(case)):
            verdict.fail(hit)

    def verify_more(self, world: World, case: Case, verdict: Verdict) -> None:
        """Checks of the command's own outcome (nothing by default)."""

    def allowed(self, case: Case) -> list[Path]:
        """Files that may hold plaintext: a finished output."""
        return []


class ImportFile(VaultOp):
    name = "import-file"
    holder = "empty"

    def command(self, world: World, case: Case) -> list[str]:
        return ["import", "--case", CASE_CANARY, str(fixtures.single_document(world))]

    def expected(self, world: World) -> dict[str, str]:
        path = fixtures.single_document(world)
        return {path.name: fixtures.sha256(path.read_bytes())}


class ImportFolder(VaultOp):
    name = "import-folder"
    holder = "empty"

    def command(self, world: World, case: Case) -> list[str]:
        return ["import", str(fixtures.document_folder(world))]

    def expected(self, world: World) -> dict[str, str]:
        folder = fixtures.document_folder(world)
        return {p.relative_to(folder).as_posix(): fixtures.sha256(p.read_bytes())
                for p in folder.rglob("*") if p.is_file()}


class Export(VaultOp):
    name = "export"

    def output(self, case: Case) -> Path:
        return Path(str(case.data["out"])) / f"{NAME_CANARY}-export.txt"

    def command(self, world: World, case: Case) -> list[str]:
        doc = fixtures.holder(world, self.holder).document_id
        return ["export", str(doc), "-o", str(self.output(case))]

    def verify_more(self, world: World, case: Case, verdict: Verdict) -> None:
        out = self.output(case)
        if out.exists() and out.read_bytes() != fixtures.single_document(world).read_bytes():
            verdict.fail(f"partial export output: {out.stat().st_size} bytes")

    def allowed(self, case: Case) -> list[Path]:
        return [self.output(case)]


class Seal(VaultOp):
    name = "seal"

    def output(self, case: Case) -> Path:
        return Path(str(case.data["out"])) / "pli.scelle"

    def command(self, world: World, case: Case) -> list[str]:
        alice = fixtures.holder(world, "alice")
        return ["seal", "--to", str(fixtures.contact_id(world, alice.vault)), "--subject",
                CASE_CANARY, "-o", str(self.output(case)), str(alice.document_id)]

    def verify_more(self, world: World, case: Case, verdict: Verdict) -> None:
        out = self.output(case)
        if out.exists():
            checked = world.vault(case.vault, "verify", out)
            if checked.returncode != 0:
                verdict.fail(f"the sealed file left does not verify: {checked.stderr.strip()}")


class Receive(VaultOp):
    """`open --case C pli.scelle` into Bob's vault; the retry receives it, or says it already
    did, and never twice."""

    name = "receive"
    holder = "bob"

    def command(self, world: World, case: Case) -> list[str]:
        return ["open", "--case", CASE_CANARY, str(fixtures.sealed_for_bob(world))]

    def expected(self, world: World) -> dict[str, str]:
        path = fixtures.single_document(world)
        return {path.name: fixtures.sha256(path.read_bytes())}

    def verify_more(self, world: World, case: Case, verdict: Verdict) -> None:
        if "present" not in case.data:
            return
        had = bool(case.data["present"])
        retry = world.vault(case.vault, "open", "--case", CASE_CANARY,
                            fixtures.sealed_for_bob(world))
        again = "already received" in retry.stderr
        if retry.returncode == 0 and had:
            verdict.fail("received twice: the retry succeeded although the documents were in")
        elif retry.returncode != 0 and not (had and again):
            verdict.fail(f"the retry failed ({'lost' if again else 'error'}): "
                         f"{retry.stderr.strip()[:300]}")


def _slots(world: World, vault: Path) -> list[dict[str, object]]:
    listed = json.loads(world.must(world.run("--vault", vault, "slots", "list", "--json"),
                                   "slots list").stdout)
    assert isinstance(listed, list)
    return listed


def _add_ec_slot(world: World, vault: Path) -> list[str]:
    return ["slots", "add", "--factor", "pkcs11", "--pkcs11-module", SOFTHSM_LIB,
            "--token-serial", world.hsm.token_serial, "--key-id", world.hsm.ec_derive.key_id.hex(),
            "--new-pin-file", str(world.pin), "--new-passphrase-file", str(world.new_passphrase),
            "--label", "second"]


class SlotAdd(VaultOp):
    name = "slot-add"

    def command(self, world: World, case: Case) -> list[str]:
        return _add_ec_slot(world, case.vault)

    def verify_more(self, world: World, case: Case, verdict: Verdict) -> None:
        kinds = sorted(str(s["kind"]) for s in _slots(world, case.vault))
        if kinds not in (["pkcs11", "recovery"], ["pkcs11", "pkcs11", "recovery"]):
            verdict.fail(f"slots after the kill: {kinds}")


class SlotRemove(VaultOp):
    name = "slot-remove"

    def finish_template(self, world: World) -> None:
        world.must(world.vault(self.template, *_add_ec_slot(world, self.template)), "slots add")
        self.removed = next(str(s["id"]) for s in _slots(world, self.template)
                            if s["label"] == "second")

    def command(self, world: World, case: Case) -> list[str]:
        return ["slots", "remove", self.removed]

    def verify_more(self, world: World, case: Case, verdict: Verdict) -> None:
        ids = [str(s["id"]) for s in _slots(world, case.vault)]
        if len(ids) not in (2, 3):
            verdict.fail(f"{len(ids)} slots after the kill")


class PassphraseChange(VaultOp):
    name = "passphrase-change"

    def command(self, world: World, case: Case) -> list[str]:
        slot = next(str(s["id"]) for s in _slots(world, self.template) if s["kind"] == "pkcs11")
        return ["slots", "passphrase", slot, "--new-passphrase-file", str(world.new_passphrase)]

    def passphrases(self, world: World) -> list[Path]:
        return [world.passphrase, world.new_passphrase]


class RecoveryChange(VaultOp):
    """After the kill the old recovery code still opens the vault, or the recovery slot was
    replaced (the new code was printed, or the command died just before printing it)."""

    name = "recovery-change"

    def finish_template(self, world: World) -> None:
        self.recovery_file = world.secret("recovery.txt", str(
            fixtures.holder(world, self.holder).info["recovery_code"]))

    def command(self, world: World, case: Case) -> list[str]:
        return ["slots", "recovery"]

    def verify_more(self, world: World, case: Case, verdict: Verdict) -> None:
        before = {str(s["id"]) for s in _slots(world, self.template) if s["kind"] == "recovery"}
        after = {str(s["id"]) for s in _slots(world, case.vault) if s["kind"] == "recovery"}
        if len(after) != 1:
            verdict.fail(f"{len(after)} recovery slots after the kill")
            return
        if after == before:
            opened = world.run("--vault", case.vault, "--recovery-file", self.recovery_file,
                               "cases")
            if opened.returncode != 0:
                verdict.fail(f"the old recovery code no longer opens an unchanged recovery slot: "
                             f"{opened.stderr.strip()}")


VAULT_OPERATIONS = (ImportFile, ImportFolder, Export, Seal, Receive, SlotAdd, SlotRemove,
                    PassphraseChange, RecoveryChange)
