"""Stage 3a: the plan's criteria, one object each.

The checker runs these objects and the criteria page is generated from the same objects,
so what the site says and what the check does cannot drift. Parameters (allowed values,
size limits) come from `campaign.yaml`, never from code.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.check.findings import Findings
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Category, Problem, error, warning
from site_builder.model.schema import Schemas
from site_builder.vietnamese.text import CONTROL, nfc_path, visible

BOTH = ("individual", "collective")
DOSSIER = "dossier"


@dataclass(frozen=True)
class Finding:
    field: str | None
    detail: str = ""
    pending: bool = False


@dataclass
class Context:
    root: Path
    campaign: Campaign
    schemas: Schemas
    file_cache: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    active: dict[str | None, list[tuple[Criterion, dict[str, Any]]]] = field(default_factory=dict)


Check = Callable[[Nomination, Context, dict[str, Any]], Iterator[Finding]]
Requirement = Callable[[dict[str, Any], Schemas], str]
# The same rule as data, for checks run in the browser (the form on the site); None: server only.
BrowserRule = Callable[[dict[str, Any], Campaign], dict[str, Any]]


@dataclass(frozen=True)
class Criterion:
    code: str
    citation: str
    kinds: tuple[str, ...]
    title: str          # what is required, one line
    explanation: str    # what the plan says and why
    hint: str           # how to fix
    fields: tuple[str, ...]
    check: Check
    requirement: Requirement | None = None  # the parameter part, in words
    browser_rule: BrowserRule | None = None

    def export(self, campaign: Campaign, schemas: Schemas) -> dict[str, Any] | None:
        """This criterion as data (code, texts, rule) for the site's form; None if not applied."""
        params = campaign.criteria.get(self.code)
        if params is None:
            return None
        return {"code": self.code, "citation": self.citation, "kinds": list(self.kinds), "title": self.title,
                "hint": self.hint, "rule": self.browser_rule(params, campaign) if self.browser_rule else None}

    def applies_to(self, nomination: Nomination) -> bool:
        return nomination.kind in self.kinds

    def describe(self, params: dict[str, Any], schemas: Schemas) -> str:
        return self.requirement(params, schemas) if self.requirement else ""

    def evaluate(self, nomination: Nomination, ctx: Context, params: dict[str, Any],
                 rejected: frozenset[str | None]) -> list[Problem]:
        """Problems for this nomination under the campaign's `params`; fields in `rejected` were
        refused by the schema already."""
        out: list[Problem] = []
        spec = ctx.schemas[nomination.kind or "individual"]
        for finding in self.check(nomination, ctx, params):
            group = spec.by_name[finding.field].group if finding.field in spec.by_name else None
            if finding.field in rejected or (group is not None and group in rejected):
                continue
            make = warning if finding.pending else error
            message = finding.detail or self.title
            out.append(make(self.code, message, self.hint, path=nomination.path,
                            line=nomination.line_of(finding.field), field=finding.field,
                            citation=self.citation, nomination_id=nomination.id))
        return out


# --- reusable checks -------------------------------------------------------------------

def allowed_values(field_name: str, what: str) -> tuple[Check, Requirement, BrowserRule]:
    failed = f"{what} không đạt yêu cầu của kế hoạch."
    pending = f"Chờ bổ sung thông tin: {what} chưa có kết quả; hồ sơ được xét khi bổ sung."

    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        value = n.values.get(field_name)
        if value is None:
            return  # missing or malformed: the schema has reported it
        if value in params.get("unknown", ()):
            yield Finding(field_name, pending, pending=True)
        elif value not in params.get("allowed", ()):
            yield Finding(field_name, failed)

    def requirement(params: dict[str, Any], schemas: Schemas) -> str:
        spec = next(schemas[k].by_name[field_name] for k in BOTH if field_name in schemas[k].by_name)
        labels = ", ".join(f"“{spec.label(v)}”" for v in params.get("allowed", ()))
        text = f"{spec.title}: chỉ chấp nhận {labels}."
        unknown = params.get("unknown", ())
        if unknown:
            text += " " + ", ".join(f"“{spec.label(v)}”" for v in unknown) + ": hồ sơ chờ bổ sung thông tin."
        return text

    def rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
        return {"type": "allowed", "field": field_name, "allowed": list(params.get("allowed", ())),
                "unknown": list(params.get("unknown", ())), "message": failed, "pending": pending}
    return check, requirement, rule


def must_be_rule(expected: bool, *field_names: str) -> BrowserRule:
    def rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
        return {"type": "equals", "fields": list(field_names), "value": expected}
    return rule


