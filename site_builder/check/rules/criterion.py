"""One criterion of a campaign, whatever declared it (a block or a named criterion), and what
building one needs: the declaration being read and its configuration problems.

The checker runs `Criterion.check`, the criteria page shows its texts and `describe`, the
site's form runs `browser_rule` in the browser: all from the same object.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Problem, error, warning
from site_builder.model.schema import KIND_WORDS, NOMINATION_KINDS, FieldSpec, Schemas

BOTH = NOMINATION_KINDS
TRUE, FALSE = frozenset(("true", "có", "yes")), frozenset(("false", "không", "no"))


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
    criteria: tuple[Criterion, ...] = ()
    file_cache: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    active: dict[str | None, list[Criterion]] = field(default_factory=dict)


Check = Callable[[Nomination, Context, dict[str, Any]], Iterator[Finding]]
Requirement = Callable[[dict[str, Any], Schemas], str]
# The same rule as data, for checks run in the browser (the form on the site); None: server only.
BrowserRule = Callable[[dict[str, Any], Campaign], dict[str, Any]]


@dataclass(frozen=True)
class When:
    """`when:` of a criterion: it applies only to nominations of `kind`, or whose `field` holds one of `values`."""
    kind: str | None = None
    field: str | None = None
    values: tuple[Any, ...] = ()
    text: str = ""      # in words, for the criteria page

    def holds(self, n: Nomination) -> bool:
        if self.kind is not None and n.kind != self.kind:
            return False
        return self.field is None or n.values.get(self.field) in self.values

    def export(self) -> dict[str, Any]:
        """For the form, which compares the text of the field as it will be written to the file."""
        return {"field": self.field, "in": [str(v).lower() if isinstance(v, bool) else
                                            number_words(v).replace(",", ".") if isinstance(v, float) else str(v)
                                            for v in self.values]}


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
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    when: When | None = None

    def export(self, campaign: Campaign, schemas: Schemas) -> dict[str, Any]:
        """This criterion as data (code, texts, rule) for the site's form."""
        out = {"code": self.code, "citation": self.citation, "kinds": list(self.kinds), "title": self.title,
               "hint": self.hint, "rule": self.browser_rule(self.params, campaign) if self.browser_rule else None}
        if self.when is not None and self.when.field is not None:
            out["when"] = self.when.export()
        return out

    def applies_to(self, nomination: Nomination) -> bool:
        return nomination.kind in self.kinds and (self.when is None or self.when.holds(nomination))

    def describe(self, params: dict[str, Any], schemas: Schemas) -> str:
        text = self.requirement(params, schemas) if self.requirement else ""
        if self.when is not None and self.when.text:
            return f"{self.when.text} {text}".strip()
        return text

    def evaluate(self, nomination: Nomination, ctx: Context, rejected: frozenset[str | None]) -> list[Problem]:
        """Problems for this nomination; fields in `rejected` were refused by the schema already."""
        out: list[Problem] = []
        spec = ctx.schemas[nomination.kind or "individual"]
        for finding in self.check(nomination, ctx, self.params):
            group = spec.by_name[finding.field].group if finding.field in spec.by_name else None
            if finding.field in rejected or (group is not None and group in rejected):
                continue
            make = warning if finding.pending else error
            message = finding.detail or self.title
            out.append(make(self.code, message, self.hint, path=nomination.path,
                            line=nomination.line_of(finding.field), field=finding.field,
                            citation=self.citation, nomination_id=nomination.id, criterion=True))
        return out


# --- building a criterion from campaign.yaml ----------------------------------------------------


@dataclass(frozen=True)
class Key:
    """A key a block (or named criterion) reads, for validation and for the JSON Schema."""
    name: str
    type: str            # "field", "fields", "values", "boolean", "number", "integer", "text"
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Parts:
    """What a block makes of its parameters; the declaration adds code, texts, kinds and `when`."""
    fields: tuple[str, ...]
    check: Check
    requirement: Requirement | None = None
    browser_rule: BrowserRule | None = None


@dataclass(frozen=True)
class Block:
    """A block (`block: <name>`) or a named criterion (`use: <name>`): its keys and how it builds."""
    name: str
    description: str          # English, for the JSON Schema and the reference
    keys: tuple[Key, ...]
    build: Callable[[Declaration], Parts | None]
    pending_when_missing: bool = True   # whether `missing: pending` means something here


