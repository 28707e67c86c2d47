"""`campaigns/<id>/campaign.yaml`: the plan as data."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from site_builder.check.parse.yaml_strict import dotted_path, load_yaml
from site_builder.exceptions import ConfigError
from site_builder.model.fields import check_fields
from site_builder.model.forms.choice import REPORT_DOCUMENT, citations, form_problems
from site_builder.model.problem import Problem, error
from site_builder.model.schema import NOMINATION_KINDS, Schemas, load_schemas


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
    # `fields:`: this campaign's own nomination fields, JSON-typed descriptors by kind.
    fields: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> str:
        return f"{self.folder}/campaign.yaml"

    def line_of(self, *key_path: str | int) -> int | None:
        """Line of the nearest key of `key_path` that campaign.yaml has."""
        return line_in(self.lines, key_path)

    @property
    def sample_date(self) -> dt.date:
        """The example date of its messages and templates: 30 June of its first year."""
        return dt.date(self.period_start.year, 6, 30)

    @property
    def deadline(self) -> dt.datetime:
        """First instant that is too late: 00:00 of `before`, in the campaign's time zone."""
        return dt.datetime.combine(self.deadline_before, dt.time(0), self.timezone)

    def citation(self, section: str, default: str) -> str:
        value = self.data.get(section)
        return value.get("citation", default) if isinstance(value, dict) else default


def read_campaign(root: Path, campaign_id: str, base: Schemas) -> tuple[Campaign | None, list[Problem]]:
    """The campaign, or None with the `config-invalid` problems that say what is wrong where."""
    folder = (Path("campaigns") / campaign_id).as_posix()
    where = f"{folder}/campaign.yaml"
    try:
        text = (root / where).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [_problem(where, None, None, f"Không đọc được tệp cấu hình {where} ({exc}).",
                               "Lưu lại tệp dạng văn bản UTF-8.")]
    doc = load_yaml(text, where)
    if doc.problems:
        return None, [_problem(where, p.line, p.field, f"Tệp cấu hình {where}: {p.message}", p.hint)
                      for p in doc.problems]
    reader = _Reader(where, doc.lines)
    if not isinstance(doc.value, dict):
        reader.report((), f"Tệp cấu hình {where} phải là một bảng 'khóa: giá trị' (id, title, period…).",
                      "Xem tệp campaign.yaml của một đợt thi đua mẫu và viết theo cùng cấu trúc.")
        return None, reader.problems
    campaign = _parse(reader, doc.value, campaign_id, folder, base)
    return (campaign if not reader.problems else None), reader.problems


def document_problems(campaign: Campaign, base: Schemas) -> list[Problem]:
    """What is wrong in the forms it chose (documents.forms, report_fields), against its own fields."""
    names = {kind: (*base[kind].names, *(d["name"] for d in campaign.fields.get(kind, ())))
             for kind in NOMINATION_KINDS}
    return form_problems(campaign, names)


def load_campaign(root: Path, campaign_id: str, base: Schemas | None = None) -> Campaign:
    """The campaign for a command that needs it whole: a broken one is a ConfigError (exit 2)."""
    campaign, problems = read_campaign(root, campaign_id, base or load_schemas(root))
    if campaign is None:
        p = problems[0]
        raise ConfigError(f"{p.path}:{p.line or 1}: {p.message} {p.hint}".strip())
    return campaign


def campaign_schemas(root: Path, campaign_id: str) -> Schemas:
    """schema/ merged with one campaign's fields, as its nominations are read (ConfigError if broken)."""
    base = load_schemas(root)
    campaign = load_campaign(root, campaign_id, base)
    return base.with_campaigns({campaign_id: (campaign.fields, campaign.sample_date)}).of(campaign_id)


def _problem(where: str, line: int | None, key: str | None, message: str, hint: str) -> Problem:
    return error("config-invalid", message, hint, path=where, line=line, field=key)


def line_in(lines: dict[tuple[str | int, ...], int], key_path: tuple[str | int, ...]) -> int | None:
    """Line of the nearest key of `key_path` that the file has."""
    for end in range(len(key_path), 0, -1):
        if key_path[:end] in lines:
            return lines[key_path[:end]]
    return None


