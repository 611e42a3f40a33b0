"""`courtage schedule`, `courtage sepa debit|transfer`, `courtage bank import`,
`courtage instalments represent`: the money side of the brokerage commands (cli/courtage_cmd.py
registers them). The SEPA files are exports: a workstation policy forbidding exports refuses
them before the vault is unlocked, and the core asks the same rule again when writing."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.common import CliUsageError, check_output_path
from cli.courtage_exchange import register_inbox, send_notices
from cli.courtage_reports import print_statement_report
from cli.vault_output import print_json, print_table, safe
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.brokerage import Brokerage


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliUsageError(f"{option} {text!r} is not a date: write it YYYY-MM-DD") from None


def _brokerage(context: VaultContext) -> Brokerage:
    from app.brokerage import Brokerage

    return Brokerage(context.session())


def instalment_json(b: Brokerage, i: Any) -> dict[str, Any]:
    from app.brokerage.money import format_cents

    return {"id": i.id, "contract": b.portfolio.contract(i.contract_id).number,
            "due_date": i.due_date.isoformat(), "period_start": i.period_start.isoformat(),
            "period_end": i.period_end.isoformat(), "net": format_cents(i.premium.net),
            "fees": format_cents(i.premium.fees), "tax": format_cents(i.premium.tax),
            "amount": format_cents(i.amount), "commission": format_cents(i.commission),
            "state": i.state.value, "reject_code": i.reject_code,
            "reject_reason": i.reject_reason}


def register_money(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("schedule", help="the instalments due over a period",
                            description="Record and list the instalments every contract "
                            "generates from --from to --to (both included).")
    p.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(p, run_schedule, lambda a: (_day(a.start, "--from"), _day(a.end, "--to")))
    _register_sepa(commands)
    bank = commands.add_parser("bank", help="bank statements and rejects")
    sub = bank.add_subparsers(dest="bank_command", metavar="COMMAND", required=True)
    p = sub.add_parser("import", help="mark instalments from a camt.053, camt.054 or pain.002")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    vault_command(p, run_bank_import)
    _register_notices(commands)
    p = commands.add_parser("accounting", help="the journal entries as a FEC (or CSV) file",
                            description="Premiums collected, commissions earned and amounts "
                            "paid to insurers in the period, as the French FEC (18 "
                            "tab-separated columns) or, with --csv, as CSV. An export.")
    p.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    p.add_argument("--csv", action="store_true", help="CSV instead of the FEC")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    vault_command(p, run_accounting, _check_notices)
    group = commands.add_parser("statement", help="insurers' premium and commission statements")
    sub = group.add_subparsers(dest="statement_command", metavar="COMMAND", required=True)
    p = sub.add_parser("import", help="match a statement (scelle-courtage-statement/1) to the "
                       "portfolio and reconcile its commissions")
    p.add_argument("file", help="the statement's file, or with --document the id of the "
                   "vault document it was received as (sealed by the insurer)")
    p.add_argument("--document", action="store_true",
                   help="FILE is a vault document id: read in the vault, never written out")
    p.add_argument("--mapping", help="FILE is the insurer's own CSV, read through this mapping "
                   "(scelle-courtage-mapping/1)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    vault_command(p, run_statement)
    register_inbox(sub)
    group = commands.add_parser("instalments", help="instalments")
    sub = group.add_subparsers(dest="instalments_command", metavar="COMMAND", required=True)
    p = sub.add_parser("represent", help="present a rejected instalment again")
    p.add_argument("id", type=int)
    vault_command(p, run_represent)


def _register_sepa(commands: argparse._SubParsersAction) -> None:
    sepa = commands.add_parser("sepa", help="SEPA files for the bank")
    sub = sepa.add_subparsers(dest="sepa_command", metavar="COMMAND", required=True)
    p = sub.add_parser("debit", help="the direct-debit file (pain.008) of what is due")
    p.add_argument("--collection", required=True, help="collection date, YYYY-MM-DD")
    p.add_argument("--version", default="pain.008.001.02",
                   choices=("pain.008.001.02", "pain.008.001.08"))
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    vault_command(p, run_debit, lambda a: _check_export(a, a.collection, "--collection"))
    p = sub.add_parser("transfer", help="the credit-transfer file (pain.001) to the insurers")
    p.add_argument("--execution", default=date.today().isoformat(),
                   help="execution date, YYYY-MM-DD (default: today)")
    p.add_argument("--version", default="pain.001.001.03",
                   choices=("pain.001.001.03", "pain.001.001.09"))
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    vault_command(p, run_transfer, lambda a: _check_export(a, a.execution, "--execution"))


def _check_export(args: argparse.Namespace, day: str, option: str) -> None:
    # Before the vault is unlocked (a courtesy: the core asks again when it writes).
    from app.policy import require_export_allowed

    _day(day, option)
    require_export_allowed("Writing a SEPA file")
    check_output_path(args.output, overwrite=args.force)


def run_schedule(args: argparse.Namespace, context: VaultContext) -> int:
    from app.brokerage.money import format_cents

    b = _brokerage(context)
    schedule = b.schedules.make(_day(args.start, "--from"), _day(args.end, "--to"))
    rows = [instalment_json(b, i) for i in schedule.instalments]
    if args.json:
        print_json({"from": args.start, "to": args.end, "new": schedule.new,
                    "total": format_cents(schedule.total_cents), "instalments": rows})
        return 0
    print_table(("ID", "DUE", "CONTRACT", "NET", "FEES", "TAX", "AMOUNT", "STATE"),
                [(r["id"], r["due_date"], r["contract"], r["net"], r["fees"], r["tax"],
                  r["amount"], r["state"]) for r in rows], right=(0, 3, 4, 5, 6))
    print(f"{len(rows)} instalment(s), {format_cents(schedule.total_cents)} EUR "
          f"({schedule.new} newly recorded)")
    return 0


def _print_file(result: Any, what: str) -> None:
    from app.brokerage.money import format_cents

    print(f"wrote {what} {result.path} ({result.version}, message {result.message_id}): "
          f"{result.transactions} transaction(s), {format_cents(result.total_cents)} EUR")
    for batch in result.batches:
        print(f"  {batch.sequence} {batch.day}: {batch.transactions} transaction(s), "
              f"{format_cents(batch.total_cents)} EUR")


def run_debit(args: argparse.Namespace, context: VaultContext) -> int:
    result = _brokerage(context).collections.debit_file(
        _day(args.collection, "--collection"), Path(args.output), version=args.version,
        replace=args.force)
    _print_file(result, "direct-debit file")
    return 0


def run_transfer(args: argparse.Namespace, context: VaultContext) -> int:
    result = _brokerage(context).collections.transfer_file(
        _day(args.execution, "--execution"), Path(args.output), version=args.version,
        replace=args.force)
    _print_file(result, "credit-transfer file")
    return 0


def run_bank_import(args: argparse.Namespace, context: VaultContext) -> int:
    report = _brokerage(context).bank.import_file(Path(args.file))
    if args.json:
        print_json({"kind": report.kind, "paid": report.paid, "unchanged": report.unchanged,
                    "rejected": [{"instalment": r.instalment_id, "contract": r.contract_number,
                                  "due_date": r.due_date.isoformat(), "code": r.code,
                                  "reason": r.reason} for r in report.rejected],
                    "unmatched": [{"reference": u.end_to_end_id, "why": u.why}
                                  for u in report.unmatched]})
        return 0
    print(f"{report.kind}: {len(report.paid)} paid, {len(report.rejected)} rejected, "
          f"{report.unchanged} unchanged, {len(report.unmatched)} not matched")
    for r in report.rejected:
        print(f"  rejected: instalment {r.instalment_id}, contract {safe(r.contract_number)} "
              f"due {r.due_date}: {r.code or '-'} {r.reason}")
    for u in report.unmatched:
        print(f"  not matched: {safe(u.end_to_end_id)}: {u.why}")
    return 0


def run_represent(args: argparse.Namespace, context: VaultContext) -> int:
    _brokerage(context).schedules.represent(args.id)
    print(f"instalment {args.id} will be in the next direct-debit file")
    return 0


def _register_notices(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "notices", help="premium notices and receipts (PDF) filed in the clients' cases",
        description="File in each client's case the notice (avis d'échéance) of every "
        "instalment due in the period, or with --receipts the receipt (quittance) of every "
        "paid one; each once. With -o, write instead one print-ready PDF of them (an export).")
    p.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    p.add_argument("--receipts", action="store_true", help="receipts of paid instalments")
    p.add_argument("-o", "--output", help="write one PDF to print instead (an export)")
    p.add_argument("--seal-to", metavar="FOLDER", help="seal the filed ones, per client linked "
                   "to a contact, into FOLDER/REF-avis-DATE.scelle (only the client opens it)")
    p.add_argument("--send", action="store_true", help="file them, then send them through the "
                   "relay, one envelope per client linked to a contact (not sent twice)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    vault_command(p, run_notices, _check_notices)


def _check_notices(args: argparse.Namespace) -> None:
    """Dates, and for an output file the export rule, before the vault is unlocked."""
    _day(args.start, "--from")
    _day(args.end, "--to")
    if getattr(args, "seal_to", None) is not None and args.output is not None:
        raise CliUsageError("--seal-to and -o are exclusive: sealed files, or one PDF to print")
    if getattr(args, "send", False) and (args.output is not None or args.seal_to is not None):
        raise CliUsageError("--send is exclusive with -o and --seal-to")
    if args.output is not None:
        from app.policy import require_export_allowed

        require_export_allowed("Writing this file")
        check_output_path(args.output, overwrite=args.force)


def run_notices(args: argparse.Namespace, context: VaultContext) -> int:
    notices = _brokerage(context).notices
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    what = "receipt" if args.receipts else "notice"
    if args.output is not None:
        pages = notices.print_batch(start, end, Path(args.output), receipts=args.receipts,
                                    replace=args.force)
        print(f"wrote {pages} {what}(s) to {args.output}")
        return 0
    if args.seal_to is not None:
        return _seal_notices(notices, start, end, Path(args.seal_to), args.receipts)
    issued = notices.issue(start, end, receipts=args.receipts)
    print(f"filed {len(issued)} {what}(s) in the clients' cases")
    for item in issued:
        print(f"  instalment {item.instalment_id}: document {item.document_id}, "
              f"case {item.case_id}")
    if args.send:
        return send_notices(context, notices, start, end, args.receipts)
    return 0


def run_statement(args: argparse.Namespace, context: VaultContext) -> int:
    statements = _brokerage(context).statements
    mapping = Path(args.mapping) if args.mapping else None
    if args.document:
        if not (args.file.isascii() and args.file.isdigit()):
            raise CliUsageError(f"'{args.file}' is not a document id (a positive whole number)")
        report = statements.import_document(context.session().documents, int(args.file),
                                            mapping)
    elif mapping is not None:
        report = statements.import_csv(Path(args.file), mapping)
    else:
        report = statements.import_file(Path(args.file))
    print_statement_report(report, args.json)
    return 0


def run_accounting(args: argparse.Namespace, context: VaultContext) -> int:
    entries = _brokerage(context).accounting.export(
        _day(args.start, "--from"), _day(args.end, "--to"), Path(args.output),
        as_csv=args.csv, replace=args.force)
    print(f"wrote {entries} balanced entries to {args.output} ({'CSV' if args.csv else 'FEC'})")
    return 0


def _seal_notices(notices: Any, start: date, end: date, folder: Path, receipts: bool) -> int:
    if not folder.is_dir():
        raise CliUsageError(f"--seal-to {folder}: not a folder")
    refused = 0
    for done in notices.seal_for_clients(start, end, folder, receipts=receipts):
        if done.path is None:
            refused += 1
            print(f"  {safe(done.client)}: not sealed: {done.refused}")
        else:
            print(f"  {safe(done.client)}: {done.documents} document(s) sealed to {done.path}")
    return 1 if refused else 0
