"""`thidua json-schemas`: write schema/json/<campaign>/<kind>.schema.json for editors."""
from __future__ import annotations

import argparse
from pathlib import Path

from site_builder.check.discover import load_repository
from site_builder.check.findings import Findings
from site_builder.check.rules.json_schemas import FOLDER, rendered
from site_builder.commands import EXIT_OK
from site_builder.exceptions import ConfigError
from site_builder.model.schema import load_schemas


def run(root: Path, args: argparse.Namespace) -> int:
    print(f"Đã viết {len(write_json_schemas(root))} lược đồ vào {FOLDER}/.")
    return EXIT_OK


def write_json_schemas(root: Path) -> list[str]:
    """Write every campaign's nomination JSON Schemas; their repository-relative paths."""
    found = Findings()
    inputs, _ = load_repository(root, load_schemas(root), found)
    broken = [p for p in found.problems if p.code == "config-invalid"]
    if broken:  # a schema made from a broken campaign.yaml would mislead
        raise ConfigError("\n".join(f"{p.path}:{p.line or 1}: {p.message}" for p in broken))
    files = rendered(inputs.schemas, inputs.campaigns)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
