"""Turning loaded values into a nomination's text fields, whatever the source format.

Everything stays text (or a list of text) here; the Frictionless schema types it later.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from typing import Any

from site_builder.model.problem import Problem, error
from site_builder.model.schema import FieldSpec, TableSpec
from site_builder.vietnamese.text import header_key

_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
TABLE_TRUE = frozenset(("true", "có", "co", "x", "1", "yes"))
TABLE_FALSE = frozenset(("false", "không", "khong", "0", "no"))
# A YAML file takes the Vietnamese words, not YAML 1.1's yes/no nor a spreadsheet's 'x'.
YAML_TRUE = frozenset(("true", "có"))
YAML_FALSE = frozenset(("false", "không"))


# A number as Excel shows it in any locale: decimal comma or point, maybe a percent sign.
# A thousands separator is not accepted: "1.234,5" and "1,234.5" stay as written and are refused.
_NUMBER = re.compile(r"([+-]?\d+(?:[.,]\d+)?)\s*(%?)")


def number_text(text: str) -> str:
    """'0,75' (Vietnamese Excel) -> '0.75'; '75%' -> '0.75'; anything else unchanged."""
    m = _NUMBER.fullmatch(text)
    if m is None:
        return text
    number = m[1].replace(",", ".")
    return str(Decimal(number) / 100) if m[2] else number


def coded_text(spec: FieldSpec, text: str, table: bool = True) -> str:
    """One written value as the schema reads it, in every format: the Vietnamese label of an
    enumerated value ('Công chức') as its code, có/không as true/false, dd/mm/yyyy dates as
    ISO, decimal commas as points."""
    if spec.type == "boolean":
        folded = text.casefold()
        if folded in (TABLE_TRUE if table else YAML_TRUE):
            return "true"
        if folded in (TABLE_FALSE if table else YAML_FALSE):
            return "false"
        return text
    if spec.type == "date":
        return normalise_date(text)
    if spec.type == "number":
        return number_text(text)
    if spec.enum and text not in spec.enum:
        # Excel drop-downs and the form show the Vietnamese labels: map a label back to its code.
        wanted = header_key(text)
        return next((code for code, label in spec.labels.items() if header_key(label) == wanted), text)
    return text


def normalise_date(text: str) -> str:
    """Accept the Vietnamese dd/mm/yyyy beside ISO; anything else is left for the schema."""
    m = _VN_DATE.match(text)
    return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if m else text


def suggest(word: str, spec: TableSpec, extra: tuple[str, ...] = ()) -> str:
    """A 'did you mean' hint for an unknown field or column."""
    known = spec.by_header.get(header_key(word))
    if known is not None:
        return f"Dùng tên trường '{known.name}' ({known.title})."
    candidates = [*spec.names, *extra]
    close = difflib.get_close_matches(word.casefold(), candidates, n=1, cutoff=0.6)
    if not close:
        titles = {header_key(f.title): f.name for f in spec.fields}
        hit = difflib.get_close_matches(header_key(word), list(titles), n=1, cutoff=0.6)
        close = [titles[hit[0]]] if hit else []
    if close:
        f = spec.by_name.get(close[0])
        title = f" ({f.title})" if f else ""
        return f"Có phải ý bạn là '{close[0]}'{title}? Các trường hợp lệ có trong mẫu hồ sơ."
    return "Xóa trường này hoặc sửa tên cho đúng mẫu hồ sơ (xem trang Hướng dẫn)."


def display(spec: FieldSpec, value: Any) -> str:
    """How a value may be quoted back to the user: never for private fields."""
    if spec.private:
        return "(giá trị được bảo mật)"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def table_cell(spec: FieldSpec, value: Any) -> Any:
    """One CSV/XLSX cell as text: lists one item a line, có/không booleans, dd/mm/yyyy dates."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if spec.is_list:
        items = [line.strip() for line in text.splitlines() if line.strip()]
        if spec.item_fields:
            return [{"title": item} for item in items]
        return items
    return coded_text(spec, text)


