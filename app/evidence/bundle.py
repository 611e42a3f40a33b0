"""Making an evidence bundle from an open vault (format: app/evidence/format.py).

The manifest names every part with its SHA-256 and is signed with the vault holder's identity
key: whoever changes, adds or removes a part breaks either a hash or that signature, and the
proofs, tokens and audit links inside are checked on their own by `verify_bundle`.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from app.evidence import format as fmt
from app.evidence.collect import Gathered, Subject, gather
from app.evidence.report import render
from app.evidence.wording import VERIFY_COMMAND, report_blocks
from app.relay_client import proofs
from app.vault.session import VaultSession
from crypto.sealed.codec import b64encode, canonical_json

README = """Dossier de preuves Scellé
=========================

Ce fichier rassemble les preuves d'un échange fait avec Scellé : preuves de dépôt et de
remise signées par le relais, accusés signés par les destinataires, jetons d'horodatage
RFC 3161, extrait chaîné du journal d'audit, cartes d'identité publiques des parties et
clés de leurs organisations. Le rapport lisible est rapport.pdf.

Pour tout revérifier, sans coffre ni réseau :

    {command}

La commande échoue, en nommant la pièce en cause, si une seule pièce a été modifiée.
"""


def build(session: VaultSession, subject: Subject, file_name: str,
          now: datetime | None = None) -> bytes:
    """Blocking. The bundle's bytes about `subject`; the making is audited."""
    moment = now or datetime.now(UTC)
    with session.store.db.transaction():
        session.audit.record("evidence.bundle",
                             case_id=subject.id if subject.kind == "case" else None)
    gathered = gather(session, subject, moment)
    members = _parts(gathered, file_name)
    manifest = _manifest(gathered, members)
    signature = session.identity.signing_key.sign(fmt.MANIFEST_DOMAIN + manifest)
    sig = canonical_json({"card": session.identity.card.to_json(),
                          "signature": b64encode(signature)})
    return fmt.write_zip([fmt.Member(fmt.MANIFEST, manifest), fmt.Member(fmt.SIGNATURE, sig),
                          *members])


def _parts(g: Gathered, file_name: str) -> list[fmt.Member]:
    members = [
        fmt.Member(fmt.PROOFS, proofs.bundle([p.proof for p in g.proofs], g.tokens())),
        fmt.Member(fmt.AUDIT, "".join(json.dumps(e, sort_keys=True, ensure_ascii=False) + "\n"
                                      for e in g.audit).encode("utf-8")),
        fmt.Member(fmt.ORGS, canonical_json({o: base64.b64encode(k).decode("ascii")
                                             for o, k in g.organisations.items()})),
    ]
    members += [fmt.Member(f"{fmt.CARDS_DIR}{fp}.json", card.to_bytes())
                for fp, card in sorted(g.cards.items())]
    if g.tsa_pem is not None:
        members.append(fmt.Member(fmt.TSA, g.tsa_pem))
    members.append(fmt.Member(fmt.REPORT, render(report_blocks(g, file_name),
                                                 "Rapport de preuves Scellé")))
    members.append(fmt.Member(fmt.README, README.format(
        command=VERIFY_COMMAND.format(file=file_name)).encode("utf-8")))
    return members


def _manifest(g: Gathered, members: list[fmt.Member]) -> bytes:
    return canonical_json({
        "scelle_evidence": fmt.FORMAT_VERSION,
        "created": g.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "holder": g.holder.fingerprint_hex,
        "subject": {"kind": g.subject.kind, "id": g.subject.id},
        "envelopes": g.envelopes,
        "audit_cut": g.audit_cut,
        "files": {m.name: fmt.sha256_hex(m.data) for m in members},
    })
