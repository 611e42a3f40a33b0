"""Printing through the platform's print dialog: the viewer's pages and the recovery sheet.

Printing hands plaintext to the print spooler, so it is governed by the workstation policy's
`print_allowed` (the rule is app/printing.py), confirmed once per run (`prompts.py`), and the
pages are painted on a worker thread (`pages.py`): only the dialogs run on the GUI thread.
"""
