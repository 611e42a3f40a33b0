"""Schema 12: an insurance broker's portfolio (app/brokerage/, docs/courtage.md).

Clients, insurers, contracts, SEPA mandates and the instalments the contracts generate, with
their collection state. Everything sits in the encrypted database like the documents: client
names, IBANs and amounts never leave it except through an explicit export (a SEPA file).

Amounts are integer cents; commission rates are integer hundredths of a percent (12.5 % is
1250); dates are `YYYY-MM-DD`, times the vault's UTC text.

An instalment is one due date of one contract (`UNIQUE (contract_id, due_date)`, so making a
schedule twice records it once). Its `state` moves due → submitted (in a direct-debit file) →
paid or rejected (bank statement), rejected → due again when re-presented, and paid →
remitted once the insurer's share is in a credit-transfer file. `end_to_end_id` is the
reference the bank returns for a debit, fresh at every presentation. `notice_document` and
`receipt_document` are the vault documents holding its premium notice and its receipt (PDFs
filed in the client's case). A client's `contact_id` is the contact of the vault their notices are sealed to.
`brokerage_statements` lists the insurers' statements imported
(app/brokerage/insurer_statements.py), so that one is never applied twice.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE brokerage_creditor (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        name       TEXT NOT NULL,
        iban       TEXT NOT NULL,
        bic        TEXT NOT NULL,
        ics        TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE brokerage_clients (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        reference  TEXT NOT NULL UNIQUE,
        kind       TEXT NOT NULL CHECK (kind IN ('person', 'company')),
        name       TEXT NOT NULL,
        email      TEXT NOT NULL DEFAULT '',
        address    TEXT NOT NULL DEFAULT '',
        case_id    INTEGER REFERENCES cases(id) ON DELETE SET NULL,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE brokerage_insurers (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        code       TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        iban       TEXT NOT NULL,
        bic        TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE brokerage_mandates (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        reference  TEXT NOT NULL UNIQUE,
        client_id  INTEGER NOT NULL REFERENCES brokerage_clients(id),
        iban       TEXT NOT NULL,
        bic        TEXT NOT NULL,
        signed_on  TEXT NOT NULL,
        sequence   TEXT NOT NULL CHECK (sequence IN ('FRST', 'RCUR', 'FNAL', 'ENDED')),
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE brokerage_contracts (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        number        TEXT NOT NULL UNIQUE,
        client_id     INTEGER NOT NULL REFERENCES brokerage_clients(id),
        insurer_id    INTEGER NOT NULL REFERENCES brokerage_insurers(id),
        product       TEXT NOT NULL,
        cover_start   TEXT NOT NULL,
        cover_end     TEXT,
        net_cents     INTEGER NOT NULL CHECK (net_cents >= 0),
        fees_cents    INTEGER NOT NULL CHECK (fees_cents >= 0),
        tax_cents     INTEGER NOT NULL CHECK (tax_cents >= 0),
        frequency     TEXT NOT NULL
                      CHECK (frequency IN ('annual', 'half-yearly', 'quarterly', 'monthly')),
        commission_bp INTEGER NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
        payment       TEXT NOT NULL CHECK (payment IN ('debit', 'transfer', 'cheque')),
        mandate_id    INTEGER REFERENCES brokerage_mandates(id),
        created_at    TEXT NOT NULL,
        CHECK (cover_end IS NULL OR cover_end > cover_start),
        CHECK ((payment = 'debit') = (mandate_id IS NOT NULL))
    )""",
    """CREATE TABLE brokerage_instalments (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        contract_id      INTEGER NOT NULL REFERENCES brokerage_contracts(id),
        due_date         TEXT NOT NULL,
        period_start     TEXT NOT NULL,
        period_end       TEXT NOT NULL,
        net_cents        INTEGER NOT NULL,
        fees_cents       INTEGER NOT NULL,
        tax_cents        INTEGER NOT NULL,
        commission_cents INTEGER NOT NULL,
        state            TEXT NOT NULL
                         CHECK (state IN ('due', 'submitted', 'paid', 'rejected', 'remitted')),
        end_to_end_id    TEXT UNIQUE,
        sequence         TEXT,
        collection_date  TEXT,
        debit_message    TEXT,
        paid_on          TEXT,
        reject_code      TEXT,
        reject_reason    TEXT,
        transfer_message TEXT,
        remitted_on      TEXT,
        notice_document  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        receipt_document INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        updated_at       TEXT NOT NULL,
        UNIQUE (contract_id, due_date)
    )""",
    """CREATE TABLE brokerage_statements (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        insurer_id  INTEGER NOT NULL REFERENCES brokerage_insurers(id),
        statement   TEXT NOT NULL,
        family      TEXT NOT NULL CHECK (family IN ('premiums', 'commissions')),
        issued_on   TEXT NOT NULL,
        lines       INTEGER NOT NULL,
        matched     INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (insurer_id, statement)
    )""",
    "CREATE INDEX brokerage_instalments_by_state ON brokerage_instalments(state, due_date)",
    "CREATE INDEX brokerage_contracts_by_client ON brokerage_contracts(client_id)",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
