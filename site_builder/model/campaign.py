"""`campaigns/<id>/campaign.yaml`: the plan as data."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from site_builder.check.parse.yaml_strict import load_yaml
from site_builder.exceptions import ConfigError
from site_builder.model.forms.choice import REPORT_DOCUMENT, citations


@dataclass(frozen=True)
class RequiredDocument:
    key: str
    title: str
    # The achievement report's forms by nominee kind, as cited ('Mẫu số 02, Phụ lục I kèm
    # theo …'), from the forms the campaign chose (documents.forms).
    forms: dict[str, str] = field(default_factory=dict)
    plan_form: str = ""


@dataclass(frozen=True)
class Campaign:
    id: str
    folder: str                     # repository-relative
    data: dict[str, Any]            # the whole file, for pages
    title: str
    short_title: str
    timezone: ZoneInfo
    period_start: dt.date
    period_end: dt.date
    deadline_before: dt.date
    deadline_text: str
    quotas: dict[str, int]
    documents: tuple[RequiredDocument, ...]
    secretariat_unit: str
    criteria: dict[str, dict[str, Any]]
    review: dict[str, Any]
    # Line of each key path in campaign.yaml, e.g. ("criteria", "individual-rating", "field"),
    # so that a configuration problem names its line.
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> str:
        return f"{self.folder}/campaign.yaml"

    def line_of(self, *key_path: str | int) -> int | None:
        """Line of the nearest key of `key_path` that campaign.yaml has."""
        for end in range(len(key_path), 0, -1):
            if key_path[:end] in self.lines:
                return self.lines[key_path[:end]]
        return None

    @property
    def deadline(self) -> dt.datetime:
        """First instant that is too late: 00:00 of `before`, in the campaign's time zone."""
        return dt.datetime.combine(self.deadline_before, dt.time(0), self.timezone)

    def citation(self, section: str, default: str) -> str:
        value = self.data.get(section)
        return value.get("citation", default) if isinstance(value, dict) else default


def load_campaign(root: Path, campaign_id: str) -> Campaign:
    folder = Path("campaigns") / campaign_id
    path = root / folder / "campaign.yaml"
    where = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Không đọc được {where}: {exc}") from exc
    doc = load_yaml(text, where)
    if doc.problems:
        p = doc.problems[0]
        raise ConfigError(f"{where}:{p.line}: {p.message}")
    data = doc.value
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: tệp phải là một bảng 'khóa: giá trị'.")
    try:
        return _parse(data, campaign_id, folder.as_posix(), where, doc.lines)
    except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError) as exc:
        raise ConfigError(f"{where}: cấu hình đợt thi đua thiếu hoặc sai ({exc!r}).") from exc


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


def _parse(data: dict[str, Any], campaign_id: str, folder: str, where: str,
           lines: dict[tuple[str | int, ...], int]) -> Campaign:
    if data.get("id") != campaign_id:
        raise ConfigError(f"{where}: 'id' phải là '{campaign_id}' (tên thư mục).")
    documents = data["documents"]
    report_forms = citations(data)
    required = tuple(
        RequiredDocument(d["key"], d["title"], dict(report_forms) if d["key"] == REPORT_DOCUMENT else {},
                         d.get("plan_form", ""))
        for d in documents["required"])
    criteria = {code: dict(params or {}) for code, params in (data.get("criteria") or {}).items()}
    return Campaign(
        id=campaign_id, folder=folder, data=data, title=data["title"],
        short_title=data.get("short_title", data["title"]),
        timezone=ZoneInfo(data.get("timezone", "Asia/Ho_Chi_Minh")),
        period_start=_date(data["period"]["start"]), period_end=_date(data["period"]["end"]),
        deadline_before=_date(data["deadline"]["before"]),
        deadline_text=data["deadline"].get("text", ""),
        quotas={k: int(v) for k, v in data["quotas"].items() if k in ("individual", "collective")},
        documents=required, secretariat_unit=data["secretariat_unit"], criteria=criteria,
        review=dict(data.get("review") or {}), lines=lines,
    )


def campaign_ids(root: Path) -> list[str]:
    folder = root / "campaigns"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "campaign.yaml").is_file())
