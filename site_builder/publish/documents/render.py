"""The secretariat's Word documents for one campaign, laid out per Decree 30/2020/NĐ-CP.

`write_documents` writes, from a check result:

- `to-trinh-de-nghi-khen-thuong.docx`: the standing body's proposal (Tờ trình) to the
  People's Committee to award the campaign's commendation to the proposed nominees;
- `danh-sach-de-nghi-khen-thuong.docx`: the attached list, collectives then individuals,
  in Vietnamese dictionary order;
- `bao-cao-thanh-tich/<unit_id>--<slug>.docx`: one achievement report per proposed
  nominee, pre-filled with public fields, following the form configured in campaign.yaml.

Proposed nominees are those selected by the vote or commended by the decision; when there
are none yet, those that passed appraisal.  Only public fields are used (the schema marks
private ones): the documents may be linked from the public site.

Layout (Decree 30/2020, Appendix I): A4 portrait, margins top/bottom 20 mm, left 30 mm,
right 15 mm; Times New Roman (set for Latin, East Asian and complex scripts so that no
application substitutes another font); the header block as a borderless two-column table;
page numbers centred in the top margin from page 2; the signature block at the end.
Files are byte-for-byte deterministic for a given input and `today`.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from site_builder.check.pipeline import CheckResult
from site_builder.model.nomination import Nomination
from site_builder.model.registry import Unit
from site_builder.vietnamese.collation import person_key, vi_key
from site_builder.vietnamese.text import fold

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

TO_TRINH = "to-trinh-de-nghi-khen-thuong.docx"
DANH_SACH = "danh-sach-de-nghi-khen-thuong.docx"
REPORTS = "bao-cao-thanh-tich"

# Statuses of the nominations a Tờ trình proposes, in order of preference.
PROPOSED = frozenset({"selected", "commended"})
FALLBACK = frozenset({"appraised"})

_UBND = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(.+)$", re.IGNORECASE)
_LOCALITY = re.compile(r"^(?:xã|phường|thị trấn|thị xã|huyện|quận|thành phố|tỉnh)\s+(.+)$", re.IGNORECASE)
_DECREE = re.compile(r"Nghị định số\s+(\S+)")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    return nfc(text).upper()


# --- what the documents say -------------------------------------------------------------


def proposed_nominations(result: CheckResult, campaign_id: str) -> list[Nomination]:
    """Collectives in dictionary order, then individuals by given name: the list to propose."""
    mine = [n for n in result.nominations if n.campaign == campaign_id]
    chosen = [n for n in mine if n.status in PROPOSED] or [n for n in mine if n.status in FALLBACK]
    collectives = sorted((n for n in chosen if n.kind == "collective"), key=lambda n: (vi_key(n.name), n.id))
    individuals = sorted((n for n in chosen if n.kind != "collective"), key=lambda n: (person_key(n.name), n.id))
    return collectives + individuals


@dataclass(frozen=True)
class _Issuer:
    """Who a document comes from, as its header block and signature show it."""
    governing: str               # line 1 of the header block (cơ quan chủ quản), may be ""
    lines: tuple[str, ...]       # the issuing body, uppercase, bold
    place: str                   # for "<place>, ngày … tháng … năm …"


@dataclass(frozen=True)
class _Setting:
    campaign_id: str
    data: dict[str, Any]
    title: str
    movement: str                # "phong trào thi đua …"
    award: str                   # "Giấy khen"
    giver: str                   # "Chủ tịch UBND huyện …"
    proposed_by: str             # "Ban Chỉ đạo CCHC huyện"
    plan: str                    # "Kế hoạch số …/KH-BCĐ năm 2024 của Ban Chỉ đạo …"
    superior: str                # "Ủy ban nhân dân huyện …": the addressee
    secretariat: str             # "Phòng Nội vụ huyện …"
    secretariat_short: str       # "Phòng Nội vụ"
    abbreviation: str            # "PNV"
    issuer: _Issuer
    signer_title: str
    signer: str


def _text(value: Any) -> str:
    return nfc(value.strip()) if isinstance(value, str) else ""


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _locality(unit: Unit | None, registry_get) -> str:
    """'huyện Long Thành' from the nearest People's Committee up the registry, or ''."""
    seen: set[str] = set()
    while unit is not None and unit.unit_id not in seen:
        seen.add(unit.unit_id)
        match = _UBND.match(nfc(unit.name))
        if match:
            return match.group(1)
        unit = registry_get(unit.parent_id)
    return ""


