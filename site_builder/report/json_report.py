"""`--format json`: the report described in developer/reference/json-report.md."""
from __future__ import annotations

import json
from typing import Any, TextIO

from site_builder.check.pipeline import CheckResult
from site_builder.model.problem import Problem


def as_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "version": 1,
        "ok": result.ok,
        "summary": result.summary(),
        "nominations": [
            {"id": n.id, "path": n.path, "kind": n.kind, "unit_id": n.unit_id, "name": n.name,
             "verdict": n.verdict, "status": n.status,
             "problems": [p.to_dict() for p in sorted(n.problems, key=Problem.sort_key)]}
            for n in result.reported_nominations
        ],
        "problems": [p.to_dict() for p in result.reported_problems],
    }


def report(result: CheckResult, out: TextIO) -> None:
    # Indented for a person at a terminal; compact (the C encoder, several times faster) for tools.
    pretty = hasattr(out, "isatty") and out.isatty()
    out.write(json.dumps(as_dict(result), ensure_ascii=False, indent=2 if pretty else None))
    out.write("\n")
