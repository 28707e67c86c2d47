"""One module per command of `thidua`, each with `run(root, args) -> exit code`; the helpers
below are what several commands share."""
from __future__ import annotations

from pathlib import Path

from site_builder.exceptions import EXIT_OK, EXIT_PROBLEMS, UsageError
from site_builder.model.campaign import campaign_ids
from site_builder.model.registry import Registry
from site_builder.model.schema import Schemas, load_schemas

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "choose_campaign", "load_registry"]


def choose_campaign(root: Path, wanted: str | None) -> str:
    """`--campaign`, or the latest campaign; a usage error when there is no such campaign."""
    ids = campaign_ids(root)
    cid = wanted or (ids[-1] if ids else None)
    if cid is None or cid not in ids:
        raise UsageError(f"Không có đợt thi đua '{cid}'. Các đợt hiện có: {', '.join(ids) or '(chưa có)'}.")
    return cid


def load_registry(root: Path, schemas: Schemas | None = None) -> Registry:
    """The unit registry, read and validated as the check reads it."""
    from site_builder.check.discover import load_repository
    from site_builder.check.findings import Findings
    from site_builder.check.validate import registry_of, validate

    found = Findings()  # the check reports them; here only the units are wanted
    inputs, _ = load_repository(root, schemas or load_schemas(root), found)
    validate(inputs, found)
    return registry_of(inputs)
