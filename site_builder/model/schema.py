"""The Frictionless schemas in `schema/`: the one source of field names, titles and labels."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
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
    tables: dict[str, TableSpec]

    def __getitem__(self, name: str) -> TableSpec:
        return self.tables[name]

    @property
    def private_fields(self) -> frozenset[str]:
        return frozenset().union(*(self.tables[k].private_names for k in NOMINATION_KINDS))


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