@dataclass
class Declaration:
    """One entry of `criteria:` being compiled: its parameters, and the problems found in them."""
    campaign: Campaign
    schemas: Schemas
    code: str
    params: dict[str, Any]
    kinds: tuple[str, ...]
    missing_pending: bool = False   # `missing: pending`: a blank field means "not known yet"
    problems: list[Problem] = field(default_factory=list)

    def problem(self, key: str | None, message: str, hint: str, *index: int) -> None:
        """A configuration problem at `key` ("when.in", say) of this criterion, or of item `index`."""
        keys = tuple(key.split(".")) if key else ()
        where = ".".join(("criteria", self.code, *keys)) + "".join(f"[{i}]" for i in index)
        self.problems.append(error("config-invalid", message, hint, path=self.campaign.path,
                                   line=self.campaign.line_of("criteria", self.code, *keys, *index), field=where))

    def spec(self, name: str, kind: str | None = None) -> FieldSpec | None:
        """The field `name` of `kind` (or of the first of this criterion's kinds that has it)."""
        for k in (kind,) if kind else self.kinds:
            found = self.schemas[k].by_name.get(name)
            if found is not None:
                return found
        return None

    def field_spec(self, key: str, name: Any, *index: int) -> FieldSpec | None:
        """The field named at `key`, which every kind of this criterion must have; else a problem."""
        if not isinstance(name, str) or not name:
            self.problem(key, f"Tiêu chí '{self.code}': mục '{key}' phải là tên một trường của hồ sơ.",
                         "Ghi tên trường (name) như trong mẫu hồ sơ, ví dụ rating.", *index)
            return None
        lacking = [k for k in self.kinds if name not in self.schemas[k].by_name]
        if lacking:
            words = ", ".join(KIND_WORDS[k] for k in lacking)
            self.problem(key, f"Tiêu chí '{self.code}': hồ sơ {words} không có trường '{name}'.",
                         "Ghi đúng tên trường của mẫu hồ sơ (schema/ hoặc mục fields của campaign.yaml), "
                         "hoặc giới hạn tiêu chí bằng 'kinds'.", *index)
            return None
        return self.spec(name)

    def text(self, key: str, required: bool = False) -> str:
        value = self.params.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"Tiêu chí '{self.code}' thiếu mục '{key}' (một dòng chữ).",
                         f"Thêm '{key}: …' cho tiêu chí này, như các tiêu chí khác trong campaign.yaml.")
            return ""
        return value.strip()

    def number(self, key: str, integer: bool = False) -> float | None:
        value = self.params.get(key)
        if value is None:
            return None
        try:
            number = float(str(value).replace(",", "."))
            if integer and not number.is_integer():
                raise ValueError(value)
        except ValueError:
            what = "số nguyên" if integer else "số"
            self.problem(key, f"Tiêu chí '{self.code}': mục '{key}' phải là một {what}, không phải '{value}'.",
                         f"Ghi '{key}' bằng chữ số, ví dụ {key}: 2.")
            return None
        return number

    def names(self, key: str, value: Any = None) -> list[Any]:
        """A list value (a single value counts as a list of one)."""
        value = self.params.get(key) if value is None else value
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]

    def values_of(self, key: str, spec: FieldSpec, given: Any = None) -> tuple[Any, ...]:
        """The values listed at `key` (or `given`), typed as `spec` types them; each must be one of its enum."""
        out: list[Any] = []
        for i, value in enumerate(self.names(key, given)):
            typed = field_value(spec, value)
            if typed is None or (spec.enum is not None and typed not in spec.enum):
                allowed = ", ".join(spec.enum) if spec.enum else ("true, false" if spec.type == "boolean" else "")
                self.problem(key, f"Tiêu chí '{self.code}': '{value}' không phải giá trị của trường "
                             f"'{spec.name}' ({spec.title}).",
                             f"Chỉ ghi các giá trị: {allowed}." if allowed else "Ghi giá trị đúng kiểu của trường.",
                             i)
                continue
            out.append(typed)
        return tuple(out)


def field_value(spec: FieldSpec, value: Any) -> Any:
    """A value written in campaign.yaml (text) as the checker types the field's values; None if it cannot be."""
    text = str(value).strip()
    if spec.type == "boolean":
        return boolean(text)
    if spec.type in ("number", "integer"):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None
        return int(number) if spec.type == "integer" and number.is_integer() else number
    return text


def boolean(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in TRUE else False if text in FALSE else None


def quoted_labels(spec: FieldSpec, values: tuple[Any, ...]) -> str:
    return ", ".join(f"“{label_of(spec, v)}”" for v in values)


def label_of(spec: FieldSpec, value: Any) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    return spec.label(value)


def number_words(value: float) -> str:
    """A number as Vietnamese writes it: 2, 0,75."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def pending_message(what: str) -> str:
    return f"Chờ bổ sung thông tin: {what} chưa có kết quả; hồ sơ được xét khi bổ sung."


def blank(value: Any) -> bool:
    return value is None or value == "" or value == []
