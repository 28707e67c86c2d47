"""The records that flow through the pipeline: load -> validate -> rules -> status -> report."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from site_builder.model.problem import Category, Problem

VERDICTS = ("eligible", "pending", "ineligible", "invalid")
_INVALID = frozenset((Category.FILE, Category.SCHEMA, Category.REFERENCE))


@dataclass
class Nomination:
    campaign: str
    unit_id: str
    slug: str
    path: str                      # repository-relative, POSIX
    source: str                    # "yaml", "csv" or "xlsx"
    kind: str | None
    line: int | None = None        # first line of the record (CSV/XLSX row, or 1)
    raw: dict[str, Any] = field(default_factory=dict)    # text values by field name
    lines: dict[str, int] = field(default_factory=dict)  # field name -> line
    values: dict[str, Any] = field(default_factory=dict)  # typed by the schema
    problems: list[Problem] = field(default_factory=list)
    status: str = ""

    @property
    def id(self) -> str:
        return f"{self.campaign}/{self.unit_id}/{self.slug}"

    @property
    def name(self) -> str:
        value = self.values.get("name") or self.raw.get("name")
        return value if isinstance(value, str) else ""

    def line_of(self, field_name: str | None) -> int | None:
        if field_name is None:
            return self.line
        return self.lines.get(field_name.split(".")[0].split("[")[0], self.line)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional reconstruction: several times faster to unpickle than a state dict.
        return (Nomination, (self.campaign, self.unit_id, self.slug, self.path, self.source, self.kind, self.line,
                             self.raw, self.lines, self.values, self.problems, self.status))

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    @property
    def verdict(self) -> str:
        """invalid (an unwaived file, schema or reference error), else ineligible (an unwaived
        criterion error), else pending (an unwaived criterion warning), else eligible."""
        ineligible = pending = False
        for p in self.problems:
            if p.waived:
                continue
            category = p.category
            if p.severity == "error":
                if category in _INVALID:
                    return "invalid"
                ineligible = ineligible or category is Category.CRITERION
            elif category is Category.CRITERION:
                pending = True
        return "ineligible" if ineligible else "pending" if pending else "eligible"
