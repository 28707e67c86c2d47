"""Excel and CSV templates generated from the schema, for clerks who work in Excel."""
from __future__ import annotations

import csv
import io

from site_builder.model.schema import FieldSpec, TableSpec

BOOLEAN_CHOICES = ("có", "không")


def template_fields(spec: TableSpec) -> list[FieldSpec]:
    """Columns of a unit's table: everything but what the folder already says."""
    return [f for f in spec.fields if f.name not in ("campaign", "unit_id")]


def csv_template(spec: TableSpec) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([f.title for f in template_fields(spec)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_template(spec: TableSpec, instructions: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Hồ sơ"
    lists = book.create_sheet("Danh mục")
    fields = template_fields(spec)
    header_fill = PatternFill("solid", fgColor="9B1C1C")
    for column, f in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=column, value=f.title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = (
            f.description
            + (" (Bắt buộc.)" if f.required else "")
            + (" Thông tin riêng, không công bố." if f.private else "")
        )
        cell.comment = Comment(note, "thidua")
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = 40 if f.is_list else 22
        area = f"{letter}2:{letter}1000"
        choices = [f.labels.get(code, code) for code in f.enum] if f.enum else (
            list(BOOLEAN_CHOICES) if f.type == "boolean" else None)
        if choices:
            lists.cell(row=1, column=column, value=f.title)
            for row, choice in enumerate(choices, start=2):
                lists.cell(row=row, column=column, value=choice)
            source = f"'Danh mục'!${letter}$2:${letter}${len(choices) + 1}"
            rule = DataValidation(type="list", formula1=source, allow_blank=not f.required,
                                  error=f"Chọn một giá trị trong danh sách của cột “{f.title}”.",
                                  errorTitle="Giá trị không hợp lệ", showErrorMessage=True)
        elif f.type == "date":
            rule = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                  error=f"Nhập ngày, ví dụ {f.sample_date:%d/%m/%Y}.", errorTitle="Ngày không hợp lệ",
                                  showErrorMessage=True)
            for row in range(2, 1001):
                sheet.cell(row=row, column=column).number_format = "DD/MM/YYYY"
        elif f.is_list:
            rule = None
            for row in range(2, 101):
                sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
        else:
            rule = None
        if rule is not None:
            sheet.add_data_validation(rule)
            rule.add(area)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 45
    lists.sheet_state = "hidden"
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 110
    for row, line in enumerate(instructions, start=1):
        guide.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