class _Reader:
    """Reads campaign.yaml's values by key path; each thing missing or wrong is a problem."""

    def __init__(self, where: str, lines: dict[tuple[str | int, ...], int]) -> None:
        self.where, self.lines = where, lines
        self.problems: list[Problem] = []
        self.data: dict[str, Any] = {}

    def report(self, key_path: tuple[str | int, ...], message: str, hint: str) -> None:
        self.problems.append(_problem(self.where, line_in(self.lines, key_path) or 1,
                                      dotted_path(key_path) or None, message, hint))

    def get(self, *key_path: str | int) -> Any:
        value: Any = self.data
        for key in key_path:
            if isinstance(key, int):
                value = value[key] if isinstance(value, list) and key < len(value) else None
            else:
                value = value.get(key) if isinstance(value, dict) else None
        return value

    def text(self, *key_path: str | int, what: str, example: str, required: bool = True) -> str | None:
        value = self.get(*key_path)
        name = dotted_path(key_path)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.report(key_path, f"Tệp cấu hình thiếu mục '{name}' ({what}).",
                            f"Thêm dòng '{key_path[-1]}: {example}'" + (
                                f" dưới mục '{dotted_path(key_path[:-1])}:'." if len(key_path) > 1 else "."))
            return None
        if not isinstance(value, str):
            self.report(key_path, f"Mục '{name}' ({what}) phải là một giá trị trên một dòng, không phải danh sách "
                        "hay bảng.", f"Viết '{key_path[-1]}: {example}'.")
            return None
        return value.strip()

    def date(self, *key_path: str | int, what: str, required: bool = True) -> dt.date | None:
        text = self.text(*key_path, what=what, example='"2025-01-10"', required=required)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.report(key_path, f"Mục '{dotted_path(key_path)}' ({what}): '{text}' không phải ngày hợp lệ.",
                        "Ghi ngày dạng năm-tháng-ngày trong ngoặc kép, ví dụ \"2025-01-10\".")
            return None

    def mapping(self, key: str, what: str, required: bool = True) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.report((key,), f"Tệp cấu hình thiếu mục '{key}' ({what}).",
                            f"Thêm mục '{key}:' với các dòng con thụt vào (xem đợt thi đua mẫu).")
            return {}
        if not isinstance(value, dict):
            self.report((key,), f"Mục '{key}' ({what}) phải gồm các dòng con 'khóa: giá trị'.",
                        f"Viết '{key}:' rồi các dòng con thụt vào bên dưới.")
            return {}
        return value


def _parse(reader: _Reader, data: dict[str, Any], campaign_id: str, folder: str, base: Schemas) -> Campaign | None:
    reader.data = data
    found_id = reader.text("id", what="mã đợt thi đua", example=campaign_id)
    if found_id is not None and found_id != campaign_id:
        reader.report(("id",), f"Mã đợt thi đua 'id: {found_id}' khác tên thư mục campaigns/{campaign_id}/.",
                      f"Sửa thành 'id: {campaign_id}', hoặc đổi tên thư mục (và thư mục submissions/) cho khớp.")
    title = reader.text("title", what="tên đợt thi đua", example="Phát động thi đua …")
    short_title = reader.text("short_title", what="tên ngắn", example="…", required=False)
    zone_name = reader.text("timezone", what="múi giờ", example="Asia/Ho_Chi_Minh", required=False)
    timezone = None
    try:
        timezone = ZoneInfo(zone_name or "Asia/Ho_Chi_Minh")
    except (ZoneInfoNotFoundError, ValueError):
        reader.report(("timezone",), f"Múi giờ '{zone_name}' không có.", "Dùng 'timezone: Asia/Ho_Chi_Minh'.")
    reader.mapping("period", "thời gian thi đua")
    start = reader.date("period", "start", what="ngày bắt đầu thi đua")
    end = reader.date("period", "end", what="ngày kết thúc thi đua")
    if start and end and start > end:
        reader.report(("period", "end"), f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
                      "Sửa 'period.start' hoặc 'period.end' cho đúng thứ tự.")
    reader.mapping("deadline", "hạn nộp hồ sơ")
    before = reader.date("deadline", "before", what="ngày đầu tiên không còn nhận hồ sơ")
    deadline_text = reader.text("deadline", "text", what="hạn nộp, như kế hoạch viết", example="trước ngày …",
                                required=False)
    quotas = _quotas(reader)
    documents = _documents(reader)
    secretariat = reader.text("secretariat_unit", what="mã đơn vị thường trực, trong registry/units.csv",
                              example="phong-noi-vu")
    criteria = reader.mapping("criteria", "tiêu chí", required=False)
    for code, params in criteria.items():
        if params is not None and not isinstance(params, dict):
            reader.report(("criteria", code), f"Tiêu chí '{code}' phải gồm các dòng con (tham số), hoặc '{{}}'.",
                          f"Viết '{code}: {{}}' hoặc các tham số thụt vào bên dưới.")
    review = reader.mapping("review", "thẩm định, bình chọn", required=False)
    _review(reader, review)
    _timeline(reader)
    fields = check_fields(data.get("fields"), base, reader.report)
    if reader.problems or None in (title, timezone, start, end, before, secretariat):
        return None
    assert title and timezone and start and end and before and secretariat
    return Campaign(
        id=campaign_id, folder=folder, data=data, title=title, short_title=short_title or title, timezone=timezone,
        period_start=start, period_end=end, deadline_before=before, deadline_text=deadline_text or "",
        quotas=quotas, documents=documents, secretariat_unit=secretariat,
        criteria={code: dict(params or {}) for code, params in criteria.items()}, review=dict(review),
        lines=reader.lines, fields=fields,
    )


