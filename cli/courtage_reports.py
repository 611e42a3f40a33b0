"""Printing an insurer statement's match report, for `courtage statement import` and
`courtage statement inbox` alike."""

from __future__ import annotations

from typing import Any

from cli.vault_output import print_json, safe


def statement_report_json(report: Any) -> dict[str, Any]:
    from app.brokerage.money import format_cents

    return {"family": report.family, "matched": report.matched,
            "unknown": [{"line": n, "why": why} for n, why in report.unknown],
            "differences": [{"line": d.line, "contract": d.contract,
                             "due_date": d.due_date.isoformat(), "what": d.what,
                             "ours": format_cents(d.ours), "theirs": format_cents(d.theirs)}
                            for d in report.differences],
            "commission_ours": format_cents(report.commission_ours),
            "commission_theirs": format_cents(report.commission_theirs)}


def print_statement_report(report: Any, as_json: bool, indent: str = "") -> None:
    """A statement's match report (app/brokerage/insurer_statements.StatementReport)."""
    value = statement_report_json(report)
    if as_json:
        print_json(value)
        return
    print(f"{indent}{report.family}: {report.matched} line(s) matched, "
          f"{len(report.unknown)} unknown, {len(report.differences)} difference(s)")
    if report.family == "commissions":
        print(f"{indent}  commissions: ours {value['commission_ours']} EUR, insurer's "
              f"{value['commission_theirs']} EUR")
    for n, why in report.unknown:
        print(f"{indent}  line {n}: {why}")
    for d in value["differences"]:
        print(f"{indent}  line {d['line']}: {safe(d['contract'])} due {d['due_date']}: "
              f"{d['what']} ours {d['ours']}, insurer's {d['theirs']}")