def achievement_rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
    return {"type": "any", "fields": ["achievements", "initiatives"],
            "message": "Hồ sơ chưa nêu thành tích hay sáng kiến, giải pháp nào."}


def documents_rule(params: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
    return {"type": "present", "fields": [d.key for d in campaign.documents],
            "titles": {d.key: d.title for d in campaign.documents}}


def must_be(expected: bool, *field_names: str) -> Check:
    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        for name in field_names:
            value = n.values.get(name)
            if value is not None and value is not expected:
                spec = ctx.schemas[n.kind or "individual"].by_name[name]
                yield Finding(name, f"“{spec.title}” phải là “{'có' if expected else 'không'}”.")
    return check


def has_achievement(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    if not n.values.get("achievements") and not n.values.get("initiatives"):
        yield Finding("achievements", "Hồ sơ chưa nêu thành tích hay sáng kiến, giải pháp nào.")


def documents_given(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    for doc in ctx.campaign.documents:
        if not n.values.get(doc.key) and not n.raw.get(doc.key):
            yield Finding(doc.key, f"Thiếu tài liệu “{doc.title}” ({doc.key}).")


def documents_valid(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    limit = int(float(params.get("max_size_mib", 20)) * 2**20)
    unit_folder = f"submissions/{n.campaign}/{n.unit_id}"
    for doc in ctx.campaign.documents:
        value = n.values.get(doc.key)
        if not isinstance(value, str) or not value:
            continue
        key = f"{unit_folder}\0{value}\0{limit}"
        if key not in ctx.file_cache:
            ctx.file_cache[key] = _document_problem(ctx.root, unit_folder, value, limit)
        found = ctx.file_cache[key]
        if found is not None:
            yield Finding(doc.key, f"Tài liệu “{doc.title}” ({visible(value)}): {found[0]}")


def _document_problem(root: Path, unit_folder: str, value: str, limit: int) -> tuple[str, str] | None:
    """Why `value` is not a regular PDF file inside the unit's own dossier/ folder, or None.

    Every component is checked with lstat: a link anywhere (a linked folder inside dossier/,
    or dossier/ itself) would lead to another unit's evidence or to any file on the runner.
    """
    parts = value.split("/")
    if "\\" in value or value.startswith("/") or CONTROL.search(value):
        return ("đường dẫn phải là đường dẫn tương đối trong thư mục dossier/, dùng dấu '/' "
                "và không có ký tự điều khiển.", "path")
    if any(part in ("", ".", "..") for part in parts):
        return ("đường dẫn không được chứa '..', '.' hay '//'; ghi thẳng dossier/<tên tệp>.pdf.", "outside")
    if parts[0] != DOSSIER or len(parts) < 2:
        return ("tệp phải nằm trong thư mục dossier/ của chính đơn vị.", "outside")
    path = root / unit_folder
    for depth, part in enumerate(parts):
        path = path / part
        try:
            info = os.lstat(path)
        except OSError:
            # The name on disk may be in decomposed Unicode (macOS, UniKey's "Unicode tổ hợp").
            on_disk = nfc_path(root, f"{unit_folder}/{value}")
            if on_disk is None or on_disk == f"{unit_folder}/{value}":
                return ("không tìm thấy tệp.", "missing")
            return _document_problem(root, unit_folder, on_disk[len(unit_folder) + 1:], limit)
        last = depth == len(parts) - 1
        if stat.S_ISLNK(info.st_mode) or not (stat.S_ISREG(info.st_mode) if last else stat.S_ISDIR(info.st_mode)):
            what = "tệp" if last else "thư mục"
            return (f"{what} '{'/'.join(parts[:depth + 1])}' là liên kết hoặc không phải {what} thông thường.",
                    "not-regular")
    if not value.lower().endswith(".pdf"):
        return ("phải là tệp PDF (.pdf).", "not-pdf")
    if info.st_size > limit:
        return (f"tệp lớn hơn {limit // 2**20} MiB.", "too-large")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return ("không đọc được tệp.", "not-regular")
    with os.fdopen(descriptor, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        return ("nội dung không phải PDF (có thể là tệp khác đổi đuôi thành .pdf).", "not-pdf")
    return None


def _doc_requirement(params: dict[str, Any], schemas: Schemas) -> str:
    return (f"Mỗi tài liệu là tệp PDF không quá {params.get('max_size_mib', 20)} MiB, "
            "nằm trong thư mục dossier/ của đơn vị.")


_employment = allowed_values("employment_type", "Đối tượng (cán bộ, công chức, viên chức)")
_role = allowed_values("cchc_role", "Vai trò trong công tác CCHC")
_rating = allowed_values("rating", "Kết quả xếp loại năm 2024")
_discipline = allowed_values("discipline", "Tình trạng kỷ luật trong năm")
_index = allowed_values("cchc_index_result", "Kết quả chỉ số CCHC năm 2024")
_leader = allowed_values("leader_discipline", "Tình trạng kỷ luật của lãnh đạo chủ chốt")

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "individual-employment-type",
        "II.1",
        ("individual",),
        "Cá nhân phải là cán bộ, công chức hoặc viên chức.",
        "Kế hoạch khen thưởng cá nhân là cán bộ, công chức, viên chức của các cơ quan, đơn vị, địa phương.",
        "Kiểm tra trường “Đối tượng” (employment_type); người không thuộc diện này không được đề nghị trong đợt này.",
        ("employment_type",),
        _employment[0],
        _employment[1],
        _employment[2],
    ),
    Criterion(
        "individual-cchc-role",
        "II.1",
        ("individual",),
        "Cá nhân phải trực tiếp chỉ đạo, tham mưu hoặc thực hiện công tác CCHC.",
        "Đối tượng cá nhân là người trực tiếp chỉ đạo, tham mưu, thực hiện công tác cải cách hành chính.",
        "Ghi đúng vai trò trong trường “Vai trò trong CCHC” (cchc_role): chi_dao, tham_muu hoặc thuc_hien.",
        ("cchc_role",),
        _role[0],
        _role[1],
        _role[2],
    ),
    Criterion(
        "individual-rating",
        "II.3.2",
        ("individual",),
        "Kết quả xếp loại năm phải từ “Hoàn thành tốt nhiệm vụ” trở lên.",
        "Kết quả đánh giá, xếp loại đạt từ mức “Hoàn thành tốt nhiệm vụ” trở lên.",
        "Ghi kết quả xếp loại năm 2024 của cá nhân; nếu chưa có kết quả, ghi “chua_danh_gia” và bổ sung khi có.",
        ("rating",),
        _rating[0],
        _rating[1],
        _rating[2],
    ),
    Criterion(
        "individual-discipline",
        "II.3.2",
        ("individual",),
        "Cá nhân không bị xử lý kỷ luật trong năm.",
        "Không bị xử lý kỷ luật trong năm.",
        "Người bị kỷ luật trong năm không được đề nghị; kiểm tra lại trường “Kỷ luật trong năm” (discipline).",
        ("discipline",),
        _discipline[0],
        _discipline[1],
        _discipline[2],
    ),
    Criterion(
        "individual-conduct",
        "II.3.2",
        ("individual",),
        "Cá nhân phải chấp hành tốt kỷ luật, kỷ cương hành chính, quy chế văn hóa ứng xử, đạo đức công vụ.",
        "Có tinh thần trách nhiệm, chấp hành tốt kỷ luật, kỷ cương hành chính, quy chế văn hóa ứng xử, đạo đức "
        "công vụ.",
        "Trường “Chấp hành kỷ luật, kỷ cương, đạo đức công vụ” (conduct_ok) phải là true (có).",
        ("conduct_ok",),
        must_be(True, "conduct_ok"),
        browser_rule=must_be_rule(True, "conduct_ok"),
    ),
    Criterion(
        "achievement-required",
        "II.3.1, II.3.2",
        BOTH,
        "Hồ sơ phải nêu ít nhất một thành tích hoặc một sáng kiến, giải pháp về CCHC.",
        "Tập thể, cá nhân có thành tích xuất sắc trong thực hiện CCHC hoặc có sáng kiến, giải pháp, cách làm "
        "mới về CCHC được triển khai hiệu quả trong năm.",
        "Ghi các thành tích (achievements) hoặc sáng kiến, giải pháp (initiatives), mỗi mục một dòng.",
        ("achievements", "initiatives"),
        has_achievement,
        browser_rule=achievement_rule,
    ),
    Criterion(
        "pending-investigation",
        "II.3.1, II.3.2",
        BOTH,
        "Không có đơn thư khiếu kiện, dấu hiệu tham nhũng, tiêu cực đang bị kiểm tra, thanh tra chưa kết luận.",
        "Tập thể, cá nhân có đơn thư khiếu kiện, có dấu hiệu tham nhũng, tiêu cực mà cơ quan chức năng đang "
        "kiểm tra, thanh tra chưa kết luận thì chưa xét khen thưởng (Điều 4 Nghị định 98/2023/NĐ-CP).",
        "Chỉ đề nghị khi việc kiểm tra, thanh tra đã có kết luận; khi đó ghi pending_investigation: false.",
        ("pending_investigation",),
        must_be(False, "pending_investigation"),
        browser_rule=must_be_rule(False, "pending_investigation"),
    ),
    Criterion(
        "collective-cchc-index",
        "II.3.1",
        ("collective",),
        "Tập thể phải có kết quả chỉ số CCHC năm 2024 được đánh giá hoàn thành xuất sắc.",
        "Tập thể có kết quả công nhận chỉ số CCHC năm 2024 được đánh giá hoàn thành xuất sắc.",
        "Ghi kết quả chỉ số CCHC (cchc_index_result); nếu chưa công bố, ghi “chua_co_ket_qua” và bổ sung khi có.",
        ("cchc_index_result",),
        _index[0],
        _index[1],
        _index[2],
    ),
    Criterion(
        "collective-unity",
        "II.3.1",
        ("collective",),
        "Tập thể phải nội bộ đoàn kết và chấp hành tốt chủ trương, chính sách, pháp luật.",
        "Nội bộ đoàn kết, chấp hành tốt chủ trương, đường lối, chính sách, pháp luật của Nhà nước, các quy định "
        "của tỉnh, huyện.",
        "Các trường “Nội bộ đoàn kết” (internal_unity) và “Chấp hành tốt pháp luật” (law_compliance) phải là "
        "true (có).",
        ("internal_unity", "law_compliance"),
        must_be(True, "internal_unity", "law_compliance"),
        browser_rule=must_be_rule(True, "internal_unity", "law_compliance"),
    ),
    Criterion(
        "collective-leader-discipline",
        "II.3.1",
        ("collective",),
        "Không có lãnh đạo chủ chốt của tập thể bị kỷ luật từ khiển trách trở lên trong năm.",
        "Không có cá nhân là lãnh đạo chủ chốt trong tập thể vi phạm từ hình thức khiển trách trở lên trong năm.",
        "Tập thể có lãnh đạo chủ chốt bị kỷ luật trong năm không được đề nghị; kiểm tra trường leader_discipline.",
        ("leader_discipline",),
        _leader[0],
        _leader[1],
        _leader[2],
    ),
    Criterion(
        "dossier-incomplete",
        "V.3",
        BOTH,
        "Hồ sơ phải có đủ tờ trình, biên bản họp xét và báo cáo thành tích.",
        "Thành phần hồ sơ gồm: tờ trình đề nghị khen thưởng của đơn vị, địa phương; biên bản họp xét; báo cáo "
        "thành tích theo mẫu.",
        "Ghi đường dẫn tới từng tài liệu trong mục documents (hoặc các cột to_trinh, bien_ban, bao_cao_thanh_tich).",
        ("to_trinh", "bien_ban", "bao_cao_thanh_tich"),
        documents_given,
        browser_rule=documents_rule,
    ),
    Criterion(
        "dossier-file",
        "V.3",
        BOTH,
        "Tài liệu của hồ sơ phải là tệp PDF có thật trong thư mục của đơn vị.",
        "Các tài liệu trong thành phần hồ sơ được nộp kèm dưới dạng tệp PDF.",
        "Tải tệp PDF lên thư mục dossier/ của đơn vị và ghi đúng đường dẫn, ví dụ dossier/to-trinh.pdf.",
        ("to_trinh", "bien_ban", "bao_cao_thanh_tich"),
        documents_valid,
        _doc_requirement,
    ),
)

BY_CODE: dict[str, Criterion] = {c.code: c for c in CRITERIA}


def apply_criteria(found: Findings, nomination: Nomination, ctx: Context) -> None:
    """Judge `nomination` by its campaign's criteria, recording what each finds onto it."""
    # A field the schema already rejected is not judged again (one problem, one fix).
    rejected = frozenset(p.field for p in nomination.problems if p.category in (Category.FILE, Category.SCHEMA))
    active = ctx.active.get(nomination.kind)
    if active is None:  # the campaign's criteria with their parameters, once per kind
        active = ctx.active[nomination.kind] = [(c, ctx.campaign.criteria[c.code]) for c in CRITERIA
                                                 if c.code in ctx.campaign.criteria and c.applies_to(nomination)]
    for criterion, params in active:
        found.record_all(criterion.evaluate(nomination, ctx, params, rejected), nomination)