def _strip_locality(name: str, locality: str) -> str:
    if locality and name.endswith(" " + locality) and len(name) > len(locality) + 1:
        return name[: -len(locality) - 1]
    return name


def _abbreviation(short_name: str) -> str:
    words = [w for w in fold(short_name).split() if w.lower() not in ("va", "-", "–")]
    return "".join(w[0].upper() for w in words if w[0].isalnum()) or "VT"


def _issuer_of(unit: Unit | None, registry_get, fallback_place: str) -> _Issuer:
    if unit is None:
        return _Issuer("", (), fallback_place or BLANK)
    name = nfc(unit.name)
    own = _UBND.match(name)
    if own:                                  # a People's Committee: no governing line
        locality = own.group(1)
        place = _LOCALITY.match(locality)
        return _Issuer("", ("ỦY BAN NHÂN DÂN", upper(locality)),
                       place.group(1) if place else fallback_place or BLANK)
    parent = registry_get(unit.parent_id)
    locality = _locality(parent, registry_get)
    governing = upper(f"UBND {locality}") if locality else upper(parent.name) if parent else ""
    place = _LOCALITY.match(locality) if locality else None
    return _Issuer(governing, (upper(_strip_locality(name, locality)),),
                   place.group(1) if place else fallback_place or BLANK)


def _setting(result: CheckResult, campaign_id: str) -> _Setting:
    campaign = result.campaigns[campaign_id]
    data = campaign.data
    issuer = _mapping(data.get("issuer"))
    award = _mapping(data.get("award"))
    secretariat_data = _mapping(data.get("secretariat"))   # optional: signer, signer_title, abbreviation
    get = result.registry.get
    unit = get(campaign.secretariat_unit)
    secretariat = nfc(unit.name) if unit else campaign.secretariat_unit
    parent = get(unit.parent_id) if unit else None
    locality = _locality(parent, get)
    superior = nfc(parent.name) if parent else (f"Ủy ban nhân dân {locality}" if locality else "Ủy ban nhân dân")
    short = _strip_locality(secretariat, locality)
    title = nfc(campaign.title)
    movement = re.sub(r"^Phát động\s+", "", title)
    movement = f"phong trào {movement[:1].lower()}{movement[1:]}" if movement != title else f"đợt {title}"
    plan = _text(issuer.get("document"))
    if plan and _text(issuer.get("name")):
        plan = f"{plan} của {_text(issuer['name'])}"
    signer_title = _text(secretariat_data.get("signer_title")) or (
        "Trưởng phòng" if short.startswith("Phòng ") else "Thủ trưởng cơ quan")
    return _Setting(
        campaign_id=campaign_id, data=data, title=title, movement=movement,
        award=_text(award.get("name")) or "Giấy khen",
        giver=_text(award.get("giver")) or f"Chủ tịch {superior}",
        proposed_by=_text(award.get("proposed_by")) or _text(issuer.get("name")),
        plan=plan or f"Kế hoạch {title}", superior=superior, secretariat=secretariat, secretariat_short=short,
        abbreviation=_text(secretariat_data.get("abbreviation")) or _abbreviation(short),
        issuer=_issuer_of(unit, get, _text(issuer.get("place"))),
        signer_title=signer_title, signer=_text(secretariat_data.get("signer")))


