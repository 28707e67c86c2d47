"""The Excel templates on the how-to page: generated from the schema, and accepted by the checker as filled in.

A clerk downloads `huong-dan/mau/individuals.xlsx`, picks the Vietnamese labels from the
drop-downs, types a date and several achievements in one cell (Alt+Enter), saves, and uploads
the file beside the PDFs. These tests do exactly that with openpyxl and run the real checker.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, base_repo, thidua
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from site_builder.check.rules.criteria import criteria_of
from site_builder.model.campaign import campaign_schemas, load_campaign
from site_builder.publish.templates.spreadsheet import BOOLEAN_CHOICES, template_fields

PDF = PROJECT / "submissions" / "cchc-2024" / "xa-long-an" / "dossier" / "to-trinh.pdf"
SCHEMAS = campaign_schemas(PROJECT, "cchc-2024")
CAMPAIGN = load_campaign(PROJECT, "cchc-2024")


def template(site: Path, kind: str):
    path = site / "huong-dan" / "mau" / f"{kind}s.xlsx"
    assert path.is_file(), f"{path} was not generated"
    return load_workbook(io.BytesIO(path.read_bytes()))


def columns(sheet) -> dict[str, int]:
    """Header title -> column number."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def validations(book) -> dict[int, dict]:
    """Column number -> {type, choices (list validations), allow_blank} of the first sheet."""
    sheet = book.worksheets[0]
    out: dict[int, dict] = {}
    for rule in sheet.data_validations.dataValidation:
        for area in str(rule.sqref).split():
            first, last = area.split(":")
            column = column_index_from_string(re.match(r"[A-Z]+", first)[0])
            assert re.match(r"[A-Z]+", last)[0] == get_column_letter(column)
            assert int(re.search(r"\d+", first)[0]) == 2 and int(re.search(r"\d+", last)[0]) >= 1000, area
            entry = {"type": rule.type, "allow_blank": bool(rule.allow_blank), "choices": None}
            if rule.type == "list":
                m = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", rule.formula1)
                assert m, rule.formula1
                lists = book[m[1]]
                entry["choices"] = [lists[f"{m[2]}{row}"].value for row in range(int(m[3]), int(m[5]) + 1)]
            out[column] = entry
    return out


@pytest.mark.parametrize("kind", ["individual", "collective"])
def test_template_is_generated_from_the_schema(site, kind):
    book = template(site, kind)
    sheet = book.worksheets[0]
    spec = SCHEMAS[kind]
    fields = template_fields(spec)
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [f.title for f in fields]
    rules = validations(book)
    for column, f in enumerate(fields, start=1):
        comment = sheet.cell(row=1, column=column).comment
        assert comment is not None and f.description in comment.text
        assert ("Bắt buộc" in comment.text) == f.required
        assert ("không công bố" in comment.text) == f.private
        if f.enum:
            assert rules[column]["type"] == "list", f.name
            assert rules[column]["choices"] == [f.labels[c] for c in f.enum], f.name
            assert rules[column]["allow_blank"] == (not f.required), f.name
        elif f.type == "boolean":
            assert rules[column]["type"] == "list", f.name
            assert rules[column]["choices"] == list(BOOLEAN_CHOICES), f.name
        elif f.type == "date":
            assert rules[column]["type"] == "date", f.name
            assert sheet.cell(row=2, column=column).number_format.upper() == "DD/MM/YYYY"
        else:
            assert column not in rules, f.name
    # The instructions sheet cites the plan's criteria, as the criteria page does.
    text = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert CAMPAIGN.short_title in text and CAMPAIGN.deadline_text in text
    assert f"{kind}s.xlsx" in text and "submissions/cchc-2024/" in text
    for criterion in criteria_of(CAMPAIGN, SCHEMAS):
        assert f"{criterion.title} (mục {criterion.citation})" in text, criterion.code


def test_guide_links_the_templates_and_the_form(site):
    html = (site / "huong-dan" / "index.html").read_text(encoding="utf-8")
    for name in ("mau/individuals.xlsx", "mau/collectives.xlsx"):
        assert f'href="{name}"' in html
    assert "cchc-2024/tao-ho-so/" in html


def fill(book, rows: list[dict]) -> bytes:
    """Type rows the way a clerk does: by column title, with the drop-downs' labels."""
    sheet = book.worksheets[0]
    by_title = columns(sheet)
    rules = validations(book)
    for number, row in enumerate(rows, start=2):
        for title, value in row.items():
            column = by_title[title]
            choices = rules.get(column, {}).get("choices")
            if choices is not None:
                assert value in choices, f"{value!r} is not offered in the drop-down of {title!r}: {choices}"
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def unit_folder(tmp_path: Path, unit: str, data: bytes, file_name: str, rows: list[dict]) -> Path:
    repo = base_repo(tmp_path / "repo") if not (tmp_path / "repo").exists() else tmp_path / "repo"
    folder = repo / "submissions" / "cchc-2024" / unit
    (folder / "dossier").mkdir(parents=True, exist_ok=True)
    (folder / file_name).write_bytes(data)
    for row in rows:
        for title in ("Tờ trình", "Biên bản họp xét", "Báo cáo thành tích"):
            shutil.copy(PDF, folder / row[title])
    return repo