def yaml_value(spec: FieldSpec, value: Any, path: str, line: int | None,
               item_lines: dict[int, int]) -> tuple[Any, list[Problem]]:
    """Check the shape of one YAML value (scalar, list, list of mappings)."""
    problems: list[Problem] = []
    if value is None:
        return None, problems
    if isinstance(value, str) and not spec.is_list:  # most values: one line of text
        value = value.strip()
        return (coded_text(spec, value, table=False) if value else None), problems
    where = {"path": path, "line": line, "field": spec.name}
    if spec.is_list:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            problems.append(error(
                "invalid-value", f"Trường '{spec.name}' ({spec.title}) phải là một danh sách.",
                f"Viết mỗi mục trên một dòng bắt đầu bằng '- ' dưới '{spec.name}:'.", **where))
            return None, problems
        items: list[Any] = []
        for i, item in enumerate(value):
            item_where = {**where, "line": item_lines.get(i, line), "field": f"{spec.name}[{i}]"}
            if spec.item_fields:
                item, item_problems = initiative_problems(spec, item, item_where)
                problems += item_problems
                if item is not None:
                    items.append(item)
            elif isinstance(item, str):
                if item.strip():
                    items.append(item.strip())
            elif item is not None:
                problems.append(error(
                    "invalid-value", f"Mục {i + 1} của '{spec.name}' phải là một đoạn văn bản.",
                    "Viết mỗi mục là một câu; đặt trong ngoặc kép nếu có dấu ':'.", **item_where))
        return items, problems
    problems.append(error(
        "invalid-value", f"Trường '{spec.name}' ({spec.title}) phải là một giá trị đơn, không phải danh sách hay bảng.",
        f"Viết giá trị trên cùng dòng: '{spec.name}: giá trị'.", **where))
    return None, problems


def initiative_problems(spec: FieldSpec, item: Any,
                        where: dict[str, Any]) -> tuple[dict[str, str] | None, list[Problem]]:
    if isinstance(item, str):
        return ({"title": item.strip()} if item.strip() else None), []
    if not isinstance(item, dict):
        return None, [
            error(
                "invalid-value",
                f"Mỗi sáng kiến trong '{spec.name}' phải có 'title' (và có thể có 'description', 'applied_on').",
                "Viết '- title: Tên sáng kiến' rồi các dòng 'description:' và 'applied_on:' thụt vào thẳng hàng.",
                **where,
            )
        ]
    problems: list[Problem] = []
    out: dict[str, str] = {}
    for key, value in item.items():
        if key not in spec.item_fields:
            close = difflib.get_close_matches(key, spec.item_fields, n=1)
            hint = f"Có phải ý bạn là '{close[0]}'?" if close else f"Chỉ dùng: {', '.join(spec.item_fields)}."
            problems.append(error("unknown-field", f"Sáng kiến có trường lạ '{key}'.", hint,
                                  **{**where, "field": f"{where['field']}.{key}"}))
        elif value is not None:
            if not isinstance(value, str):
                problems.append(error("invalid-value", f"'{key}' của sáng kiến phải là văn bản.",
                                      "Viết giá trị trên cùng dòng.", **{**where, "field": f"{where['field']}.{key}"}))
            else:
                out[key] = value.strip()
    if "applied_on" in out:
        out["applied_on"] = normalise_date(out["applied_on"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", out["applied_on"]) or not _valid_date(out["applied_on"]):
            problems.append(error(
                "invalid-value", "Ngày áp dụng sáng kiến (applied_on) không phải ngày hợp lệ.",
                f"Viết ngày dạng {spec.sample_date.isoformat()} hoặc {spec.sample_date:%d/%m/%Y}.",
                **{**where, "field": f"{where['field']}.applied_on"}))
    if not out.get("title"):
        problems.append(error("missing-field", "Sáng kiến thiếu tên (title).",
                              "Thêm dòng 'title: Tên sáng kiến'.", **{**where, "field": f"{where['field']}.title"}))
        return None, problems
    return out, problems


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
