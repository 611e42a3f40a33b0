"""What several areas of the main window share, and that belongs to none of them.

* `explain.py`: what a refusal from sealing, opening, contacts or the relay means for the user;
* `prompts.py`: the modal questions of the exchange, contacts and relay dialogs;
* `widgets.py`: banners, plain labels, key tables and how fingerprints, ids and days read;
* `formatting.py`: how sizes, dates and media types read;
* `document_icons.py`: the icons of cases and document types.

Modules here import nothing from the areas (ui/documents, ui/exchange, ui/contacts, ui/relay,
ui/viewer), so that any area may use them without making a circle between areas
(tests/test_architecture.py checks it; see docs/architecture.md).
"""
