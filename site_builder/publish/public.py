"""The public view of a check result: the only data the site, the open data, the office's
documents and the form may read of a nomination.

Private fields (`"private": true` in schema/ or in any campaign's `fields:`; a name private in
one campaign is private in all) are dropped here, once: `public_nomination`
(the site's pages, exports and search index), `public_value` (one public field, for the
documents and the commended list) and `women_counts` (an aggregate of the private gender,
totals only). tests/test_privacy.py proves that no other module under publish/ reads a
nomination's values, raw text or a private field.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from site_builder.check.pipeline import CheckResult
from site_builder.check.review import STATUS_LABELS
from site_builder.check.rules.criteria import Criterion, criterion_of
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Category, describe
from site_builder.model.schema import KIND_LABELS, Schemas
from site_builder.vietnamese.text import fold

# One wording for every criterion that reads a private field: which one failed, its code or
# its section would tell the public a private fact (a pending investigation, a discipline).
PRIVATE_FAILED = "Chưa đáp ứng tiêu chuẩn khen thưởng của kế hoạch (chi tiết được gửi riêng cho đơn vị)."
PRIVATE_PENDING = "Chờ bổ sung thông tin theo tiêu chuẩn khen thưởng của kế hoạch (chi tiết được gửi riêng cho đơn vị)."
PRIVATE_WAIVED = "Miễn áp dụng một tiêu chuẩn khen thưởng của kế hoạch (chi tiết được gửi riêng cho đơn vị)"
# Statuses whose content is not published: the file was rejected.
WITHHELD = frozenset({"invalid"})


@dataclass
class Event:
    date: dt.date
    label: str
    detail: str = ""


@dataclass
class PublicNomination:
    id: str
    campaign: str
    unit_id: str
    unit_name: str
    slug: str
    kind: str
    kind_label: str
    name: str
    status: str
    status_label: str
    url: str                       # relative to the site root, ends with '/'
    path: str
    fields: list[tuple[str, str]]  # (Vietnamese title, display value) of public scalar fields
    achievements: list[str]
    initiatives: list[dict[str, str]]
    reasons: list[str]             # public explanations of a negative status
    folded: str                    # ASCII-folded name and unit, for search and filters
    exceptions: list[str] = field(default_factory=list)  # rules the secretariat waived, with reasons
    # Typed values of the campaign's own public fields (campaign.yaml `fields:`), for open data.
    own: dict[str, Any] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    last_change: dt.date | None = None

    @property
    def withheld(self) -> bool:
        return self.status in WITHHELD


def nomination_url(n: Nomination) -> str:
    return f"{n.campaign}/ho-so/{n.unit_id}/{n.slug}/"


def public_nomination(n: Nomination, result: CheckResult) -> PublicNomination:
    schemas: Schemas = result.schemas
    kind = n.kind or "individual"
    spec = schemas.of(n.campaign)[kind]
    private = schemas.private_fields
    unit = result.registry.get(n.unit_id)
    unit_name = unit.name if unit else n.unit_id
    withheld = n.status in WITHHELD
    fields: list[tuple[str, str]] = []
    if not withheld:
        for f in spec.fields:
            value = n.values.get(f.name)
            if (
                f.private
                or f.name in private
                or f.is_list
                or f.group
                or value in (None, "")
                or f.name in ("campaign", "unit_id", "slug", "name")
            ):
                continue
            if f.name == "nominee_unit_id":
                nominee = result.registry.get(value)
                text = nominee.name if nominee else str(value)
            elif f.type == "boolean":
                text = "Có" if value else "Không"
            elif f.type == "number" and f.name == "female_share":
                text = f"{float(value):.0%}"
            else:
                text = f.label(value)
            fields.append((f.title, text))
    name = n.name if not withheld else ""
    return PublicNomination(
        id=n.id, campaign=n.campaign, unit_id=n.unit_id, unit_name=unit_name, slug=n.slug, kind=kind,
        kind_label=KIND_LABELS.get(kind, kind), name=name or "(hồ sơ không hợp lệ)", status=n.status,
        status_label=STATUS_LABELS.get(n.status, n.status), url=nomination_url(n), path=n.path, fields=fields,
        achievements=[] if withheld else [a for a in n.values.get("achievements") or [] if isinstance(a, str)],
        initiatives=[] if withheld else [i for i in n.values.get("initiatives") or [] if isinstance(i, dict)],
        reasons=_reasons(n, result), folded=fold(f"{name} {unit_name}").casefold(),
        exceptions=_exceptions(n, result), own={} if withheld else _own(n, result))


def _own(n: Nomination, result: CheckResult) -> dict[str, Any]:
    campaign = result.campaigns.get(n.campaign)
    declared = campaign.fields.get(n.kind or "", ()) if campaign else ()
    return {d["name"]: n.values.get(d["name"]) for d in declared
            if not d.get("private") and not d.get("list") and d["name"] not in result.schemas.private_fields}


def _criterion(n: Nomination, result: CheckResult, code: str) -> Criterion | None:
    campaign = result.campaigns.get(n.campaign)
    return criterion_of(campaign, result.schemas.of(n.campaign), code) if campaign else None


def reads_private(criterion: Criterion | None, schemas: Schemas) -> bool:
    """Whether `criterion` reads a field the schema marks private."""
    return criterion is not None and not schemas.private_fields.isdisjoint(criterion.fields)


def _exceptions(n: Nomination, result: CheckResult) -> list[str]:
    review = result.reviews.get(n.campaign)
    if review is None:
        return []
    out = []
    for p in n.problems:
        row = review.exceptions.get((n.id, p.code)) if p.waived else None
        if row is None:
            continue
        approved = row.get("approved_on")
        when = approved.strftime("%d/%m/%Y") if isinstance(approved, dt.date) else str(approved)
        criterion = _criterion(n, result, p.code)
        if reads_private(criterion, result.schemas):  # neither the code nor the reason: both would tell
            text = f"{PRIVATE_WAIVED}, chấp thuận ngày {when} bởi {row.get('approved_by')}."
        else:
            what = (
                f"tiêu chí mục {criterion.citation}" if criterion else describe(p.code).rstrip(".")
            )
            text = (f"Miễn áp dụng {what} ({p.code}), chấp thuận ngày {when} bởi {row.get('approved_by')}: "
                    f"{row.get('reason')}")
        if text not in out:
            out.append(text)
    return out


def _reasons(n: Nomination, result: CheckResult) -> list[str]:
    """Why a nomination is not eligible; every criterion on a private field gets one and the same sentence."""
    if n.status == "invalid":
        return ["Tệp hồ sơ có lỗi định dạng hoặc dữ liệu; đơn vị cần sửa theo kết quả kiểm tra."]
    out: list[str] = []
    for p in n.problems:
        if p.waived or (p.severity != "error" and n.status != "pending"):
            continue
        if p.category is not Category.CRITERION:
            continue
        criterion = _criterion(n, result, p.code)
        if criterion is None:
            continue
        if reads_private(criterion, result.schemas):
            text = PRIVATE_FAILED if p.severity == "error" else PRIVATE_PENDING
        else:
            text = f"{criterion.title} (mục {criterion.citation})"
        if text not in out:
            out.append(text)
    return out


# --- the only other ways the publishing side may read a nomination ----------------------------


def public_value(n: Nomination, schemas: Schemas, name: str, *, as_written: bool = False) -> Any:
    """A field's value (typed, or the text as written), or None when a schema marks it private."""
    if name in schemas.private_fields or name in schemas.of(n.campaign)[n.kind or "individual"].private_names:
        return None
    return (n.raw if as_written else n.values).get(name)


def women_counts(result: CheckResult, campaign_id: str) -> tuple[list[tuple[str, int]], str]:
    """Aggregate share of women: individual genders are private, only totals are shown."""
    genders = Counter(n.values.get("gender") or "khong_ro" for n in result.nominations
                      if n.campaign == campaign_id and n.kind == "individual" and n.status != "invalid")
    parts = [("Nữ", genders.get("nu", 0)), ("Nam", genders.get("nam", 0)), ("Không ghi", genders.get("khong_ro", 0))]
    shares: list[float] = [
        n.values["female_share"]
        for n in result.nominations
        if n.campaign == campaign_id
        and n.kind == "collective"
        and isinstance(n.values.get("female_share"), (int, float))
    ]
    over70 = sum(1 for s in shares if s >= 0.7)
    note = (
        f"{over70}/{len(shares)} tập thể có ghi tỷ lệ nữ đạt từ 70% trở lên"
        if shares
        else "chưa có tập thể nào ghi tỷ lệ nữ"
    )
    return parts, note
