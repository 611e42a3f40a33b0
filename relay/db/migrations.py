"""Schema migrations for both back ends, applied in order at start-up (and by `scelle-relay init`).

Each migration is a list of statements per dialect, run in one transaction together with the
row recording it in `schema_migrations`. Never edit a published migration: add the next one.
All times are integer seconds since the epoch (UTC); fingerprints and ids are lowercase hex.
"""

from __future__ import annotations

from relay.db.base import Database

_COMMON_V1 = """
CREATE TABLE organisations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, certification_key {blob} NOT NULL,
    created {int} NOT NULL);
CREATE TABLE org_links (
    org_a TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    org_b TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created {int} NOT NULL, PRIMARY KEY (org_a, org_b), CHECK (org_a < org_b));
CREATE TABLE invitations (
    code_hash {blob} PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    role TEXT NOT NULL, created {int} NOT NULL, expires {int} NOT NULL,
    used {int}, used_by TEXT);
CREATE TABLE members (
    fingerprint TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    role TEXT NOT NULL, status TEXT NOT NULL, card {blob} NOT NULL, card_expires {int} NOT NULL,
    created {int} NOT NULL, updated {int} NOT NULL);
CREATE INDEX members_by_org ON members (org_id, status);
CREATE TABLE nonces (
    key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires {int} NOT NULL,
    PRIMARY KEY (key_id, nonce));
CREATE INDEX nonces_by_expiry ON nonces (expires);
CREATE TABLE envelopes (
    id TEXT PRIMARY KEY, sender TEXT NOT NULL, state TEXT NOT NULL, size {int} NOT NULL,
    received {int} NOT NULL, sha256 TEXT, availability_days {int} NOT NULL,
    created {int} NOT NULL, committed {int}, expires {int} NOT NULL, deposit_proof {blob});
CREATE INDEX envelopes_by_expiry ON envelopes (expires);
CREATE INDEX envelopes_by_sender ON envelopes (sender);
CREATE TABLE envelope_recipients (
    envelope_id TEXT NOT NULL REFERENCES envelopes(id) ON DELETE CASCADE,
    recipient TEXT NOT NULL, delivered_bytes {int} NOT NULL, delivered {int},
    delivery_proof {blob}, PRIMARY KEY (envelope_id, recipient));
CREATE INDEX recipients_by_member ON envelope_recipients (recipient);
CREATE TABLE receipts (
    envelope_id TEXT NOT NULL REFERENCES envelopes(id) ON DELETE CASCADE,
    recipient TEXT NOT NULL, event TEXT NOT NULL, proof {blob} NOT NULL,
    received {int} NOT NULL, PRIMARY KEY (envelope_id, recipient, event));
CREATE TABLE audit (
    id {serial} PRIMARY KEY, time {int} NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    subject TEXT NOT NULL, detail TEXT NOT NULL);
"""

_TYPES = {
    "sqlite": {"blob": "BLOB", "int": "INTEGER", "serial": "INTEGER", "real": "REAL"},
    "postgres": {"blob": "BYTEA", "int": "BIGINT", "serial": "BIGSERIAL",
                 "real": "DOUBLE PRECISION"},
}


def _statements(template: str, dialect: str) -> list[str]:
    text = template.format(**_TYPES[dialect])
    return [s.strip() for s in text.split(";") if s.strip()]


# A recipient's receipt is one final state: `opened` or `refused`, never both. Version 1 keyed
# receipts by event, so a recipient could post one of each; keep the first, then let the
# database refuse a second (two concurrent posts cannot both win).
_COMMON_V2 = """
DELETE FROM receipts WHERE EXISTS (
    SELECT 1 FROM receipts AS earlier WHERE earlier.envelope_id = receipts.envelope_id
    AND earlier.recipient = receipts.recipient AND (earlier.received < receipts.received
    OR (earlier.received = receipts.received AND earlier.event < receipts.event)));
CREATE UNIQUE INDEX receipts_one_per_recipient ON receipts (envelope_id, recipient)
"""