def _public(n: Nomination, result: CheckResult, name: str) -> Any:
    """A field's typed value, or None when the schema marks it private (or it is absent)."""
    kind = n.kind or "individual"
    if name in result.schemas[kind].private_names:
        return None
    return n.values.get(name)


def _label(n: Nomination, result: CheckResult, name: str) -> str:
    value = _public(n, result, name)
    if value in (None, ""):
        return ""
    spec = result.schemas[n.kind or "individual"].by_name.get(name)
    return nfc(spec.label(value) if spec else str(value))


def _unit_name(result: CheckResult, unit_id: str | None) -> str:
    unit = result.registry.get(unit_id)
    return nfc(unit.name) if unit else (unit_id or "")


def _achievements(n: Nomination, result: CheckResult) -> list[str]:
    items = _public(n, result, "achievements") or []
    return [nfc(a.strip()) for a in items if isinstance(a, str) and a.strip()]


def _initiatives(n: Nomination, result: CheckResult) -> list[dict[str, str]]:
    items = _public(n, result, "initiatives") or []
    out = []
    for item in items:
        if isinstance(item, dict) and _text(item.get("title")):
            out.append({"title": _text(item.get("title")), "description": _text(item.get("description")),
                        "applied_on": _date_text(item.get("applied_on"))})
    return out


def _date_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return nfc(value.strip())
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else ""


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…", ";", ":")) else text + "."


def _initiative_text(item: dict[str, str]) -> str:
    text = item["title"]
    if item["description"]:
        text = f"{text.rstrip('.')}: {item['description']}"
    text = text.rstrip().rstrip(".")
    if item["applied_on"]:
        text += f" (áp dụng từ ngày {item['applied_on']})"
    return text + "."


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def _summary(n: Nomination, result: CheckResult) -> str:
    parts = []
    achievements = _achievements(n, result)
    if achievements:
        parts.append(_sentence(_shorten(achievements[0], 220)))
    for item in _initiatives(n, result)[:2]:
        parts.append(f"Sáng kiến: {_sentence(_shorten(item['title'], 160))}")
    return " ".join(parts)


def _two(count: int) -> str:
    return f"{count:02d}"


def _form_note(required: Any, kind: str) -> tuple[str, str]:
    """('Mẫu số 03, Phụ lục I …', note on the plan's outdated form) for a nominee kind."""
    if required is None:
        return "", ""
    form = nfc(required.forms.get(kind, "")) if required.forms else ""
    plan_form = nfc(required.plan_form or "")
    note = ""
    if plan_form and form and plan_form != form:
        old, new = _DECREE.search(plan_form), _DECREE.search(form)
        if old and new and old.group(1) != new.group(1):
            note = (f"Kế hoạch dẫn “{plan_form}”; Nghị định số {old.group(1)} đã được thay thế bởi "
                    f"Nghị định số {new.group(1)}, nên báo cáo này được lập theo {form[:1].lower()}{form[1:]}.")
        else:
            note = f"Kế hoạch dẫn “{plan_form}”; báo cáo này được lập theo mẫu hiện hành nêu trên."
    return form, note


# --- python-docx plumbing ---------------------------------------------------------------


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


# --- the documents ----------------------------------------------------------------------


def _counts(nominees: Sequence[Nomination]) -> tuple[int, int]:
    collectives = sum(1 for n in nominees if n.kind == "collective")
    return collectives, len(nominees) - collectives


