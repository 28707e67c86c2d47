"""Stage 2: type and validate every record against its Frictionless schema.

The registry and the review records are one Frictionless package (primary keys, foreign keys
between them). A nomination is one record of its own file: each value goes through the
reader Frictionless builds for its field (type, format, constraints), and the schema's
foreign keys are looked up in the registry; a Resource's table machinery (headers, row
streams, cross-row keys) would cost twice that and check nothing more for one record.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any

from site_builder.check.discover import Inputs
from site_builder.check.findings import Findings
from site_builder.check.parse.tables import TableRead
from site_builder.check.parse.values import display
from site_builder.exceptions import ConfigError
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Problem, error
from site_builder.model.registry import Registry, unit_from_row
from site_builder.model.schema import NOMINATION_KINDS, FieldSpec, Schemas, TableSpec

_FK_FIELD = re.compile(r'for "([^"]+)"')
_SHAREABLE = frozenset(("string", "integer", "number", "boolean", "date", "datetime", "time", "year", "any"))
_CONSTRAINT = re.compile(r'constraint "(\w+)"')


@dataclass
class _Row:
    """Where a record came from, so an error can be reported there (and onto the nomination)."""
    path: str
    line: int | None
    lines: dict[str, int]
    nomination: Nomination | None = None


def validate(inputs: Inputs, found: Findings) -> None:
    """Type the registry and review records in place (`.values`) and record their errors.
    Nominations are validated as their files are read (`NominationValidator`)."""
    tables = [_Table("units", inputs.schemas["units"], _table_rows("registry/units.csv", inputs.registry))]
    for name, records in (("appraisals", inputs.appraisals), ("votes", inputs.votes), ("exceptions", inputs.exceptions),
                          ("withdrawals", inputs.withdrawals)):
        tables.append(
            _Table(
                name,
                inputs.schemas[name],
                [
                    item
                    for cid, read in records.items()
                    for item in _table_rows(f"campaigns/{cid}/{name}.csv", read)
                ],
            )
        )
    _validate_package(tables, found)


def registry_of(inputs: Inputs) -> Registry:
    """The units of the registry, from its rows as `validate` typed them."""
    return Registry({r.values["unit_id"]: unit_from_row(r.values)
                     for r in inputs.registry.rows if r.values.get("unit_id")})


class NominationValidator:
    """Types nominations (`.values`) and records their errors; unit codes are looked up in the registry.

    Built once per run (Frictionless readers for every field, the registry's keys), before any
    child process starts, so a child inherits it ready."""

    def __init__(self, schemas: Schemas, registry: TableRead) -> None:
        from frictionless import Schema  # heavy import, only when checking

        self.units = Schema.from_descriptor(schemas["units"].frictionless_descriptor())
        self.registry = registry
        # By campaign ("" outside any), then kind: each campaign has its own fields.
        self.campaigns = {cid: self._kinds(schemas.of(cid or None)) for cid in ("", *schemas.campaigns)}

    def _kinds(self, schemas: Schemas) -> dict[str, tuple[TableSpec, list[tuple[str, Any, dict[Any, Any] | None]],
                                                          list[tuple[list[str], set[tuple[Any, ...]]]]]]:
        from frictionless import Schema

        kinds = {}
        for kind in NOMINATION_KINDS:
            spec = schemas[kind]
            schema = Schema.from_descriptor(spec.frictionless_descriptor())
            # A reader's answer depends only on the value: thousands of nominations share a
            # handful of codes, booleans, dates and unit ids, so each is read once (for types
            # whose values cannot be changed in place, as they are shared).
            readers: list[tuple[str, Any, dict[Any, Any] | None]] = [
                (f.name, f.create_cell_reader(), {} if f.type in _SHAREABLE else None) for f in schema.fields]
            keys = [(fk["fields"], _lookup(self.units, self.registry, fk)) for fk in schema.foreign_keys]
            kinds[kind] = (spec, readers, keys)
        return kinds

    def validate(self, found: Findings) -> None:
        """Type and check each of `found`'s nominations, recording problems onto them."""
        record = found.record
        for n in found.nominations:
            kinds = self.campaigns.get(n.campaign) or self.campaigns[""]
            if n.kind not in kinds or _unreadable(n):
                continue
            spec, readers, keys = kinds[n.kind]
            cells = _cells(n)
            origin = _Row(n.path, n.line, n.lines, n)
            values: dict[str, Any] = {}
            for name, reader, seen in readers:
                source = cells.get(name)
                if seen is None or type(source) is not str:
                    values[name], notes = reader(source)
                elif (known := seen.get(source)) is not None:
                    values[name], notes = known
                else:
                    values[name], notes = seen[source] = reader(source)
                for check in notes or ():  # "type", or the constraints not met
                    record(_cell_problem(check, spec.by_name[name], source, origin), n)
            for fields, registered in keys:
                key = tuple(values[f] for f in fields)
                if any(v is not None for v in key) and key not in registered:
                    record(_reference_problem(fields[0], key[0], spec, origin), n)
            n.values = values


def _lookup(units: Any, registry: TableRead, fk: dict[str, Any]) -> set[tuple[Any, ...]]:
    """The registry's typed values of a foreign key's reference fields."""
    if fk["reference"]["resource"] != "units":
        raise ConfigError(f"Lược đồ hồ sơ chỉ được có khóa ngoại tới bảng 'units', không tới "
                          f"'{fk['reference']['resource']}'.")
    readers = [units.get_field(name).create_cell_reader() for name in fk["reference"]["fields"]]
    names = fk["reference"]["fields"]
    return {tuple(reader(row.cells.get(name))[0] for reader, name in zip(readers, names, strict=False))
            for row in registry.rows}


@dataclass
class _Table:
    name: str
    spec: TableSpec
    rows: list[tuple[dict[str, Any], _Row, Any]]  # cells, origin, object whose .values to set


def _table_rows(path: str, read: TableRead) -> list[tuple[dict[str, Any], _Row, Any]]:
    return [(row.cells, _Row(path, row.line, {}), row) for row in read.rows]


def _validate_package(tables: list[_Table], found: Findings) -> None:
    from frictionless import Package, Resource, Schema  # heavy import, only when checking

    # Resource objects, not one package descriptor: Frictionless deep-copies descriptors,
    # inline data included, which cost more than validating the rows. Units are always
    # present: the target of foreign keys.
    tables = [t for t in tables if t.rows or t.name == "units"]
    resources = []
    for table in tables:
        header = list(table.spec.names)
        data = [header] + [[cells.get(n) for n in header] for cells, _, _ in table.rows]
        resources.append(Resource(name=table.name, data=data,
                                  schema=Schema.from_descriptor(table.spec.frictionless_descriptor())))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        package = Package(name="thidua", resources=resources)
        for table, resource in zip(tables, package.resources, strict=False):
            with resource:
                stream = resource.row_stream  # type: ignore[attr-defined]
                for row, (_, origin, target) in zip(stream, table.rows, strict=False):
                    for err in row.errors:
                        found.record(_problem(err, table.spec, origin, row), origin.nomination)
                    target.values = row.to_dict()


def _unreadable(n: Nomination) -> bool:
    return any(p.category.value == "file" for p in n.problems)


def _cells(n: Nomination) -> dict[str, Any]:
    # Folder values win: a differing `campaign` or `unit_id` in the file is a mismatch (rules).
    return {**n.raw, "campaign": n.campaign, "unit_id": n.unit_id, "slug": n.slug}


def _problem(err: Any, spec: TableSpec, origin: _Row, row: Any) -> Problem:
    """A Frictionless error of the package's tables as a problem."""
    etype = err.type
    field_name = getattr(err, "field_name", None)
    note = getattr(err, "note", "") or ""
    if etype == "foreign-key":
        m = _FK_FIELD.search(note)
        field_name = m[1] if m else None
        return _reference_problem(field_name, row.get(field_name) if field_name else None, spec, origin)
    if etype in ("primary-key", "unique-error"):
        where = _where(origin, field_name or spec.names[0])
        return error("duplicate-id", "Mã bị trùng với một dòng khác trong cùng bảng.",
                     "Mỗi mã chỉ xuất hiện một lần; xóa hoặc gộp dòng trùng.", **where)
    f = spec.by_name.get(field_name or "")
    if f is None:
        return error("invalid-value", f"Dòng không hợp lệ: {err.message}", "Đối chiếu với tệp mẫu.",
                     **_where(origin, field_name))
    check = (_CONSTRAINT.search(note) or [None, ""])[1] if etype == "constraint-error" else "type"
    return _cell_problem(str(check), f, getattr(err, "cell", None), origin)


def _reference_problem(field_name: str | None, value: Any, spec: TableSpec, origin: _Row) -> Problem:
    f = spec.by_name.get(field_name or "")
    where = _where(origin, field_name)
    if field_name in ("unit_id", "nominee_unit_id", "parent_id"):
        return error(
            "unknown-unit",
            f"Mã đơn vị '{value}' ({f.title if f else field_name}) không có trong danh mục đơn vị.",
            "Dùng đúng mã trong registry/units.csv (xem trang Hướng dẫn); nếu đơn vị mới, "
            "đề nghị Phòng Nội vụ bổ sung vào danh mục.",
            **where,
        )
    return error("unknown-nomination", f"'{value}' không trỏ tới bản ghi nào.", "Kiểm tra lại mã.", **where)


def field_problem(check: str, f: FieldSpec, value: Any) -> Problem:
    """The problem for a value failing `check` ("type", "required" or a constraint's name) of
    field `f`, without a place: the form on the site shows the checker's own words."""
    return _cell_problem(check, f, value, _Row("", None, {}))


def _cell_problem(check: str, f: FieldSpec, cell: Any, origin: _Row) -> Problem:
    """A value failing its field's `check`: "type", or a constraint's name."""
    where = _where(origin, f.name)
    if check == "required":
        return error("missing-field", f"Thiếu '{f.title}' ({f.name}).", _fill_hint(f), **where)
    if check == "type" and f.type == "number" and isinstance(cell, str) and "," in cell and "." in cell:
        return error(
            "invalid-value",
            f"Giá trị {display(f, cell)} của '{f.title}' ({f.name}) có cả dấu chấm và dấu phẩy, "
            "không rõ dấu nào là dấu thập phân nên không được đọc thành số.",
            _fill_hint(f),
            **where,
        )
    if check == "type":
        return error(
            "invalid-value",
            f"Giá trị {display(f, cell)} của '{f.title}' ({f.name}) không đúng kiểu {_type_text(f)}.",
            _fill_hint(f),
            **where,
        )
    return error(
        "invalid-value",
        f"Giá trị {display(f, cell)} của '{f.title}' ({f.name}) {_constraint_text(f, check)}.",
        _fill_hint(f),
        **where,
    )


def _where(origin: _Row, field_name: str | None) -> dict[str, Any]:
    return {"path": origin.path, "line": origin.lines.get(field_name or "", origin.line), "field": field_name}


def _constraint_text(f: FieldSpec, constraint: str) -> str:
    c = f.descriptor.get("constraints", {})
    return {
        "enum": "không nằm trong các giá trị cho phép",
        "pattern": "chỉ được gồm chữ thường không dấu, chữ số và dấu '-'",
        "minLength": f"quá ngắn (tối thiểu {c.get('minLength')} ký tự)",
        "maxLength": f"quá dài (tối đa {c.get('maxLength')} ký tự)",
        "minimum": f"nhỏ hơn mức tối thiểu {c.get('minimum')}",
        "maximum": f"lớn hơn mức tối đa {c.get('maximum')}",
        "unique": "bị trùng",
    }.get(constraint, f"không thỏa điều kiện '{constraint}'")


def _type_text(f: FieldSpec) -> str:
    return {"boolean": "có/không (true hoặc false)", "date": f"ngày (ví dụ {f.sample_date.isoformat()})",
            "integer": "số nguyên", "number": "số (ví dụ 0,6 hoặc 0.6)", "array": "danh sách"}.get(f.type, f.type)


def _fill_hint(f: FieldSpec) -> str:
    if f.enum:
        options = "; ".join(f"{code} ({f.labels.get(code, code)})" for code in f.enum)
        return f"Chọn một trong: {options}."
    if f.type == "boolean":
        return "Ghi 'có' hoặc 'không' (hoặc 'true', 'false')."
    if f.type == "number":
        hint = ("Ghi một số với một dấu thập phân (phẩy hoặc chấm), không có dấu phân cách hàng nghìn, "
                "ví dụ 0,75 hoặc 0.75.")
        return f"{hint} {f.description}" if f.description else hint
    if f.type == "date":
        return (f"Ghi ngày dạng năm-tháng-ngày, ví dụ {f.sample_date.isoformat()} (trong Excel/CSV có thể ghi "
                f"{f.sample_date:%d/%m/%Y}).")
    return f.description or "Xem mẫu hồ sơ trên trang Hướng dẫn."
