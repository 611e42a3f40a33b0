"""Scellé relay: the exchange server for sealed files (ASGI, FastAPI), and its admin command.

It only ever stores ciphertext, sizes, fingerprints, identity cards (for the directory) and times.
See docs/relay.md. Layering: imports `crypto/` only.
"""
