"""Render the site's Markdown pages from the public view, with autoescaped Jinja2."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from site_builder.progress import Progress

TEMPLATES = Environment(
    loader=PackageLoader("site_builder.publish.site", "jinja"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False,
)


def vn_date(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y") if isinstance(value, (dt.date, dt.datetime)) else str(value)


_TITLE_UNSAFE = re.compile(r"[<>&\"'`\x00-\x1f]")


def plain_title(text: str) -> str:
    """A page title with no markup characters at all.

    MkDocs/Material print `page.title` unescaped (header, <title> via striptags, search
    results), so a submitted name must reach them with nothing an HTML parser could read
    as markup. The page body shows the full, escaped name.
    """
    return " ".join(_TITLE_UNSAFE.sub(" ", text).split()) or "Hồ sơ"


TEMPLATES.filters["vn_date"] = vn_date
TEMPLATES.filters["plain_title"] = plain_title
# Front matter: a JSON string is a valid YAML scalar; the title has no markup left.
TEMPLATES.filters["front_matter"] = lambda text: Markup(json.dumps(plain_title(text), ensure_ascii=False))


class PageWriter:
    """Writes Markdown files under `docs`, remembering what it wrote."""

    def __init__(self, docs: Path, progress: Progress | None = None) -> None:
        self.docs = docs
        self.count = 0
        self.progress = progress or Progress()
        self.shells: list[str] = []       # shell pages (URLs) the nominations are stamped into
        self.stamped: list[Any] = []      # stamp.Stamped pages, written after the MkDocs build
        self.fills: dict[str, dict[str, str]] = {}  # page URL -> marker -> HTML, filled after the build
        self.out = Path(".")                 # the output folder (archived campaigns may reuse pages there)
        self.prints: dict[str, str] = {}     # campaign -> fingerprint of its inputs
        self.reused: list[str] = []          # archived campaigns whose nomination pages are reused

    def render(self, template: str, target: str, **context: Any) -> None:
        self.write(target, TEMPLATES.get_template(template).render(**context))

    def write(self, target: str, text: str) -> None:
        path = self.docs / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if target.endswith(".md"):
            self.count += 1
            self.progress.update("Đang viết trang", self.count)

    def write_bytes(self, target: str, data: bytes) -> None:
        path = self.docs / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
