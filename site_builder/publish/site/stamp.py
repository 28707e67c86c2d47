"""Nomination pages stamped into one MkDocs-built shell page, so the build stays linear.

MkDocs renders every page through Python-Markdown and the theme (about 5 ms a page here);
a province has tens of thousands of nominations. One shell page at the nominations' depth
goes through MkDocs; each nomination page is that shell with its title and body filled in.
Search indexes the stamped pages afterwards, like any other page (`search.py`).
"""
from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path

from site_builder.publish.site.pages import plain_title

TITLE, H1, BODY = "THIDUA_STAMP_TITLE", "THIDUA_STAMP_H1", "THIDUA_STAMP_BODY"


@dataclass(frozen=True)
class Stamped:
    url: str        # relative to the site root, ends with '/'
    title: str      # the full name, as submitted (escaped here)
    body: str | None  # HTML, already escaped by the template; None: reuse the page already built


def shell_url(campaign_id: str) -> str:
    """Same depth as `<campaign>/ho-so/<unit>/<slug>/`, so relative links are identical."""
    return f"{campaign_id}/ho-so/khung-trang/mau/"


def stamp_pages(out: Path, shell: str, pages: list[Stamped]) -> None:
    shell_dir = out / shell
    template = (shell_dir / "index.html").read_text(encoding="utf-8")
    if template.count(BODY) != 1 or H1 not in template:
        raise RuntimeError("the shell page lost its markers; check the theme templates")
    head, tail = template.split(BODY)
    for page in pages:
        if page.body is None:
            continue
        title = html.escape(plain_title(page.title))
        text = head.replace(TITLE, title).replace(H1, html.escape(page.title)) + page.body + tail.replace(TITLE, title)
        target = out / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.rmtree(shell_dir)
    if not any(shell_dir.parent.iterdir()):
        shell_dir.parent.rmdir()


def fill_pages(out: Path, fills: dict[str, dict[str, str]]) -> None:
    """Put large generated HTML (a 10,000-row table) into built pages, past Markdown."""
    for url, blocks in fills.items():
        path = out / url / "index.html"
        text = path.read_text(encoding="utf-8")
        for marker, block in blocks.items():
            text = text.replace(f"<p>{marker}</p>", marker)  # Markdown wraps the lone marker in a paragraph
            if text.count(marker) != 1:
                raise RuntimeError(f"{url}: marker {marker} not found once")
            text = text.replace(marker, block)
        path.write_text(text, encoding="utf-8")
