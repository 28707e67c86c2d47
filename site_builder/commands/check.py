"""`thidua check`: run the check pipeline and print its report in the chosen format."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from site_builder.check.pipeline import CheckOptions, run_check
from site_builder.commands import EXIT_OK, EXIT_PROBLEMS
from site_builder.exceptions import EXIT_USAGE, UsageError
from site_builder.model.problem import Category
from site_builder.report import REPORTERS


def parse_now(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--now '{text}' không phải thời điểm ISO 8601 (ví dụ 2025-01-09T17:00:00+07:00).") from exc


def relative(root: Path, raw: str) -> str:
    """A command-line path as a repository-relative POSIX path; outside the repository is a usage error."""
    path = Path(raw).resolve() if not Path(raw).is_absolute() else Path(raw)
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError as exc:
        raise UsageError(f"'{raw}' nằm ngoài kho dữ liệu {root}.") from exc
    return rel.as_posix() if rel.parts else "."


def run(root: Path, args: argparse.Namespace) -> int:
    if args.actor and not args.changed_since:
        raise UsageError("--actor chỉ dùng cùng --changed-since.")
    options = CheckOptions(
        paths=tuple(relative(root, p) for p in args.paths), changed_since=args.changed_since,
        actor=args.actor, now=parse_now(args.now) if args.now else None)
    result = run_check(root, options)
    REPORTERS[args.format](result, sys.stdout)
    if any(p.category is Category.CONFIG for p in result.problems):
        return EXIT_USAGE  # broken configuration: other campaigns were still checked
    return EXIT_OK if result.ok else EXIT_PROBLEMS
