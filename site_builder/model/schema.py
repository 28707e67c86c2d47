"""The Frictionless schemas in `schema/`: the one source of field names, titles and labels."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from site_builder.exceptions import ConfigError
from site_builder.vietnamese.text import header_key

SCHEMA_FILES = {
    "units": "units.schema.json",
    "individual": "individual.schema.json",
    "collective": "collective.schema.json",
    "appraisals": "appraisals.schema.json",
    "votes": "votes.schema.json",
    "exceptions": "exceptions.schema.json",
    "withdrawals": "withdrawals.schema.json",
}
NOMINATION_KINDS = ("individual", "collective")
KIND_LABELS = {"individual": "Cá nhân", "collective": "Tập thể"}   # as a title
KIND_WORDS = {kind: label.lower() for kind, label in KIND_LABELS.items()}  # inside a sentence
# A campaign's own fields (campaign.yaml `fields:`) go before this base field: after who is
# nominated, before the achievements; the order of columns, form fields and template lines.
CAMPAIGN_FIELDS_BEFORE = "achievements"
# The date messages and templates show as an example, outside any campaign (a campaign shows
# 30 June of its own first year).
SAMPLE_DATE = dt.date(2025, 6, 30)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    title: str
    description: str
    required: bool
    enum: tuple[str, ...] | None
    labels: dict[str, str]
    private: bool
    is_list: bool
    group: str | None
    table_only: bool
    item_fields: tuple[str, ...]
    descriptor: dict[str, Any] = field(repr=False, compare=False, hash=False)
    # The example date its messages give (`ví dụ …`): the campaign's own year.
    sample_date: dt.date = field(default=SAMPLE_DATE, compare=False)

    @classmethod
    def from_descriptor(cls, d: dict[str, Any]) -> FieldSpec:
        constraints = d.get("constraints", {})
        return cls(
            name=d["name"], type=d.get("type", "string"), title=d.get("title", d["name"]),
            description=d.get("description", ""), required=bool(constraints.get("required")),
            enum=tuple(constraints["enum"]) if "enum" in constraints else None,
            labels=dict(d.get("labels", {})), private=bool(d.get("private")),
            is_list=bool(d.get("list")), group=d.get("group"),
            table_only=d.get("sources") == ["table"], item_fields=tuple(d.get("itemFields", ())),
            descriptor=d,
        )

    def label(self, value: Any) -> str:
        """Vietnamese label of a coded value (the code itself if it has none)."""
        return self.labels.get(value, "" if value is None else str(value))


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    fields: tuple[FieldSpec, ...]
    descriptor: dict[str, Any] = field(repr=False, compare=False, hash=False)

    @cached_property
    def by_name(self) -> dict[str, FieldSpec]:
        return {f.name: f for f in self.fields}

    @cached_property
    def by_header(self) -> dict[str, FieldSpec]:
        """Header text (field name or Vietnamese title, case- and space-insensitive) to field."""
        out: dict[str, FieldSpec] = {}
        for f in self.fields:
            out[header_key(f.title)] = f
            out[header_key(f.name)] = f
        return out

    @cached_property
    def yaml_fields(self) -> dict[str, FieldSpec]:
        """Fields a YAML file may carry at the top level (not table-only, not a group member)."""
        return {f.name: f for f in self.fields if not f.table_only and not f.group}

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @cached_property
    def private_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if f.private)

    @cached_property
    def groups(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for f in self.fields:
            if f.group:
                out.setdefault(f.group, []).append(f.name)
        return {k: tuple(v) for k, v in out.items()}

    def frictionless_descriptor(self) -> dict[str, Any]:
        """The schema as Frictionless reads it (custom keys are tolerated)."""
        return self.descriptor


@dataclass(frozen=True)
class Schemas:
    """The tables of schema/; once campaigns are read (`with_campaigns`), each campaign's own
    (`of`), and as the nomination tables the union of every campaign's fields."""
    tables: dict[str, TableSpec]
    campaigns: dict[str, Schemas] = field(default_factory=dict)

    def __getitem__(self, name: str) -> TableSpec:
        return self.tables[name]

    def of(self, campaign_id: str | None) -> Schemas:
        """The schemas of a campaign's nominations. A file outside any campaign is reported as
        such (unknown-campaign), its fields judged against every campaign's: no second noise."""
        return self.campaigns.get(campaign_id or "") or self

    @cached_property
    def private_fields(self) -> frozenset[str]:
        """Every field that is private in the base or in any campaign: never published."""
        own = frozenset().union(*(self.tables[k].private_names for k in NOMINATION_KINDS))
        return own.union(*(s.private_fields for s in self.campaigns.values()))

    def with_campaigns(self, fields: dict[str, tuple[dict[str, tuple[dict[str, Any], ...]], dt.date]]) -> Schemas:
        """These base schemas merged with each campaign's fields: campaign id -> (JSON-typed
        descriptors by kind, the campaign's sample date)."""
        campaigns = {cid: self._merged([own], sample) for cid, (own, sample) in fields.items()}
        union = self._merged([own for own, _ in fields.values()], SAMPLE_DATE)
        return Schemas(union.tables, campaigns)

    def _merged(self, extra: list[dict[str, tuple[dict[str, Any], ...]]], sample: dt.date) -> Schemas:
        tables = dict(self.tables)
        for kind in NOMINATION_KINDS:
            table = self.tables[kind]
            added: dict[str, dict[str, Any]] = {}
            for own in extra:
                for d in own.get(kind, ()):
                    added.setdefault(d["name"], d)
            base = [f.descriptor for f in table.fields]
            names = [f.name for f in table.fields]
            at = names.index(CAMPAIGN_FIELDS_BEFORE) if CAMPAIGN_FIELDS_BEFORE in names else len(names)
            descriptors = [*base[:at], *added.values(), *base[at:]]
            tables[kind] = TableSpec(kind, table.title, tuple(
                replace(FieldSpec.from_descriptor(d), sample_date=sample) for d in descriptors),
                {**table.descriptor, "fields": descriptors})
        return Schemas(tables)

    def signature(self) -> str:
        """What the campaigns add to the base, as text: a change must invalidate cached checks."""
        return json.dumps({cid: [[s[k].descriptor for k in NOMINATION_KINDS], str(s[NOMINATION_KINDS[0]].fields[0]
                                                                                   .sample_date)]
                           for cid, s in sorted(self.campaigns.items())}, sort_keys=True, ensure_ascii=False)


def load_schemas(root: Path) -> Schemas:
    folder = root / "schema"
    tables: dict[str, TableSpec] = {}
    for name, file_name in SCHEMA_FILES.items():
        path = folder / file_name
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
            fields = tuple(FieldSpec.from_descriptor(d) for d in descriptor["fields"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"Không đọc được lược đồ {path.relative_to(root)}: {exc}") from exc
        tables[name] = TableSpec(name, descriptor.get("title", name), fields, descriptor)
    return Schemas(tables)
