"""The texts filed with a request from outside and with a reply's copy.

The note is a document of its own (so a request with no file still lands in the vault, and its
message is searchable) and every document of the request carries a one-line marking in its
notes. Both say first, in French and English, that nobody vouches for who sent it: the name and
contact are what the requester typed, and the relay never learns or checks them.
"""

from __future__ import annotations

from collections.abc import Sequence

from crypto.intake_container import ContainerFile
from crypto.intake_headers import IntakeRequest
from crypto.sealed.codec import format_time

UNAUTHENTICATED = ("DEMANDE EXTÉRIEURE NON AUTHENTIFIÉE / UNAUTHENTICATED OUTSIDE REQUEST")
WARNING = ("Personne ne garantit l'identité du demandeur : le nom et le contact ci-dessous sont "
           "ceux qu'il a saisis.\nNobody vouches for the requester: the name and contact below "
           "are what they typed.")
NOT_GIVEN = "(non indiqué / not given)"


def request_marking(intake: str, envelope_id: str) -> str:
    """The notes of each document of a request."""
    return (f"{UNAUTHENTICATED} — point de dépôt / intake point « {intake} », "
            f"enveloppe / envelope {envelope_id}.")


def request_note(header: IntakeRequest, envelope_id: str, deposited: str,
                 files: Sequence[ContainerFile]) -> str:
    """The note document's text: what the request says, marked as unauthenticated."""
    requester = header.requester
    lines = [
        UNAUTHENTICATED, "", WARNING, "",
        f"Point de dépôt / Intake point : {header.intake} (version {header.intake_version})",
        f"Enveloppe / Envelope : {envelope_id}",
        f"Déposée / Deposited : {deposited}",
        f"Écrite / Written (horloge du demandeur / requester's clock) : "
        f"{format_time(header.created)}",
        f"Nom déclaré / Name given : {requester.name or NOT_GIVEN}",
        f"Contact déclaré / Contact given : {requester.contact or NOT_GIVEN}",
        "Réponse possible / Reply possible : "
        + ("oui / yes" if header.reply_recipient else "non / no"),
        f"Objet / Subject : {header.subject}",
    ]
    lines += [f"Fichier / File {f.index} : {f.safe_name} ({f.entry.size} octets / bytes)"
              + (" — renommé / renamed" if f.renamed else "")
              for f in files]
    return "\n".join(lines) + "\n\n" + header.message + "\n"


def reply_marking(intake: str, envelope_id: str) -> str:
    return (f"Copie de la réponse envoyée au demandeur extérieur / Copy of the reply sent to the "
            f"outside requester — point de dépôt / intake point « {intake} », "
            f"enveloppe / envelope {envelope_id}.")


def reply_note(subject: str, message: str, envelope_id: str, posted: str,
               names: Sequence[str]) -> str:
    lines = ["RÉPONSE ENVOYÉE / REPLY SENT", "",
             f"En réponse à l'enveloppe / In reply to envelope : {envelope_id}",
             f"Envoyée / Sent : {posted}",
             f"Objet / Subject : {subject}"]
    lines += [f"Pièce jointe / Attachment : {name}" for name in names]
    return "\n".join(lines) + "\n\n" + message + "\n"
