"""campaign.yaml's `fields:` section: the fields a campaign's nominations carry beyond the base.

Each entry is a Frictionless field descriptor with thidua's keys, as in schema/*.json. Strict
YAML reads every scalar as text, so each descriptor is checked and turned into the JSON types
the schema files have (booleans, numbers, lists) before it is merged (model/schema.py); what is
wrong becomes a problem for campaign.yaml, never an exception.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from site_builder.model.schema import NOMINATION_KINDS, Schemas
from site_builder.vietnamese.text import header_key

# A problem reporter: (key path, message, hint).
Report = Callable[[tuple[str | int, ...], str, str], None]

TYPES = {"string": "văn bản", "integer": "số nguyên", "number": "số", "boolean": "có/không", "date": "ngày",
         "array": "danh sách, cùng 'list: true'"}
KEYS = ("name", "type", "title", "description", "constraints", "labels", "private", "list")
CONSTRAINTS = ("required", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
_BOOLEANS = {"true": True, "false": False}
RESERVED = frozenset({"kind"})  # read by the checker itself in a YAML nomination


def fields_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the `fields:` section, for campaign.yaml's schema:
    what `check_fields` accepts, as an editor can say it while one types."""
    flag = {"type": "boolean"}
    number = {"type": "number"}
    descriptor = {
        "type": "object", "required": ["name", "title"], "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "pattern": f"^{_NAME.pattern}$",
                     "not": {"enum": sorted(RESERVED)}, "description": "a name no base field of schema/ has"},
            "type": {"enum": list(TYPES), "default": "string"},
            "title": {"type": "string", "minLength": 1, "description": "Vietnamese title: column header, label"},
            "description": {"type": "string"},
            "constraints": {"type": "object", "additionalProperties": False, "properties": {
                "required": flag, "enum": {"type": "array", "items": {"type": "string", "minLength": 1},
                                           "minItems": 1, "uniqueItems": True},
                "minimum": number, "maximum": number, "minLength": {"type": "integer", "minimum": 0},
                "maxLength": {"type": "integer", "minimum": 0}, "pattern": {"type": "string"}}},
            "labels": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
            "private": flag, "list": flag,
        },
    }
    kinds = {kind: {"anyOf": [{"type": "null"}, {"type": "array", "items": descriptor}]} for kind in NOMINATION_KINDS}
    return {"type": "object", "additionalProperties": False, "properties": kinds,
            "description": "the campaign's own nomination fields, beyond those of schema/ "
                           "(developer/reference/fields.md)"}


def check_fields(section: Any, base: Schemas, report: Report) -> dict[str, tuple[dict[str, Any], ...]]:
    """The `fields:` section as JSON-typed descriptors by kind; what is wrong is reported."""
    if section is None:
        return {}
    if not isinstance(section, dict):
        report(("fields",), "Mục 'fields' phải gồm hai mục con 'individual' và 'collective', mỗi mục một "
               "danh sách trường.", "Viết 'fields:' rồi thụt vào 'individual:' và 'collective:'', "
               "mỗi trường một dòng '- name: …'.")
        return {}
    out: dict[str, tuple[dict[str, Any], ...]] = {}
    for kind, items in section.items():
        if kind not in NOMINATION_KINDS:
            report(("fields", kind), f"Mục 'fields.{kind}' không hợp lệ: chỉ có 'individual' (cá nhân) và "
                   "'collective' (tập thể).", "Đổi tên mục thành 'individual' hoặc 'collective'.")
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            report(("fields", kind), f"Mục 'fields.{kind}' phải là một danh sách trường.",
                   "Mỗi trường bắt đầu bằng '- name: …' thụt vào dưới mục này.")
            continue
        known = {header_key(f.title): f.name for f in base[kind].fields} | {
            header_key(f.name): f.name for f in base[kind].fields}
        descriptors = []
        for i, item in enumerate(items):
            descriptor = _descriptor(item, ("fields", kind, i), base, kind, known, report)
            if descriptor is not None:
                descriptors.append(descriptor)
                known[header_key(descriptor["name"])] = descriptor["name"]
                known[header_key(descriptor["title"])] = descriptor["name"]
        out[kind] = tuple(descriptors)
    return out


