"""Open data (`du-lieu/`): units, nominations and the commended list, public fields only.

`nominations` has the columns every campaign shares, then the public fields the campaigns
declare themselves (campaign.yaml `fields:`): with several campaigns, the union of them, each
empty in the rows of a campaign without it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from site_builder.check.pipeline import CheckResult
from site_builder.model.schema import NOMINATION_KINDS
from site_builder.publish.site.opendata import Column, Table, write_package
from site_builder.publish.site.view import CampaignView


def _col(name: str, title: str, type_: str = "string", description: str = "") -> Column:
    return Column(name=name, type=type_, title=title, description=description)


def _own_columns(result: CheckResult, views: list[CampaignView]) -> list[Column]:
    """The campaigns' own public fields (campaign.yaml `fields:`), the union by name: the first
    campaign declaring a name gives its title; differing types are published as text."""
    found: dict[str, dict[str, Any]] = {}
    types: dict[str, set[str]] = {}
    for view in views:
        for kind in NOMINATION_KINDS:
            for d in view.campaign.fields.get(kind, ()):
                if d.get("private") or d.get("list") or d["name"] in result.schemas.private_fields:
                    continue
                found.setdefault(d["name"], d)
                types.setdefault(d["name"], set()).add(d["type"])
    columns = []
    for name, d in found.items():
        labels = "; ".join(f"{code}: {label}" for code, label in d.get("labels", {}).items())
        description = " ".join(part for part in (d.get("description", ""), f"Mã: {labels}." if labels else "") if part)
        same = len(types[name]) == 1
        columns.append(Column(name=name, type=d["type"] if same else "string", title=d["title"],
                              description=description,
                              enum=tuple(d["constraints"]["enum"]) if same and "enum" in d.get("constraints", {})
                              else None))
    return columns


def write_open_data(out: Path, result: CheckResult, views: list[CampaignView], version: str) -> list[dict[str, Any]]:
    units = Table(
        name="units", title="Danh mục đơn vị", description="Các cơ quan, đơn vị, địa phương được nộp hồ sơ.",
        columns=(_col("unit_id", "Mã đơn vị"), _col("name", "Tên đơn vị"), _col("kind", "Loại đơn vị"),
                 _col("parent_id", "Đơn vị cấp trên"), _col("active_from", "Hoạt động từ ngày", "date"),
                 _col("active_to", "Hoạt động đến ngày", "date"), _col("successor_id", "Đơn vị kế thừa")),
        rows=[{"unit_id": u.unit_id, "name": u.name, "kind": u.kind, "parent_id": u.parent_id,
               "active_from": u.active_from, "active_to": u.active_to, "successor_id": u.successor_id}
              for u in sorted(result.registry.units.values(), key=lambda u: u.unit_id)],
        primary_key=("unit_id",))
    nomination_rows = []
    commended_rows = []
    own = _own_columns(result, views)
    convert = {c.name: str if c.type == "string" else float for c in own if c.type in ("string", "number")}
    for view in views:
        for n in view.nominations:
            fields = dict(n.fields)
            nomination_rows.append({
                **{k: (convert[k](v) if k in convert and v is not None else v) for k, v in n.own.items()},
                "id": n.id, "campaign": n.campaign, "unit_id": n.unit_id, "unit_name": n.unit_name, "kind": n.kind,
                "name": "" if n.withheld else n.name, "position": fields.get("Chức vụ", ""),
                "status": n.status, "status_label": n.status_label,
                "achievements": "\n".join(n.achievements),
                "initiatives": "\n".join(i.get("title", "") for i in n.initiatives),
                "last_change": n.last_change, "url": n.url})
        decision = view.review.decision if view.review else None
        if decision is None:
            continue
        collectives, individuals, others = view.commended(result)
        for e in collectives + individuals + others:
            commended_rows.append({
                "decision_number": decision.number, "signed_on": decision.signed_on, "signer": decision.signer,
                "nomination_id": e.id, "kind": e.kind, "name": e.name, "unit_id": e.unit_id,
                "unit_name": e.unit_name, "position": e.position, "note": e.note})
    nominations = Table(
        name="nominations",
        title="Hồ sơ đề nghị khen thưởng",
        description="Mỗi dòng một hồ sơ với tình trạng hiện tại; chỉ gồm thông tin được công bố.",
        columns=(
            _col("id", "Mã hồ sơ"),
            _col("campaign", "Đợt thi đua"),
            _col("unit_id", "Mã đơn vị"),
            _col("unit_name", "Đơn vị"),
            _col("kind", "Loại (individual: cá nhân, collective: tập thể)"),
            _col("name", "Họ tên / Tên tập thể"),
            _col("position", "Chức vụ"),
            _col("status", "Mã tình trạng"),
            _col("status_label", "Tình trạng"),
            _col("achievements", "Thành tích", description="Mỗi dòng một thành tích."),
            _col("initiatives", "Sáng kiến, giải pháp", description="Mỗi dòng một sáng kiến."),
            _col("last_change", "Cập nhật lần cuối", "date"),
            _col("url", "Trang hồ sơ", description="Địa chỉ trang của hồ sơ, tính từ gốc trang thông tin."),
            # Then each campaign's own public fields: empty for another campaign's nominations.
            *own,
        ),
        rows=nomination_rows,
        primary_key=("id",),
        foreign_keys=(("unit_id", "units", "unit_id"),),
    )
    commended = Table(
        name="commended",
        title="Danh sách được khen thưởng",
        description="Theo quyết định khen thưởng của từng đợt.",
        columns=(
            _col("decision_number", "Số quyết định"),
            _col("signed_on", "Ngày ký", "date"),
            _col("signer", "Người ký"),
            _col("nomination_id", "Mã hồ sơ"),
            _col("kind", "Loại"),
            _col("name", "Họ tên / Tên tập thể"),
            _col("unit_id", "Mã đơn vị"),
            _col("unit_name", "Đơn vị"),
            _col("position", "Chức vụ"),
            _col("note", "Ghi chú", description="Với hồ sơ không còn trong kho dữ liệu: thông tin lấy từ đâu."),
        ),
        # No foreign key to `nominations`: the decision may name a file later deleted, and it stays listed.
        rows=commended_rows,
    )
    tables = (units, nominations, commended)
    write_package(out, tables, title="Dữ liệu thi đua – khen thưởng",
                  description="Dữ liệu công khai: danh mục đơn vị, hồ sơ đề nghị khen thưởng và danh sách khen thưởng.",
                  version=version, forbidden=result.schemas.private_fields)
    return [{"file": f"{t.name}.csv", "title": t.title, "rows": len(t.rows)} for t in tables]
