"""Stage 3a: the plan's criteria, declared in campaign.yaml (`criteria:`), one object each.

Each key of `criteria:` is a problem code, declared by a building block (`block:`, see
blocks.py) or by a named criterion written in Python (`use:`, see named.py), with its
citation, title, explanation and hint. `compile_criteria` turns them into `Criterion`
objects and reports a misconfigured one as a `config-invalid` problem on its line. The
checker runs these objects and the criteria page and the form are generated from the same
objects, so what the site says and what the check does cannot drift.
"""
from __future__ import annotations

import re
from typing import Any

from site_builder.check.findings import Findings
from site_builder.check.rules.blocks import BLOCKS
from site_builder.check.rules.criterion import BOTH, Block, Context, Criterion, Declaration, Key, When, quoted_labels
from site_builder.check.rules.named import NAMED
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import CATALOGUE, Category, Problem, error
from site_builder.model.schema import Schemas

__all__ = ["Context", "Criterion", "apply_criteria", "compile_criteria", "criteria_of"]

# Keys every criterion may carry besides its block's own.
TEXTS = (Key("citation", "text", True, "the plan's section, e.g. II.3.2"),
         Key("title", "text", True, "what is required, one line (Vietnamese)"),
         Key("explanation", "text", True, "what the plan says and why (Vietnamese)"),
         Key("hint", "text", True, "how to fix (Vietnamese)"))
COMMON = (Key("kinds", "kinds", description="the kinds of nomination it applies to (default: those with its fields)"),
          Key("when", "when", description="applies only to nominations of one kind, or whose field holds one of `in`"),
          Key("missing", "missing", description="`pending`: a blank optional field means 'not known yet'"),
          *TEXTS)
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def compile_criteria(campaign: Campaign, schemas: Schemas) -> tuple[tuple[Criterion, ...], list[Problem]]:
    """The campaign's criteria, in the order campaign.yaml declares them, and the problems of
    those that are misconfigured (left out)."""
    declared = campaign.data.get("criteria")
    if declared is None:
        return (), []
    if not isinstance(declared, dict):
        return (), [error("config-invalid", "Mục 'criteria' phải là một bảng 'mã tiêu chí: khai báo'.",
                          "Ghi mỗi tiêu chí là một khóa dưới 'criteria:'.", path=campaign.path,
                          line=campaign.line_of("criteria"), field="criteria")]
    criteria: list[Criterion] = []
    problems: list[Problem] = []
    for code, params in declared.items():
        d = Declaration(campaign, schemas, str(code), params if isinstance(params, dict) else {}, BOTH)
        criterion = _compile(d, params)
        problems += d.problems
        if criterion is not None and not d.problems:
            criteria.append(criterion)
    return tuple(criteria), problems


def _compile(d: Declaration, params: Any) -> Criterion | None:
    if not isinstance(params, dict):
        d.problem(None, f"Tiêu chí '{d.code}' phải là một bảng gồm 'block' (hoặc 'use'), 'citation', 'title', "
                  "'explanation', 'hint' và các tham số.", "Xem cách khai báo tiêu chí trong tài liệu campaign.yaml.")
        return None
    if not _CODE.fullmatch(d.code) or d.code in CATALOGUE:
        d.problem(None, f"'{d.code}' không dùng được làm mã tiêu chí"
                  + (": mã này đã là mã lỗi của hệ thống." if d.code in CATALOGUE else "."),
                  "Mã tiêu chí chỉ gồm chữ thường không dấu, số và dấu '-', khác các mã lỗi của hệ thống.")
    block = _block(d)
    texts = {k.name: d.text(k.name, required=True) for k in TEXTS}
    if block is None:
        return None
    known = {k.name for k in (*COMMON, *block.keys)} | {"block", "use"}
    for key in d.params:
        if key not in known:
            d.problem(str(key), f"Tiêu chí '{d.code}' có mục '{key}' không dùng được với '{block.name}'.",
                      f"Các mục dùng được: {', '.join(sorted(known))}.")
    lacking = [k.name for k in block.keys if k.required and k.name not in d.params]
    for name in lacking:
        d.problem(name, f"Tiêu chí '{d.code}' ('{block.name}') thiếu mục '{name}'.",
                  f"Thêm '{name}:' cho tiêu chí này.")
    d.missing_pending = _missing(d, block)
    before = len(d.problems)
    when = _kinds_and_when(d, block)
    if lacking or len(d.problems) > before:
        return None
    # Built even when texts or keys are wrong, so that every problem is listed at once.
    parts = block.build(d)
    if parts is None or d.problems:
        return None
    reads = parts.fields + ((when.field,) if when and when.field and when.field not in parts.fields else ())
    return Criterion(d.code, texts["citation"], d.kinds, texts["title"], texts["explanation"], texts["hint"],
                     reads, parts.check, parts.requirement, parts.browser_rule, dict(d.params), when)