def _whom(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{_two(collectives)} tập thể")
    if individuals:
        parts.append(f"{_two(individuals)} cá nhân")
    return " và ".join(parts) or "00 tập thể, cá nhân"


def _quota_text(s: _Setting, result: CheckResult) -> str:
    campaign = result.campaigns[s.campaign_id]
    quotas = campaign.quotas
    parts = []
    if "collective" in quotas:
        parts.append(f"{_two(quotas['collective'])} tập thể")
    if "individual" in quotas:
        parts.append(f"{_two(quotas['individual'])} cá nhân")
    citation = campaign.citation("quotas", "II.2")
    return f"{', '.join(parts)} (mục {citation} của Kế hoạch)" if parts else ""


def _to_trinh(result: CheckResult, s: _Setting, nominees: Sequence[Nomination], today: dt.date) -> DocxDocument:
    subject = (f"Về việc đề nghị tặng {s.award} của {s.giver} cho các tập thể, cá nhân "
               f"có thành tích xuất sắc trong {s.movement}")
    doc = _new_document(f"Tờ trình đề nghị khen thưởng – {s.title}", s.title, today)
    _header_block(doc, s.issuer, f"Số: …/TTr-{s.abbreviation}")
    _title(doc, "TỜ TRÌNH", [subject])
    _para(doc, f"Kính gửi: {s.superior}.", align="center", before=6, after=12)

    bases = [_text(b) for b in s.data.get("legal_basis") or [] if _text(b)]
    bases.append(f"{s.plan} về việc {s.title[:1].lower()}{s.title[1:]}")
    review = result.reviews.get(s.campaign_id)
    if review is not None and review.appraisals:
        bases.append(f"Kết quả thẩm định hồ sơ đề nghị khen thưởng của {s.secretariat}")
    if review is not None and review.votes:
        bases.append(f"Kết quả bình xét, bình chọn của {s.proposed_by or 'Ban Chỉ đạo'}")
    for i, basis in enumerate(bases):
        text = basis.rstrip(" .;")
        if not re.match(r"^(Căn cứ|Thực hiện|Xét)\b", text):
            text = f"Căn cứ {text[:1].lower()}{text[1:]}" if text.startswith(("Kết quả",)) else f"Căn cứ {text}"
        _body(doc, text + (";" if i < len(bases) - 1 else "."))

    mine = [n for n in result.nominations if n.campaign == s.campaign_id]
    units = {n.unit_id for n in mine}
    passed = sum(1 for n in mine if review is not None and review.appraisals.get(n.id, {}).get("result") == "dat")
    collectives, individuals = _counts(nominees)
    quota = _quota_text(s, result)
    campaign = result.campaigns[s.campaign_id]
    _body(doc, f"Thực hiện {s.plan}, các cơ quan, đơn vị, địa phương đã tổ chức {s.movement} từ ngày "
               f"{campaign.period_start:%d/%m/%Y} đến hết ngày {campaign.period_end:%d/%m/%Y}. "
               + (f"Theo Kế hoạch, {s.proposed_by or 'Ban Chỉ đạo'} bình xét, chọn đề xuất khen thưởng {quota}."
                  if quota else ""))
    _body(doc, f"{s.secretariat_short} (cơ quan thường trực {s.proposed_by or 'Ban Chỉ đạo'}) đã tiếp nhận "
               f"{_two(len(mine))} hồ sơ đề nghị khen thưởng của {_two(len(units))} cơ quan, đơn vị, địa phương; "
               f"qua thẩm định, {_two(passed)} hồ sơ đạt yêu cầu. Căn cứ kết quả thẩm định và kết quả bình chọn, "
               f"{s.secretariat_short} kính trình {s.superior} xem xét, đề nghị {s.giver} tặng {s.award} "
               f"cho {_whom(collectives, individuals)} đã có thành tích xuất sắc trong {s.movement}.")
    _body(doc, "(Có danh sách và báo cáo thành tích của từng tập thể, cá nhân kèm theo).", italic=True)
    _body(doc, f"{s.secretariat_short} kính trình {s.superior} xem xét, quyết định./.")
    recipients = ["Như trên", *([s.proposed_by] if s.proposed_by else []), "Lưu: VT"]
    _signature(doc, _recipients(recipients), [upper(s.signer_title)], "", s.signer)
    return doc


def _danh_sach(result: CheckResult, s: _Setting, nominees: Sequence[Nomination], today: dt.date) -> DocxDocument:
    doc = _new_document(f"Danh sách đề nghị khen thưởng – {s.title}", s.title, today)
    _header_block(doc, s.issuer, None, dated=False)
    _title(doc, "DANH SÁCH", [f"Đề nghị {s.giver} tặng {s.award} cho tập thể, cá nhân "
                               f"có thành tích xuất sắc trong {s.movement}"], rule=False)
    _para(doc, f"(Kèm theo Tờ trình số …/TTr-{s.abbreviation} ngày … tháng … năm 20… của {s.secretariat})",
          italic=True, align="center")
    _rule(doc, 50, TEXT_WIDTH_MM)
    _para(doc, size=6)

    widths = (13, 38, 28, 30, 56)
    headers = ("STT", "Họ và tên / Tên tập thể", "Chức vụ", "Đơn vị", "Thành tích tóm tắt")
    sections = [("I. TẬP THỂ", [n for n in nominees if n.kind == "collective"]),
                ("II. CÁ NHÂN", [n for n in nominees if n.kind != "collective"])]
    table = _table(doc, 1, widths, borders=True)
    header = table.rows[0]
    _repeat_header(header)
    _cant_split(header)
    for cell, text in zip(header.cells, headers, strict=False):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_para(cell, True, text=text, bold=True, size=TABLE_PT, align="center", before=3, after=3)
    for heading, members in sections:
        row = table.add_row()
        _cant_split(row)
        merged = row.cells[0].merge(row.cells[-1])
        _cell_para(merged, True, text=f"{heading} ({_two(len(members))})", bold=True, size=TABLE_PT,
                   align="left", before=3, after=3, keep_next=True)
        for number, n in enumerate(members, start=1):
            row = table.add_row()
            _cant_split(row)
            position = "" if n.kind == "collective" else _label(n, result, "position")
            values = (str(number), n.name, position, _unit_name(result, n.unit_id), _summary(n, result))
            aligns = ("center", "left", "left", "left", "left")
            for column, (cell, text, align) in enumerate(zip(row.cells, values, aligns, strict=False)):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                _cell_para(cell, True, text=text, bold=column == 1, size=TABLE_PT, align=align,
                           before=3, after=3)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width)
    collectives, individuals = _counts(nominees)
    _para(doc, f"Danh sách gồm {_whom(collectives, individuals)}./.", italic=True, align="left", before=6,
          first_line=10)
    _signature(doc, [], [upper(s.signer_title)], "", s.signer)
    return doc


