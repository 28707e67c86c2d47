"""The JSON Schema of campaign.yaml (draft 2020-12), for editors: generated from the criteria's
blocks and named criteria, so it cannot drift from what the checker accepts.

Written to `schema/json/campaign.schema.json` by `python -m site_builder.reference`, which
tests/test_reference.py runs with `--check`. The schema is about the shape a person writes in
YAML (true, 2, lists); `thidua check` remains the judge and says what is wrong in Vietnamese.
"""
from __future__ import annotations

import json
from typing import Any

from site_builder.check.rules.blocks import BLOCKS
from site_builder.check.rules.criteria import COMMON
from site_builder.check.rules.criterion import BOTH, Block, Key
from site_builder.check.rules.named import NAMED
from site_builder.model.fields import fields_schema
from site_builder.model.problem import CATALOGUE

SCHEMA_PATH = "schema/json/campaign.schema.json"
_TEXT = {"type": "string", "minLength": 1}
_SCALAR = {"type": ["string", "number", "boolean"]}
_LIST_OF_TEXT = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}]}
KEY_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": _TEXT,
    "field": {**_TEXT, "description": "the name of a nomination field"},
    "fields": _LIST_OF_TEXT,
    "values": {"anyOf": [_SCALAR, {"type": "array", "items": _SCALAR, "minItems": 1}]},
    "boolean": {"type": "boolean"},
    "number": {"type": "number"},
    "integer": {"type": "integer", "minimum": 1},
    "kinds": {"type": "array", "items": {"enum": list(BOTH)}, "minItems": 1, "uniqueItems": True},
    "missing": {"const": "pending"},
    "when": {
        "type": "object", "minProperties": 1, "additionalProperties": False,
        "properties": {"kind": {"enum": list(BOTH)}, "field": _TEXT,
                       "in": {"anyOf": [_SCALAR, {"type": "array", "items": _SCALAR, "minItems": 1}]}},
        "dependentRequired": {"field": ["in"], "in": ["field"]},
    },
}


def _key(key: Key) -> dict[str, Any]:
    return {**KEY_SCHEMAS[key.type], "description": key.description} if key.description else KEY_SCHEMAS[key.type]


def _criterion(selector: str, block: Block) -> dict[str, Any]:
    """One declaration: `block: <name>` (or `use: <name>`), the common keys and the block's own."""
    common = [k for k in COMMON if k.name != "missing" or block.pending_when_missing]
    keys = [*common, *block.keys]
    return {
        "title": f"{selector}: {block.name}", "description": block.description, "type": "object",
        "properties": {selector: {"const": block.name}, **{k.name: _key(k) for k in keys}},
        "required": [selector, *(k.name for k in keys if k.required)],
        "additionalProperties": False,
    }


def campaign_schema() -> dict[str, Any]:
    declarations = ([_criterion("block", b) for b in BLOCKS.values()]
                    + [_criterion("use", n) for n in NAMED.values()])
    date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "thidua campaign.yaml",
        "description": "A campaign of thidua: the plan as data (developer/reference/criteria.md for `criteria:`).",
        "type": "object",
        "required": ["id", "title", "period", "deadline", "quotas", "documents", "secretariat_unit"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                   "description": "the campaign's folder name"},
            "title": _TEXT, "short_title": _TEXT, "timezone": _TEXT, "secretariat_unit": _TEXT,
            "period": {"type": "object", "required": ["start", "end"],
                       "properties": {"start": date, "end": date}},
            "deadline": {"type": "object", "required": ["before"], "properties": {"before": date, "text": _TEXT}},
            "quotas": {"type": "object", "properties": {kind: {"type": "integer", "minimum": 0} for kind in BOTH}},
            "documents": {"type": "object", "required": ["required"], "properties": {"required": {
                "type": "array", "items": {"type": "object", "required": ["key", "title"],
                                           "properties": {"key": _TEXT, "title": _TEXT}}}}},
            "criteria": {
                "type": "object",
                "description": "each key is a criterion's problem code",
                "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "not": {"enum": sorted(CATALOGUE)}},
                "additionalProperties": {"oneOf": declarations},
            },
            "review": {"type": "object"},
            "fields": fields_schema(),
        },
    }


def render() -> str:
    return json.dumps(campaign_schema(), ensure_ascii=False, indent=2) + "\n"