def _review(reader: _Reader, review: dict[str, Any]) -> None:
    reader.date("review", "supplement_until", what="hạn bổ sung hồ sơ", required=False)
    threshold = review.get("vote_threshold")
    if threshold is None:
        return
    try:
        share = float(threshold) if isinstance(threshold, str) else -1.0
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        reader.report(("review", "vote_threshold"), f"Tỷ lệ phiếu 'review.vote_threshold' phải là số từ 0 đến 1, "
                      f"không phải '{threshold}'.", "Viết ví dụ 'vote_threshold: 0.5' (quá nửa số thành viên có mặt).")


def _timeline(reader: _Reader) -> None:
    items = reader.data.get("timeline")
    if items is None:
        return
    if not isinstance(items, list):
        reader.report(("timeline",), "Mục 'timeline' (các mốc thời gian) phải là danh sách.",
                      "Mỗi mốc một dòng '- date: \"2025-01-10\"' với 'title: …' thụt vào thẳng hàng.")
        return
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            reader.report(("timeline", i), f"Mốc thứ {i + 1} của 'timeline' phải có 'date' và 'title'.",
                          "Viết '- date: \"2025-01-10\"' rồi 'title: …' thụt vào thẳng hàng.")
            continue
        reader.date("timeline", i, "date", what=f"ngày của mốc thứ {i + 1}")


def _quotas(reader: _Reader) -> dict[str, int]:
    quotas: dict[str, int] = {}
    for key, value in reader.mapping("quotas", "số lượng khen thưởng").items():
        if key not in ("individual", "collective"):
            continue
        if not isinstance(value, str) or not value.isdigit():
            reader.report(("quotas", key), f"Số lượng khen thưởng 'quotas.{key}' phải là số nguyên không âm, "
                          f"không phải '{value}'.", f"Viết ví dụ '{key}: 10'.")
            continue
        quotas[key] = int(value)
    return quotas


def _documents(reader: _Reader) -> tuple[RequiredDocument, ...]:
    items = reader.mapping("documents", "thành phần hồ sơ").get("required")
    if not isinstance(items, list):
        reader.report(("documents", "required"), "Mục 'documents.required' (thành phần hồ sơ bắt buộc) thiếu hoặc "
                      "không phải danh sách.", "Viết 'required:' dưới 'documents:', mỗi tài liệu một dòng "
                      "'- key: to_trinh' với 'title: …' thụt vào thẳng hàng.")
        return ()
    out = []
    for i, d in enumerate(items):
        key_path = ("documents", "required", i)
        if not isinstance(d, dict) or not isinstance(d.get("key"), str) or not isinstance(d.get("title"), str):
            reader.report(key_path, f"Tài liệu thứ {i + 1} của 'documents.required' phải có 'key' và 'title'.",
                          "Viết '- key: to_trinh' rồi 'title: Tờ trình …' thụt vào thẳng hàng với 'key'.")
            continue
        # The achievement report's forms come from the forms the campaign chose (documents.forms).
        forms = dict(citations(reader.data)) if d["key"] == REPORT_DOCUMENT else {}
        out.append(RequiredDocument(d["key"], d["title"], forms, str(d.get("plan_form") or "")))
    return tuple(out)


def campaign_ids(root: Path) -> list[str]:
    folder = root / "campaigns"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "campaign.yaml").is_file())
