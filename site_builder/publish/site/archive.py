"""Archived campaigns are built once: unchanged ones reuse their nomination pages.

A province keeps years of campaigns in one repository. A campaign marked `archived: true`
in its campaign.yaml whose inputs (its files, the registry, schema, code, and the commits
touching them) are unchanged since the last build into the same folder keeps the
nomination pages that build wrote; only its few summary pages are rebuilt.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from site_builder.fingerprint import fingerprint as digest_files
from site_builder.fingerprint import package_files
from site_builder.model.campaign import Campaign

MANIFEST = ".thidua-build.json"


def fingerprint(root: Path, campaign: Campaign, commit_ids: Iterable[str]) -> str:
    files = [*package_files("*.py", "*.j2"), *sorted((root / "schema").glob("*.json")), root / "registry" / "units.csv"]
    for folder in (root / campaign.folder, root / "submissions" / campaign.id):
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            files += [Path(dirpath) / name for name in sorted(filenames)]
    return digest_files(files, root, extra=commit_ids)


def reusable(out: Path, campaign: Campaign, print_: str) -> bool:
    if not campaign.data.get("archived"):
        return False
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get(campaign.id) == print_ and (out / campaign.id / "ho-so").is_dir()


def set_aside(out: Path, campaign_ids: list[str], keep: Path) -> None:
    """Move reused nomination pages out of the way of MkDocs, which empties the output folder."""
    for cid in campaign_ids:
        shutil.move(str(out / cid / "ho-so"), str(keep / cid))


def restore(out: Path, campaign_ids: list[str], keep: Path) -> None:
    for cid in campaign_ids:
        target = out / cid / "ho-so"
        for entry in (keep / cid).iterdir():
            if entry.is_dir() and not (target / entry.name).exists():
                shutil.move(str(entry), str(target / entry.name))


def write_manifest(out: Path, prints: dict[str, str]) -> None:
    (out / MANIFEST).write_text(json.dumps(prints, indent=2, sort_keys=True) + "\n", encoding="utf-8")
