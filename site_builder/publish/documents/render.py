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
import re
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from site_builder.check.pipeline import CheckResult
from site_builder.model.forms.catalogue import BOTH_BLOCKS, BOTH_SIGNATURES
from site_builder.model.forms.choice import REPORT_DOCUMENT, chosen, report_fields
from site_builder.model.forms.form import Block, Kind
from site_builder.model.nomination import Nomination
from site_builder.publish.documents.content import (
    DANH_SACH,
    REPORTS,
    TO_TRINH,
    _achievements,
    _form_note,
    _initiative_text,
    _initiatives,
    _Issuer,
    _issuer_of,
    _label,
    _public,
    _sentence,
    _Setting,
    _setting,
    _summary,
    _text,
    _two,
    _unit_name,
    proposed_nominations,
    upper,
)
from site_builder.publish.documents.layout import (
    BLANK,
    TABLE_PT,
    TEXT_WIDTH_MM,
    _body,
    _cant_split,
    _cell_para,
    _header_block,
    _new_document,
    _para,
    _recipients,
    _repeat_header,
    _rule,
    _run,
    _save,
    _signature,
    _table,
    _title,
)
from site_builder.vietnamese.text import nfc


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
    """One nominee's achievement report: opening, then the chosen form's blocks and signatures."""
    campaign = result.campaigns[s.campaign_id]
    required = next((d for d in campaign.documents if d.key == REPORT_DOCUMENT), None)
    kind: Kind = "collective" if n.kind == "collective" else "individual"
    form = chosen(s.data, kind)
    citation, note = _form_note(form, required.plan_form if required else "")
    unit = result.registry.get(n.unit_id)
    doc = _new_document(f"Báo cáo thành tích – {n.name}", s.title, today)
    if kind == "collective":
        issuer = _issuer_of(unit, result.registry, s.issuer.place)
    else:                                    # the individual reports; no issuing body
        issuer = _Issuer("", (), _issuer_of(unit, result.registry, s.issuer.place).place)
    _header_block(doc, issuer, None)
    _title(doc, "BÁO CÁO THÀNH TÍCH", [f"Đề nghị tặng {s.award} của {s.giver}", n.name], rule=False)
    if citation:
        _para(doc, f"(Theo {citation})", italic=True, align="center")
    _rule(doc, 50, TEXT_WIDTH_MM)
    if note:
        _para(doc, f"Ghi chú: {note}", italic=True, size=12, align="justify", before=6)
    _para(doc, f"Bản dự thảo do {s.secretariat_short} lập sẵn từ thông tin công khai của hồ sơ; "
               "đơn vị hoàn thiện các phần còn để trống (…), bổ sung các thông tin khác theo mẫu trên bản nộp.",
          italic=True, size=12, align="justify", after=6)
    # Without a chosen form, the layout of the reports so far, citing no form.
    blocks = form.form.blocks[kind] if form else BOTH_BLOCKS[kind]
    signature = form.form.signatures[kind] if form else BOTH_SIGNATURES[kind]
    _Filler(doc, result, n, report_fields(s.data, kind)).write(blocks)
    _signature(doc, [], signature.title, signature.note, n.name if signature.nominee_name else "",
               left_title=signature.left_title, left_note=signature.left_note)
    return doc


class _Filler:
    """Writes a form's blocks for one nominee, pre-filled from its public fields."""

    def __init__(self, doc: DocxDocument, result: CheckResult, n: Nomination,
                 slots: dict[str, list[dict[str, str]]]) -> None:
        self.doc, self.result, self.n, self.slots = doc, result, n, slots
        self.unit_name = _unit_name(result, n.unit_id)
        nominee_unit = _public(n, result, "nominee_unit_id")
        nominee = result.registry.get(nominee_unit) if isinstance(nominee_unit, str) else None
        self.parent = result.registry.get(nominee.parent_id) if nominee else None

    def write(self, blocks: Sequence[Block]) -> None:
        previous: Block | None = None
        for block in blocks:
            if block.kind == "section":
                _section(self.doc, block.text)
            elif block.kind == "heading":      # a heading under a table needs air above it
                _body(self.doc, block.text, bold=True, keep_next=True,
                      before=6 if previous is not None and previous.kind == "awards" else 0)
            elif block.kind == "field":
                self._field(block)
            elif block.kind == "items":
                self._items(block)
            elif block.kind == "blank":
                _blank_line(self.doc)
            elif block.kind == "awards":
                _awards_table(self.doc, block.columns)
            previous = block

    def _field(self, block: Block) -> None:
        n, result = self.n, self.result
        if block.source == "parent":
            if self.parent is not None:
                _field_line(self.doc, block.text, nfc(self.parent.name))
        elif block.source == "proposing_unit":
            if self.parent is None or self.parent.unit_id != n.unit_id:
                _field_line(self.doc, block.text, self.unit_name)
        elif block.source == "female_share":
            female = _public(n, result, "female_share")
            if isinstance(female, (int, float)) and not isinstance(female, bool):
                title = self._title("female_share")
                _field_line(self.doc, block.text or title, f"{float(female):.0%}".replace(".", ","))
        else:
            values = {"name": n.name, "unit": self.unit_name}
            value = values.get(block.source) or (_label(n, result, block.source) if block.source else "")
            _field_line(self.doc, block.text, value)

    def _items(self, block: Block) -> None:
        n, result = self.n, self.result
        texts: list[str] = []
        if block.source == "achievements":
            texts = [_sentence(text) for text in _achievements(n, result)]
        elif block.source == "initiatives":
            texts = [_initiative_text(item) for item in _initiatives(n, result)]
        elif block.source == "position":
            position = _label(n, result, "position")
            texts = [_sentence(position)] if position else []
        elif block.slot is not None:
            texts = [t for entry in self.slots.get(block.slot, []) if (t := self._slot_text(entry, block.lower))]
        if texts and block.text:
            _body(self.doc, block.text, italic=True, keep_next=True)
        for text in texts:
            _item(self.doc, text)

    def _slot_text(self, entry: dict[str, str], lower: bool) -> str:
        """A campaign field's line: its statement when it is yes, or 'Title: value.'."""
        name = entry["field"]
        if "text" in entry:
            return entry["text"] if _public(self.n, self.result, name) is True else ""
        value = _label(self.n, self.result, name)
        if not value:
            return ""
        if lower:
            value = value[:1].lower() + value[1:]
        return f"{self._title(name)}: {value}."

    def _title(self, name: str) -> str:
        spec = self.result.schemas[self.n.kind or "individual"].by_name.get(name)
        return spec.title if spec is not None and spec.title else name


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
