"""Sealing and sending documents, and opening sealed files (`.scelle`).

* `SealDialog(session, jobs, document_ids)`: choose recipients among the contacts, write the
  letter (subject, message, reference, expiry, view-only), pick where the sealed file goes,
  seal in a background job with progress and Cancel.
* `OpenSealedDialog(session, jobs, path)`: verify a sealed file in a background job (nothing is
  written), show who sent it and what it holds, then receive it into a case.

Both take an optional `prompts=` (ui/common/prompts.py) so tests answer the modal questions
(file dialogs, confirmations) without driving Qt's own dialogs.
"""
