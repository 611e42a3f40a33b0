"""A large vault for bench/vault.py's search figures: 100,000 documents, made in minutes.

Importing 100,000 files through the command line would take longer than the benchmark is worth,
and search never reads a blob: it reads the `documents`, `cases`, `search_meta` and
`search_index` tables. So the corpus is written straight into a real vault's database, in the
exact rows the importer writes, indexed by the importer's own `app.search.index_document`. Only
the blobs are missing (the blob ids are random): `check` would report them, search cannot tell.

Names, notes, case names and PDF text are drawn from a fixed vocabulary with a seeded random
generator, so two runs search the same corpus. One document in five carries "PDF text" of a few
hundred words, as scanned acts and pleadings do.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator

from app.records import now_text
from app.search import index_document
from app.vault import VaultSession

SURNAMES = ("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
            "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre "
            "Lefevre Mercier Dupont Lambert Bonnet Francois Martinez Legrand Garnier Faure "
            "Rousseau Blanc Guerin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clement "
            "Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gerard Nguyen Boyer "
            "Denis Lemaire Duval Joly Gautier Roger Roche Roy Noel Meyer Lucas Meunier Jean Perez "
            "Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin "
            "Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois "
            "Renaud Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis Olivier "
            "Rodriguez Da Silva Hubert Louis Charles Guillot Riviere Le Gall Guillaume Adam Rey "
            "Moulin Gonzalez Berger Lecomte Menard Fleury Deschamps Carpentier Julien Benoit Paris "
            "Maillard Marchal "
            "Aubry Vasseur Le Roux Renault Jacquet Collet Prevost Poirier Charpentier Royer Huet "
            "Baron Dupuy Pons Paul Laine Carre Breton Remy Schneider Perrot Guyot Barre Marty "
            "Cousin").split()
DOCUMENT_KINDS = ("acte de vente", "procuration", "conclusions", "assignation", "jugement",
                  "proces-verbal d'audition", "expertise", "facture", "courrier", "attestation",
                  "contrat de bail", "testament", "donation", "inventaire", "bordereau de pieces",
                  "requete", "ordonnance", "plainte", "constat", "releve bancaire",
                  "avis d'imposition", "compromis", "etat hypothecaire", "certificat",
                  "declaration de succession", "convention d'honoraires", "mise en demeure",
                  "sommation", "note d'audience", "rapport d'enquete")
TEXT_WORDS = ("le tribunal judiciaire de Lyon statuant publiquement par jugement contradictoire "
              "en premier ressort condamne la societe civile immobiliere au paiement de la somme "
              "principale augmentee des interets au taux legal a compter de la mise en demeure "
              "ordonne l'execution provisoire rejette le surplus des demandes dit que chaque "
              "partie conservera la charge de ses propres depens vu les articles du code civil "
              "attendu que le bailleur justifie de la delivrance du commandement de payer visant "
              "la clause resolutoire que le locataire ne conteste pas la dette locative notaire "
              "soussigne certifie que les parties comparantes ont declare vendre et acquerir le "
              "bien immobilier designe ci-apres moyennant le prix stipule payable comptant "
              "l'officier de police judiciaire a procede a l'audition du temoin qui declare avoir "
              "vu le vehicule stationne devant le domicile de la victime").split()
YEARS = tuple(range(2015, 2027))


def _document_name(rng: random.Random) -> str:
    kind = rng.choice(DOCUMENT_KINDS)
    who = rng.choice(SURNAMES)
    return f"{kind} {who} {rng.choice(YEARS)}-{rng.randrange(1, 999):03d}.pdf"


def _body(rng: random.Random) -> str:
    words = rng.choices(TEXT_WORDS, k=rng.randrange(150, 600))
    words[rng.randrange(len(words))] = rng.choice(SURNAMES)
    return " ".join(words)


def _cases(session: VaultSession, rng: random.Random, count: int) -> list[int]:
    db = session.store.db
    ids = []
    with db.transaction():
        for index in range(count):
            name = f"Dossier {rng.choice(SURNAMES)} {rng.choice(SURNAMES)} {index}"
            reference = f"RG {rng.randrange(10, 27)}/{rng.randrange(1, 99999):05d}"
            cur = db.execute("INSERT INTO cases (name, reference, created_at) VALUES (?, ?, ?)",
                             (name, reference, now_text()))
            ids.append(int(cur.lastrowid))
    return ids


def _insert(session: VaultSession, rng: random.Random, case_ids: list[int]) -> None:
    db = session.store.db
    now = now_text()
    case_id = rng.choice(case_ids) if rng.random() < 0.9 else None
    notes = f"client {rng.choice(SURNAMES)}" if rng.random() < 0.3 else ""
    cur = db.execute("INSERT INTO documents (case_id, name, media_type, notes, created_at,"
                     " imported_at) VALUES (?, ?, 'application/pdf', ?, ?, ?)",
                     (case_id, _document_name(rng), notes, now, now))
    doc_id = int(cur.lastrowid)
    db.execute("INSERT INTO versions (document_id, number, blob_id, size, sha256, wrapped_key,"
               " created_at) VALUES (?, 1, ?, ?, ?, ?, ?)",
               (doc_id, secrets.token_hex(16), rng.randrange(10_000, 5_000_000),
                secrets.token_bytes(32), secrets.token_bytes(72), now))
    index_document(db, doc_id, body=_body(rng) if rng.random() < 0.2 else "")


def populate(session: VaultSession, documents: int, *, seed: int = 2024,
             batch: int = 5000) -> Iterator[int]:
    """Add `documents` documents (about one case per 50); yields the count done per batch."""
    rng = random.Random(seed)
    case_ids = _cases(session, rng, max(1, documents // 50))
    db = session.store.db
    done = 0
    while done < documents:
        step = min(batch, documents - done)
        with db.transaction():
            for _ in range(step):
                _insert(session, rng, case_ids)
        done += step
        yield done


def queries(count: int, *, seed: int = 7) -> list[str]:
    """What people type: a surname, a kind of document, two words, a prefix, a year."""
    rng = random.Random(seed)
    makers = (
        lambda: rng.choice(SURNAMES),
        lambda: rng.choice(DOCUMENT_KINDS).split()[0],
        lambda: f"{rng.choice(DOCUMENT_KINDS).split()[0]} {rng.choice(SURNAMES)}",
        lambda: rng.choice(SURNAMES)[:rng.randrange(3, 6)],
        lambda: f"{rng.choice(SURNAMES)} {rng.choice(YEARS)}",
        lambda: rng.choice(TEXT_WORDS),
    )
    return [rng.choice(makers)() for _ in range(count)]
