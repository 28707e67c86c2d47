"""Problems are data: collected while checking, never raised."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

Severity = Literal["error", "warning"]


class Category(str, Enum):
    FILE = "file"            # the file cannot be read as a nomination (verdict invalid)
    SCHEMA = "schema"        # a field is missing, unknown or malformed (verdict invalid)
    REFERENCE = "reference"  # points at something that does not exist (verdict invalid)
    CRITERION = "criterion"  # the plan's criteria are not met (verdict ineligible)
    PROCESS = "process"      # deadline, rights, quotas, decision (no effect on the verdict)
    CONFIG = "config"        # campaign.yaml is wrong: its nominations cannot be judged (exit 2)


_RECORD_FIELDS = ("code", "severity", "message", "hint", "path", "line", "field", "citation")


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity
    message: str
    hint: str = ""
    path: str | None = None
    line: int | None = None
    field: str | None = None
    citation: str | None = None
    # The nomination the problem belongs to, if any; not part of the JSON record.
    nomination_id: str | None = None
    # Set when the secretariat recorded an exception for it (exceptions.csv); not in JSON.
    waived: bool = False
    # The nomination a record elsewhere (a decision, an appraisal) says something about, so
    # that a pull request changing that nomination is told; not in JSON.
    about: str | None = None
    # Reported by one of the campaign's criteria: their codes are declared in campaign.yaml,
    # not in the catalogue below; not in JSON.
    criterion: bool = False

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Problem, (self.code, self.severity, self.message, self.hint, self.path, self.line, self.field,
                          self.citation, self.nomination_id, self.waived, self.about, self.criterion))

    @property
    def category(self) -> Category:
        return Category.CRITERION if self.criterion else _CATEGORY.get(self.code, Category.PROCESS)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record (developer/reference/json-report.md): empty fields left out."""
        return {k: v for k in _RECORD_FIELDS if (v := getattr(self, k)) is not None and v != ""}

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path or "", self.line or 0, self.field or "", self.code)


def error(code: str, message: str, hint: str = "", **where: Any) -> Problem:
    return Problem(code, "error", message, hint, **where)


def warning(code: str, message: str, hint: str = "", **where: Any) -> Problem:
    return Problem(code, "warning", message, hint, **where)


# --- the catalogue: every problem code the checker can report --------------------------------


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem. The Vietnamese description is what the site's guide and the reference
    say about it. Criterion codes are not here: each campaign declares its own in campaign.yaml
    (check/rules/criteria.py)."""
    code: str
    category: Category
    severity: Severity = "error"   # the usual severity; criteria report "warning" while pending
    description: str = ""


def _types(category: Category, *entries: tuple[str, str] | str) -> list[ProblemType]:
    return [ProblemType(e, category) if isinstance(e, str) else
            ProblemType(e[0], category, "warning" if e[0] == "vote-tie" else "error", e[1]) for e in entries]


# In the order the guide lists them.
CATALOGUE: dict[str, ProblemType] = {t.code: t for t in (
    *_types(
        Category.FILE,
        ("file-encoding", "Tệp không dùng bảng mã UTF-8 (ví dụ TCVN3, VNI, Windows-1258) hoặc không đọc được định "
         "dạng."),
        ("file-too-large", "Tệp hồ sơ (YAML, CSV, XLSX) lớn hơn 1 MiB, tệp Excel khi giải nén quá lớn, hoặc bảng có "
         "dữ liệu ngoài các cột, dòng của mẫu."),
        ("file-not-regular", "Tệp là liên kết tượng trưng (symlink) hoặc không phải tệp thông thường."),
        ("unknown-file", "Tệp hoặc thư mục không thuộc mẫu hồ sơ, đặt sai chỗ, có tên chứa ký tự điều khiển, hoặc "
         "tệp không phải PDF trong thư mục dossier/."),
        ("yaml-syntax", "Tệp YAML sai cú pháp (thụt lề, dấu hai chấm, ngoặc kép…)."),
        ("yaml-duplicate-key", "Một trường xuất hiện hai lần trong tệp YAML."),
        ("yaml-alias", "Tệp YAML dùng neo hoặc bí danh (&, *), không được chấp nhận."),
    ),
    *_types(
        Category.SCHEMA,
        ("unknown-field", "Trường hoặc cột không có trong mẫu hồ sơ."),
        ("missing-field", "Thiếu trường bắt buộc."),
        ("invalid-value", "Giá trị sai kiểu, không nằm trong danh sách cho phép, sai mẫu hoặc độ dài."),
        ("duplicate-id", "Hai hồ sơ có cùng mã."),
    ),
    *_types(
        Category.REFERENCE,
        ("unknown-campaign", "Đợt thi đua không tồn tại."),
        ("campaign-mismatch", "Mã đợt thi đua ghi trong hồ sơ khác với thư mục chứa hồ sơ."),
        ("unknown-unit", "Mã đơn vị không có trong danh mục hoặc đơn vị không hoạt động trong thời gian thi đua."),
        ("unit-mismatch", "Mã đơn vị ghi trong hồ sơ khác với thư mục chứa hồ sơ."),
        ("collective-outside-unit", "Tập thể được đề nghị không phải đơn vị đề nghị hay đơn vị trực thuộc."),
        ("duplicate-nominee", "Cùng một tập thể, cá nhân bị đề nghị hai lần."),
        ("unknown-nomination", "Kết quả thẩm định, bình chọn hoặc quyết định ghi một mã hồ sơ không tồn tại."),
    ),
    *_types(
        Category.PROCESS,
        ("deadline-passed", "Hồ sơ được nộp hoặc sửa sau thời hạn (mục V.4)."),
        ("not-authorized", "Tài khoản không có quyền thay đổi tệp này."),
        ("quota-exceeded", "Số tập thể, cá nhân được khen thưởng vượt số lượng của kế hoạch (mục II.2)."),
        ("decision-not-appraised", "Quyết định khen thưởng hồ sơ chưa đủ điều kiện hoặc chưa đạt thẩm định."),
        ("vote-tie", "Số phiếu bằng nhau ở ranh giới số lượng khen thưởng; Hội đồng cần xem xét (cảnh báo)."),
        ("decision-contradicts-votes", "Quyết định khen thưởng hồ sơ không được Ban Chỉ đạo bình chọn."),
        ("exception-not-allowed", "Ngoại lệ ghi trong exceptions.csv không áp dụng được cho mã lỗi này."),
        ("codeowners-stale", "Tệp .github/CODEOWNERS không khớp với danh mục đơn vị; chạy lệnh thidua codeowners."),
        ("json-schema-stale", "Lược đồ JSON của tệp hồ sơ YAML (schema/json/) thiếu hoặc không khớp với schema/ và "
         "campaign.yaml; chạy lệnh thidua json-schemas."),
    ),
    *_types(
        Category.CONFIG,
        ("config-invalid", "Tệp cấu hình đợt thi đua (campaign.yaml) thiếu mục, sai giá trị hoặc nêu tiêu chí, "
         "trường không đúng; dòng và mục sai được chỉ rõ."),
    ),
)}
_CATEGORY = {code: t.category for code, t in CATALOGUE.items()}


def describe(code: str) -> str:
    """The catalogue's description of a code; the code itself when it has none (a criterion's)."""
    found = CATALOGUE.get(code)
    return found.description if found and found.description else code
