"""Documents and cases of the vault: `import`, `ls`, `search`, `show`, `export`, `rm`, `cases`.

Every command maps options onto `session.importer`, `.documents`, `.search` and `.cases`; the
services do the work and the checks (atomic imports, verified exports, crypto-shredding).
Documents are named by their numeric id (`ls`, `search` and `import` print it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.records import is_id
from cli.common import CliInputError, CliUsageError, Progress, check_output_path, is_stdio
from cli.vault_output import (
    case_json,
    document_json,
    human_size,
    info,
    print_documents,
    print_json,
    print_table,
    safe,
    when,
)
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.vault import VaultSession


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_import(subparsers)
    _register_ls(subparsers)
    _register_search(subparsers)
    _register_show(subparsers)
    _register_export(subparsers)
    _register_rm(subparsers)
    _register_cases(subparsers)


def document_id(text: str) -> int:
    """argparse type of a document, case or contact id (a positive whole number)."""
    if not (text.isascii() and text.isdigit()) or not is_id(int(text)):
        raise argparse.ArgumentTypeError(f"'{text}' is not an id (a positive whole number)")
    return int(text)


# ---------------------------------------------------------------------------------------------
# Cases named on the command line


def find_case(session: VaultSession, name: str, *, create: bool = False) -> int:
    """The id of the case called `name` (the core's rule, `Cases.find_by_name`); made if
    missing and `create`, which is said on standard error."""
    found = session.cases.find_by_name(name, create=create)
    if found.created:
        info(f"created case {found.id}")
    return found.id


def case_names(session: VaultSession) -> dict[int, str]:
    return {c.id: c.name for c in session.cases.list()}


# ---------------------------------------------------------------------------------------------
# import


def _register_import(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "import", help="import files or folders into the vault (with --vault)",
        description="Encrypt files into the vault. A folder is imported with its sub-folders "
        "(document names are the relative paths), into --case or a new case named after it.")
    p.add_argument("--case", metavar="NAME", help="file the documents in this case (created "
                   "if missing)")
    p.add_argument("--tag", action="append", default=[], metavar="TAG",
                   help="tag the imported documents; repeatable")
    p.add_argument("--json", action="store_true", help="print the imported documents as JSON")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    vault_command(p, run_import, check_import)


def check_import(args: argparse.Namespace) -> None:
    for path in args.paths:
        candidate = Path(path)
        if candidate.is_symlink() or not (candidate.is_file() or candidate.is_dir()):
            what = "not found" if not candidate.exists() else "not a regular file or folder"
            raise CliInputError(f"file to import '{path}': {what}")


def run_import(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    case_id = find_case(session, args.case, create=True) if args.case else None
    imported, skipped = [], []
    for path in map(Path, args.paths):
        if path.is_dir():
            report = session.importer.import_folder(path, case=case_id, tags=args.tag)
            # One listing of the case rather than one query per document (thousands of files).
            by_id = {d.id: d for d in session.documents.list(case_id=report.case_id)}
            imported += [by_id[i] for i in report.imported]
            skipped += [(f"{path}/{rel}", why) for rel, why in report.skipped]
            continue
        progress = Progress(f"importing {safe(path.name)}")
        try:
            imported.append(session.importer.import_file(path, case=case_id, tags=args.tag,
                                                         progress=progress))
        finally:
            progress.finish()
    names = case_names(session)
    if args.json:
        print_json({"imported": [document_json(d, names) for d in imported],
                    "skipped": [{"path": p, "reason": r} for p, r in skipped]})
    else:
        for doc in imported:
            print(f"imported {doc.id}  {safe(doc.name)}  ({human_size(doc.size)})")
    for path, reason in skipped:
        info(f"skipped {safe(path)}: {reason}")
    return 0


# ---------------------------------------------------------------------------------------------
# ls, search, show


def _register_ls(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ls", help="list the vault's documents (with --vault)",
                              description="List documents by name, with their ids.")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--case", metavar="NAME", help="only the documents of this case")
    where.add_argument("--unfiled", action="store_true", help="only documents in no case")
    p.add_argument("--tag", metavar="TAG", help="only documents with this tag")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    vault_command(p, run_ls)


def run_ls(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    case_id = find_case(session, args.case) if args.case else None
    docs = session.documents.list(case_id=case_id, unfiled=args.unfiled, tag=args.tag)
    names = case_names(session)
    if args.json:
        print_json([document_json(d, names) for d in docs])
    else:
        print_documents(docs, names)
    return 0


def _register_search(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "search", help="full-text search in the vault (with --vault)",
        description="Find documents whose name, notes, tags, case or PDF text hold every word "
        "(case and accents ignored; the last word may be the start of a word).")
    p.add_argument("--case", metavar="NAME", help="search only this case")
    p.add_argument("--limit", type=int, default=50, metavar="N",
                   help="at most N results (default 50)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("query", nargs="+", metavar="WORD", help="words to look for")
    vault_command(p, run_search, _check_limit)


def _check_limit(args: argparse.Namespace) -> None:
    if not 1 <= args.limit <= 10_000:
        raise CliUsageError("--limit must be between 1 and 10000")


def run_search(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    case_id = find_case(session, args.case) if args.case else None
    hits = session.search.search(" ".join(args.query), case_id=case_id, limit=args.limit)
    if args.json:
        print_json([{"id": h.document_id, "name": h.name, "media_type": h.media_type,
                     "case_id": h.case_id, "in_metadata": h.in_metadata} for h in hits])
        return 0
    rows = [(h.document_id, h.media_type, "-" if h.case_id is None else h.case_id,
             h.name if h.in_metadata else f"{h.name}  (in its text)") for h in hits]
    print_table(("ID", "TYPE", "CASE", "NAME"), rows, right=(0, 2))
    return 0


def _register_show(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("show", help="show a document's details (with --vault)",
                              description="Name, type, case, tags, notes and versions of a "
                              "document (its content stays encrypted: see `export`).")
    p.add_argument("id", type=document_id, metavar="ID", help="document id")
    p.add_argument("--json", action="store_true", help="print the details as JSON")
    vault_command(p, run_show)


def _view_only_text(value: dict) -> str:
    if not value["view_only"]:
        return "no"
    end = value["consult_until"]
    return f"yes, destroyed after {end}" if end else "yes"


def run_show(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    doc = session.documents.get(args.id)
    value = document_json(doc, case_names(session))
    value["notes"] = doc.notes
    flag = session.documents.view_only(doc.id)
    value["view_only"] = flag is not None
    value["consult_until"] = when(flag.consult_until) if flag and flag.consult_until else None
    value["versions"] = [{"number": v.number, "size": v.size, "sha256": v.sha256.hex(),
                          "created_at": when(v.created_at)}
                         for v in session.documents.versions(doc.id)]
    if args.json:
        print_json(value)
        return 0
    case = "-" if doc.case_id is None else f"{doc.case_id} ({safe(value['case'] or '')})"
    for label, text in (("Document", doc.id), ("Name", safe(doc.name)),
                        ("Type", doc.media_type), ("Size", f"{doc.size} bytes"),
                        ("SHA-256", doc.sha256.hex()), ("Case", case),
                        ("Tags", safe(", ".join(doc.tags)) or "-"),
                        ("Created", value["created_at"]), ("Imported", value["imported_at"]),
                        ("View-only", _view_only_text(value)),
                        ("Versions", len(value["versions"]))):
        print(f"{label + ':':<14} {text}")
    if doc.notes:
        print("Notes:")
        for line in doc.notes.splitlines():
            print(f"  {safe(line)}")
    return 0


# ---------------------------------------------------------------------------------------------
# export, rm, cases


def _register_export(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export", help="write a document's plaintext to a file (with --vault)",
        description="Decrypt a document to PATH. The content is checked against its recorded "
        "SHA-256 before PATH appears; a damaged document leaves nothing behind. With -o -, "
        "the plaintext goes to standard output (checked at the end: what was written stays "
        "written); refused on a terminal unless --force.")
    p.add_argument("id", type=document_id, metavar="ID", help="document id")
    p.add_argument("-o", "--output", required=True, metavar="PATH",
                   help="file to create ('-': standard output)")
    p.add_argument("--version", type=int, metavar="N", help="an older version (default: the "
                   "latest)")
    p.add_argument("--force", action="store_true",
                   help="replace PATH if it exists; with -o -, write to a terminal anyway")
    vault_command(p, run_export, check_export)


def check_export(args: argparse.Namespace) -> None:
    # Before the vault is unlocked: a refused export asks for no passphrase, PIN or code. The
    # export itself checks again (app/documents.py), whoever calls it. Imported here: the vault
    # services are not loaded while the parser is built (`scelle age …` does not pay for them).
    from app.documents import require_export_allowed

    require_export_allowed()
    if is_stdio(args.output):
        # `-o` is required here, so `-o -` cannot be the explicit "yes, to the terminal" it is
        # for `age`: a document (a PDF, an image) would garble the terminal and stay in its
        # scrollback. --force says it is meant.
        if sys.stdout.isatty() and not args.force:
            raise CliUsageError("refusing to write a document's plaintext to the terminal; "
                                "redirect standard output, or add --force")
        return
    check_output_path(args.output, overwrite=args.force)


def run_export(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    progress = Progress("exporting")
    try:
        if is_stdio(args.output):
            session.documents.export_to_stream(args.id, sys.stdout.buffer, version=args.version,
                                               progress=progress)
            sys.stdout.buffer.flush()
            return 0
        path = session.documents.export(args.id, Path(args.output), version=args.version,
                                        overwrite=args.force, progress=progress)
    finally:
        progress.finish()
    print(f"exported document {args.id} to {path}")
    return 0


def _register_rm(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "rm", help="delete documents for good (with --vault)",
        description="Crypto-shred documents: their keys are erased from the database and "
        "their encrypted files removed. All or nothing: an unknown id or a document under "
        "legal hold stops the whole command.")
    p.add_argument("ids", nargs="+", type=document_id, metavar="ID", help="document ids")
    vault_command(p, run_rm)


def run_rm(args: argparse.Namespace, context: VaultContext) -> int:
    count = context.session().documents.delete_many(args.ids)
    print(f"deleted {count} document(s)")
    return 0


def _register_cases(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("cases", help="list the vault's cases (with --vault)",
                              description="List cases with their ids and document counts.")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    vault_command(p, run_cases)


def run_cases(args: argparse.Namespace, context: VaultContext) -> int:
    cases = context.session().cases.list()
    if args.json:
        print_json([case_json(c) for c in cases])
        return 0
    rows = [(c.id, c.document_count, "yes" if c.legal_hold else "", c.reference, c.name)
            for c in cases]
    print_table(("ID", "DOCS", "HOLD", "REFERENCE", "NAME"), rows, right=(0, 1))
    return 0
