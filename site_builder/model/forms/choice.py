"""The forms a campaign chose (campaign.yaml `documents.forms`, `documents.report_fields`),
and what is wrong with that choice, as configuration problems.

    documents:
      forms:
        collective: nd98-2023/pl1-mau-02        # an id of the catalogue
        individual: {id: nd152-2025/chuyen-de, number: "07"}   # number: when the catalogue has none
        to_trinh: nd30-2020/to-trinh
      report_fields:                            # the campaign's own fields in the reports
        collective:
          results: [{field: cchc_index_result}]            # "Tiêu đề: nhãn của giá trị."
          compliance: [{field: law_compliance, text: …}]   # text printed when the field is yes
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.model.forms.catalogue import BY_ID, FORMS
from site_builder.model.forms.form import KINDS, REPORT_KINDS, Form, Kind
from site_builder.model.problem import Problem, error

CONFIG_INVALID = "config-invalid"
REPORT_DOCUMENT = "bao_cao_thanh_tich"   # the required document that follows the report forms
KIND_NAMES = {"individual": "cá nhân", "collective": "tập thể", "to_trinh": "tờ trình"}
_NUMBER = re.compile(r"^\d{1,3}[a-z]?$")
_CHOICE_KEYS = frozenset({"id", "number"})
_ENTRY_KEYS = frozenset({"field", "text"})


@dataclass(frozen=True)
class Chosen:
    form: Form
    kind: Kind
    number: str | None

    @property
    def citation(self) -> str:
        return self.form.citation(self.number)


def _documents(data: Mapping[str, Any]) -> Mapping[str, Any]:
    documents = data.get("documents")
    return documents if isinstance(documents, Mapping) else {}


def _split(value: Any) -> tuple[Any, Any]:
    """(id, number) of one choice: an id, or {id, number}."""
    if isinstance(value, Mapping):
        return value.get("id"), value.get("number")
    return value, None


def chosen(data: Mapping[str, Any], kind: Kind) -> Chosen | None:
    """The form chosen for `kind`, or None when none is chosen or the choice is wrong."""
    forms = _documents(data).get("forms")
    if not isinstance(forms, Mapping):
        return None
    form_id, number = _split(forms.get(kind))
    form = BY_ID.get(form_id) if isinstance(form_id, str) else None
    if form is None or kind not in form.kinds:
        return None
    return Chosen(form, kind, str(number) if number is not None and form.number is None else None)


def citations(data: Mapping[str, Any]) -> dict[str, str]:
    """{'collective': 'Mẫu số 02, Phụ lục I kèm theo …', …} for the achievement reports chosen."""
    return {kind: c.citation for kind in REPORT_KINDS if (c := chosen(data, kind)) is not None}


def report_fields(data: Mapping[str, Any], kind: Kind) -> dict[str, list[dict[str, str]]]:
    """The campaign's fields for each slot of `kind`'s report; malformed entries left out."""
    by_kind = _documents(data).get("report_fields")
    slots = by_kind.get(kind) if isinstance(by_kind, Mapping) else None
    if not isinstance(slots, Mapping):
        return {}
    out: dict[str, list[dict[str, str]]] = {}
    for slot, entries in slots.items():
        if isinstance(entries, list):
            out[slot] = [{k: v for k, v in e.items() if isinstance(v, str)} for e in entries
                         if isinstance(e, Mapping) and isinstance(e.get("field"), str)]
    return out


def _ids(kind: str) -> str:
    return ", ".join(f.id for f in FORMS if kind in f.kinds)


def form_problems(campaign: Any, fields: Mapping[str, Collection[str]] | None = None) -> list[Problem]:
    """Configuration problems of `documents.forms` and `documents.report_fields` (code
    config-invalid), each with campaign.yaml's line and the key path as field. `fields`, when
    given, names each kind's fields (the campaign's schema): report_fields must use those."""
    documents = _documents(campaign.data)
    problems: list[Problem] = []

    def problem(key_path: tuple[str | int, ...], message: str, hint: str) -> None:
        problems.append(error(CONFIG_INVALID, message, hint, path=campaign.path,
                              line=campaign.line_of("documents", *key_path),
                              field=".".join(str(k) for k in ("documents", *key_path))))

    forms = documents.get("forms")
    if forms is not None and not isinstance(forms, Mapping):
        problem(("forms",), "Mục documents.forms phải là một bảng 'loại: mã mẫu'.",
                "Ví dụ: forms: {collective: nd98-2023/pl1-mau-02, individual: nd98-2023/pl1-mau-03}.")
    for kind, value in (forms.items() if isinstance(forms, Mapping) else ()):
        if kind not in KINDS:
            problem(("forms", kind), f"Loại mẫu '{kind}' không có.",
                    "Chỉ dùng individual (cá nhân), collective (tập thể) và to_trinh (tờ trình).")
            continue
        _choice_problems(problem, kind, value)
    _slot_problems(problem, campaign.data, documents.get("report_fields"), fields)
    required = documents.get("required")
    for i, item in enumerate(required if isinstance(required, list) else ()):
        if isinstance(item, Mapping) and "forms" in item:
            problem(("required", i, "forms"), "Mẫu báo cáo thành tích không còn ghi trong từng tài liệu.",
                    "Chọn mẫu theo mã trong documents.forms (collective, individual, to_trinh) và xóa dòng này.")
    return problems


def _choice_problems(problem: Any, kind: str, value: Any) -> None:
    where = ("forms", kind)
    if isinstance(value, Mapping):
        for extra in sorted(set(value) - _CHOICE_KEYS):
            problem((*where, extra), f"Khóa '{extra}' không dùng trong lựa chọn mẫu {KIND_NAMES[kind]}.",
                    "Chỉ ghi id (mã mẫu) và, khi danh mục chưa có số mẫu, number.")
    form_id, number = _split(value)
    if not isinstance(form_id, str) or not form_id.strip():
        problem(where, f"Chưa ghi mã mẫu {KIND_NAMES[kind]} (documents.forms.{kind}).",
                f"Ghi một mã trong danh mục: {_ids(kind)}.")
        return
    form = BY_ID.get(form_id)
    if form is None:
        problem(where, f"Mẫu '{form_id}' không có trong danh mục mẫu.",
                f"Mã mẫu {KIND_NAMES[kind]} dùng được: {_ids(kind)}.")
        return
    if kind not in form.kinds:
        fits = ", ".join(KIND_NAMES[k] for k in KINDS if k in form.kinds)
        problem(where, f"Mẫu '{form_id}' ({form.title}) dùng cho {fits}, không dùng cho {KIND_NAMES[kind]}.",
                f"Mã mẫu {KIND_NAMES[kind]} dùng được: {_ids(kind)}.")
        return
    if number is None:
        return
    text = str(number).strip()
    if form.number is not None and text != form.number:
        problem((*where, "number"), f"Mẫu '{form_id}' là Mẫu số {form.number}, không phải số {text}.",
                "Bỏ number: số mẫu này đã có trong danh mục.")
    elif not _NUMBER.match(text):
        problem((*where, "number"), f"Số mẫu '{text}' không hợp lệ.",
                "Ghi số mẫu theo văn bản quy định, ví dụ \"05\", trong dấu ngoặc kép.")


def _slot_problems(problem: Any, data: Mapping[str, Any], by_kind: Any,
                   fields: Mapping[str, Collection[str]] | None) -> None:
    if by_kind is None:
        return
    if not isinstance(by_kind, Mapping):
        problem(("report_fields",), "Mục documents.report_fields phải là một bảng theo loại hồ sơ.",
                "Ví dụ: report_fields: {collective: {results: [{field: ten_truong}]}}.")
        return
    for kind, slots in by_kind.items():
        if kind not in REPORT_KINDS:
            problem(("report_fields", kind), f"Loại hồ sơ '{kind}' không có báo cáo thành tích.",
                    "Chỉ dùng individual (cá nhân) và collective (tập thể).")
            continue
        c = chosen(data, kind)
        known = c.form.slots(kind) if c else ()
        if not isinstance(slots, Mapping):
            problem(("report_fields", kind), f"Mục report_fields.{kind} phải là một bảng 'chỗ: danh sách trường'.",
                    f"Chỗ trong mẫu đã chọn: {', '.join(known) or '(chưa chọn mẫu)'}.")
            continue
        for slot, entries in slots.items():
            where = ("report_fields", kind, slot)
            if c is not None and slot not in known:
                problem(where, f"Mẫu '{c.form.id}' không có chỗ '{slot}' để ghi trường của đợt thi đua.",
                        f"Chỗ trong mẫu này: {', '.join(known) or '(không có)'}.")
            if not isinstance(entries, list):
                problem(where, f"report_fields.{kind}.{slot} phải là một danh sách.",
                        "Mỗi dòng: - {field: ten_truong} hoặc - {field: ten_truong, text: Câu in ra khi trường là có}.")
                continue
            for i, entry in enumerate(entries):
                if not isinstance(entry, Mapping) or not isinstance(entry.get("field"), str):
                    problem((*where, i), f"Dòng {i + 1} của report_fields.{kind}.{slot} thiếu tên trường (field).",
                            "Ghi dạng {field: ten_truong} hoặc {field: ten_truong, text: …}.")
                    continue
                name = entry["field"]
                if fields is not None and name not in fields.get(kind, ()):
                    problem((*where, i, "field"), f"Trường '{name}' không có trong hồ sơ {KIND_NAMES[kind]} "
                            "của đợt thi đua.", "Ghi tên một trường của hồ sơ (mục fields hoặc lược đồ chung).")
                for extra in sorted(set(entry) - _ENTRY_KEYS):
                    problem((*where, i, extra), f"Khóa '{extra}' không dùng trong report_fields.",
                            "Chỉ ghi field và, với trường có/không, text.")
