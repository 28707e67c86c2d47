"""`thidua new`: a commented nomination file, generated from the schema."""
from __future__ import annotations

import json
from pathlib import Path

from site_builder.check.rules.json_schemas import modeline
from site_builder.model.campaign import Campaign
from site_builder.model.schema import FieldSpec, TableSpec
from site_builder.vietnamese.text import slugify

DOCUMENT_DEFAULTS = {"to_trinh": "dossier/to-trinh.pdf", "bien_ban": "dossier/bien-ban-hop-xet.pdf"}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(f: FieldSpec) -> list[str]:
    lines = [f"# {f.title}{' (bắt buộc)' if f.required else ''}: {f.description}".rstrip(": ")]
    if f.enum:
        lines.append("#   chọn một: " + "; ".join(f"{c} = {f.labels.get(c, c)}" for c in f.enum))
    if f.type == "boolean":
        lines.append("#   ghi true (có) hoặc false (không)")
    if f.type == "date":
        lines.append("#   dạng năm-tháng-ngày, ví dụ 1985-06-30")
    if f.private:
        lines.append("#   thông tin riêng: chỉ dùng để xét, không công bố")
    return lines


def render(kind: str, spec: TableSpec, campaign: Campaign, unit_id: str, name: str) -> str:
    slug = slugify(name)
    # First: the editor's JSON Schema (thidua json-schemas), relative to the unit's folder.
    out = [modeline(campaign.id, kind), f"# {spec.title} — {campaign.short_title}",
           "# Điền các giá trị còn trống (\"\"), xóa dòng của trường không bắt buộc nếu không dùng,",
           f"# rồi kiểm tra: thidua check submissions/{campaign.id}/{unit_id}/",
           "# Tiêu chí: xem trang Tiêu chí của đợt thi đua trên trang thông tin.",
           "", f"kind: {kind}", f"campaign: {campaign.id}", f"unit_id: {unit_id}", ""]
    documents: list[FieldSpec] = []
    for f in spec.fields:
        if f.name in ("campaign", "unit_id") or f.table_only:
            continue
        if f.group:
            documents.append(f)
            continue
        out += _comment(f)
        if f.name == "name":
            out.append(f"name: {_q(name)}")
        elif f.name == "achievements":
            out += ["achievements:", "  - \"\""]
        elif f.name == "initiatives":
            out += ["#   mỗi sáng kiến: title (tên), description (mô tả), applied_on (ngày áp dụng)",
                    "initiatives: []"]
        else:
            out.append(f"{f.name}: \"\"")
        out.append("")
    out.append("# Thành phần hồ sơ (V.3): tệp PDF trong thư mục dossier/ của đơn vị")
    out.append("documents:")
    for f in documents:
        default = DOCUMENT_DEFAULTS.get(f.name, f"dossier/bao-cao-{slug}.pdf")
        out.append(f"  {f.name}: {default}  # {f.title}")
    return "\n".join(out) + "\n"


def write_template(root: Path, kind: str, spec: TableSpec, campaign: Campaign, unit_id: str, name: str) -> Path:
    path = root / "submissions" / campaign.id / unit_id / f"{slugify(name)}.yaml"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(kind, spec, campaign, unit_id, name), encoding="utf-8")
    return path
