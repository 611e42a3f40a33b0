"""The French report's words: what each proof establishes, in plain sentences (issue 17).

`report_blocks` turns what was gathered into a list of blocks (a title, a paragraph, a table);
app/evidence/report.py lays them out as PDF. Each sentence names who (a fingerprint, and the
name on the party's card when the vault knows it, with the organisation that certified it),
what (size and content digest, never the content), and when (UTC, as signed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.evidence.collect import Gathered
from crypto.httpsig import relay_key_id
from crypto.identity import IdentityCard, format_fingerprint
from crypto.proofs import Proof
from crypto.sealed.codec import parse_time
from crypto.timestamps import imprint

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
EVENTS = {"opened": "a ouvert le pli (déchiffré, signature de l’expéditeur vérifiée)",
          "refused": "a refusé le pli", "delivered": "a reçu le pli",
          "expired": "n’a pas ouvert le pli avant la fin de sa disponibilité",
          "taken": "a pris le pli en charge pour son groupe de permanence",
          "destroyed": "a détruit le document à la fin de sa consultation"}
EVENT_NAMES = {"opened": "ouvert", "refused": "refusé", "delivered": "reçu",
               "expired": "expiré", "taken": "pris en charge", "destroyed": "détruit"}
VERIFY_COMMAND = "scelle proof verify {file} --tsa-ca CERTIFICAT.pem --relay-key-id IDENTIFIANT"


@dataclass(frozen=True)
class Block:
    kind: str  # "title" | "heading" | "text" | "code" | "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def when(value: str | datetime) -> str:
    moment = parse_time(value) if isinstance(value, str) else value
    return (f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} à "
            f"{moment:%H:%M:%S} UTC")


def octets(size: int) -> str:
    return f"{size:,}".replace(",", "\u202f") + " octets"


def party(g: Gathered, fingerprint: str) -> str:
    card = g.cards.get(fingerprint)
    short = format_fingerprint(bytes.fromhex(fingerprint))
    if card is None:
        return f"la personne d’empreinte {short} (carte inconnue de ce coffre)"
    return f"{card.name}, {card.role or 'sans fonction'} ({card.organisation or '—'}), " \
           f"empreinte {short}"


def certification(g: Gathered, card: IdentityCard) -> str:
    for organisation, key in g.organisations.items():
        if card.certified_by(key) is not None:
            return f"certifiée par l’organisation « {organisation} »"
    return "non certifiée par une organisation connue de ce coffre"


def report_blocks(g: Gathered, file_name: str) -> list[Block]:
    blocks = [Block("title", "Rapport de preuves Scellé"), *_intro(g, file_name),
              Block("heading", "Les parties"), _parties(g)]
    for envelope in g.envelopes:
        blocks += _envelope(g, envelope)
    blocks += _audit(g)
    blocks += _to_compare(g)
    return blocks


def _to_compare(g: Gathered) -> list[Block]:
    """What the reader checks against sources other than this file."""
    rows = [("Quoi", "Empreinte", "À comparer avec")]
    keys = sorted({relay_key_id(p.proof.signer_key) for p in g.proofs
                   if p.proof.kind != "receipt"})
    rows += [("Clé du relais (identifiant)", key, "l’identifiant publié par l’exploitant du "
              "relais") for key in keys]
    if g.tsa_pem is not None:
        rows.append(("Certificat de l’autorité d’horodatage (SHA-256 du fichier tsa.pem)",
                     imprint(g.tsa_pem), "le certificat remis par l’exploitant du relais"))
    for fingerprint, card in sorted(g.cards.items()):
        rows.append((f"Carte de {card.name}", format_fingerprint(bytes.fromhex(fingerprint)),
                     "le numéro de sécurité ou l’empreinte donnés par la personne"))
    return [Block("heading", "Empreintes à comparer"),
            Block("text", "Ces empreintes ne se vérifient pas avec ce seul dossier : comparez-les "
                          "avec celles obtenues par un autre canal (papier, téléphone, site de "
                          "l’organisation)."),
            Block("table", rows=tuple(rows))]


def _intro(g: Gathered, file_name: str) -> list[Block]:
    what = "du message" if g.subject.kind == "message" else "du dossier"
    return [
        Block("text", f"Ce rapport accompagne le dossier de preuves « {file_name} », établi le "
                      f"{when(g.created)} à partir du coffre de {party(g, g.holder.fingerprint_hex)}"
                      f", au sujet {what} n° {g.subject.id} de ce coffre. Il dit en termes simples "
                      "ce qu’établit chaque preuve. Il ne reproduit aucun contenu : ni objet, ni "
                      "message, ni référence, ni nom de fichier."),
        Block("text", "Les personnes sont identifiées par l’empreinte de leurs clés publiques, "
                      "certifiée par leur organisation ; les preuves du relais sont signées par "
                      "la clé du relais, les accusés par la clé du destinataire lui-même, et "
                      "chaque preuve est datée par une autorité d’horodatage indépendante "
                      "(jeton RFC 3161) quand le relais en utilise une."),
        Block("heading", "Comment tout vérifier"),
        Block("text", "Sur tout ordinateur où Scellé est installé, sans coffre ni réseau, la "
                      "commande suivante revérifie chaque signature, chaque jeton "
                      "d’horodatage, le chaînage du journal et l’intégrité de chaque fichier ; "
                      "elle échoue en nommant la pièce altérée. Le certificat de l’autorité "
                      "d’horodatage et l’identifiant de la clé du relais s’obtiennent auprès de "
                      "l’exploitant du relais, indépendamment de ce dossier."),
        Block("code", VERIFY_COMMAND.format(file=file_name)),
    ]


def _parties(g: Gathered) -> Block:
    rows = [("Empreinte", "Nom, fonction, organisation", "Certification")]
    for fingerprint, card in sorted(g.cards.items()):
        rows.append((format_fingerprint(bytes.fromhex(fingerprint)),
                     f"{card.name}, {card.role or '—'}, {card.organisation or '—'}",
                     certification(g, card)))
    return Block("table", rows=tuple(rows))


def _envelope(g: Gathered, envelope: str) -> list[Block]:
    blocks = [Block("heading", f"Envoi {envelope}")]
    proofs = [p.proof for p in g.proofs if p.envelope_id == envelope]
    order = {"deposit": 0, "delivery": 1, "receipt": 2}
    for proof in sorted(proofs, key=lambda p: (order[p.kind], str(p.statement.get("time")))):
        blocks.append(Block("text", _sentence(g, proof)))
        blocks.append(Block("text", _stamp(g, proof)))
    return blocks


def _sentence(g: Gathered, proof: Proof) -> str:
    s = proof.statement
    if proof.kind == "deposit":
        kept = (f" Il s’engage à conserver les preuves {s['proof_retention_days']} jours après "
                "la fin de l’envoi." if "proof_retention_days" in s else "")
        recipients = " ; ".join(party(g, r) for r in s["recipients"])
        return (f"Dépôt : le relais (clé {relay_key_id(proof.signer_key)}) atteste avoir reçu "
                f"le {when(s['deposited'])} un pli scellé de {octets(s['size'])}, d’empreinte "
                f"de contenu {proof.digest}, déposé par {party(g, s['sender'])}, pour : "
                f"{recipients}. Il le tient à disposition jusqu’au "
                f"{when(s['available_until'])}.{kept}")
    if proof.kind == "delivery":
        return (f"Remise : le relais atteste avoir remis l’intégralité du pli "
                f"({octets(s['size'])}) à {party(g, s['recipient'])} le {when(s['delivered'])}.")
    name = EVENT_NAMES.get(s["event"], s["event"])
    return (f"Accusé « {name} » : {party(g, s['recipient'])}, par une signature de sa "
            f"propre clé, atteste qu’il {EVENTS.get(s['event'], s['event'])} le "
            f"{when(s['time'])} (pli d’empreinte {proof.digest}).")


def _stamp(g: Gathered, proof: Proof) -> str:
    check = g.checks.get(proof.to_bytes())
    if check is None:
        return "Horodatage : aucun jeton (le relais n’utilise pas d’autorité, ou le jeton " \
               "n’était pas encore arrivé)."
    state = {"verified": "vérifié avec le certificat de l’autorité configuré",
             "unchecked": "non vérifié : aucun certificat d’autorité configuré dans ce coffre",
             "invalid": f"INVALIDE ({check.reason})"}[check.status]
    if check.status == "invalid":
        return f"Horodatage : jeton {state}."
    return f"Horodatage : jeton RFC 3161 de l’autorité « {check.authority} », daté du " \
           f"{when(check.time)} ({state})."


def _audit(g: Gathered) -> list[Block]:
    relevant = [e for e in g.audit if e["relevant"]]
    blocks = [Block("heading", "Journal d’audit du coffre")]
    if not relevant:
        return blocks + [Block("text", "Aucune entrée du journal ne concerne ces documents.")]
    cut = " (tronqué au début)" if g.audit_cut else ""
    blocks.append(Block("text", f"Le dossier contient {len(g.audit)} entrées consécutives du "
                                f"journal{cut}, chacune portant l’empreinte de la précédente, "
                                f"dont {len(relevant)} concernent ces documents :"))
    rows = [("N°", "Date", "Action", "Document", "Dossier")]
    rows += [(str(e["seq"]), when(str(e["at"])[:19] + "Z"), str(e["action"]),
              str(e["document_id"] or "—"), str(e["case_id"] or "—")) for e in relevant]
    return blocks + [Block("table", rows=tuple(rows))]
