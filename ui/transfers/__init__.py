"""Transfers at a glance: the recent-transfers history, its window, and the relay inbox badge.

* `TransferHistory(jobs)` (history.py): the last `MAX_ENTRIES` import, seal, send, sync and
  receive jobs of this session (kind, name, size, result, time), a Qt table model fed by
  `JobQueue.submitted`. It lives in memory only and is emptied when the vault locks: names are
  the clients' and never reach the disk unencrypted.
* `TransfersDialog(history)` (dialog.py): the history in a table (menu Tools, Recent
  transfers…, Ctrl+Shift+T).
* `InboxBadge(jobs)` (badge.py): how many envelopes wait in the relay inbox, counted from the
  vault's relay state after each unlock, sync and receipt.
"""
