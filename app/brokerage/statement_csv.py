"""Insurers' statements in the CSV an insurer already produces, read through a mapping file
per insurer (docs/courtage.md §8) into the same `Statement` as the JSON format, then matched
and reconciled alike (app/brokerage/insurer_statements.py).

    {"format": "scelle-courtage-mapping/1", "insurer": "AXA", "family": "commissions",
     "delimiter": ";", "date_format": "DD/MM/YYYY",
     "columns": {"contract": "N° police", "due_date": "Date d'échéance",
                 "premium": "Prime TTC", "commission": "Commission"}}

The statement's id is the file's SHA-256 (its first 31 hex digits, prefixed `CSV-`), so the
same file is never applied twice. Both files come from outside: the mapping is read strictly
(crypto/strict_json.py), the CSV must be UTF-8 (BOM allowed), at most 16 MB, and a bad row
refuses the whole file with its line number.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.brokerage.statement_format import (
    MAX_STATEMENT,
    Statement,
    StatementError,
    StatementLine,
)
from app.brokerage.money import parse_amount
from app.brokerage.validation import reference
from app.records import InvalidValueError
from crypto.strict_json import load_strict

MAPPING_FORMAT = "scelle-courtage-mapping/1"
_KEYS = {"format", "insurer", "family", "delimiter", "date_format", "columns"}
_FIELDS = ("contract", "due_date", "premium", "commission")
_DATE_FORMATS = {"YYYY-MM-DD": "%Y-%m-%d", "DD/MM/YYYY": "%d/%m/%Y", "DD.MM.YYYY": "%d.%m.%Y",
                 "YYYYMMDD": "%Y%m%d"}


def _read(path: Path, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_STATEMENT + 1)
    except OSError as exc:
        raise StatementError(f"Could not read {path}: {exc.strerror or exc}.") from None
    if len(data) > MAX_STATEMENT:
        raise StatementError(f"The {what} is too large (16 MB at most).")
    return data


def parse_mapping(data: bytes) -> dict[str, Any]:
    obj = load_strict(data, StatementError, "The mapping file", max_bytes=1024 * 1024)
    if not isinstance(obj, dict) or set(obj) != _KEYS or obj["format"] != MAPPING_FORMAT:
        raise StatementError(f"The mapping file must be {MAPPING_FORMAT} with exactly the "
                             f"fields {', '.join(sorted(_KEYS))}.")
    columns = obj["columns"]
    if not isinstance(columns, dict) or set(columns) != set(_FIELDS) or not all(
            isinstance(v, str) and v for v in columns.values()):
        raise StatementError("The mapping's columns must name the CSV column of each of "
                             f"{', '.join(_FIELDS)}.")
    if obj["family"] not in ("premiums", "commissions"):
        raise StatementError("The mapping's family must be premiums or commissions.")
    if obj["delimiter"] not in (";", ",", "\t", "|"):
        raise StatementError("The mapping's delimiter must be ; , | or a tab.")
    if obj["date_format"] not in _DATE_FORMATS:
        raise StatementError(f"The mapping's date_format must be one of "
                             f"{', '.join(_DATE_FORMATS)}.")
    return obj


def _line(row: dict[str, str], mapping: dict[str, Any], line: int) -> StatementLine:
    columns = mapping["columns"]
    try:
        values = {f: row[columns[f]] for f in _FIELDS}
        day = datetime.strptime(values["due_date"].strip(),
                                _DATE_FORMATS[mapping["date_format"]]).date()
        return StatementLine(reference(values["contract"], "contract number"), day,
                             parse_amount(values["premium"], "premium"),
                             parse_amount(values["commission"], "commission"))
    except (KeyError, TypeError):
        raise StatementError(f"Line {line} of the CSV lacks a mapped column.") from None
    except ValueError:
        raise StatementError(f"Line {line} of the CSV has a due date not in the mapping's "
                             "date_format.") from None
    except InvalidValueError as exc:
        raise StatementError(f"Line {line} of the CSV: {exc}") from None


def statement_from_csv(csv_path: Path, mapping_path: Path) -> Statement:
    return statement_from_csv_bytes(_read(csv_path, "CSV file"), mapping_path)


def statement_from_csv_bytes(data: bytes, mapping_path: Path) -> Statement:
    mapping = parse_mapping(_read(mapping_path, "mapping file"))
    if len(data) > MAX_STATEMENT:
        raise StatementError("The CSV file is too large (16 MB at most).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementError("The CSV file is not UTF-8 text.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=mapping["delimiter"])
    missing = [c for c in mapping["columns"].values() if c not in (reader.fieldnames or [])]
    if missing:
        raise StatementError(f"The CSV file has no column {', '.join(missing)}.")
    lines = tuple(_line(row, mapping, reader.line_num) for row in reader)
    if not lines:
        raise StatementError("The CSV file has no line.")
    try:
        insurer = reference(mapping["insurer"], "insurer code")
    except InvalidValueError as exc:
        raise StatementError(str(exc)) from None
    # 31 hex digits: with the prefix, the 35 characters a statement id may have, so the same
    # statement can travel in the JSON format (the reference insurer client converts it).
    digest = hashlib.sha256(data).hexdigest()[:31]
    return Statement(mapping["family"], insurer, f"CSV-{digest}", date.today(), lines)
