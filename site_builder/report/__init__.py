"""Reporters, swappable by name: each turns a CheckResult into output."""
from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from site_builder.check.pipeline import CheckResult
from site_builder.report import github, json_report, text

Reporter = Callable[[CheckResult, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_report.report,
    "github": github.report,
}
