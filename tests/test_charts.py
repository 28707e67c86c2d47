"""Accessible build-time SVG charts (site_builder.publish.site.charts)."""
from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

import pytest

from site_builder.publish.site.charts import EMPTY, PALETTE, WIDTH, bar_chart, share_chart

NS = "{http://www.w3.org/2000/svg}"
NASTY = "<script>alert(1)</script> & Co"
ITEMS = [("Xã Long An", 3), ("Phường Bến Thành", 12), (NASTY, 6), ("Trường THCS Nguyễn Văn Trỗi", 0)]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def texts(root: ET.Element, tag: str) -> list[str]:
    return [el.text or "" for el in root.iter(f"{NS}{tag}")]


def check_accessible(svg: str, title: str) -> ET.Element:
    root = parse(svg)
    assert root.get("role") == "img"
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    labelled = root.get("aria-labelledby", "").split()
    assert [ids[i].tag for i in labelled] == [f"{NS}title", f"{NS}desc"]
    assert ids[labelled[0]].text == title
    assert "\n\n" not in svg  # a blank line would end the raw HTML block in Markdown
    return root


def desc(root: ET.Element) -> str:
    return root.find(f"{NS}desc").text or ""


def test_bar_chart_is_accessible_and_describes_every_value() -> None:
    svg = bar_chart("Số hồ sơ theo đơn vị", ITEMS)
    root = check_accessible(svg, "Số hồ sơ theo đơn vị")
    text = desc(root)
    assert "Xã Long An: 3 hồ sơ" in text
    for label, value in ITEMS:
        assert f"{label}: {value} hồ sơ" in text


def test_labels_are_escaped() -> None:
    for svg in (bar_chart(NASTY, ITEMS, note=NASTY), share_chart(NASTY, [(NASTY, 1), ("Nam", 2)])):
        assert "<script>" not in svg
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in svg
        root = parse(svg)
        assert any(NASTY in t for t in texts(root, "text"))  # round-trips as plain text


def test_bar_widths_are_proportional() -> None:
    items = [("A", 10), ("B", 25), ("C", 100), ("D", 1)]
    root = parse(bar_chart("Tỷ lệ", items))
    widths = [float(r.get("width")) for r in root.iter(f"{NS}rect")]
    assert len(widths) == len(items)
    per_unit = widths[2] / 100
    for (_, value), width in zip(items, widths, strict=False):
        assert width == pytest.approx(value * per_unit, abs=0.1)
    assert max(widths) < WIDTH  # room is left for the value after the longest bar


def test_values_and_long_labels() -> None:
    long = "Phòng Tài nguyên và Môi trường huyện Cần Giuộc tỉnh Long An"
    root = parse(bar_chart("Đơn vị", [(long, 1234)]))
    shown = texts(root, "text")
    assert "1.234" in shown
    assert any(t.endswith("…") and len(t) <= 40 and long.startswith(t[:-1]) for t in shown)
    assert f"{long}: 1.234 hồ sơ" in texts(root, "title")  # full text kept for the row
    assert f"{long}: 1.234 hồ sơ" in desc(root)


def test_height_grows_with_items_and_note_is_shown() -> None:
    def height(svg: str) -> float:
        return float(parse(svg).get("viewBox").split()[3])

    assert (
        height(bar_chart("T", ITEMS[:1]))
        < height(bar_chart("T", ITEMS))
        < height(bar_chart("T", ITEMS, note="Ghi chú"))
    )
    root = parse(bar_chart("T", ITEMS, note="Số liệu tạm tính."))
    assert "Số liệu tạm tính." in texts(root, "text")
    assert "Số liệu tạm tính." in desc(root)


def test_text_is_nfc_and_control_characters_are_dropped() -> None:
    label = unicodedata.normalize("NFD", "Xã Tân Hưng") + "\x0b"
    root = parse(bar_chart("T", [(label, 1)]))
    assert "Xã Tân Hưng" in texts(root, "text")


def test_ids_are_stable_and_distinct() -> None:
    a, b = bar_chart("Theo loại", ITEMS), bar_chart("Theo đơn vị", ITEMS)
    assert a == bar_chart("Theo loại", ITEMS)  # same build output every time
    assert parse(a).get("aria-labelledby") != parse(b).get("aria-labelledby")
    c, d = share_chart("Theo loại", ITEMS), bar_chart("Theo loại", ITEMS[:2])
    ids = {parse(svg).get("aria-labelledby") for svg in (a, b, c, d)}
    assert len(ids) == 4


def test_empty_charts() -> None:
    for svg in (bar_chart("Trống", []), share_chart("Trống", []), share_chart("Trống", [("Nữ", 0), ("Nam", 0)])):
        root = check_accessible(svg, "Trống")
        assert EMPTY in texts(root, "text")
        assert desc(root) == EMPTY


def test_zero_values_still_drawn_in_bar_chart() -> None:
    root = parse(bar_chart("T", [("A", 0), ("B", 0)]))
    assert [r.get("width") for r in root.iter(f"{NS}rect")] == ["0.0", "0.0"]
    assert desc(root) == "A: 0 hồ sơ; B: 0 hồ sơ."


def test_rejects_non_counts() -> None:
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError):
            bar_chart("T", [("A", bad)])  # type: ignore[list-item]


def test_share_chart() -> None:
    parts = [("Nữ", 17), ("Nam", 21), ("Không ghi", 2)]
    svg = share_chart("Giới tính", parts)
    root = check_accessible(svg, "Giới tính")
    text = desc(root)
    for label, value, pct in [("Nữ", 17, "42,5%"), ("Nam", 21, "52,5%"), ("Không ghi", 2, "5,0%")]:
        assert f"{label}: {value} hồ sơ ({pct})" in text
        assert f"{label}: {value} ({pct})" in texts(root, "text")  # legend
    assert "Tổng: 40 hồ sơ" in text
    bar = [r for r in root.iter(f"{NS}rect") if r.get("height") == "36"]
    widths = [float(r.get("width")) for r in bar]
    assert widths == pytest.approx([v / 40 * WIDTH for _, v in parts], abs=0.1)
    assert sum(widths) == pytest.approx(WIDTH, abs=0.2)


def test_share_percentages_add_up_to_100() -> None:
    root = parse(share_chart("Ba phần", [("A", 1), ("B", 1), ("C", 1)]))
    shares = [float(t.split("(")[1].rstrip("%)").replace(",", ".")) for t in texts(root, "text") if "(" in t]
    assert shares == [33.4, 33.3, 33.3]


def test_palette_has_aa_contrast_against_white() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for colour in PALETTE:
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour


def test_thousand_items_render() -> None:  # how fast: benchmarks/timing.py
    items = [(f"Đơn vị số {i} của huyện Cần Giuộc tỉnh Long An", i) for i in range(1000)]
    svg = bar_chart("Nhiều đơn vị", items)
    assert len(list(parse(svg).iter(f"{NS}rect"))) == 1000


def test_wide_labels_are_cut_earlier() -> None:
    wide = "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM HUYỆN MỘC HÓA"
    root = parse(bar_chart("T", [(wide, 1), ("M" * 39, 2)]))
    shown = [t for t in texts(root, "text") if t.endswith("…")]
    assert shown[0] == "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM HUYỆN…"  # cut at a word boundary
    assert len(shown[1]) < 32
