"""`--format github`: workflow-command annotations, plain lines, and a job summary."""
from __future__ import annotations

import os
from typing import TextIO

from site_builder.check.pipeline import CheckResult
from site_builder.model.problem import Problem
from site_builder.report.text import VERDICT_WORDS, location, one_line, summary_line
from site_builder.vietnamese.text import visible

MAX_ANNOTATIONS = 10  # GitHub shows at most 10 of each severity per step


def _escape_data(text: str) -> str:
    """The runner's escaping of a command's data; `text` has only the reporter's own line breaks."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(p: Problem) -> str:
    props = []
    # Every field made visible first: a submitted newline is shown as '\n', never one the runner unescapes.
    if p.path:
        props.append(f"file={_escape_property(visible(p.path))}")
    if p.line:
        props.append(f"line={p.line}")
    props.append(f"title={_escape_property(visible(p.code + (' · ' + p.field if p.field else '')))}")
    body = (visible(p.message) + (f" (kế hoạch mục {visible(p.citation)})" if p.citation else "")
            + (f"\nCách sửa: {visible(p.hint)}" if p.hint else ""))
    return f"::{p.severity} {','.join(props)}::{_escape_data(body)}"


def markdown_summary(result: CheckResult) -> str:
    s = result.summary()
    lines = [
        "## Kết quả kiểm tra hồ sơ thi đua",
        "",
        ("✅ Không có lỗi." if result.ok else f"❌ Có {s['errors']} lỗi cần sửa trước khi hợp nhất."),
        "",
        "| Hồ sơ | " + " | ".join(VERDICT_WORDS.values()) + " | Lỗi | Cảnh báo |",
        "|---|" + "---|" * (len(VERDICT_WORDS) + 2),
        f"| {s['nominations']} | "
        + " | ".join(str(s[v]) for v in VERDICT_WORDS)
        + f" | {s['errors']} | {s['warnings']} |",
        "",
    ]
    problems = result.reported_problems
    if problems:
        lines += ["| Tệp | Vị trí | Mã | Nội dung | Cách sửa |", "|---|---|---|---|---|"]
        for p in problems:
            cells = [_cell(p.path or ""), _cell(location(p)), f"`{_cell(p.code)}`",
                     _cell(p.message + (f" ({p.citation})" if p.citation else "")), _cell(p.hint)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# Markdown that could turn a submitted text into a link, an image, HTML or code.
_MARKDOWN = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "[": "\\[",
                           "]": "\\]", "|": "\\|"})


def _cell(text: str) -> str:
    """One table cell: one line (control characters escaped), no Markdown of its own."""
    return visible(text).translate(_MARKDOWN)


def report(result: CheckResult, out: TextIO) -> None:
    problems = result.reported_problems
    shown = {"error": 0, "warning": 0}
    for p in problems:
        # Plain lines too: Forgejo and Gitea do not render annotations.
        out.write(one_line(f"{p.path or '.'}:{p.line or 0}: {p.severity}: [{p.code}] {p.message}") + "\n")
        if shown[p.severity] < MAX_ANNOTATIONS:
            out.write(annotation(p) + "\n")
            shown[p.severity] += 1
    hidden = {k: sum(1 for p in problems if p.severity == k) - v for k, v in shown.items()}
    if any(hidden.values()):
        title = _escape_property(f"Còn {hidden['error']} lỗi, {hidden['warning']} cảnh báo chưa hiện")
        out.write(f"::notice title={title}::Xem toàn bộ trong phần tóm tắt của lượt chạy (job summary).\n")
    out.write(summary_line(result) + "\n")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as handle:
            handle.write(markdown_summary(result))
