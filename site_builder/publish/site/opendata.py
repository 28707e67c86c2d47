"""Write the site's open data folder (`du-lieu/`): CSV files plus a Frictionless `datapackage.json`.

Plain data in, files out. CSV files are UTF-8 with a BOM (Excel needs it to show Vietnamese),
CRLF line endings (RFC 4180), and every text cell is guarded against formula injection
(CWE-1236). The descriptor declares `"encoding": "utf-8"` (the IANA name the Data Package spec
asks for); frictionless 5.21 detects the BOM and strips it, so the package validates as is.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.vietnamese.text import nfc, slugify

TYPES = ("string", "integer", "number", "date", "boolean")
ENCODING = "utf-8"
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
GUARD_NOTE = ("Ô văn bản bắt đầu bằng các ký tự =, +, -, @, Tab hoặc CR đã được thêm dấu nháy đơn (') "
              "ở đầu để bảng tính không hiểu nhầm là công thức; bỏ dấu nháy này để lấy giá trị gốc.")
LICENSES = [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
             "path": "https://creativecommons.org/licenses/by/4.0/"}]
_TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    title: str
    description: str = ""
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]  # values: str/int/float/date/bool/None
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, resource, column)


def safe_cell(value: str) -> str:
    """Neutralise a text cell that a spreadsheet would run as a formula (OWASP, CWE-1236)."""
    return "'" + value if value.startswith(DANGEROUS_PREFIXES) else value


def _text(value: Any) -> str:
    return "" if value is None else safe_cell(nfc(str(value)))


def _integer(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not an integer: {value!r}")
    return str(value)


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TypeError(f"not a finite number: {value!r}")
    return repr(value)


def _date(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise TypeError(f"not an ISO date: {value!r}") from None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"not a date: {value!r}")
    return value.isoformat()


def _boolean(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, bool):
        raise TypeError(f"not a boolean: {value!r}")
    return "true" if value else "false"


_FORMATTERS: dict[str, Callable[[Any], str]] = {
    "string": _text, "integer": _integer, "number": _number, "date": _date, "boolean": _boolean}


def _check(tables: Sequence[Table], forbidden: frozenset[str]) -> None:
    banned = {name.casefold() for name in forbidden}
    names = {t.name: {c.name for c in t.columns} for t in tables}
    if len(names) != len(tables):
        raise ValueError("duplicate table name")
    for table in tables:
        if not _TABLE_NAME.match(table.name):
            raise ValueError(f"bad table name: {table.name!r}")
        columns = names[table.name]
        if len(columns) != len(table.columns):
            raise ValueError(f"{table.name}: duplicate column name")
        for column in table.columns:
            if column.name.casefold() in banned:
                raise ValueError(f"{table.name}: column {column.name!r} is private and must not be published")
            if not _COLUMN_NAME.match(column.name) or column.type not in TYPES:
                raise ValueError(f"{table.name}: bad column {column.name!r} of type {column.type!r}")
        if not set(table.primary_key) <= columns:
            raise ValueError(f"{table.name}: primary key {table.primary_key} names an unknown column")
        for own, resource, target in table.foreign_keys:
            if own not in columns or target not in names.get(resource, ()):
                raise ValueError(f"{table.name}: bad foreign key {own} -> {resource}.{target}")


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type, "title": nfc(column.title)}
    if column.description:
        field["description"] = nfc(column.description)
    if column.enum is not None:
        # Stored cells are guarded, so the allowed values must be guarded the same way.
        field["constraints"] = {"enum": [safe_cell(nfc(v)) for v in column.enum]}
    return field


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c) for c in table.columns]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            # A reference to the table itself is written with an empty resource name (Table Schema v1).
            {"fields": [own], "reference": {"resource": "" if resource == table.name else resource, "fields": [target]}}
            for own, resource, target in table.foreign_keys]
    return {
        "name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
        "title": nfc(table.title), "description": nfc(f"{table.description} {GUARD_NOTE}".strip()),
        "format": "csv", "mediatype": "text/csv", "encoding": ENCODING, "schema": schema}


def _write_csv(path: Path, table: Table) -> None:
    names = [c.name for c in table.columns]
    known = set(names)
    formatters = [(c.name, _FORMATTERS[c.type]) for c in table.columns]
    # utf-8-sig writes the BOM; newline="" lets the csv module own line endings and quoting.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(names)
        for number, row in enumerate(table.rows, start=1):
            if not known.issuperset(row):
                raise ValueError(f"{table.name} row {number}: unknown columns {sorted(set(row) - known)}")
            try:
                writer.writerow([fmt(row.get(name)) for name, fmt in formatters])
            except TypeError as exc:
                raise ValueError(f"{table.name} row {number}: {exc}") from None


def _created(created: dt.datetime | None) -> str:
    if created is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible-builds convention
        created = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch
                   else dt.datetime.now(dt.UTC))
    if created.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    return created.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_package(out_dir: Path, tables: Sequence[Table], *, title: str, description: str, version: str,
                  forbidden: frozenset[str] = frozenset(), created: dt.datetime | None = None) -> Path:
    """Write `<table>.csv` for each table and `datapackage.json` into out_dir; return the descriptor path.

    `created` defaults to $SOURCE_DATE_EPOCH, else now; pass it for byte-identical output.
    """
    _check(tables, forbidden)
    out_dir.mkdir(parents=True, exist_ok=True)
    for table in tables:
        _write_csv(out_dir / f"{table.name}.csv", table)
    descriptor = {
        "profile": "tabular-data-package", "name": slugify(title), "title": nfc(title),
        "description": nfc(description), "version": version, "created": _created(created),
        "licenses": LICENSES, "resources": [_resource(t) for t in tables]}
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
