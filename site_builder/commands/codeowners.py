"""`thidua codeowners`: write `.github/CODEOWNERS` from the registry and MAINTAINERS."""
from __future__ import annotations

import argparse
from pathlib import Path

from site_builder.check.rules.codeowners import PATH, project_maintainers, render
from site_builder.commands import EXIT_OK, load_registry
from site_builder.model.campaign import campaign_ids, load_campaign
from site_builder.model.schema import load_schemas


def run(root: Path, args: argparse.Namespace) -> int:
    registry = load_registry(root)
    schemas = load_schemas(root)
    campaigns = {cid: load_campaign(root, cid, schemas) for cid in campaign_ids(root)}
    target = root / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(registry, campaigns, project_maintainers(root)), encoding="utf-8")
    print(f"Đã viết {PATH}.")
    return EXIT_OK