def _descriptor(item: Any, at: tuple[str | int, ...], base: Schemas, kind: str, known: dict[str, str],
                report: Report) -> dict[str, Any] | None:
    where = "fields." + kind + f"[{at[-1]}]"
    if not isinstance(item, dict):
        report(at, f"Mục {where} phải là một trường với các dòng 'name:', 'type:', 'title:'….",
               "Viết '- name: ten_truong' rồi các dòng 'type:', 'title:' thụt vào thẳng hàng với 'name'.")
        return None
    problems_before = _Counter(report)
    say = problems_before.report
    name = item.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        say((*at, "name"), f"Trường {where} thiếu tên hoặc tên '{name or ''}' không hợp lệ.",
            "Đặt 'name:' bằng chữ thường không dấu, chữ số và dấu '_', bắt đầu bằng chữ, ví dụ 'so_nam_lien_tuc'.")
        return None
    where = f"fields.{kind}.{name}"
    if name in base[kind].by_name or name in base[kind].groups or name in RESERVED:
        say((*at, "name"), f"Trường '{name}' ({where}) trùng tên với một trường chung của mọi đợt thi đua "
            "(schema/): không khai báo lại được.", "Đổi tên trường, hoặc xóa khai báo này nếu muốn dùng trường chung.")
        return None
    if header_key(name) in known:
        say((*at, "name"), f"Trường '{name}' ({where}) được khai báo hai lần, hoặc trùng với tiêu đề của "
            f"trường '{known[header_key(name)]}'.", "Mỗi trường chỉ khai báo một lần, với tên riêng.")
        return None
    for key in item:
        if key not in KEYS:
            say((*at, key), f"Trường '{name}' ({where}) có khóa lạ '{key}'.",
                f"Chỉ dùng các khóa: {', '.join(KEYS)}.")
    type_ = item.get("type") or "string"
    if type_ not in TYPES:
        say((*at, "type"), f"Kiểu '{type_}' của trường '{name}' ({where}.type) không được hỗ trợ.",
            "Chọn một trong: " + "; ".join(f"{t} ({words})" for t, words in TYPES.items()) + ".")
        return None  # what else it says depends on the type
    out: dict[str, Any] = {"name": name, "type": type_}
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        say((*at, "title"), f"Trường '{name}' ({where}) thiếu tiêu đề tiếng Việt 'title'.",
            "Thêm dòng 'title: …': tiêu đề cột trong Excel và trên trang thông tin.")
    elif header_key(title) in known:
        say((*at, "title"), f"Tiêu đề '{title}' của trường '{name}' trùng với trường '{known[header_key(title)]}'.",
            "Đặt tiêu đề khác: bảng Excel/CSV nhận cột theo tiêu đề nên hai trường không được trùng tiêu đề.")
    else:
        out["title"] = title.strip()
    for key in ("description",):
        if key in item and not isinstance(item[key], str | None):
            say((*at, key), f"'{key}' của trường '{name}' ({where}) phải là một đoạn văn bản.",
                "Viết nội dung trên cùng dòng, trong ngoặc kép nếu có dấu ':'.")
        elif item.get(key):
            out[key] = item[key].strip()
    constraints = _constraints(item.get("constraints"), (*at, "constraints"), name, type_, say)
    labels = _labels(item.get("labels"), (*at, "labels"), name, constraints.get("enum"), say)
    if labels:
        out["labels"] = labels
    for key, words in (("private", "thông tin riêng, không công bố"), ("list", "nhiều mục")):
        value = _flag(item.get(key), (*at, key), name, words, say)
        if value:
            out[key] = True
    if (type_ == "array") != bool(out.get("list")):
        say((*at, "list"), f"Trường '{name}' ({where}): kiểu 'array' đi cùng 'list: true' (danh sách nhiều dòng).",
            "Dùng cả 'type: array' và 'list: true', hoặc bỏ cả hai.")
    if type_ == "boolean":
        out["trueValues"], out["falseValues"] = ["true"], ["false"]
    if constraints:
        out["constraints"] = constraints
    return None if problems_before.count else out


