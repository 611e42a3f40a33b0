"""`courtage`: an insurance broker's portfolio in the vault (app/brokerage/, docs/courtage.md).

    scelle --vault V courtage creditor set|show
    scelle --vault V courtage clients|insurers|mandates|contracts [list|add|show]
    scelle --vault V courtage import-csv FILE
    scelle --vault V courtage schedule --from DATE --to DATE
    scelle --vault V courtage sepa debit|transfer … -o FILE
    scelle --vault V courtage bank import FILE
    scelle --vault V courtage instalments represent ID

This module parses and prints; every rule (validation, the export policy, what a file holds)
is in app/brokerage. The core is imported by the handlers, not at start: `scelle seal` never
pays for it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from cli.courtage_exchange import register_insurer_key
from cli.courtage_money import register_money
from cli.vault_output import print_json, print_table, safe
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.brokerage import Brokerage


def brokerage(context: VaultContext) -> Brokerage:
    from app.brokerage import Brokerage

    return Brokerage(context.session())


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "courtage", help="insurance brokerage: portfolio, schedules, SEPA (with --vault)",
        description="An insurance broker's portfolio in the vault: clients, insurers, SEPA "
        "mandates and contracts; schedules; SEPA direct-debit and transfer files; bank "
        "statements. See docs/courtage.md.")
    commands = group.add_subparsers(dest="courtage_command", metavar="COMMAND", required=True)
    _register_creditor(commands)
    _register_clients(commands)
    _register_insurers(commands)
    _register_mandates(commands)
    _register_contracts(commands)
    _register_import(commands)
    register_money(commands)


def _listing(commands: argparse._SubParsersAction, name: str, help_text: str,
             run_list: Any) -> argparse._SubParsersAction:
    group = commands.add_parser(name, help=help_text)
    group.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(group, run_list)
    sub = group.add_subparsers(dest=f"{name}_command", metavar="COMMAND")
    listing = sub.add_parser("list", help=f"list the {name}")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(listing, run_list)
    return sub


# -- creditor ---------------------------------------------------------------------------------
def _register_creditor(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("creditor", help="the broker's SEPA creditor details")
    sub = group.add_subparsers(dest="creditor_command", metavar="COMMAND", required=True)
    p = sub.add_parser("set", help="set the name, account and creditor identifier (ICS)")
    for option in ("--name", "--iban", "--bic", "--ics"):
        p.add_argument(option, required=True)
    vault_command(p, run_creditor_set)
    p = sub.add_parser("show", help="show the creditor details")
    p.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(p, run_creditor_show)


def run_creditor_set(args: argparse.Namespace, context: VaultContext) -> int:
    brokerage(context).portfolio.set_creditor(args.name, args.iban, args.bic, args.ics)
    print("creditor details saved")
    return 0


def run_creditor_show(args: argparse.Namespace, context: VaultContext) -> int:
    creditor = brokerage(context).portfolio.creditor()
    value = {"name": creditor.name, "iban": creditor.iban, "bic": creditor.bic,
             "ics": creditor.ics}
    if args.json:
        print_json(value)
    else:
        for key, text in value.items():
            print(f"{key}: {safe(text)}")
    return 0


# -- clients ----------------------------------------------------------------------------------
def _register_clients(commands: argparse._SubParsersAction) -> None:
    sub = _listing(commands, "clients", "clients (people and companies)", run_clients)
    p = sub.add_parser("add", help="add a client")
    p.add_argument("--ref", required=True, help="the client's reference (unique)")
    p.add_argument("--kind", required=True, choices=("person", "company"))
    p.add_argument("--name", required=True)
    p.add_argument("--email", default="")
    p.add_argument("--address", default="")
    vault_command(p, run_client_add)
    p = sub.add_parser("link", help="seal this client's notices to a contact (with Scellé)")
    p.add_argument("ref")
    p.add_argument("--contact", type=int, help="the contact's id (none: unlink)")
    vault_command(p, run_client_link)
    p = sub.add_parser("show", help="show a client and their contracts")
    p.add_argument("ref")
    p.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(p, run_client_show)


def client_json(c: Any) -> dict[str, Any]:
    return {"id": c.id, "reference": c.reference, "kind": c.kind.value, "name": c.name,
            "email": c.email, "address": c.address, "contact": c.contact_id}


def run_clients(args: argparse.Namespace, context: VaultContext) -> int:
    clients = brokerage(context).portfolio.clients()
    if args.json:
        print_json([client_json(c) for c in clients])
    else:
        print_table(("REF", "KIND", "NAME"), [(c.reference, c.kind.value, c.name)
                                              for c in clients])
    return 0


def run_client_add(args: argparse.Namespace, context: VaultContext) -> int:
    from app.brokerage.validation import ClientInput

    client = brokerage(context).portfolio.add_client(
        ClientInput(args.ref, args.kind, args.name, args.email, args.address))
    print(f"added client {safe(client.reference)}")
    return 0


def run_client_link(args: argparse.Namespace, context: VaultContext) -> int:
    client = brokerage(context).portfolio.link_contact(args.ref, args.contact)
    print(f"client {safe(client.reference)}: " + (f"notices sealed to contact {args.contact}"
                                                  if args.contact else "no contact"))
    return 0


def run_client_show(args: argparse.Namespace, context: VaultContext) -> int:
    b = brokerage(context)
    client = b.portfolio.client_by_reference(args.ref)
    value = {**client_json(client),
             "contracts": [c.number for c in b.portfolio.contracts(client.id)]}
    if args.json:
        print_json(value)
    else:
        for key, text in value.items():
            print(f"{key}: {safe(', '.join(text) if isinstance(text, list) else str(text))}")
    return 0


# -- insurers ---------------------------------------------------------------------------------
def _register_insurers(commands: argparse._SubParsersAction) -> None:
    sub = _listing(commands, "insurers", "insurance companies", run_insurers)
    p = sub.add_parser("add", help="add an insurer")
    p.add_argument("--code", required=True, help="the insurer's short code (unique)")
    p.add_argument("--name", required=True)
    p.add_argument("--iban", required=True, help="the account premiums are paid to")
    p.add_argument("--bic", required=True)
    vault_command(p, run_insurer_add)
    register_insurer_key(sub)


def run_insurers(args: argparse.Namespace, context: VaultContext) -> int:
    insurers = brokerage(context).portfolio.insurers()
    if args.json:
        print_json([{"id": i.id, "code": i.code, "name": i.name, "iban": i.iban, "bic": i.bic}
                    for i in insurers])
    else:
        print_table(("CODE", "BIC", "NAME"), [(i.code, i.bic, i.name) for i in insurers])
    return 0


def run_insurer_add(args: argparse.Namespace, context: VaultContext) -> int:
    from app.brokerage.validation import InsurerInput

    insurer = brokerage(context).portfolio.add_insurer(
        InsurerInput(args.code, args.name, args.iban, args.bic))
    print(f"added insurer {safe(insurer.code)}")
    return 0


# -- mandates ---------------------------------------------------------------------------------
def _register_mandates(commands: argparse._SubParsersAction) -> None:
    sub = _listing(commands, "mandates", "SEPA direct-debit mandates", run_mandates)
    p = sub.add_parser("add", help="record a signed SEPA mandate")
    p.add_argument("--ref", required=True, help="the unique mandate reference (RUM)")
    p.add_argument("--client", required=True, help="the client's reference")
    p.add_argument("--iban", required=True)
    p.add_argument("--bic", required=True)
    p.add_argument("--signed", required=True, help="signature date, YYYY-MM-DD")
    p.add_argument("--sequence", default="FRST", choices=("FRST", "RCUR", "FNAL"),
                   help="the next debit's sequence type (default FRST: never collected)")
    vault_command(p, run_mandate_add)


def run_mandates(args: argparse.Namespace, context: VaultContext) -> int:
    b = brokerage(context)
    mandates = b.portfolio.mandates()
    rows = [{"id": m.id, "reference": m.reference, "client": b.portfolio.client(m.client_id)
             .reference, "iban": m.iban, "bic": m.bic, "signed_on": m.signed_on.isoformat(),
             "sequence": m.sequence.value} for m in mandates]
    if args.json:
        print_json(rows)
    else:
        print_table(("REF", "CLIENT", "SIGNED", "SEQUENCE"),
                    [(r["reference"], r["client"], r["signed_on"], r["sequence"]) for r in rows])
    return 0


def run_mandate_add(args: argparse.Namespace, context: VaultContext) -> int:
    from app.brokerage.validation import MandateInput

    mandate = brokerage(context).portfolio.add_mandate(
        MandateInput(args.ref, args.client, args.iban, args.bic, args.signed, args.sequence))
    print(f"added mandate {safe(mandate.reference)}")
    return 0


# -- contracts --------------------------------------------------------------------------------
def _register_contracts(commands: argparse._SubParsersAction) -> None:
    sub = _listing(commands, "contracts", "insurance contracts", run_contracts)
    p = sub.add_parser("add", help="add a contract")
    p.add_argument("--number", required=True)
    p.add_argument("--client", required=True, help="the client's reference")
    p.add_argument("--insurer", required=True, help="the insurer's code")
    p.add_argument("--product", required=True)
    p.add_argument("--start", required=True, help="cover start, YYYY-MM-DD")
    p.add_argument("--end", default="", help="cover end (default: renewed every year)")
    p.add_argument("--net", required=True, help="annual net premium, e.g. 1234.56")
    p.add_argument("--fees", default="0", help="annual fees")
    p.add_argument("--tax", default="0", help="annual insurance tax")
    p.add_argument("--split", required=True,
                   choices=("annual", "half-yearly", "quarterly", "monthly"))
    p.add_argument("--commission", required=True, help="commission rate in percent")
    p.add_argument("--payment", required=True, choices=("debit", "transfer", "cheque"))
    p.add_argument("--mandate", default="", help="the mandate reference, for a debit")
    vault_command(p, run_contract_add)
    p = sub.add_parser("show", help="show a contract and its instalments")
    p.add_argument("number")
    p.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(p, run_contract_show)


def contract_json(b: Brokerage, c: Any) -> dict[str, Any]:
    from app.brokerage.money import format_cents, format_rate

    return {"id": c.id, "number": c.number, "client": b.portfolio.client(c.client_id).reference,
            "insurer": b.portfolio.insurer(c.insurer_id).code, "product": c.product,
            "cover_start": c.cover_start.isoformat(),
            "cover_end": c.cover_end.isoformat() if c.cover_end else None,
            "net": format_cents(c.premium.net), "fees": format_cents(c.premium.fees),
            "tax": format_cents(c.premium.tax), "annual": format_cents(c.premium.total),
            "split": c.frequency.value, "commission_rate": format_rate(c.commission_bp),
            "payment": c.payment.value,
            "mandate": b.portfolio.mandate(c.mandate_id).reference if c.mandate_id else None}


def run_contracts(args: argparse.Namespace, context: VaultContext) -> int:
    b = brokerage(context)
    rows = [contract_json(b, c) for c in b.portfolio.contracts()]
    if args.json:
        print_json(rows)
    else:
        print_table(("NUMBER", "CLIENT", "INSURER", "ANNUAL", "SPLIT", "PRODUCT"),
                    [(r["number"], r["client"], r["insurer"], r["annual"], r["split"],
                      r["product"]) for r in rows], right=(3,))
    return 0


def run_contract_add(args: argparse.Namespace, context: VaultContext) -> int:
    from app.brokerage.validation import ContractInput

    contract = brokerage(context).portfolio.add_contract(ContractInput(
        args.number, args.client, args.insurer, args.product, args.start, args.end, args.net,
        args.fees, args.tax, args.split, args.commission, args.payment, args.mandate))
    print(f"added contract {safe(contract.number)}")
    return 0


def run_contract_show(args: argparse.Namespace, context: VaultContext) -> int:
    from cli.courtage_money import instalment_json

    b = brokerage(context)
    contract = b.portfolio.contract_by_number(args.number)
    value = {**contract_json(b, contract), "instalments": [
        instalment_json(b, i) for i in b.schedules.instalments_of(contract.id)]}
    if args.json:
        print_json(value)
        return 0
    for key, text in value.items():
        if key != "instalments":
            print(f"{key}: {safe(str(text))}")
    for item in value["instalments"]:
        print(f"  {item['due_date']}  {item['amount']:>10}  {item['state']}")
    return 0


# -- CSV import -------------------------------------------------------------------------------
def _register_import(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("import-csv", help="import a portfolio from a CSV file",
                            description="One row per contract with its client, insurer and "
                            "mandate (columns in docs/courtage.md). Bad rows are reported with "
                            "their line number and left out whole.")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    vault_command(p, run_import)


def run_import(args: argparse.Namespace, context: VaultContext) -> int:
    from pathlib import Path

    report = brokerage(context).importer.import_file(Path(args.file))
    if args.json:
        print_json({"imported": report.imported,
                    "rejected": [{"line": r.line, "reason": r.reason} for r in report.rejected]})
    else:
        print(f"imported {report.imported} contract(s), rejected {len(report.rejected)} row(s)")
        for row in report.rejected:
            print(f"  line {row.line}: {safe(row.reason)}")
    return 0 if not report.rejected else 1  # the good rows are kept; the bad are listed
