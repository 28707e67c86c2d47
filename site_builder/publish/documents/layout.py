"""Word plumbing for documents laid out per Decree 30/2020/NĐ-CP (Appendix I): page, fonts,
paragraphs, tables, the header and signature blocks, and deterministic saving."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from site_builder.vietnamese.text import nfc

if TYPE_CHECKING:
    from site_builder.publish.documents.content import _Issuer

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
TABLE_PT = 12

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 210 - 30 - 15
CELL_MARGIN_MM = 1.9              # Word's default left and right cell margins
HEADER_COLUMNS_MM = (70, 95)      # header block: issuer | national title
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_PT = 13
MOTTO_WIDTH_MM = 56.1             # MOTTO, bold, MOTTO_PT, in Times New Roman's metrics
BLANK = "……"                      # a short blank in a table cell





def _set_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_child(parent, tag: str, **attrs: str):
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    for key, value in attrs.items():
        child.set(qn(key), value)
    return child


def _new_document(title: str, subject: str, today: dt.date) -> DocxDocument:
    doc = Document()
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    _set_child(rpr, "w:sz", **{"w:val": str(BODY_PT * 2)})
    _set_child(rpr, "w:szCs", **{"w:val": str(BODY_PT * 2)})
    _set_child(rpr, "w:lang", **{"w:val": "vi-VN", "w:eastAsia": "vi-VN", "w:bidi": "ar-SA"})
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set_child(ppr, "w:spacing", **{"w:after": "0", "w:before": "0", "w:line": "240", "w:lineRule": "auto"})
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr())
    _set_child(normal.element.get_or_add_rPr(), "w:szCs", **{"w:val": str(BODY_PT * 2)})

    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    _page_numbers(section)

    package = doc.part.package                # the template's preview image shows another document
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)

    props = doc.core_properties
    stamp = dt.datetime.combine(today, dt.time(0))
    props.title, props.subject = title, subject
    props.author = props.last_modified_by = "thidua"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.language = "vi-VN"
    props.keywords = props.comments = props.category = ""
    return doc


def _field(paragraph: Paragraph, instruction: str, placeholder: str, size: int) -> None:
    for kind in ("begin", None, "separate", "text", "end"):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind == "text":
            run.text = placeholder
        elif kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _page_numbers(section) -> None:
    """Page number centred in the top margin, from page 2 (Decree 30/2020, Appendix I)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", "2", BODY_PT)
    first = section.first_page_header.paragraphs[0]
    first.text = ""


def _para(container, text: str = "", *, bold: bool = False, italic: bool = False, size: int = BODY_PT,
          align: str = "justify", indent: float = 0, first_line: float | None = None, before: float = 0,
          after: float = 0, keep_next: bool = False) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if indent:
        fmt.left_indent = Mm(indent)
    if first_line is not None:
        fmt.first_line_indent = Mm(first_line)
    if keep_next:
        fmt.keep_with_next = True
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    else:                                   # an empty paragraph's height follows its mark's size
        _mark_size(paragraph, size)
    return paragraph


def _mark_size(paragraph: Paragraph, size: float) -> None:
    rpr = paragraph._p.get_or_add_pPr()
    mark = rpr.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        rpr.append(mark)
    _set_child(mark, "w:sz", **{"w:val": str(int(size * 2))})
    _set_child(mark, "w:szCs", **{"w:val": str(int(size * 2))})


