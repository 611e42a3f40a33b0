#!/usr/bin/env python3
"""A demo vault with made-up data, for screenshots and demonstrations (never real clients).

The office is fictional: Étude Dubois & Associés, notaires à Lyon. Me Claire Dubois's vault
holds four cases with PDF documents generated here, and contacts (a lawyer, a clerk, a police
officer). Me Karim Benali, the lawyer, has his own vault and has sealed a file for Claire,
ready to be opened. Both vaults use a software stand-in for a hardware token (`DemoToken`), so
no device and no keyring are needed; the passphrase is `PASSPHRASE`.

    python scripts/make_demo_vault.py [folder]      (default: a new temporary folder)
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import struct
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.vault import Argon2Params, VaultSession, create_vault, open_vault  # noqa: E402
from crypto.factors.base import Enrollment, FactorError, KeyFactor  # noqa: E402

PASSPHRASE = "vingt clercs rangent les minutes sous la verrière"
DEMO_KDF = Argon2Params(memory_kib=65536, iterations=1, lanes=1)


class DemoToken(KeyFactor):
    """A software stand-in for a smart card (demonstration only: its key is in this file)."""

    kind = "pkcs11"  # type: ignore[misc]

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self._key = hashlib.sha256(b"scelle demo token " + owner.encode()).digest()

    def enroll(self, context: bytes) -> Enrollment:
        params = {"demo": self.owner, "nonce": os.urandom(16).hex()}
        return Enrollment(params, self.share(params, context), "Carte REAL (démonstration)")

    def share(self, params: dict[str, Any], context: bytes) -> bytes:
        if params.get("demo") != self.owner:
            raise FactorError("This is not the demonstration token of this vault.")
        return hmac.new(self._key, context + bytes.fromhex(params["nonce"]),
                        hashlib.sha256).digest()


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica, WinAnsi) written by hand: no library needed."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ["BT", "/F1 18 Tf", "70 770 Td", f"({esc(title)}) Tj", "/F1 11 Tf", "0 -34 Td"]
    for line in lines:
        body += [f"({esc(line)}) Tj", "0 -17 Td"]
    body.append("ET")
    stream = "\n".join(body).encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R"
        b" >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def png_plan(width: int = 480, height: int = 320) -> bytes:
    """A made-up land-registry plan (a PNG written by hand): a grid, and lot 12 in blue."""
    def pixel(x: int, y: int) -> bytes:
        if 150 <= x < 330 and 90 <= y < 230:  # the lot
            edge = x in (150, 329) or y in (90, 229)
            return b"\x1f\x4e\x8c" if edge else b"\xc9\xdc\xf2"
        if x % 60 == 0 or y % 40 == 0:
            return b"\xb0\xb0\xb0"
        return b"\xfb\xfa\xf5"

    rows = b"".join(b"\0" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


#: The files Me Benali seals for Me Dubois: (name, media type, content).
SEALED_FILES = [
    ("Conclusions Roux.pdf", "application/pdf", pdf_bytes(
        "Conclusions — Succession Martin",
        ["Conclusions en réponse pour Mme Anne Roux", "Tribunal judiciaire de Lyon",
         "Audience du 12 juin 2025", "", "PAR CES MOTIFS, plaise au tribunal :",
         "- dire que l'appartement de la rue Mercière sera attribué à Mme Louise Martin ;",
         "- ordonner le partage du solde des comptes bancaires à parts égales ;",
         "- réserver les dépens."])),
    ("Bordereau de pièces.txt", "text/plain", (
        "Bordereau de pièces — Succession Martin (2024/0113)\n\n"
        "1. Acte de notoriété du 14 mars 2024\n"
        "2. Relevés bancaires au jour du décès\n"
        "3. Plan du lot 12, rue Mercière\n"
        "4. Attestation de Mme Louise Martin\n").encode()),
    ("Plan du lot 12.png", "image/png", png_plan()),
    ("Attestation Louise Martin.pdf", "application/pdf", pdf_bytes(
        "Attestation", ["Je soussignée Louise Martin, née le 2 mai 1951 à Lyon,",
                        "atteste avoir occupé l'appartement de la rue Mercière",
                        "sans interruption depuis 1987."])),
    ("Projet de protocole.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     b"PK\x03\x04" + "Projet de protocole d'accord (démonstration)".encode() * 40),
]


CASES = {
    ("Succession Martin", "2024/0113"): [
        ("Acte de notoriété.pdf", "Acte de notoriété — Succession de M. Henri Martin",
         ["Décédé à Lyon le 3 février 2024.", "Héritiers : Mme Louise Martin (épouse),",
          "M. Paul Martin et Mme Anne Roux (enfants).", "Dressé par Me Claire Dubois, notaire."]),
        ("Inventaire successoral.pdf", "Inventaire successoral",
         ["Appartement, 12 rue Mercière, Lyon 2e : 385 000 €", "Comptes bancaires : 48 210 €",
          "Véhicule Peugeot 308 (2019) : 9 500 €", "Mobilier : forfait 5 %"]),
        ("Déclaration de succession.pdf", "Déclaration de succession (projet)",
         ["Formulaire 2705-SD — brouillon du 14 mars 2024", "Actif net successoral : 431 980 €"]),
    ],
    ("Vente Lefèvre – rue des Capucins", "2024/0187"): [
        ("Compromis de vente.pdf", "Compromis de vente",
         ["Vendeur : M. et Mme Lefèvre", "Acquéreur : Mme Sarah Cohen",
          "Bien : 3 pièces, 7 rue des Capucins, Lyon 1er", "Prix : 312 000 €"]),
        ("Diagnostics techniques.pdf", "Dossier de diagnostic technique",
         ["DPE : classe D", "Amiante : néant", "Plomb : néant", "Électricité : anomalies mineures"]),
    ],
    ("Donation Bernard", "2025/0012"): [
        ("Projet de donation-partage.pdf", "Projet de donation-partage",
         ["Donateurs : M. et Mme Bernard", "Donataires : leurs trois enfants",
          "Réserve d'usufruit au profit des donateurs"]),
    ],
    ("SCI Les Tilleuls – statuts", "2025/0031"): [
        ("Statuts SCI Les Tilleuls.pdf", "Statuts de la SCI Les Tilleuls",
         ["Capital social : 1 000 €", "Siège : 4 allée des Tilleuls, Villeurbanne",
          "Gérante : Mme Hélène Garnier"]),
    ],
}

CONTACTS = [  # name, role, organisation, verified
    ("Sophie Laurent", "Clerc de notaire", "Étude Dubois & Associés, Lyon", True),
    ("Julien Moreau", "Officier de police judiciaire", "Commissariat de Lyon 3e", False),
    ("Nadia Haddad", "Avocate", "Cabinet Haddad, Villeurbanne", True),
]


@dataclass
class Demo:
    root: Path
    vault: Path  # Claire's
    lawyer_vault: Path
    sealed_file: Path
    passphrase: str = PASSPHRASE

    def open(self) -> VaultSession:
        return open_vault(self.vault, self.passphrase, DemoToken("claire"))


def _fill(session: VaultSession) -> None:
    for (name, reference), documents in CASES.items():
        case = session.cases.create(name, reference=reference)
        for filename, title, lines in documents:
            data = pdf_bytes(title, lines)
            session.importer.import_stream(filename, len(data), "application/pdf",
                                           io.BytesIO(data), case=case.id)
    from crypto.identity import PrivateIdentity

    for name, role, organisation, verified in CONTACTS:
        card = PrivateIdentity.generate(name, role, organisation).card
        contact = session.contacts.import_card(card.to_bytes()).contact
        if verified:
            session.contacts.verify_safety_number(contact.id,
                                                  session.contacts.safety_number(contact.id))


def make_demo(root: Path) -> Demo:
    """Create both vaults and the sealed file under `root` (which must not hold them yet)."""
    claire = create_vault(root / "coffre-dubois", PASSPHRASE, DemoToken("claire"),
                          name="Claire Dubois", role="Notaire",
                          organisation="Étude Dubois & Associés, Lyon", kdf=DEMO_KDF).session
    karim = create_vault(root / "coffre-benali", PASSPHRASE, DemoToken("karim"),
                         name="Karim Benali", role="Avocat",
                         organisation="Cabinet Benali, Lyon", kdf=DEMO_KDF).session
    try:
        _fill(claire)
        at_claire = claire.contacts.import_card(karim.identity.card.to_bytes()).contact.id
        claire.contacts.verify_safety_number(at_claire, claire.contacts.safety_number(at_claire))
        at_karim = karim.contacts.import_card(claire.identity.card.to_bytes()).contact.id
        karim.contacts.verify_safety_number(at_karim, karim.contacts.safety_number(at_karim))
        docs = [karim.importer.import_stream(name, len(data), media_type, io.BytesIO(data)).id
                for name, media_type, data in SEALED_FILES]
        sealed = root / "Pli de Me Benali.scelle"
        karim.seal_documents(docs, [at_karim], sealed,
                             subject="Succession Martin — conclusions",
                             message="Chère Consœur,\n\nveuillez trouver ci-joint nos conclusions, "
                                     "le bordereau et les pièces.\n\nBien confraternellement,"
                                     "\nKarim Benali",
                             reference="2024/0113")
    finally:
        claire.lock()
        karim.lock()
    return Demo(root, root / "coffre-dubois", root / "coffre-benali", sealed)


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="scelle-demo-"))
    demo = make_demo(root)
    print(f"Demo vault: {demo.vault}\nPassphrase: {demo.passphrase}\n"
          f"Sealed file to open: {demo.sealed_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