def _awards_table(doc: DocxDocument, headers: Sequence[str]) -> None:
    table = _table(doc, 3, (25, 60, 80), borders=True)
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=False):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_para(cell, True, text=text, bold=True, size=TABLE_PT, align="center", before=3, after=3)
    for row in table.rows[1:]:
        for cell in row.cells:
            _cell_para(cell, True, text=BLANK, size=TABLE_PT, align="center", before=3, after=3)


def _section(doc: DocxDocument, text: str) -> None:
    _para(doc, text, bold=True, align="justify", first_line=10, before=6, after=6, keep_next=True)


def _item(doc: DocxDocument, text: str, *, italic: bool = False) -> None:
    _body(doc, f"- {text}", italic=italic)


def _dots(paragraph: Paragraph) -> Paragraph:
    """Fill the rest of the line with dots, for the unit to complete: a right tab with a dot leader."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM - 0.5), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)
    _run(paragraph, "\t")
    return paragraph


def _blank_line(doc: DocxDocument) -> Paragraph:
    return _dots(_body(doc, ""))


def _field_line(doc: DocxDocument, label: str, value: str) -> None:
    paragraph = _body(doc, f"- {label}: ")
    if value:
        _run(paragraph, value)
    else:
        _dots(paragraph)


def _report(result: CheckResult, s: _Setting, n: Nomination, today: dt.date) -> DocxDocument:
    campaign = result.campaigns[s.campaign_id]
    required = next((d for d in campaign.documents if d.key == "bao_cao_thanh_tich"), None)
    kind = "collective" if n.kind == "collective" else "individual"
    form, note = _form_note(required, kind)
    unit = result.registry.get(n.unit_id)
    unit_name = _unit_name(result, n.unit_id)
    doc = _new_document(f"Báo cáo thành tích – {n.name}", s.title, today)
    if kind == "collective":
        issuer = _issuer_of(unit, result.registry.get, s.issuer.place)
    else:                                    # the individual reports; no issuing body
        issuer = _Issuer("", (), _issuer_of(unit, result.registry.get, s.issuer.place).place)
    _header_block(doc, issuer, None)
    _title(doc, "BÁO CÁO THÀNH TÍCH", [f"Đề nghị tặng {s.award} của {s.giver}", n.name], rule=False)
    if form:
        _para(doc, f"(Theo {form})", italic=True, align="center")
    _rule(doc, 50, TEXT_WIDTH_MM)
    if note:
        _para(doc, f"Ghi chú: {note}", italic=True, size=12, align="justify", before=6)
    _para(doc, f"Bản dự thảo do {s.secretariat_short} lập sẵn từ thông tin công khai của hồ sơ; "
               "đơn vị hoàn thiện các phần còn để trống (…), bổ sung các thông tin khác theo mẫu trên bản nộp.",
          italic=True, size=12, align="justify", after=6)

    achievements = _achievements(n, result)
    initiatives = _initiatives(n, result)
    if kind == "collective":
        nominee_unit = _public(n, result, "nominee_unit_id")
        _section(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
        _body(doc, "1. Đặc điểm, tình hình", bold=True, keep_next=True)
        _field_line(doc, "Tên tập thể", n.name)
        nominee = result.registry.get(nominee_unit) if isinstance(nominee_unit, str) else None
        parent = result.registry.get(nominee.parent_id) if nominee else None
        if parent is not None:
            _field_line(doc, "Trực thuộc", nfc(parent.name))
        if parent is None or parent.unit_id != n.unit_id:
            _field_line(doc, "Đơn vị đề nghị khen thưởng", unit_name)
        _field_line(doc, "Địa điểm trụ sở chính, điện thoại; địa chỉ trang tin điện tử", "")
        _field_line(doc, "Quá trình thành lập và phát triển", "")
        _field_line(doc, "Những đặc điểm chính (cơ cấu tổ chức, cơ sở vật chất, tổng số cán bộ, công chức, "
                         "viên chức, người lao động)", "")
        female = _public(n, result, "female_share")
        if isinstance(female, (int, float)) and not isinstance(female, bool):
            spec = result.schemas["collective"].by_name["female_share"]
            _field_line(doc, spec.title, f"{float(female):.0%}".replace(".", ","))
        _body(doc, "2. Chức năng, nhiệm vụ", bold=True, keep_next=True)
        _blank_line(doc)
        _section(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
        _body(doc, "1. Kết quả thực hiện nhiệm vụ được giao", bold=True, keep_next=True)
        index = _label(n, result, "cchc_index_result")
        if index:
            spec = result.schemas["collective"].by_name["cchc_index_result"]
            _item(doc, f"{spec.title}: {index}.")
        for text in achievements:
            _item(doc, _sentence(text))
        _blank_line(doc)
        _body(doc, "2. Những biện pháp hoặc nguyên nhân đạt được thành tích; các sáng kiến, giải pháp, "
                   "đổi mới công tác quản lý", bold=True, keep_next=True)
        for item in initiatives:
            _item(doc, _initiative_text(item))
        _blank_line(doc)
        _body(doc, "3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
              bold=True, keep_next=True)
        if _public(n, result, "law_compliance") is True:
            _item(doc, "Chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước.")
        if _public(n, result, "internal_unity") is True:
            _item(doc, "Nội bộ đoàn kết.")
        _blank_line(doc)
        _body(doc, "4. Hoạt động của tổ chức đảng, đoàn thể", bold=True, keep_next=True)
        _blank_line(doc)
    else:
        _section(doc, "I. SƠ LƯỢC LÝ LỊCH")
        _field_line(doc, "Họ và tên", n.name)
        _field_line(doc, "Đơn vị công tác", unit_name)
        _field_line(doc, "Chức vụ (Đảng, chính quyền, đoàn thể)", _label(n, result, "position"))
        _field_line(doc, "Trình độ chuyên môn, nghiệp vụ", "")
        _field_line(doc, "Học hàm, học vị, danh hiệu, giải thưởng", "")
        _section(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
        _body(doc, "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận", bold=True, keep_next=True)
        position = _label(n, result, "position")
        if position:
            _item(doc, _sentence(position))
        role = _label(n, result, "cchc_role")
        if role:
            spec = result.schemas["individual"].by_name["cchc_role"]
            _item(doc, f"{spec.title}: {role[:1].lower()}{role[1:]}.")
        _blank_line(doc)
        _body(doc, "2. Thành tích đạt được của cá nhân", bold=True, keep_next=True)
        for text in achievements:
            _item(doc, _sentence(text))
        if initiatives:
            _body(doc, "Sáng kiến, giải pháp:", italic=True, keep_next=True)
            for item in initiatives:
                _item(doc, _initiative_text(item))
        _blank_line(doc)
    _section(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" + (" (nếu có)" if kind == "individual" else ""))
    _body(doc, "1. Danh hiệu thi đua", bold=True, keep_next=True)
    _awards_table(doc, ("Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định công nhận danh hiệu "
                                                     "thi đua; cơ quan ban hành quyết định"))
    _body(doc, "2. Hình thức khen thưởng", bold=True, keep_next=True, before=6)
    _awards_table(doc, ("Năm", "Hình thức khen thưởng", "Số, ngày, tháng, năm của quyết định khen thưởng; "
                                                         "cơ quan ban hành quyết định"))
    if kind == "collective":
        _signature(doc, [], ["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký, đóng dấu)", "",
                   left_title=["THỦ TRƯỞNG CƠ QUAN", "CẤP TRÊN TRỰC TIẾP", "NHẬN XÉT, XÁC NHẬN"],
                   left_note="(Ký, đóng dấu)")
    else:
        _signature(doc, [], ["NGƯỜI BÁO CÁO THÀNH TÍCH"], "(Ký, ghi rõ họ và tên)", n.name,
                   left_title=["THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ"], left_note="(Ký, đóng dấu)")
    return doc


def report_name(n: Nomination) -> str:
    return f"{n.unit_id}--{n.slug}.docx"


def write_documents(result: CheckResult, campaign_id: str, out: Path, *,
                    today: dt.date | None = None) -> list[Path]:
    """Write the Tờ trình, the list and one achievement report per proposed nominee into `out`.

    Returns the written paths (Tờ trình, list, then reports in list order).  Stale reports
    (`*.docx` in `out/bao-cao-thanh-tich` not written this time) are removed.
    Raises ValueError when the campaign is unknown or has nobody to propose.
    """
    if campaign_id not in result.campaigns:
        raise ValueError(f"Không có đợt thi đua '{campaign_id}'.")
    nominees = proposed_nominations(result, campaign_id)
    if not nominees:
        raise ValueError(f"Đợt thi đua '{campaign_id}' chưa có hồ sơ được bình chọn, được khen thưởng "
                         "hoặc đạt thẩm định để lập tờ trình.")
    today = today or dt.date.today()
    setting = _setting(result, campaign_id)
    out = Path(out)
    written = [
        _save(_to_trinh(result, setting, nominees, today), out / TO_TRINH, today),
        _save(_danh_sach(result, setting, nominees, today), out / DANH_SACH, today),
    ]
    for n in nominees:
        written.append(_save(_report(result, setting, n, today), out / REPORTS / report_name(n), today))
    keep = {p.name for p in written[2:]}
    for stale in sorted((out / REPORTS).glob("*.docx")):
        if stale.name not in keep:
            stale.unlink()
    return written
