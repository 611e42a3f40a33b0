"""The document imported by the crash tests: a PDF of about 300 KB (5 chunks), whose raw bytes
are full of a canary string, so that any plaintext fragment left on disk is found."""

from __future__ import annotations

from tests.store.helpers import make_pdf, random_bytes

DOC_NAME = "Crash-Nom-Secret-Ptolemee.pdf"
CANARY = b"PLAINTEXT-CANARY"
PDF_WORD = "Crashmarqueur"


def payload() -> bytes:
    noise = random_bytes(300_000, seed=99)
    padding = b"".join(noise[i : i + 984] + CANARY for i in range(0, len(noise), 1000))
    return make_pdf([f"Texte {PDF_WORD} confidentiel"], padding=padding)