# Several relay processes share one database (docs/relay.md, "Growing past one machine"): the
# rate-limit buckets move from each process's memory to this table, so that a client spreading
# its requests over the instances is counted once. `stamp_ms` is the relay clock in
# milliseconds (a bucket refills by the fraction of a second); `allowed` says whether the last
# take spent a token, which the one upsert that takes it hands back. No index on `stamp_ms`:
# every take rewrites it, and the sweeper's purge may scan a table of recent clients.
_COMMON_V3 = """
CREATE TABLE rate_buckets (
    key TEXT PRIMARY KEY, tokens {real} NOT NULL, stamp_ms {int} NOT NULL,
    allowed {int} NOT NULL)
"""

# Receipts after the final answer (issue 13): a recipient who opened may later post `taken`
# (a duty-group member taking the envelope for the others: one per envelope, the first wins)
# and `destroyed` (a view-only document shredded at its consultation end). The one-answer rule
# of version 2 now covers only `opened` and `refused`; the primary key keeps one of each event.
_COMMON_V4 = """
DROP INDEX receipts_one_per_recipient;
CREATE UNIQUE INDEX receipts_one_answer_per_recipient ON receipts (envelope_id, recipient)
    WHERE event IN ('opened', 'refused');
CREATE UNIQUE INDEX receipts_taken_once ON receipts (envelope_id) WHERE event = 'taken'
"""

# Organisation administration from the desktop (issue 13): why a member's card was revoked
# (crypto/org_admin.py REVOCATION_REASONS) and when; the members row keeps its status.
_COMMON_V5 = """
CREATE TABLE member_revocations (
    fingerprint TEXT PRIMARY KEY REFERENCES members(fingerprint) ON DELETE CASCADE,
    reason TEXT NOT NULL, revoked {int} NOT NULL)
"""

# Duty groups (issue 13, docs/format.md §7): each organisation's signed rosters, the newest
# version only, and the group an envelope was addressed to (named by its deposit proof; the
# chunked path signs that proof at commit, so the group waits here from the create on).
_COMMON_V6 = """
CREATE TABLE duty_rosters (
    group_id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    version {int} NOT NULL, roster {blob} NOT NULL, published {int} NOT NULL,
    publisher TEXT NOT NULL);
CREATE INDEX duty_rosters_by_org ON duty_rosters (org_id);
CREATE TABLE envelope_groups (
    envelope_id TEXT PRIMARY KEY REFERENCES envelopes(id) ON DELETE CASCADE,
    group_id TEXT NOT NULL)
"""

# Delegations (issue 13): a principal's signed delegation to an assistant, certified by their
# organisation, and its revocation (relay/delegations.py). The document is kept verbatim: a
# client checks it offline (crypto/delegation.py).
_COMMON_V7 = """
CREATE TABLE delegations (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    principal TEXT NOT NULL, delegate TEXT NOT NULL, scope TEXT NOT NULL,
    valid_from {int} NOT NULL, valid_until {int} NOT NULL, document {blob} NOT NULL,
    certified {int}, revoked {int}, revocation {blob}, created {int} NOT NULL);
CREATE INDEX delegations_by_principal ON delegations (principal);
CREATE INDEX delegations_by_delegate ON delegations (delegate);
CREATE INDEX delegations_by_org ON delegations (org_id)
"""

# Members' signed prekeys (issue 13, forward secrecy; relay/prekeys.py, docs/format.md §9): the
# document is kept verbatim (senders check its signature against the owner's card); its dates
# are copied out to pick the current one and to drop the stale ones.
_COMMON_V8 = """
CREATE TABLE prekeys (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL REFERENCES members(fingerprint) ON DELETE CASCADE,
    document {blob} NOT NULL, valid_from {int} NOT NULL, until {int} NOT NULL,
    published {int} NOT NULL);
CREATE INDEX prekeys_by_owner ON prekeys (owner, valid_from)
"""

