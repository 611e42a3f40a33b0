"""`Portfolio`: the broker's clients, insurers, SEPA mandates and contracts in the vault.

Every change is checked by app/brokerage/validation.py, written in one transaction with its
audit entry (the action only: the audit log never holds a client's name), and refused with an
`InvalidValueError` naming what is wrong: a reference already used, an unknown client, a
direct debit without a mandate of the same client.
"""

from __future__ import annotations

from datetime import date

from app.audit import AuditLog
from app.brokerage import records, validation
from app.brokerage.banking import check_ics
from app.brokerage.model import (
    Client,
    Contract,
    Creditor,
    Insurer,
    Mandate,
    PaymentMethod,
    Sequence,
)
from app.brokerage.validation import ClientInput, ContractInput, InsurerInput, MandateInput
from app.records import InvalidValueError, NotFoundError, now_text
from storage.db import Database
from storage.store import Store


class Portfolio:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._audit = audit

    @property
    def db(self) -> Database:
        return self._store.db

    # -- the broker as creditor ---------------------------------------------------------------
    def set_creditor(self, name: str, iban: str, bic: str, ics: str) -> Creditor:
        value = Creditor(validation.name(name, "creditor name"), validation.iban(iban),
                         validation.bic(bic), check_ics(ics))
        with self.db.transaction():
            records.set_creditor(self.db, value, now_text())
            self._audit.record("brokerage.creditor")
        return value

    def creditor(self) -> Creditor:
        value = records.creditor(self.db)
        if value is None:
            raise InvalidValueError("The broker's creditor details (name, IBAN, BIC, ICS) are "
                                    "not set: set them first (courtage creditor set).")
        return value

    # -- clients ------------------------------------------------------------------------------
    def check_client(self, entry: ClientInput) -> Client:
        ref = validation.reference(entry.reference, "client reference")
        return Client(0, ref, validation.client_kind(entry.kind), validation.name(entry.name),
                      validation.optional(entry.email, "e-mail address"),
                      validation.optional(entry.address, "address", 512), None)

    def add_client(self, entry: ClientInput) -> Client:
        value = self.check_client(entry)
        with self.db.transaction():
            if records.client_by_reference(self.db, value.reference) is not None:
                raise InvalidValueError("A client with this reference already exists.")
            new_id = records.insert_client(self.db, value, now_text())
            self._audit.record("brokerage.client_add")
        return self.client(new_id)

    def client(self, client_id: int) -> Client:
        value = records.client(self.db, client_id)
        if value is None:
            raise NotFoundError("client", client_id)
        return value

    def client_by_reference(self, reference: str) -> Client:
        value = records.client_by_reference(self.db, reference.strip())
        if value is None:
            raise InvalidValueError("There is no client with this reference.")
        return value

    def clients(self) -> list[Client]:
        return records.clients(self.db)

    def link_contact(self, reference: str, contact_id: int | None) -> Client:
        """The contact (a correspondent with Scellé) the client's notices are sealed to."""
        from app.records import contacts

        client = self.client_by_reference(reference)
        if contact_id is not None and contacts.get(self.db, contact_id) is None:
            raise NotFoundError("contact", contact_id)
        with self.db.transaction():
            records.set_client_contact(self.db, client.id, contact_id)
            self._audit.record("brokerage.client_update")
        return self.client(client.id)

    # -- insurers -----------------------------------------------------------------------------
    def check_insurer(self, entry: InsurerInput) -> Insurer:
        return Insurer(0, validation.reference(entry.code, "insurer code"),
                       validation.name(entry.name, "insurer name"),
                       validation.iban(entry.iban), validation.bic(entry.bic))

    def add_insurer(self, entry: InsurerInput) -> Insurer:
        value = self.check_insurer(entry)
        with self.db.transaction():
            if records.insurer_by_code(self.db, value.code) is not None:
                raise InvalidValueError("An insurer with this code already exists.")
            new_id = records.insert_insurer(self.db, value, now_text())
            self._audit.record("brokerage.insurer_add")
        return self.insurer(new_id)

    def insurer(self, insurer_id: int) -> Insurer:
        value = records.insurer(self.db, insurer_id)
        if value is None:
            raise NotFoundError("insurer", insurer_id)
        return value

    def insurers(self) -> list[Insurer]:
        return records.insurers(self.db)

    # -- mandates -----------------------------------------------------------------------------
    def check_mandate(self, entry: MandateInput, today: date | None = None) -> Mandate:
        ref = validation.reference(entry.reference, "mandate reference")
        owner = self.client_by_reference(entry.client)
        signed = validation.day(entry.signed_on, "mandate signature date")
        if signed > (today or date.today()):
            raise InvalidValueError("The mandate signature date is in the future.")
        return Mandate(0, ref, owner.id, validation.iban(entry.iban), validation.bic(entry.bic),
                       signed, validation.sequence(entry.sequence))

    def add_mandate(self, entry: MandateInput, today: date | None = None) -> Mandate:
        value = self.check_mandate(entry, today)
        with self.db.transaction():
            if records.mandate_by_reference(self.db, value.reference) is not None:
                raise InvalidValueError("A mandate with this reference already exists (a "
                                        "mandate reference is unique for a creditor).")
            new_id = records.insert_mandate(self.db, value, now_text())
            self._audit.record("brokerage.mandate_add")
        return self.mandate(new_id)

    def mandate(self, mandate_id: int) -> Mandate:
        value = records.mandate(self.db, mandate_id)
        if value is None:
            raise NotFoundError("mandate", mandate_id)
        return value

    def mandates(self) -> list[Mandate]:
        return records.mandates(self.db)

    def set_mandate_sequence(self, mandate_id: int, sequence: Sequence) -> None:
        self.mandate(mandate_id)
        with self.db.transaction():
            records.set_mandate_sequence(self.db, mandate_id, sequence)
            self._audit.record("brokerage.mandate_update")

    # -- contracts ----------------------------------------------------------------------------
    def check_contract(self, entry: ContractInput) -> Contract:
        number = validation.reference(entry.number, "contract number")
        owner = self.client_by_reference(entry.client)
        company = records.insurer_by_code(self.db, entry.insurer.strip())
        if company is None:
            raise InvalidValueError("There is no insurer with this code.")
        start, end = validation.cover(entry.cover_start, entry.cover_end)
        method = validation.payment(entry.payment)
        mandate_id = self._contract_mandate(method, entry.mandate, owner.id)
        return Contract(0, number, owner.id, company.id,
                        validation.name(entry.product, "product"), start, end,
                        validation.premium(entry.net, entry.fees, entry.tax),
                        validation.frequency(entry.frequency),
                        validation.commission_rate(entry.commission_rate), method, mandate_id)

    def _contract_mandate(self, method: PaymentMethod, reference: str,
                          client_id: int) -> int | None:
        if method is not PaymentMethod.DEBIT:
            if reference.strip():
                raise InvalidValueError("A mandate is only given for a direct debit.")
            return None
        if not reference.strip():
            raise InvalidValueError("A direct debit needs the reference of a SEPA mandate.")
        found = records.mandate_by_reference(self.db, reference.strip())
        if found is None:
            raise InvalidValueError("There is no mandate with this reference.")
        if found.client_id != client_id:
            raise InvalidValueError("The mandate belongs to another client.")
        return found.id

    def add_contract(self, entry: ContractInput) -> Contract:
        value = self.check_contract(entry)
        with self.db.transaction():
            if records.contract_by_number(self.db, value.number) is not None:
                raise InvalidValueError("A contract with this number already exists.")
            new_id = records.insert_contract(self.db, value, now_text())
            self._audit.record("brokerage.contract_add")
        return self.contract(new_id)

    def contract(self, contract_id: int) -> Contract:
        value = records.contract(self.db, contract_id)
        if value is None:
            raise NotFoundError("contract", contract_id)
        return value

    def contracts(self, client_id: int | None = None) -> list[Contract]:
        return records.contracts(self.db, client_id)

    # -- look-ups by the references people type -----------------------------------------------
    def insurer_by_code(self, code: str) -> Insurer:
        value = records.insurer_by_code(self.db, code.strip())
        if value is None:
            raise InvalidValueError("There is no insurer with this code.")
        return value

    def mandate_by_reference(self, reference: str) -> Mandate:
        value = records.mandate_by_reference(self.db, reference.strip())
        if value is None:
            raise InvalidValueError("There is no mandate with this reference.")
        return value

    def contract_by_number(self, number: str) -> Contract:
        value = records.contract_by_number(self.db, number.strip())
        if value is None:
            raise InvalidValueError("There is no contract with this number.")
        return value