PEOPLE = [
    {
        "Họ và tên": "Nguyễn Thị Ngọc Hân",
        "Chức vụ": "Công chức Tư pháp – Hộ tịch",
        "Đối tượng": "Công chức",
        "Vai trò trong CCHC": "Thực hiện",
        "Xếp loại năm 2024": "Hoàn thành tốt nhiệm vụ",
        "Kỷ luật trong năm": "Không",
        "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ": "có",
        "Thành tích": "Giải quyết 100% hồ sơ hộ tịch đúng hạn.\nSố hóa 3.200 sổ hộ tịch: hoàn thành trước hạn.",
        "Sáng kiến, giải pháp": "Tra cứu hộ tịch bằng mã QR",
        "Đang bị kiểm tra, thanh tra chưa kết luận": "không",
        "Tờ trình": "dossier/to-trinh.pdf",
        "Biên bản họp xét": "dossier/bien-ban-hop-xet.pdf",
        "Báo cáo thành tích": "dossier/bao-cao-nguyen-thi-ngoc-han.pdf",
        "Giới tính": "Nữ",
        "Ngày sinh": dt.date(1990, 6, 30),
    },
    {
        "Họ và tên": "Trần Văn Đông",
        "Chức vụ": "Chủ tịch UBND xã",
        "Đối tượng": "Cán bộ",
        "Vai trò trong CCHC": "Trực tiếp chỉ đạo",
        "Xếp loại năm 2024": "Hoàn thành xuất sắc nhiệm vụ",
        "Kỷ luật trong năm": "Không",
        "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ": "có",
        "Thành tích": ("Chỉ đạo đạt 100% chỉ tiêu CCHC năm 2024.\nXã xếp thứ 2 chỉ số CCHC cấp xã.\nKhông có hồ "
            "sơ trễ hạn."),
        "Đang bị kiểm tra, thanh tra chưa kết luận": "không",
        "Tờ trình": "dossier/to-trinh.pdf",
        "Biên bản họp xét": "dossier/bien-ban-hop-xet.pdf",
        "Báo cáo thành tích": "dossier/bao-cao-tran-van-dong.pdf",
        "Giới tính": "Nam",
        "Ngày sinh": dt.datetime(1978, 1, 2),
    },
]

COLLECTIVE = [
    {"Tên tập thể": "Bộ phận Một cửa UBND xã Long Đức", "Mã đơn vị được đề nghị": "xa-long-duc-mot-cua",
     "Kết quả chỉ số CCHC năm 2024": "Hoàn thành xuất sắc", "Nội bộ đoàn kết": "có", "Chấp hành tốt pháp luật": "có",
     "Kỷ luật của lãnh đạo chủ chốt": "Không", "Thành tích": "Trả kết quả đúng hạn 100%.\nHài lòng 99%.",
     "Đang bị kiểm tra, thanh tra chưa kết luận": "không", "Tờ trình": "dossier/to-trinh.pdf",
     "Biên bản họp xét": "dossier/bien-ban-hop-xet.pdf", "Báo cáo thành tích": "dossier/bao-cao-mot-cua.pdf",
     "Tỷ lệ nữ": 0.6},
]


def check_filled(site: Path, tmp_path: Path, kind: str, unit: str, rows: list[dict]):
    """Fill the site's template for `kind` as a clerk would, put it in `unit`'s folder, check it."""
    data = fill(template(site, kind), rows)
    repo = unit_folder(tmp_path, unit, data, f"{kind}s.xlsx", rows)
    return thidua(repo, "check", "--format", "json")


def test_filled_individuals_template_is_accepted_as_is(site, tmp_path):
    run = check_filled(site, tmp_path, "individual", "xa-tam-an", PEOPLE)
    report = run.json()
    assert run.code == 0, report["problems"]
    assert report["problems"] == []
    got = {n["id"]: (n["verdict"], n["name"], n["kind"]) for n in report["nominations"]}
    assert got == {
        "cchc-2024/xa-tam-an/nguyen-thi-ngoc-han": ("eligible", "Nguyễn Thị Ngọc Hân", "individual"),
        "cchc-2024/xa-tam-an/tran-van-dong": ("eligible", "Trần Văn Đông", "individual"),
    }


def test_filled_collectives_template_is_accepted_as_is(site, tmp_path):
    run = check_filled(site, tmp_path, "collective", "xa-long-duc", COLLECTIVE)
    report = run.json()
    assert run.code == 0, report["problems"]
    assert [(n["verdict"], n["kind"]) for n in report["nominations"]] == [("eligible", "collective")]


def test_labels_are_read_as_their_codes(site, tmp_path):
    """A label that fails a criterion is judged as its code: the checker is not merely lenient."""
    rows = [{**PEOPLE[0], "Xếp loại năm 2024": "Hoàn thành nhiệm vụ", "Kỷ luật trong năm": "Khiển trách",
             "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ": "không"}]
    run = check_filled(site, tmp_path, "individual", "xa-tam-an", rows)
    (nomination,) = run.json()["nominations"]
    assert run.code == 1 and nomination["verdict"] == "ineligible"
    assert {p["code"] for p in nomination["problems"]} == {"individual-rating", "individual-discipline",
                                                          "individual-conduct"}