# Trusted timestamps and proof retention (issue 17, relay/db/proof_archive.py): every proof the
# relay signed or accepted, its RFC 3161 token (NULL while pending) and its end of retention
# (NULL while the envelope lives). No foreign key: a proof outlives its envelope. The proofs
# already kept are copied in, waiting for a timestamp from the relay's first sweep with an
# authority configured.
_COMMON_V9 = """
CREATE TABLE proof_archive (
    envelope_id TEXT NOT NULL, kind TEXT NOT NULL, party TEXT NOT NULL, event TEXT NOT NULL,
    proof {blob} NOT NULL, token {blob}, created {int} NOT NULL, attempts {int} NOT NULL,
    next_attempt {int}, keep_until {int}, PRIMARY KEY (envelope_id, kind, party, event));
CREATE INDEX proof_archive_pending ON proof_archive (next_attempt) WHERE token IS NULL;
CREATE INDEX proof_archive_by_retention ON proof_archive (keep_until);
INSERT INTO proof_archive
    SELECT id, 'deposit', sender, '', deposit_proof, NULL, committed, 0, committed, NULL
    FROM envelopes WHERE deposit_proof IS NOT NULL AND committed IS NOT NULL;
INSERT INTO proof_archive
    SELECT envelope_id, 'delivery', recipient, '', delivery_proof, NULL, delivered, 0,
    delivered, NULL FROM envelope_recipients WHERE delivery_proof IS NOT NULL
    AND delivered IS NOT NULL;
INSERT INTO proof_archive
    SELECT envelope_id, 'receipt', recipient, event, proof, NULL, received, 0, received, NULL
    FROM receipts
"""

# The intake point (issue 14, docs/relay.md "Intake"): each organisation's signed intake
# documents (the newest version; a withdrawn one keeps its name and version, so neither can be
# taken or rolled back), what the relay keeps about a deposit besides its envelope (the intake
# point, the version, the receipt code, the hash of the reply locator; never the requester's
# address), and the members' replies, fetched without an account by that hash.
_COMMON_V10 = """
CREATE TABLE intake_points (
    name TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    group_id TEXT NOT NULL, version {int} NOT NULL, document {blob} NOT NULL,
    published {int} NOT NULL, withdrawn {int});
CREATE INDEX intake_points_by_org ON intake_points (org_id);
CREATE TABLE intake_deposits (
    envelope_id TEXT PRIMARY KEY REFERENCES envelopes(id) ON DELETE CASCADE,
    intake TEXT NOT NULL, version {int} NOT NULL, receipt_code TEXT NOT NULL,
    reply_lookup TEXT);
CREATE TABLE intake_replies (
    id TEXT PRIMARY KEY, lookup TEXT NOT NULL, posted {int} NOT NULL, size {int} NOT NULL,
    expires {int} NOT NULL);
CREATE INDEX intake_replies_by_lookup ON intake_replies (lookup);
CREATE INDEX intake_replies_by_expiry ON intake_replies (expires)
"""

#: version -> statements per dialect
MIGRATIONS: dict[int, dict[str, list[str]]] = {
    1: {d: _statements(_COMMON_V1, d) for d in _TYPES},
    2: {d: _statements(_COMMON_V2, d) for d in _TYPES},
    3: {d: _statements(_COMMON_V3, d) for d in _TYPES},
    4: {d: _statements(_COMMON_V4, d) for d in _TYPES},
    5: {d: _statements(_COMMON_V5, d) for d in _TYPES},
    6: {d: _statements(_COMMON_V6, d) for d in _TYPES},
    7: {d: _statements(_COMMON_V7, d) for d in _TYPES},
    8: {d: _statements(_COMMON_V8, d) for d in _TYPES},
    9: {d: _statements(_COMMON_V9, d) for d in _TYPES},
    10: {d: _statements(_COMMON_V10, d) for d in _TYPES},
}

_BOOKKEEPING = ("CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)")


def migrate(db: Database, now: int) -> int:
    """Bring the schema to the latest version; return that version. Safe to run concurrently."""
    with db.transaction() as tx:
        if db.dialect == "postgres":
            # Two relays starting at once on one database: the second waits, then finds all done.
            tx.execute("SELECT pg_advisory_xact_lock(7360201)")
        tx.execute(_BOOKKEEPING)
        done = {row[0] for row in tx.all("SELECT version FROM schema_migrations")}
        for version in sorted(MIGRATIONS):
            if version in done:
                continue
            for statement in MIGRATIONS[version][db.dialect]:
                tx.execute(statement)
            tx.execute("INSERT INTO schema_migrations (version, applied) VALUES (?, ?)",
                       (version, now))
        unknown = [v for v in done if v not in MIGRATIONS]
    if unknown:
        raise RuntimeError(f"The database schema (version {max(unknown)}) is newer than this "
                           "relay; upgrade the relay.")
    return max(MIGRATIONS)


def schema_version(db: Database) -> int:
    with db.transaction() as tx:
        tx.execute(_BOOKKEEPING)
        row = tx.one("SELECT MAX(version) FROM schema_migrations")
    return int(row[0]) if row and row[0] is not None else 0
