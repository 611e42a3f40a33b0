"""Relay operations: `relay send` killed, `relay sync` (receiving) killed, and the relay server
killed while a sender uploads and commits.

These work on persistent vaults (a sender, Alice, and a recipient, Bob, both joined to one real
relay on loopback): each iteration adds one envelope, and the checks follow every envelope ever
sent. After each kill, the next sync must complete the interrupted transfer: every envelope the
sender holds is deposited, the recipient receives each exactly once, intact.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

from reliability.crash import fixtures
from reliability.crash.checks import Verdict, check_vault, scan_plaintext
from reliability.crash.relay_server import RelayProcess
from reliability.crash.runner import TERM_GRACE, Case
from reliability.crash.world import CASE_CANARY, SCELLE, World

BIG_SIZE = 9 * 1024 * 1024  # above the client's 8 MiB chunk: create, 2 chunks, commit


class RelayPair:
    """One relay and two joined vaults (Alice sends, Bob receives), shared by the relay
    operations of one world; each operation's document is imported into Alice's vault."""

    def __init__(self, world: World, generation: int) -> None:
        self.generation = generation
        self.base = world.root / "persist" / f"relay-{generation}"
        self.base.mkdir(parents=True)
        self.relay = RelayProcess(world, self.base / "relay")
        world.closers.append(self.relay.kill)
        self.relay.start()
        self.sender = fixtures.copy_template(fixtures.holder(world, "alice").vault,
                                             self.base / "alice")
        self.recipient = fixtures.copy_template(fixtures.holder(world, "bob").vault,
                                                self.base / "bob")
        self.relay.join(self.sender, "Barreau")
        self.relay.join(self.recipient, "Police")
        self.contact = fixtures.contact_id(world, self.sender)
        self.baseline = {int(str(d["id"])) for d in _json(world, self.recipient, "ls")}
        self.documents: dict[int, int] = {}  # size -> document id in the sender's vault
        self.shas: set[str] = set()

    def document(self, world: World, size: int) -> int:
        if size not in self.documents:
            path = fixtures.make_file(world, f"relais/{fixtures.NAME_CANARY}-piece-{size}.txt",
                                      size, f"relais {size}")
            imported = json.loads(world.must(world.vault(
                self.sender, "import", "--case", CASE_CANARY, "--json", path), "import").stdout)
            self.documents[size] = int(imported["imported"][0]["id"])
            self.shas.add(fixtures.sha256(path.read_bytes()))
        return self.documents[size]


_pairs: dict[Path, RelayPair] = {}


def _json(world: World, vault: Path, *args: str) -> list[dict[str, object]]:
    value = json.loads(world.must(world.vault(vault, *args, "--json"), " ".join(args)).stdout)
    assert isinstance(value, list)
    return value


class RelayOp:
    name = ""
    document_size = 64 * 1024
    recipient_check = "check"

    def prepare(self, world: World) -> None:
        self.root = world.root
        if world.root not in _pairs:
            _pairs[world.root] = RelayPair(world, 0)
        self.pair.document(world, self.document_size)

    @property
    def pair(self) -> RelayPair:
        return _pairs[self.root]

    @property
    def relay(self) -> RelayProcess:
        return self.pair.relay

    @property
    def sender(self) -> Path:
        return self.pair.sender

    @property
    def recipient(self) -> Path:
        return self.pair.recipient

    def send_args(self, world: World, *extra: str) -> list[str]:
        document = self.pair.document(world, self.document_size)
        return ["relay", "send", *extra, "--to", str(self.pair.contact), "--subject",
                CASE_CANARY, str(document)]

    def vault_argv(self, world: World, vault: Path, *args: str) -> list[str]:
        return [SCELLE, "--vault", str(vault), *world.unlock(), *args]

    def verify(self, world: World, case: Case, verdict: Verdict) -> None:
        """The next syncs (sender, then recipient) in the same batches as the checks: they must
        finish whatever the kill interrupted."""
        if not self.relay.running():
            try:
                self.relay.start()
            except RuntimeError as error:
                verdict.fail(f"the relay does not start again: {error}")
                self.restart_afresh(world, verdict)
                return
        sender = check_vault(world, self.sender, verdict,
                             before="relay sync --json\nrelay sent --json\n")
        recipient = check_vault(world, self.recipient, verdict, check=self.recipient_check,
                                before="relay sync --json\nrelay inbox --json\n")
        for who, values in (("sender", sender), ("recipient", recipient)):
            if values is not None and _sync_errors(values[0]):
                verdict.fail(f"{who}'s next sync reports errors: {_sync_errors(values[0])}")
        if sender is not None and recipient is not None:
            self._transfers(_rows(sender[1]), _rows(recipient[1]), _rows(recipient[-1]), verdict)
        since = case.data.get("started")
        for hit in scan_plaintext([self.sender, self.recipient, self.relay.data, self.relay.tmp,
                                   world.root / "tmp", world.root / "home"],
                                  since=since if isinstance(since, float) else None):
            verdict.fail(hit)
        integrity = self.relay.integrity()
        if integrity != "ok":
            verdict.fail(f"relay database: {integrity}")
            self.restart_afresh(world, verdict)

    def restart_afresh(self, world: World, verdict: Verdict) -> None:
        """Keep the damaged relay and vaults as evidence, and go on with new ones (else every
        later iteration would fail for this one cause)."""
        old = self.pair
        old.relay.kill()
        evidence = world.root.parent / f"{world.root.name}-evidence-relay-{old.generation}"
        shutil.copytree(old.base, evidence, symlinks=True)
        verdict.fail(f"evidence kept in {evidence}; new relay and vaults for the next kills")
        _pairs[world.root] = RelayPair(world, old.generation + 1)

    def _transfers(self, sent: list[dict[str, object]], inbox: list[dict[str, object]],
                   documents: list[dict[str, object]], verdict: Verdict) -> None:
        stuck = [(s["outbox_id"], s["state"]) for s in sent if not s.get("envelope_id")
                 or s["state"] in ("queued", "sealed", "uploading", "failed")]
        if stuck:
            verdict.fail(f"sender's outbox not completed by the next sync: {stuck}")
        sent_ids = [str(s["envelope_id"]) for s in sent if s.get("envelope_id")]
        got_ids = [str(i["envelope_id"]) for i in inbox]
        for label, ids in (("sent", sent_ids), ("received", got_ids)):
            if len(ids) != len(set(ids)):
                verdict.fail(f"an envelope {label} twice: {sorted(ids)}")
        if set(sent_ids) != set(got_ids):
            verdict.fail(f"lost: {sorted(set(sent_ids) - set(got_ids))}, "
                         f"unexpected: {sorted(set(got_ids) - set(sent_ids))}")
        not_opened = [(i["envelope_id"], i["state"]) for i in inbox if i["state"] != "opened"]
        if not_opened:
            verdict.fail(f"received but not opened: {not_opened}")
        new = [d for d in documents if int(str(d["id"])) not in self.pair.baseline]
        if len(new) != len(got_ids):
            verdict.fail(f"{len(new)} received documents for {len(got_ids)} envelopes")
        wrong = [d["id"] for d in new if d.get("sha256") not in self.pair.shas]
        if wrong:
            verdict.fail(f"received documents {wrong} differ from what was sent")

    def new_case(self, folder: Path, argv: list[str]) -> Case:
        folder.mkdir(parents=True)
        return Case(folder, argv, self.sender, {"started": time.time() - 2})


def _rows(value: object) -> list[dict[str, object]]:
    assert isinstance(value, list)
    return value


def _sync_errors(value: object) -> object:
    return value.get("errors") if isinstance(value, dict) else f"not a sync report: {value!r}"


class RelaySend(RelayOp):
    """`relay send` (seal into the outbox, then upload and commit) killed."""

    name = "relay-send"

    def setup(self, world: World, folder: Path) -> Case:
        return self.new_case(folder, self.vault_argv(world, self.sender, *self.send_args(world)))


class RelaySync(RelayOp):
    """The recipient's `relay sync` (download, open into the vault, receipts) killed; the
    envelope was deposited just before, uninterrupted."""

    name = "relay-sync"

    def setup(self, world: World, folder: Path) -> Case:
        world.must(world.vault(self.sender, *self.send_args(world)), "relay send")
        return self.new_case(folder, self.vault_argv(world, self.recipient, "relay", "sync"))


class RelayServerKill(RelayOp):
    """The relay server killed while the sender's `relay sync` uploads a queued envelope of
    two chunks and commits it; restarted before the checks."""

    name = "relay-server"
    document_size = BIG_SIZE
    recipient_check = "check --quick"  # 9 MiB more at each iteration: presence, not every byte

    def setup(self, world: World, folder: Path) -> Case:
        world.must(world.vault(self.sender, *self.send_args(world, "--offline")),
                   "relay send --offline")
        return self.new_case(folder, self.vault_argv(world, self.sender, "relay", "sync"))

    def run_and_kill(self, world: World, case: Case, delay: float,
                     sig: signal.Signals) -> tuple[bool, str]:
        """Start the sender's sync, kill the server at `delay`, let the sync end, restart."""
        proc = world.start(case.argv)
        time.sleep(delay)
        exited = proc.poll() is not None
        self.relay.kill(sig)
        try:
            _out, err = proc.communicate(timeout=TERM_GRACE * 3)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return exited, "the sender's sync hung after the relay was killed"
        try:
            self.relay.start()
        except RuntimeError:
            pass  # verify() reports it and starts afresh
        trace = b"Traceback" in err
        return exited, "Python traceback in the sender's sync" if trace else ""


RELAY_OPERATIONS = (RelaySend, RelaySync, RelayServerKill)