class _Counter:
    """Counts what one descriptor's checks report, so a wrong descriptor is left out whole."""

    def __init__(self, report: Report) -> None:
        self.inner, self.count = report, 0

    def report(self, at: tuple[str | int, ...], message: str, hint: str) -> None:
        self.count += 1
        self.inner(at, message, hint)


def _flag(value: Any, at: tuple[str | int, ...], name: str, words: str, say: Report) -> bool:
    if value is None:
        return False
    if value not in _BOOLEANS:
        say(at, f"'{at[-1]}' của trường '{name}' ({words}) phải là true hoặc false, không phải '{value}'.",
            f"Viết '{at[-1]}: true' hoặc '{at[-1]}: false' (hoặc xóa dòng này: mặc định là false).")
        return False
    return _BOOLEANS[value]


def _number(text: Any, integer: bool) -> int | float | None:
    if not isinstance(text, str):
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return None if integer else float(text)
    except ValueError:
        return None


def _constraints(value: Any, at: tuple[str | int, ...], name: str, type_: str, say: Report) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        say(at, f"'constraints' của trường '{name}' phải gồm các dòng con (required, enum, minimum…).",
            "Ví dụ: 'constraints: {required: true, enum: [co, khong]}'.")
        return {}
    out: dict[str, Any] = {}
    for key, item in value.items():
        here = (*at, key)
        if key not in CONSTRAINTS:
            say(here, f"Ràng buộc lạ '{key}' của trường '{name}'.", f"Chỉ dùng: {', '.join(CONSTRAINTS)}.")
        elif key == "required":
            out[key] = _flag(item, here, name, "bắt buộc", say)
        elif key == "enum":
            if (not isinstance(item, list) or not item or not all(isinstance(v, str) and v for v in item)
                    or len(set(item)) != len(item)):
                say(here, f"'enum' của trường '{name}' phải là danh sách các mã khác nhau, không rỗng.",
                    "Viết 'enum: [ma_1, ma_2]' hoặc mỗi mã một dòng '- ma_1'; ghi nhãn tiếng Việt trong 'labels'.")
            elif type_ != "string":
                say(here, f"'enum' chỉ dùng cho trường kiểu văn bản (string); trường '{name}' có kiểu '{type_}'.",
                    "Đổi 'type: string' hoặc bỏ 'enum'.")
            else:
                out[key] = list(item)
        elif key in ("minimum", "maximum"):
            number = _number(item, type_ == "integer")
            if type_ not in ("integer", "number") or number is None:
                say(here, f"'{key}' của trường '{name}' phải là một số, và chỉ dùng cho kiểu integer hoặc number.",
                    f"Viết ví dụ '{key}: 0', hoặc bỏ dòng này.")
            else:
                out[key] = number
        elif key in ("minLength", "maxLength"):
            number = _number(item, True)
            if type_ != "string" or not isinstance(number, int) or number < 0:
                say(here, f"'{key}' của trường '{name}' phải là số nguyên không âm, cho trường kiểu văn bản.",
                    f"Viết ví dụ '{key}: 2', hoặc bỏ dòng này.")
            else:
                out[key] = number
        else:  # pattern
            try:
                re.compile(str(item))
            except re.error as exc:
                say(here, f"Mẫu 'pattern' của trường '{name}' không phải biểu thức chính quy hợp lệ ({exc}).",
                    "Sửa biểu thức, hoặc bỏ dòng này.")
            else:
                out[key] = str(item)
    return {k: v for k, v in out.items() if v is not False or k != "required"}


def _labels(value: Any, at: tuple[str | int, ...], name: str, enum: list[str] | None,
            say: Report) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
        say(at, f"'labels' của trường '{name}' phải gồm các dòng 'mã: Nhãn tiếng Việt'.",
            "Ví dụ: 'labels: {co: Có, khong: Không}'.")
        return {}
    strays = [code for code in value if enum is None or code not in enum]
    if strays:
        say((*at, strays[0]), f"Nhãn '{strays[0]}' của trường '{name}' không phải một mã trong 'enum'.",
            "Mỗi mã trong 'labels' phải có trong 'constraints.enum'; sửa mã hoặc thêm vào 'enum'.")
        return {}
    return {code: label.strip() for code, label in value.items()}
