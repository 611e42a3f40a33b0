"""The display rule for text people read (crypto/text_rules.py), for the faces: `text_problem`
says why a subject, name or message would be refused before the core refuses it, and `shown`
escapes outside text (a skipped file's undecodable name, a relay's message) for printing."""

from crypto.text_rules import check_text, shown, text_problem

__all__ = ["check_text", "shown", "text_problem"]