def _block(d: Declaration) -> Block | None:
    block, use = d.params.get("block"), d.params.get("use")
    if (block is None) == (use is None):
        d.problem(None, f"Tiêu chí '{d.code}' phải có đúng một trong hai mục 'block' hoặc 'use'.",
                  f"Khối dùng được: {', '.join(BLOCKS)}; tiêu chí viết sẵn: {', '.join(NAMED)}.")
        return None
    found = BLOCKS.get(str(block)) if block is not None else NAMED.get(str(use))
    if found is None:
        key, names = ("block", BLOCKS) if block is not None else ("use", NAMED)
        d.problem(key, f"Tiêu chí '{d.code}': không có {'khối' if key == 'block' else 'tiêu chí viết sẵn'} "
                  f"'{block if block is not None else use}'.", f"Chọn một trong: {', '.join(names)}.")
    return found


def _missing(d: Declaration, block: Block) -> bool:
    value = d.params.get("missing")
    if value is None:
        return False
    if value != "pending" or not block.pending_when_missing:
        d.problem("missing", f"Tiêu chí '{d.code}': 'missing' chỉ nhận giá trị 'pending'"
                  + ("" if block.pending_when_missing else f" và không dùng được với '{block.name}'") + ".",
                  "Ghi 'missing: pending' (trường còn trống thì hồ sơ chờ bổ sung) hoặc bỏ mục này.")
    return value == "pending"


def _kinds_and_when(d: Declaration, block: Block) -> When | None:
    """Set the kinds the criterion applies to; its `when`, if any."""
    explicit = "kinds" in d.params
    if explicit:
        kinds = d.names("kinds")
        wrong = [k for k in kinds if k not in BOTH]
        if wrong or not kinds:
            d.problem("kinds", f"Tiêu chí '{d.code}': 'kinds' chỉ gồm individual, collective.",
                      "Ghi kinds: [individual], [collective] hoặc cả hai.")
            return None
        d.kinds = tuple(k for k in BOTH if k in kinds)
    raw = d.params.get("when")
    if raw is None:
        when = None
    elif (not isinstance(raw, dict) or not raw or set(raw) - {"kind", "field", "in"}
          or ("field" in raw) != ("in" in raw)):
        d.problem("when", f"Tiêu chí '{d.code}': 'when' phải là {{kind: …}} hoặc {{field: …, in: […]}}.",
                  "Ví dụ: when: {kind: individual} hoặc when: {field: proposed_title, in: [lao_dong_tien_tien]}.")
        return None
    else:
        kind = raw.get("kind")
        if kind is not None:
            if kind not in d.kinds:
                d.problem("when", f"Tiêu chí '{d.code}': 'when.kind' phải là một trong {', '.join(d.kinds)}.",
                          "Ghi when: {kind: individual} hoặc {kind: collective}.")
                return None
            d.kinds = (str(kind),)
        when = When(kind=str(kind) if kind is not None else None)
    if not explicit and (when is None or when.kind is None):
        # Without `kinds`, a criterion applies to the kinds whose form has every field it names.
        named = _field_names(d, block) | ({raw["field"]} if isinstance(raw, dict) and "field" in raw else set())
        having = tuple(k for k in d.kinds if all(n in d.schemas[k].by_name for n in named))
        d.kinds = having or d.kinds
    if isinstance(raw, dict) and "field" in raw and when is not None:
        spec = d.field_spec("when.field", raw["field"])
        if spec is None:
            return None
        before = len(d.problems)
        values = d.values_of("when.in", spec, raw["in"])
        if len(d.problems) > before:
            return None
        text = f"Chỉ áp dụng cho hồ sơ có “{spec.title}” là {quoted_labels(spec, values)}."
        when = When(when.kind, spec.name, values, text)
    return when


def _field_names(d: Declaration, block: Block) -> set[str]:
    out: set[str] = set()
    for key in block.keys:
        if key.type == "field" and isinstance(d.params.get(key.name), str):
            out.add(d.params[key.name])
        elif key.type == "fields":
            out.update(n for n in d.names(key.name) if isinstance(n, str))
    return out


# Compiled once per campaign and schemas: the site, form and documents ask many times.
_COMPILED: dict[tuple[int, int], tuple[Campaign, Schemas, tuple[Criterion, ...]]] = {}


def criteria_of(campaign: Campaign, schemas: Schemas) -> tuple[Criterion, ...]:
    """The campaign's criteria that compile (what the checker applies)."""
    key = (id(campaign), id(schemas))
    found = _COMPILED.get(key)
    if found is None or found[0] is not campaign or found[1] is not schemas:
        found = _COMPILED[key] = (campaign, schemas, compile_criteria(campaign, schemas)[0])
    return found[2]


def criterion_of(campaign: Campaign, schemas: Schemas, code: str) -> Criterion | None:
    return next((c for c in criteria_of(campaign, schemas) if c.code == code), None)


def apply_criteria(found: Findings, nomination: Nomination, ctx: Context) -> None:
    """Judge `nomination` by its campaign's criteria, recording what each finds onto it."""
    # A field the schema already rejected is not judged again (one problem, one fix).
    rejected = frozenset(p.field for p in nomination.problems if p.category in (Category.FILE, Category.SCHEMA))
    active = ctx.active.get(nomination.kind)
    if active is None:  # the campaign's criteria for this kind, once per kind
        active = ctx.active[nomination.kind] = [c for c in ctx.criteria if nomination.kind in c.kinds]
    for criterion in active:
        if criterion.when is None or criterion.when.holds(nomination):
            found.record_all(criterion.evaluate(nomination, ctx, rejected), nomination)
