"""Problems are data: collected while checking, never raised."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any, Literal

Severity = Literal["error", "warning"]


class Category(str, Enum):
    FILE = "file"            # the file cannot be read as a nomination (verdict invalid)
    SCHEMA = "schema"        # a field is missing, unknown or malformed (verdict invalid)
    REFERENCE = "reference"  # points at something that does not exist (verdict invalid)
    CRITERION = "criterion"  # the plan's criteria are not met (verdict ineligible)
    PROCESS = "process"      # deadline, rights, quotas, decision (no effect on the verdict)


CATEGORIES: dict[str, Category] = {
    **{c: Category.FILE for c in (
        "file-encoding", "file-too-large", "file-not-regular", "unknown-file",
        "yaml-syntax", "yaml-duplicate-key", "yaml-alias")},
    **{c: Category.SCHEMA for c in (
        "unknown-field", "missing-field", "invalid-value", "duplicate-id")},
    **{c: Category.REFERENCE for c in (
        "unknown-campaign", "campaign-mismatch", "unknown-unit", "unit-mismatch",
        "collective-outside-unit", "duplicate-nominee", "unknown-nomination")},
    **{c: Category.CRITERION for c in (
        "individual-employment-type", "individual-cchc-role", "individual-rating",
        "individual-discipline", "individual-conduct", "achievement-required",
        "pending-investigation", "collective-cchc-index", "collective-unity",
        "collective-leader-discipline", "dossier-incomplete", "dossier-file")},
    **{c: Category.PROCESS for c in (
        "deadline-passed", "not-authorized", "quota-exceeded", "decision-not-appraised",
        "vote-tie", "decision-contradicts-votes", "config")},
}


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

    @property
    def category(self) -> Category:
        return CATEGORIES.get(self.code, Category.PROCESS)

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if v not in (None, "")}
        out.pop("nomination_id", None)
        return out

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path or "", self.line or 0, self.field or "", self.code)


def error(code: str, message: str, hint: str = "", **where: Any) -> Problem:
    return Problem(code, "error", message, hint, **where)


def warning(code: str, message: str, hint: str = "", **where: Any) -> Problem:
    return Problem(code, "warning", message, hint, **where)
