"""Reporters, swappable by name: each turns a CheckResult into output."""
from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..check import CheckResult
from . import github, json_report, text

Reporter = Callable[[CheckResult, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_report.report,
    "github": github.report,
}
