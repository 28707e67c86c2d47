"""`thidua new`: a commented nomination template in the unit's folder, or a new campaign
(`new campaign ID`) from a scaffold shipped with the package or from an existing campaign."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from string import Template

from site_builder.commands import EXIT_OK, choose_campaign, load_registry
from site_builder.exceptions import ConfigError, UsageError
from site_builder.model.campaign import campaign_ids, campaign_schemas, load_campaign
from site_builder.model.registry import Registry
from site_builder.model.schema import load_schemas
from site_builder.publish.templates.yaml_template import write_template

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
SCAFFOLD_KINDS = ("thematic", "yearly-titles")
CAMPAIGN_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CAMPAIGN_FILES = ("campaign.yaml", "plan.md")  # what a new campaign gets; never the review records


def run(root: Path, args: argparse.Namespace) -> int:
    if args.kind == "campaign":
        return _new_campaign(root, args)
    if args.id or args.source or args.scaffold:
        raise UsageError("Tên đợt, --from và --kind chỉ dùng với 'thidua new campaign'.")
    if not args.unit or not args.name:
        raise UsageError(f"'thidua new {args.kind}' cần --unit MÃ_ĐƠN_VỊ và --name \"HỌ VÀ TÊN\".")
    schemas = load_schemas(root)
    registry = load_registry(root, schemas)
    if registry.get(args.unit) is None:
        raise UsageError(f"Mã đơn vị '{args.unit}' không có trong registry/units.csv.")
    cid = args.campaign or _latest_campaign_of(root, registry, args.unit)
    campaign = load_campaign(root, cid, schemas)
    spec = campaign_schemas(root, cid)[args.kind]
    try:
        path = write_template(root, args.kind, spec, campaign, args.unit, args.name)
    except FileExistsError as exc:
        raise UsageError(f"Tệp {exc.args[0]} đã có; sửa tệp đó hoặc dùng tên khác.") from exc
    print(f"Đã tạo {os.path.relpath(path)}. Điền các giá trị còn trống rồi chạy: "
          f"thidua check {os.path.relpath(path.parent)}")
    return EXIT_OK


def _latest_campaign_of(root: Path, registry: Registry, unit_id: str) -> str:
    """The campaign that ends last among those the unit may submit to (its dates overlap the
    campaign's period): a unit that ended in a reorganisation is not sent to a later campaign."""
    unit = registry.units[unit_id]
    open_to = [load_campaign(root, cid) for cid in campaign_ids(root)]
    open_to = [c for c in open_to if unit.active_during(c.period_start, c.period_end)]
    if not open_to:
        return choose_campaign(root, None)
    return max(open_to, key=lambda c: (c.period_end, c.id)).id


# --- new campaign -------------------------------------------------------------------------

def _new_campaign(root: Path, args: argparse.Namespace) -> int:
    cid = args.id or ""
    if args.unit or args.name:
        raise UsageError("--unit và --name dùng cho hồ sơ, không dùng với 'thidua new campaign'.")
    check_campaign_id(root, cid)
    if args.source:
        files = copy_campaign(root, args.source, cid)
    else:
        campaigns = [load_campaign(root, c) for c in campaign_ids(root)]
        latest = max(campaigns, key=lambda c: (c.period_end, c.id)) if campaigns else None
        registry = load_registry(root)
        secretariat = latest.secretariat_unit if latest else next(iter(registry.units), "ma-don-vi")
        unit = registry.get(secretariat)
        issuer = latest.data.get("issuer", {}).get("name", "") if latest else ""
        files = scaffold_campaign(args.scaffold or "thematic", cid, secretariat=secretariat,
                                  issuer=issuer or (unit.name if unit else "Cơ quan tổ chức thi đua"),
                                  place=(latest.data.get("issuer", {}).get("place", "") if latest else "") or "…")
    write_campaign(root, cid, files)
    print(f"Đã tạo campaigns/{cid}/campaign.yaml và campaigns/{cid}/plan.md. Sửa các chỗ ghi “SỬA” "
          f"rồi chạy: thidua check")
    write_json_schemas(root)
    return EXIT_OK


def write_json_schemas(root: Path) -> None:
    """schema/json/ for every campaign, the new one included, as `thidua json-schemas` writes it;
    when another campaign's configuration is broken, say how to write them once it is fixed."""
    from site_builder.commands import json_schemas

    try:
        json_schemas.run(root, argparse.Namespace())
    except ConfigError:
        print("Chưa viết được schema/json/ (cấu hình một đợt thi đua đang lỗi): sửa lỗi rồi chạy "
              "thidua json-schemas.")


def check_campaign_id(root: Path, cid: str) -> None:
    """A usage error unless `cid` can name a new campaign folder."""
    if not CAMPAIGN_ID.match(cid):
        raise UsageError(f"Mã đợt thi đua '{cid}' không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu '-', "
                         "ví dụ 'danh-hieu-2026'.")
    if (root / "campaigns" / cid).exists():
        raise UsageError(f"Đợt thi đua '{cid}' đã có (campaigns/{cid}/); chọn mã khác.")


def write_campaign(root: Path, cid: str, files: dict[str, str]) -> None:
    folder = root / "campaigns" / cid
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _year_of(cid: str, default: int) -> int:
    """The year a campaign id ends with ('danh-hieu-2026'), else `default`."""
    match = re.search(r"-(\d{4})$", cid)
    return int(match.group(1)) if match else default


def scaffold_campaign(kind: str, cid: str, *, secretariat: str, issuer: str, place: str,
                      today: dt.date | None = None) -> dict[str, str]:
    """campaign.yaml and plan.md of a new campaign of one of SCAFFOLD_KINDS, for the year the id
    names (else this year): the whole year, documents due on 10 January after it."""
    year = _year_of(cid, (today or dt.date.today()).year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    deadline, supplement = dt.date(year + 1, 1, 10), dt.date(year + 1, 1, 20)
    values = {"id": cid, "year": str(year), "start": start.isoformat(), "end": end.isoformat(),
              "start_vn": f"{start:%d/%m/%Y}", "end_vn": f"{end:%d/%m/%Y}",
              "deadline": deadline.isoformat(), "deadline_vn": f"{deadline:%d/%m/%Y}",
              "last_day": (deadline - dt.timedelta(days=1)).isoformat(),
              "supplement": supplement.isoformat(), "supplement_vn": f"{supplement:%d/%m/%Y}",
              "secretariat": secretariat, "issuer": issuer, "place": place,
              "giver": f"Người đứng đầu {issuer}"}
    return {name: Template((SCAFFOLD / kind / name).read_text(encoding="utf-8")).substitute(values)
            for name in CAMPAIGN_FILES}


# --- a copy of an existing campaign -------------------------------------------------------

# Keys whose value is a date, by key path; each is moved by whole years.
_DATE_KEYS = (("period", "start"), ("period", "end"), ("deadline", "before"), ("review", "supplement_until"))


def copy_campaign(root: Path, source_id: str, cid: str) -> dict[str, str]:
    """The campaign.yaml and plan.md of `source_id` for a new campaign `cid`: the id, the year,
    the dates (moved by whole years to the year `cid` names, else the next one) and the titles
    replaced, each marked for review; the review records (appraisals, votes, decision) are not copied."""
    if source_id not in campaign_ids(root):
        raise UsageError(f"Không có đợt thi đua '{source_id}' để sao chép. Các đợt hiện có: "
                         f"{', '.join(campaign_ids(root)) or '(chưa có)'}.")
    try:
        source = load_campaign(root, source_id)
    except ConfigError as exc:
        raise UsageError(f"Không sao chép được đợt '{source_id}': {exc}") from exc
    old_year = int(str(source.data.get("year") or source.period_start.year))
    new_year = _year_of(cid, old_year + 1)
    lines = (root / source.path).read_text(encoding="utf-8-sig").splitlines(keepends=True)

    def moved(value: object) -> dt.date:
        day = dt.date.fromisoformat(str(value))
        return day.replace(year=day.year + new_year - old_year, day=min(day.day, 28 if day.month == 2 else 31))

    def set_value(key_path: tuple[str | int, ...], value: str, note: str = "") -> None:
        line = source.lines.get(key_path)
        if line is None:
            return
        text = lines[line - 1]
        key = str(key_path[-1])
        match = re.match(rf"^(\s*(?:- )?{re.escape(key)}:\s*)", text)
        if match is None:
            return
        lines[line - 1] = f"{match.group(1)}{value}\n"
        if note:
            indent = re.match(r"^\s*", text)
            lines[line - 1] = f"{indent.group(0) if indent else ''}# SỬA: {note}\n" + lines[line - 1]

    retitle = _retitler(old_year, new_year)
    set_value(("id",), cid)
    set_value(("year",), f'"{new_year}"')
    set_value(("title",), _quoted(retitle(source.title)), f"tên đợt thi đua mới (sao từ đợt {source_id}).")
    if "short_title" in source.data:
        set_value(("short_title",), _quoted(retitle(source.short_title)))
    for key_path in _DATE_KEYS:
        value = _get(source.data, key_path)
        if value is not None:
            set_value(key_path, f'"{moved(value).isoformat()}"')
    before = moved(source.deadline_before)
    set_value(("deadline", "text"), _quoted(f"trước ngày {before:%d/%m/%Y}"))
    if _get(source.data, ("deadline", "explanation")) is not None:
        set_value(("deadline", "explanation"),
                  _quoted(f"Hồ sơ phải được gửi trước 0 giờ ngày {before:%d/%m/%Y} (giờ Việt Nam)."))
    for i, item in enumerate(source.data.get("timeline") or []):
        if isinstance(item, dict) and item.get("date"):
            set_value(("timeline", i, "date"), f'"{moved(item["date"]).isoformat()}"')
    header = (f"# Sao từ campaigns/{source_id}/ bởi `thidua new campaign {cid} --from {source_id}`: các ngày đã "
              f"dời sang năm {new_year}; kiểm tra lại mọi mục (căn cứ, chỉ tiêu, tiêu chí) trước khi ban hành.\n")
    plan = (root / source.folder / "plan.md")
    plan_text = plan.read_text(encoding="utf-8-sig") if plan.is_file() else ""
    plan_note = (f"<!-- Sao từ kế hoạch của đợt {source_id}: thay bằng văn bản kế hoạch của đợt {cid} "
                 "trước khi công bố. -->\n\n")
    modeline = lines[:1] if lines and lines[0].startswith("# yaml-language-server:") else []  # stays first
    text = "".join(modeline) + header + "".join(lines[len(modeline):])
    return {"campaign.yaml": text, "plan.md": plan_note + retitle(plan_text)}


def _retitler(old_year: int, new_year: int) -> Callable[[str], str]:
    """Replaces 'năm <old year>' by 'năm <new year>' (titles, the plan's prose), nothing else:
    the years in the numbers of laws and decisions stay."""
    pattern = re.compile(rf"(năm\s+){old_year}\b")
    return lambda text: pattern.sub(rf"\g<1>{new_year}", text)


def _get(data: dict[str, object], key_path: tuple[str, ...]) -> object | None:
    value: object = data
    for key in key_path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