def _run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int = BODY_PT):
    run = paragraph.add_run(nfc(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    if size != BODY_PT:
        _set_child(run._r.get_or_add_rPr(), "w:szCs", **{"w:val": str(size * 2)})
    return run


def _body(container, text: str, **kwargs) -> Paragraph:
    """A body paragraph: justified, first line indented 1 cm, 6 pt between paragraphs."""
    kwargs.setdefault("first_line", 10)
    kwargs.setdefault("after", 6)
    return _para(container, text, **kwargs)


def _rule(container, width_mm: float, available_mm: float, *, space: float = 1, before: float = 3) -> Paragraph:
    """A centred horizontal line `width_mm` long: an empty paragraph's bottom border."""
    paragraph = _para(container, size=2, align="center", before=before)
    side = max((available_mm - width_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(side)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", str(int(space))), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr goes before spacing/ind/jc in CT_PPr's sequence
    anchor = next((ppr.find(qn(t)) for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
                   if ppr.find(qn(t)) is not None), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)
    return paragraph


_TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                 "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                 "tblLook", "tblCaption", "tblDescription", "tblPrChange")


def _insert_ordered(parent, child, order: Sequence[str]) -> None:
    """Insert `child` where the schema's sequence `order` puts it (Word rejects misordered XML)."""
    later = order[order.index(child.tag.split("}")[1]) + 1:]
    anchor = next((e for e in parent if e.tag.split("}")[1] in later), None)
    if anchor is None:
        parent.append(child)
    else:
        anchor.addprevious(child)


def _table(doc: DocxDocument, rows: int, widths_mm: Sequence[float], *, borders: bool) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set_child(tbl_pr, "w:tblW", **{"w:w": str(int(sum(Mm(w) for w in widths_mm) / 635)), "w:type": "dxa"})
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if borders:
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
                element.set(qn(key), value)
        else:
            element.set(qn("w:val"), "nil")
        edges.append(element)
    _insert_ordered(tbl_pr, edges, _TBL_PR_ORDER)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width) / 635)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    return table


def _cell_para(cell: _Cell, first: bool, **kwargs) -> Paragraph:
    """The cell's first (existing) paragraph the first time, a new one after."""
    if first:
        paragraph = cell.paragraphs[0]
        cell._tc.remove(paragraph._p)
    return _para(cell, **kwargs)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _header_block(doc: DocxDocument, issuer: _Issuer, number: str | None, dated: bool = True) -> None:
    """Issuer and number on the left, national title, motto and place-date on the right."""
    left_mm, right_mm = HEADER_COLUMNS_MM
    table = _table(doc, 1, HEADER_COLUMNS_MM, borders=False)
    left, right = table.rows[0].cells
    first = True
    if issuer.governing:
        _cell_para(left, first, text=issuer.governing, size=HEADER_PT, align="center")
        first = False
    for line in issuer.lines:
        _cell_para(left, first, text=line, bold=True, size=HEADER_PT, align="center")
        first = False
    if issuer.lines:
        longest = max(len(line) for line in issuer.lines)
        _rule(left, min(max(longest * 2.9 * 0.5, 15), 40), left_mm - 2 * CELL_MARGIN_MM)
    if number:
        _cell_para(left, first, text=number, size=HEADER_PT, align="center", before=6)
        first = False
    if first:
        _cell_para(left, True, size=HEADER_PT)
    _cell_para(right, True, text=NATIONAL_TITLE, bold=True, size=12, align="center")
    _cell_para(right, False, text=MOTTO, bold=True, size=MOTTO_PT, align="center")
    _rule(right, MOTTO_WIDTH_MM, right_mm - 2 * CELL_MARGIN_MM)
    if dated:
        _cell_para(right, False, text=f"{issuer.place}, ngày … tháng … năm 20…", italic=True, size=BODY_PT,
                   align="center", before=6)


def _title(doc: DocxDocument, title: str, lines: Iterable[str], *, rule: bool = True, before: float = 12) -> None:
    _para(doc, title, bold=True, align="center", before=before, keep_next=True)
    for line in lines:
        _para(doc, line, bold=True, align="center", keep_next=True)
    if rule:
        _rule(doc, 50, TEXT_WIDTH_MM)


def _signature(doc: DocxDocument, left: Sequence[tuple[str, dict[str, Any]]],
               right_title: Sequence[str], right_note: str, right_name: str,
               left_title: Sequence[str] = (), left_note: str = "") -> None:
    """Recipients (or a countersignature) on the left; title, space to sign, name on the right."""
    _para(doc, size=12)
    table = _table(doc, 1, (75, 90), borders=False)
    cells = table.rows[0].cells
    _cant_split(table.rows[0])
    first = True
    for line in left_title:
        _cell_para(cells[0], first, text=line, bold=True, size=HEADER_PT, align="center")
        first = False
    if left_note:
        _cell_para(cells[0], first, text=left_note, italic=True, size=HEADER_PT, align="center")
        first = False
    for text, style in left:
        _cell_para(cells[0], first, text=text, **{"size": 11, "align": "left", **style})
        first = False
    if first:
        _cell_para(cells[0], True, size=11)
    first = True
    for line in right_title:
        _cell_para(cells[1], first, text=line, bold=True, size=BODY_PT, align="center")
        first = False
    if right_note:
        _cell_para(cells[1], False, text=right_note, italic=True, size=HEADER_PT, align="center")
    for _ in range(4):
        _cell_para(cells[1], False, size=BODY_PT)
    _cell_para(cells[1], False, text=right_name or "…………………………", bold=True, size=BODY_PT, align="center")


def _recipients(items: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = [("Nơi nhận:", {"bold": True, "italic": True, "size": 12})]
    for i, item in enumerate(items):
        out.append((f"- {item}{'.' if i == len(items) - 1 else ';'}", {}))
    return out


def _save(doc: DocxDocument, path: Path, today: dt.date) -> Path:
    """Save with fixed zip timestamps, so the same input gives the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    stamp = (max(today.year, 1980), today.month, today.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path
