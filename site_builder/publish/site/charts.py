"""Small accessible SVG charts, drawn at build time (no JavaScript).

Each chart is one inline ``<svg role="img">`` whose ``aria-labelledby`` points
at its ``<title>`` and at a ``<desc>`` that repeats every label and value as
text.  The drawing uses a fixed 400-unit-wide viewBox and shrinks to fit
narrow screens; labels sit on their own line above each bar so that long unit
names keep the full width on a phone.  Ids are derived from a hash of the
chart's content: stable from build to build and distinct for different charts
on one page (two identical charts would share ids, which is harmless).
All text from submissions is NFC-normalised and XML-escaped.
"""
from __future__ import annotations

import hashlib
import re
import textwrap
import unicodedata
from xml.sax.saxutils import escape, quoteattr

WIDTH = 400
LABEL_CHARS = 40          # longer (or wider) labels are cut with "…" (full text in the row's <title>)
EMPTY = "Chưa có dữ liệu."
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#4a4a4a"
# Fills, each with at least 4.5:1 contrast against white (and for white text on them).
PALETTE = ("#9b1c1c", "#0b4f8a", "#595959", "#1e5e2e", "#6b4b00", "#5b3a8a")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def bar_chart(title: str, items: list[tuple[str, int]], *, note: str = "", unit: str = "hồ sơ") -> str:
    """Horizontal bars, one per (label, value); value printed at the end of each bar."""
    items = [(_clean(label), _count(value)) for label, value in items]
    title, note = _clean(title), _clean(note)
    if not items:
        return _empty(title, "bar")
    values = [_number(v) for _, v in items]
    room = 10 + 9 * max(len(v) for v in values)      # space after the longest bar for its value
    scale = (WIDTH - room) / max(max(v for _, v in items), 1)
    row, rows = 48, []
    for i, ((label, value), shown) in enumerate(zip(items, values, strict=False)):
        y = 4 + i * row
        length = round(value * scale, 1)
        rows.append(
            f'<g><title>{escape(label)}: {shown} {escape(unit)}</title>'
            f'<text x="0" y="{y + 16}" font-size="15" fill="{TEXT}">{escape(_cut(label))}</text>'
            f'<rect x="0" y="{y + 22}" width="{length}" height="16" rx="2" fill="{PALETTE[0]}"/>'
            f'<text x="{length + 6}" y="{y + 35}" font-size="14" font-weight="bold" fill="{TEXT}">{shown}</text></g>')
    desc = "; ".join(f"{label}: {shown} {unit}" for (label, _), shown in zip(items, values, strict=False)) + "."
    return _svg("bar", title, desc, rows, 4 + len(items) * row, note, items)


def share_chart(title: str, parts: list[tuple[str, int]], *, unit: str = "hồ sơ") -> str:
    """One 100%-stacked bar of the parts of a whole, with a legend giving counts and percentages."""
    parts = [(_clean(label), _count(value)) for label, value in parts]
    title = _clean(title)
    total = sum(v for _, v in parts)
    if not total:
        return _empty(title, "share")
    percents = _percents([v for _, v in parts])
    shapes, legend, x = [], [], 0.0
    for i, ((label, value), pct) in enumerate(zip(parts, percents, strict=False)):
        colour = PALETTE[i % len(PALETTE)]
        width = round(value / total * WIDTH, 1)
        text = f"{label}: {_number(value)} {unit} ({pct})"
        tail = f": {_number(value)} ({pct})"
        if value:
            inside = (f'<text x="{round(x + width / 2, 1)}" y="27" font-size="14" font-weight="bold" fill="#fff" '
                      f'text-anchor="middle">{pct}</text>') if width >= 56 else ""
            shapes.append(f'<g><title>{escape(text)}</title><rect x="{round(x, 1)}" y="4" width="{width}" '
                          f'height="36" fill="{colour}" stroke="#fff" stroke-width="2"/>{inside}</g>')
        y = 56 + i * 26
        legend.append(
            f"<g><title>{escape(text)}</title>"
            f'<rect x="0" y="{y}" width="16" height="16" rx="2" fill="{colour}"/>'
            f'<text x="24" y="{y + 13}" font-size="15" fill="{TEXT}">{escape(_cut(label, WIDTH - 24 - 9 * len(tail)))}'
            f"{tail}</text></g>"
        )
        x += width
    desc = "; ".join(f"{label}: {_number(v)} {unit} ({pct})" for (label, v), pct in zip(parts, percents, strict=False))
    desc += f". Tổng: {_number(total)} {unit}."
    return _svg("share", title, desc, shapes + legend, 56 + len(parts) * 26, "", parts)


def _svg(kind: str, title: str, desc: str, body: list[str], height: int, note: str,
         data: list[tuple[str, int]]) -> str:
    ident = "td-chart-" + hashlib.sha1(repr((kind, title, data, note)).encode()).hexdigest()[:10]
    lines = textwrap.wrap(note, 56) if note else []
    for i, line in enumerate(lines):
        body.append(f'<text x="0" y="{height + 14 + i * 18}" font-size="13" fill="{MUTED}">{escape(line)}</text>')
    if note:
        desc += " " + note
    height += 18 * len(lines) + (6 if lines else 0)
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="td-svg-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px;height:auto" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" font-family={quoteattr(FONT)}>',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
        *body,
        "</svg>"])


def _empty(title: str, kind: str) -> str:
    body = [f'<text x="0" y="18" font-size="15" fill="{MUTED}">{EMPTY}</text>']
    return _svg(kind, title, EMPTY, body, 26, "", [])


def _clean(text: str) -> str:
    return " ".join(_CONTROL.sub("", unicodedata.normalize("NFC", str(text))).split())


def _count(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"chart values must be counts (int >= 0), got {value!r}")
    return value


def _cut(label: str, room: float = WIDTH) -> str:
    """Shorten to LABEL_CHARS characters and to about `room` units at 15px, at a word boundary if one is near."""
    limit, used = min(len(label), LABEL_CHARS), 0.0
    for i, ch in enumerate(label):
        used += _em(ch) * 15
        if used > room - 12:        # keep room for the "…"
            limit = min(limit, i)
            break
    if limit == len(label):
        return label
    cut = label[:limit]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def _em(ch: str) -> float:
    """Rough advance width of a character in em, generous so that wide fonts still fit."""
    if ch in "MWmwƯƠ":
        return 0.9
    if ch.isupper():
        return 0.74
    if ch.isdigit():
        return 0.64
    base = unicodedata.normalize("NFD", ch)[0]
    return 0.34 if base in " .,;:'!|()[]ijlrtf-" else 0.6


def _number(value: int) -> str:
    """1234567 -> '1.234.567' (Vietnamese digit grouping)."""
    return f"{value:,}".replace(",", ".")


def _percents(values: list[int]) -> list[str]:
    """Shares with one decimal that add up to exactly 100 (largest remainder), e.g. '33,3%'."""
    total = sum(values)
    tenths = [v * 1000 // total for v in values]
    by_remainder = sorted(range(len(values)), key=lambda i: values[i] * 1000 % total, reverse=True)
    for i in by_remainder[:1000 - sum(tenths)]:
        tenths[i] += 1
    return [f"{t // 10},{t % 10}%" for t in tenths]
