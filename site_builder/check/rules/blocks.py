"""The building blocks a campaign declares its criteria with (`block:` in campaign.yaml).

Each block reads its keys from the declaration, reports what is wrong with them as
configuration problems, and makes the check, the requirement in words and the browser rule.
Every message is made here, from the campaign's data and the field titles.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from site_builder.check.rules.criterion import (
    Block,
    Context,
    Declaration,
    Finding,
    Key,
    Parts,
    blank,
    boolean,
    number_words,
    pending_message,
    quoted_labels,
)
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.schema import Schemas


def _missing(name: str, pending: str, missing: bool) -> Iterator[Finding]:
    """A blank field: the schema reported it if required; else, with `missing: pending`, pending."""
    if missing:
        yield Finding(name, pending, pending=True)


def _with_missing(rule: dict[str, Any], missing: bool, pending: Any) -> dict[str, Any]:
    return {**rule, "missing": "pending", "pending": pending} if missing else rule


# --- one_of: a field within a set of values --------------------------------------------------

def one_of(d: Declaration) -> Parts | None:
    spec = d.field_spec("field", d.params.get("field"))
    if spec is None:
        return None
    if not d.names("allowed"):
        d.problem("allowed", f"Tiêu chí '{d.code}' thiếu danh sách giá trị được chấp nhận 'allowed'.",
                  "Ghi 'allowed: [giá trị, …]' bằng các giá trị của trường.")
    allowed, unknown = d.values_of("allowed", spec), d.values_of("unknown", spec)
    name, missing = spec.name, d.missing_pending
    what = d.text("what") or spec.title
    failed, pending = f"{what} không đạt yêu cầu của kế hoạch.", pending_message(what)

    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        value = n.values.get(name)
        if blank(value):
            yield from _missing(name, pending, missing)
        elif value in unknown:
            yield Finding(name, pending, pending=True)
        elif value not in allowed:
            yield Finding(name, failed)

    def requirement(params: dict[str, Any], schemas: Schemas) -> str:
        text = f"{spec.title}: chỉ chấp nhận {quoted_labels(spec, allowed)}."
        if unknown:
            text += f" {quoted_labels(spec, unknown)}: hồ sơ chờ bổ sung thông tin."
        if missing:
            text += " Chưa ghi: hồ sơ chờ bổ sung thông tin."
        return text

    def rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
        return _with_missing({"type": "allowed", "field": name, "allowed": list(allowed), "unknown": list(unknown),
                              "message": failed, "pending": pending}, missing, pending)
    return Parts((name,), check, requirement, rule)


# --- is: yes/no fields that must hold a value --------------------------------------------------

def is_(d: Declaration) -> Parts | None:
    specs = [d.field_spec("fields", name, i) for i, name in enumerate(d.names("fields"))]
    if not specs:
        d.problem("fields", f"Tiêu chí '{d.code}' thiếu danh sách trường 'fields'.",
                  "Ghi 'fields: [tên trường có/không, …]'.")
    for i, spec in enumerate(specs):
        if spec is not None and spec.type != "boolean":
            d.problem("fields", f"Tiêu chí '{d.code}': trường '{spec.name}' không phải trường có/không.",
                      "Khối 'is' chỉ dùng cho trường có/không (boolean); dùng 'one_of' cho trường khác.", i)
    expected = boolean(d.params.get("value", "true"))
    if expected is None:
        d.problem("value", f"Tiêu chí '{d.code}': 'value' phải là true hoặc false.",
                  "Ghi value: true hoặc value: false.")
    if None in specs or expected is None:
        return None
    names, missing = tuple(s.name for s in specs if s), d.missing_pending

    def title(ctx: Context, n: Nomination, name: str) -> str:
        return ctx.schemas[n.kind or "individual"].by_name[name].title

    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        for name in names:
            value = n.values.get(name)
            if blank(value):
                yield from _missing(name, pending_message(f"“{title(ctx, n, name)}”"), missing)
            elif value is not expected:
                yield Finding(name, f"“{title(ctx, n, name)}” phải là “{'có' if expected else 'không'}”.")

    def rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
        pending = {s.name: pending_message(f"“{s.title}”") for s in specs if s}
        return _with_missing({"type": "equals", "fields": list(names), "value": expected}, missing, pending)
    return Parts(names, check, None, rule)


# --- at_least: at least N items over list fields (or non-empty fields) --------------------------

def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0 if blank(value) else 1


def _lower_first(title: str) -> str:
    return title[0].lower() + title[1:] if len(title) > 1 and title[1].islower() else title


def at_least(d: Declaration) -> Parts | None:
    specs = [d.field_spec("fields", name, i) for i, name in enumerate(d.names("fields"))]
    if not specs:
        d.problem("fields", f"Tiêu chí '{d.code}' thiếu danh sách trường 'fields'.",
                  "Ghi 'fields: [achievements, initiatives]' hoặc các trường cần có.")
    least = d.number("min", integer=True)
    if least is not None and least < 1:
        d.problem("min", f"Tiêu chí '{d.code}': 'min' phải từ 1 trở lên.", "Ghi min: 1 hoặc lớn hơn.")
    if None in specs or not specs or (least is not None and least < 1):
        return None
    names, minimum = tuple(s.name for s in specs if s), int(least or 1)
    titles = [_lower_first(s.title) for s in specs if s]
    message = (f"Hồ sơ chưa nêu {' hay '.join(titles)} nào." if minimum == 1 else
               f"Hồ sơ cần nêu ít nhất {minimum} mục {' hoặc '.join(titles)}.")

    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        if sum(_count(n.values.get(name)) for name in names) < minimum:
            yield Finding(names[0], message)

    def requirement(params: dict[str, Any], schemas: Schemas) -> str:
        return "" if minimum == 1 else f"Ít nhất {minimum} mục."

    def rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "any", "fields": list(names), "message": message}
        return out if minimum == 1 else {**out, "min": minimum}
    return Parts(names, check, requirement, rule)


# --- number: a number at least / at most ----------------------------------------------------------

def number(d: Declaration) -> Parts | None:
    spec = d.field_spec("field", d.params.get("field"))
    if spec is not None and spec.type not in ("number", "integer"):
        d.problem("field", f"Tiêu chí '{d.code}': trường '{spec.name}' không phải trường số.",
                  "Khối 'number' chỉ dùng cho trường số (number, integer).")
        spec = None
    low, high = d.number("min"), d.number("max")
    if "min" not in d.params and "max" not in d.params:
        d.problem(None, f"Tiêu chí '{d.code}' cần 'min', 'max' hoặc cả hai.", "Ghi ví dụ min: 2.")
    elif low is not None and high is not None and low > high:
        d.problem("max", f"Tiêu chí '{d.code}': 'max' nhỏ hơn 'min'.", "Sửa lại 'min' và 'max'.")
    if spec is None or (low is None and high is None) or (low is not None and high is not None and low > high):
        return None
    name, missing = spec.name, d.missing_pending
    what = d.text("what") or spec.title
    if low is not None and high is not None:
        bounds = f"từ {number_words(low)} đến {number_words(high)}"
    elif low is not None:
        bounds = f"từ {number_words(low)} trở lên"
    else:
        bounds = f"không quá {number_words(high or 0)}"
    failed, pending = f"{what} phải {bounds}.", pending_message(what)

    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        value = n.values.get(name)
        if blank(value) or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            yield from _missing(name, pending, missing and blank(value))
        elif (low is not None and value < low) or (high is not None and value > high):
            yield Finding(name, failed)

    def requirement(params: dict[str, Any], schemas: Schemas) -> str:
        return f"{spec.title}: {bounds}." + (" Chưa ghi: hồ sơ chờ bổ sung thông tin." if missing else "")

    def rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
        return _with_missing({"type": "range", "field": name, "min": low, "max": high, "message": failed},
                             missing, pending)
    return Parts((name,), check, requirement, rule)


# --- documents: the campaign's required documents are given ---------------------------------------

def documents(d: Declaration) -> Parts | None:
    docs = d.campaign.documents

    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        for doc in docs:
            if not n.values.get(doc.key) and not n.raw.get(doc.key):
                yield Finding(doc.key, f"Thiếu tài liệu “{doc.title}” ({doc.key}).")

    def rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
        return {"type": "present", "fields": [doc.key for doc in docs], "titles": {doc.key: doc.title for doc in docs}}
    return Parts(tuple(doc.key for doc in docs), check, None, rule)


_FIELD = "the name of a nomination field"
BLOCKS: dict[str, Block] = {b.name: b for b in (
    Block("one_of", "A field's value is one of `allowed`; a value in `unknown` means pending.",
          (Key("field", "field", True, _FIELD), Key("allowed", "values", True, "values that pass"),
           Key("unknown", "values", description="values meaning 'not known yet' (pending)"),
           Key("what", "text", description="what the field is, in the message (default: its title)")), one_of),
    Block("is", "Yes/no fields must hold `value` (default true).",
          (Key("fields", "fields", True, "yes/no fields"), Key("value", "boolean", description="the value required")),
          is_),
    Block("at_least", "At least `min` items (default 1) over list fields, counting a non-empty field as one.",
          (Key("fields", "fields", True, "fields counted together"),
           Key("min", "integer", description="the least number of items")), at_least, pending_when_missing=False),
    Block("number", "A number field is at least `min` and/or at most `max`.",
          (Key("field", "field", True, _FIELD), Key("min", "number", description="the least value allowed"),
           Key("max", "number", description="the greatest value allowed"),
           Key("what", "text", description="what the field is, in the message (default: its title)")), number),
    Block("documents", "Every document of the campaign's `documents.required` is given.", (), documents,
          pending_when_missing=False),
)}
