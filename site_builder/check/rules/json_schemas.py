"""`thidua json-schemas`: a JSON Schema (draft 2020-12) of each campaign's nomination YAML files,
made from its merged Table Schemas, so that an editor validates and completes as one types
(the templates' `yaml-language-server` line points at it); and the rule that the committed
files are fresh, as for CODEOWNERS.

The JSON Schema says what the checker accepts in a YAML file: an enumerated field takes its
code or its exact Vietnamese label, a yes/no field true/false or có/không, numbers and dates
also as text ('0,75', '30/06/2025'). The checker stays the judge; this is the editor's help.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_builder.check.findings import Findings
from site_builder.model.campaign import Campaign
from site_builder.model.problem import error
from site_builder.model.schema import NOMINATION_KINDS, FieldSpec, Schemas, TableSpec

FOLDER = "schema/json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
_YES_NO = ["có", "không", "Có", "Không", "true", "false"]
_DATE = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})$"
_NUMBER = r"^\s*[+-]?\d+([.,]\d+)?\s*%?\s*$"
_INTEGER = r"^\s*[+-]?\d+\s*$"


def schema_path(campaign_id: str, kind: str) -> str:
    return f"{FOLDER}/{campaign_id}/{kind}.schema.json"


def modeline(campaign_id: str, kind: str) -> str:
    """The first line of a YAML template, for a file in submissions/<campaign>/<unit>/."""
    return f"# yaml-language-server: $schema=../../../{schema_path(campaign_id, kind)}"


def _value(f: FieldSpec) -> dict[str, Any]:
    """What a YAML value of `f` may be, as the checker reads it."""
    c = f.descriptor.get("constraints", {})
    if f.enum:
        labels = [label for code in f.enum if (label := f.labels.get(code)) and label not in f.enum]
        return {"enum": [*f.enum, *labels]}
    if f.type == "boolean":
        return {"anyOf": [{"type": "boolean"}, {"enum": _YES_NO}]}
    if f.type in ("integer", "number"):
        number: dict[str, Any] = {"type": f.type}
        number |= {k: c[k] for k in ("minimum", "maximum") if k in c}
        return {"anyOf": [number, {"type": "string", "pattern": _INTEGER if f.type == "integer" else _NUMBER}]}
    if f.type == "date":
        return {"type": "string", "pattern": _DATE}
    text: dict[str, Any] = {"type": "string"}
    return text | {k: c[k] for k in ("minLength", "maxLength", "pattern") if k in c}


def _list(f: FieldSpec) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "string"}
    if f.item_fields:
        members: dict[str, Any] = {name: {"type": ["string", "null"]} for name in f.item_fields}
        if "applied_on" in members:
            members["applied_on"] = {"type": ["string", "null"], "pattern": _DATE}
        record = {"type": "object", "properties": members, "required": ["title"], "additionalProperties": False}
        item = {"anyOf": [item, record]}
    return {"anyOf": [{"type": "string"}, {"type": "array", "items": item}]}


def _property(f: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"title": f.title}
    notes = [f.description, "Thông tin riêng: chỉ dùng để xét, không công bố." if f.private else ""]
    if f.enum:
        notes.append("Chọn một: " + "; ".join(f"{code} = {f.labels.get(code, code)}" for code in f.enum) + ".")
    if any(notes):
        out["description"] = " ".join(n for n in notes if n)
    shape = _list(f) if f.is_list else _value(f)
    if not f.required:  # a blank optional field is left empty
        shape = {"anyOf": [shape, {"type": "null"}, {"const": ""}]}
    return out | shape


def render_schema(spec: TableSpec, campaign: Campaign, kind: str) -> str:
    """The JSON Schema text of `kind` nominations of `campaign` (spec: its merged table)."""
    properties: dict[str, Any] = {"kind": {"title": "Loại hồ sơ", "const": kind}}
    required = ["kind"]
    for f in spec.fields:
        if f.table_only or f.group:
            continue
        properties[f.name] = _property(f)
        if f.name == "campaign":
            properties[f.name] = {"title": f.title, "description": f.description, "const": campaign.id}
        if f.required:
            required.append(f.name)
    for group, members in spec.groups.items():
        properties[group] = {
            "title": "Thành phần hồ sơ",
            "description": "Đường dẫn tới tệp PDF trong thư mục dossier/ của đơn vị.",
            "type": "object",
            "properties": {m: {"title": spec.by_name[m].title, "description": spec.by_name[m].description,
                               "type": ["string", "null"]} for m in members},
            "additionalProperties": False}
        required.append(group)
    schema = {"$schema": DRAFT, "title": f"{spec.title} — {campaign.short_title}",
              "description": f"Tệp YAML hồ sơ trong submissions/{campaign.id}/<mã đơn vị>/; tạo bởi lệnh "
                             "'thidua json-schemas' từ schema/ và campaign.yaml, không sửa tay.",
              "type": "object", "properties": properties, "required": required, "additionalProperties": False}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def rendered(schemas: Schemas, campaigns: dict[str, Campaign]) -> dict[str, str]:
    """Repository-relative path -> text, for every campaign and kind."""
    return {schema_path(cid, kind): render_schema(schemas.of(cid)[kind], campaign, kind)
            for cid, campaign in sorted(campaigns.items()) for kind in NOMINATION_KINDS}


def check_fresh(found: Findings, root: Path, expected: dict[str, str]) -> None:
    """The rule that schema/json/, when the repository has it, holds exactly `expected`."""
    if not (root / FOLDER).is_dir():
        return
    for rel, text in expected.items():
        path = root / rel
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current == text:
            continue
        what = "chưa có" if current is None else "không khớp với schema/ và campaign.yaml"
        found.record(error(
            "json-schema-stale", f"Lược đồ JSON {rel} của tệp hồ sơ YAML {what}.",
            "Chạy lệnh 'thidua json-schemas' rồi đưa các tệp trong schema/json/ vào cùng thay đổi.", path=rel))
