#!/usr/bin/env python3
"""A broker's month (issue 15): a portfolio of 1,000 contracts through the brokerage core.

    .venv/bin/python bench/courtage.py [--contracts 1000] [--repeat 3] [--keep]
    make bench-courtage

Each run makes a fresh vault (SQLCipher, the cheapest legal key derivation: the unlock is not
what is measured here) and runs tests/brokerage/month.py in process: import the portfolio
from CSV (every row checked: IBAN and BIC by schwifty, the SEPA rules), the month's schedule,
the pain.008 direct-debit file (built by sepaxml and validated against the ISO 20022 schema),
a camt.053 statement with every tenth debit returned, the pain.001 transfer file to the
insurers. Every step writes durably (fsync) like the product. Reported per step: the median
wall-clock seconds and CPU seconds over the runs, and contracts per second for the import.
Figures: docs/performance.md, section "Brokerage month".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(BENCH.parent))

from _common import (  # noqa: E402 - bench/ is not a package
    busy_warning,
    machine_info,
    make_workdir,
    median,
    print_table,
    remove_tree,
    save_json,
)


def one_run(work: Path, contracts: int) -> dict[str, object]:
    from app.brokerage import Brokerage
    from app.vault import create_vault
    from crypto.kdf import MIN_MEMORY_KIB, Argon2Params
    from tests.brokerage.month import run_month
    from tests.vault_keys.conftest import FakeFactor

    new = create_vault(work / "vault", "phrase de passe longue du cabinet de courtage, é",
                       FakeFactor(serial="BENCH"), name="Courtier", role="Courtier",
                       organisation="Cabinet", kdf=Argon2Params(memory_kib=MIN_MEMORY_KIB,
                                                                iterations=1, lanes=1))
    with new.session as session:
        month = run_month(Brokerage(session), work, contracts)
    return {"month": {k: v for k, v in vars(month).items() if k != "seconds"},
            "seconds": month.seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    args = parser.parse_args()
    runs = []
    for _ in range(args.repeat):
        work = make_workdir("courtage")
        try:
            runs.append(one_run(work, args.contracts))
        finally:
            if not args.keep:
                remove_tree(work)
    steps = list(runs[0]["seconds"])  # type: ignore[arg-type]
    rows = []
    for step in steps:
        wall = median([r["seconds"][step][0] for r in runs])  # type: ignore[index]
        cpu = median([r["seconds"][step][1] for r in runs])  # type: ignore[index]
        rows.append((step, f"{wall:.2f}", f"{cpu:.2f}"))
    total_wall = sum(float(r[1]) for r in rows)
    total_cpu = sum(float(r[2]) for r in rows)
    rows.append(("whole month", f"{total_wall:.2f}", f"{total_cpu:.2f}"))
    month = runs[0]["month"]
    print(f"Brokerage month: {args.contracts} contracts, {month['instalments']} instalments, "
          f"{month['debits']} debits, {month['rejected']} returned, "
          f"{month['transfers']} transfers; median of {args.repeat} runs")
    print_table(("step", "wall s", "CPU s"), rows)
    cores = machine_info().get("cores")
    warning = busy_warning(cores if isinstance(cores, int) else None)
    if warning:
        print(warning)
    path = save_json("courtage", {"contracts": args.contracts, "runs": runs,
                                  "machine": machine_info(), "table": rows})
    print(f"samples: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
