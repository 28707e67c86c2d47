"""Stage 2: type and validate every table through Frictionless, one batch per table.

Nominations of one kind from all files (YAML, CSV, XLSX) form one table; the registry,
appraisals and votes are tables of the same package, so foreign keys are checked too.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any, Callable

from .fields import display
from .load import Loaded
from .model import Nomination
from .problems import Problem, error
from .registry import Registry, unit_from_row
from .schema import NOMINATION_KINDS, FieldSpec, TableSpec
from .tables import TableRead

_FK_FIELD = re.compile(r'for "([^"]+)"')
_CONSTRAINT = re.compile(r'constraint "(\w+)"')


@dataclass
class _Row:
    """Where a table row came from, so an error can be reported there."""
    path: str
    line: int | None
    lines: dict[str, int]
    report: Callable[[Problem], None]


def validate(loaded: Loaded) -> Registry:
    """Type every row in place (`.values`) and report its errors where it came from."""
    from frictionless import Package, Resource, Schema  # heavy import, only when checking

    resources: list[Any] = []
    batches: dict[str, list[tuple[_Row, Any]]] = {}

    def add_table(name: str, spec: TableSpec, rows: list[tuple[dict[str, Any], _Row, Any]]) -> None:
        if not rows and name != "units":  # units: the target of foreign keys, always present
            return
        header = list(spec.names)
        data = [header] + [[cells.get(n) for n in header] for cells, _, _ in rows]
        # Resource objects, not one package descriptor: Frictionless deep-copies descriptors,
        # inline data included, which cost more than validating the rows.
        resources.append(Resource(name=name, data=data, schema=Schema.from_descriptor(spec.frictionless_descriptor())))
        batches[name] = [(origin, target) for _, origin, target in rows]

    def table_rows(path: str, read: TableRead) -> list[tuple[dict[str, Any], _Row, Any]]:
        return [(row.cells, _Row(path, row.line, {}, loaded.problems.append), row) for row in read.rows]

    add_table("units", loaded.schemas["units"], table_rows("registry/units.csv", loaded.registry))
    for kind in NOMINATION_KINDS:
        add_table(f"{kind}s", loaded.schemas[kind], [
            (_cells(n), _Row(n.path, n.line, n.lines, n.add), n)
            for n in loaded.nominations if n.kind == kind and not n.cached and not _unreadable(n)])
    for name, records in (("appraisals", loaded.appraisals), ("votes", loaded.votes), ("exceptions", loaded.exceptions)):
        add_table(name, loaded.schemas[name], [
            item for cid, read in records.items() for item in table_rows(f"campaigns/{cid}/{name}.csv", read)])

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        package = Package(name="thidua", resources=resources)
        for resource in package.resources:
            spec = loaded.schemas[_spec_name(resource.name)]
            with resource:
                for row, (origin, target) in zip(resource.row_stream, batches[resource.name]):
                    for err in row.errors:
                        origin.report(_problem(err, spec, origin, row))
                    target.values = row.to_dict()
    return Registry({r.values["unit_id"]: unit_from_row(r.values)
                     for r in loaded.registry.rows if r.values.get("unit_id")})


def _spec_name(resource: str) -> str:
    return {"individuals": "individual", "collectives": "collective"}.get(resource, resource)


def _unreadable(n: Nomination) -> bool:
    return any(p.category.value == "file" for p in n.problems)


def _cells(n: Nomination) -> dict[str, Any]:
    # Folder values win: a differing `campaign` or `unit_id` in the file is a mismatch (rules).
    return {**n.raw, "campaign": n.campaign, "unit_id": n.unit_id, "slug": n.slug}


def _problem(err: Any, spec: TableSpec, origin: _Row, row: Any) -> Problem:
    etype = err.type
    field_name = getattr(err, "field_name", None)
    note = getattr(err, "note", "") or ""
    if etype == "foreign-key":
        m = _FK_FIELD.search(note)
        field_name = m[1] if m else None
        f = spec.by_name.get(field_name or "")
        value = row.get(field_name) if field_name else None
        where = _where(origin, field_name)
        if field_name in ("unit_id", "nominee_unit_id", "parent_id"):
            return error("unknown-unit", f"Mã đơn vị '{value}' ({f.title if f else field_name}) không có trong danh mục đơn vị.",
                         "Dùng đúng mã trong registry/units.csv (xem trang Hướng dẫn); nếu đơn vị mới, "
                         "đề nghị Phòng Nội vụ bổ sung vào danh mục.", **where)
        return error("unknown-nomination", f"'{value}' không trỏ tới bản ghi nào.", "Kiểm tra lại mã.", **where)
    if etype in ("primary-key", "unique-error"):
        where = _where(origin, field_name or spec.names[0])
        return error("duplicate-id", "Mã bị trùng với một dòng khác trong cùng bảng.",
                     "Mỗi mã chỉ xuất hiện một lần; xóa hoặc gộp dòng trùng.", **where)
    f = spec.by_name.get(field_name or "")
    where = _where(origin, field_name)
    if f is None:
        return error("invalid-value", f"Dòng không hợp lệ: {err.message}", "Đối chiếu với tệp mẫu.", **where)
    cell = getattr(err, "cell", None)
    if etype == "constraint-error":
        constraint = (_CONSTRAINT.search(note) or [None, ""])[1]
        if constraint == "required":
            return error("missing-field", f"Thiếu '{f.title}' ({f.name}).", _fill_hint(f), **where)
        return error("invalid-value", f"Giá trị {display(f, cell)} của '{f.title}' ({f.name}) {_constraint_text(f, constraint)}.",
                     _fill_hint(f), **where)
    return error("invalid-value", f"Giá trị {display(f, cell)} của '{f.title}' ({f.name}) không đúng kiểu {_type_text(f)}.",
                 _fill_hint(f), **where)


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
    return {"boolean": "có/không (true hoặc false)", "date": "ngày (ví dụ 2024-06-30)",
            "integer": "số nguyên", "number": "số (ví dụ 0.6)", "array": "danh sách"}.get(f.type, f.type)


def _fill_hint(f: FieldSpec) -> str:
    if f.enum:
        options = "; ".join(f"{code} ({f.labels.get(code, code)})" for code in f.enum)
        return f"Chọn một trong: {options}."
    if f.type == "boolean":
        return "Ghi 'true' (có) hoặc 'false' (không); trong Excel/CSV có thể ghi 'có' hoặc 'không'."
    if f.type == "date":
        return "Ghi ngày dạng năm-tháng-ngày, ví dụ 2024-06-30 (trong Excel/CSV có thể ghi 30/06/2024)."
    return f.description or "Xem mẫu hồ sơ trên trang Hướng dẫn."
