"""`--format text`: problems grouped by file, colour only on a terminal, a one-line summary."""
from __future__ import annotations

import re
from itertools import groupby
from typing import TextIO

from site_builder.check.pipeline import CheckResult
from site_builder.model.problem import Problem
from site_builder.vietnamese.text import visible

VERDICT_WORDS = {"eligible": "đủ điều kiện", "pending": "chờ bổ sung", "ineligible": "không đủ điều kiện",
                 "invalid": "không hợp lệ"}
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "path": "\033[1m", "dim": "\033[2m", "ok": "\033[32m"}
_RESET = "\033[0m"
# What a CI runner reads as a command when a line starts with it (after blanks): GitHub's
# and Forgejo's `::name::`, and the older `##[name]`.
_COMMAND_START = re.compile(r"\s*(::|##\[)")


def one_line(text: str) -> str:
    """A submitted text (a file name, a value quoted in a message) made safe to print: control
    characters escaped, so it stays on its line, and never the start of a workflow command."""
    text = visible(text)
    return "./" + text if _COMMAND_START.match(text) else text


def summary_line(result: CheckResult) -> str:
    s = result.summary()
    verdicts = ", ".join(f"{s[v]} {VERDICT_WORDS[v]}" for v in VERDICT_WORDS)
    return (f"{s['files']} tệp, {s['nominations']} hồ sơ ({verdicts}); "
            f"{s['errors']} lỗi, {s['warnings']} cảnh báo.")


def location(p: Problem) -> str:
    parts = [f"dòng {p.line}" if p.line else "", f"trường {visible(p.field)}" if p.field else ""]
    return ", ".join(x for x in parts if x)


def report(result: CheckResult, out: TextIO) -> None:
    colour = out.isatty() if hasattr(out, "isatty") else False

    def paint(kind: str, text: str) -> str:
        return f"{_COLOURS[kind]}{text}{_RESET}" if colour else text

    problems = result.reported_problems
    for path, group in groupby(problems, key=lambda p: p.path or "(kho dữ liệu)"):
        out.write(paint("path", one_line(path)) + "\n")
        for p in group:
            word = "LỖI" if p.severity == "error" else "CẢNH BÁO"
            where = location(p)
            cite = f" (kế hoạch mục {p.citation})" if p.citation else ""
            out.write(f"  {paint(p.severity, word)} [{p.code}]{' ' + where + ':' if where else ''} "
                      f"{visible(p.message)}{cite}\n")
            if p.hint:
                out.write(f"    {paint('dim', '→ Cách sửa:')} {visible(p.hint)}\n")
        out.write("\n")
    line = summary_line(result)
    out.write((paint("ok", "✓ " + line) if result.ok else paint("error", "✗ " + line)) + "\n")
