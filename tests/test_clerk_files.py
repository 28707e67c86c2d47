"""What clerks' spreadsheets and computers really produce, through the real `thidua check`.

Files under tests/data/clerk/ were written by LibreOffice Calc (`make.py` there says how);
the others are built here byte for byte as Excel writes them: BOM, separators, line ends,
UTF-16 "Unicode Text", decimal commas, an XLSX with shared and inline strings, date serials
and formulas' cached values. Messages are checked word for word.
"""
from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECT, base_repo, thidua

from site_builder.check.parse.tables import read_csv, read_xlsx
from site_builder.model.campaign import campaign_schemas
from site_builder.vietnamese.encodings import decode_text
from site_builder.vietnamese.text import fold, name_key, nfc_path, toneless_key

DATA = PROJECT / "tests" / "data" / "clerk"
PDF = PROJECT / "submissions" / "cchc-2024" / "xa-long-an" / "dossier" / "to-trinh.pdf"
SCHEMAS = campaign_schemas(PROJECT, "cchc-2024")
DOSSIER = ("dossier/to-trinh.pdf", "dossier/bien-ban.pdf", "dossier/bao-cao.pdf")
EXCEPTION_NAMES = ("Error", "Exception", "KeyError", "BadZipFile", "Traceback")


def unit_repo(tmp_path: Path, unit: str, files: dict[str, bytes], pdfs: tuple[str, ...] = DOSSIER) -> Path:
    repo = tmp_path / "repo"
    if not repo.exists():
        base_repo(repo)
    folder = repo / "submissions" / "cchc-2024" / unit
    (folder / "dossier").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    for pdf in pdfs:
        shutil.copy(PDF, folder / pdf)
    return repo


def check(repo: Path) -> tuple[int, dict]:
    run = thidua(repo, "check", "--format", "json")
    assert "Traceback" not in run.stderr, run.stderr
    return run.code, run.json()


def only_problem(report: dict) -> dict:
    assert len(report["problems"]) == 1, report["problems"]
    return report["problems"][0]


# ------------------------------------------------------------ LibreOffice's own files

def test_libreoffice_xlsx_of_the_template_is_accepted(tmp_path: Path) -> None:
    """The template filled in, opened and saved again by LibreOffice Calc: shared strings, its
    own styles for the date cells, the formula of the collective's share recalculated."""
    repo = unit_repo(tmp_path, "xa-tam-an", {"individuals.xlsx": (DATA / "individuals-libreoffice.xlsx").read_bytes()})
    unit_repo(tmp_path, "xa-long-duc", {"collectives.xlsx": (DATA / "collectives-libreoffice.xlsx").read_bytes()})
    code, report = check(repo)
    assert code == 0 and report["problems"] == []
    assert {n["id"]: (n["name"], n["verdict"]) for n in report["nominations"]} == {
        "cchc-2024/xa-tam-an/nguyen-thi-ngoc-han": ("Nguyễn Thị Ngọc Hân", "eligible"),
        "cchc-2024/xa-tam-an/tran-van-dong": ("Trần Văn Đông", "eligible"),
        "cchc-2024/xa-tam-an/le-thi-hung": ("Lê Thị Hưng", "eligible"),
        "cchc-2024/xa-long-duc/bo-phan-mot-cua-ubnd-xa-long-duc": ("Bộ phận Một cửa UBND xã Long Đức", "eligible"),
    }
    (row,) = read_xlsx((DATA / "collectives-libreoffice.xlsx").read_bytes(), "c.xlsx", SCHEMAS["collective"]).rows
    assert row.cells["female_share"] == "0.75"  # the formula =9/12, as LibreOffice cached it
    people = read_xlsx((DATA / "individuals-libreoffice.xlsx").read_bytes(), "i.xlsx", SCHEMAS["individual"]).rows
    assert [(r.line, r.cells["date_of_birth"], r.cells["employment_type"]) for r in people] == [
        (2, "1990-06-30", "cong_chuc"), (3, "1978-01-02", "can_bo"), (4, "1985-11-05", "cong_chuc")]
    assert people[0].cells["achievements"] == ["Giải quyết 100% hồ sơ hộ tịch đúng hạn.", "Số hóa 3.200 sổ hộ tịch.",
                                               "Không có hồ sơ trễ hạn."]


def test_libreoffice_utf8_csv_is_accepted(tmp_path: Path) -> None:
    data = (DATA / "individuals-libreoffice-utf8.csv").read_bytes()
    assert data.count(b"\n") == 7  # a header and three rows on seven lines: cells of several lines
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.csv": data}))
    assert code == 0 and report["problems"] == []
    assert sorted(n["verdict"] for n in report["nominations"]) == ["eligible"] * 3


@pytest.mark.parametrize("name", ["individuals-wrong-third-libreoffice-utf8.csv",
                                  "individuals-wrong-third-libreoffice.xlsx"])
def test_error_is_reported_on_the_row_the_spreadsheet_shows(tmp_path: Path, name: str) -> None:
    """The first two people have three and two lines of achievements (Alt+Enter): the third
    person is on line 7 of the CSV file, on row 4 of the sheet. Row 4 it is, in both formats."""
    data = (DATA / name).read_bytes()
    if name.endswith(".csv"):
        text = data.decode("utf-8")
        assert text.split("\n")[6].startswith(',"Lê Thị Hưng"')
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {f"individuals.{name.rsplit('.', 1)[1]}": data}))
    assert code == 1
    problem = only_problem(report)
    assert (problem["code"], problem["line"], problem["field"]) == ("invalid-value", 4, "employment_type")
    assert problem["message"] == ("Giá trị 'Hợp đồng' của 'Đối tượng' (employment_type) không nằm trong các giá trị "
                                  "cho phép.")


def test_libreoffice_windows_1252_export_says_the_letters_are_lost(tmp_path: Path) -> None:
    """LibreOffice's CSV export in "Western Europe (Windows-1252)" writes '?' for ư, ơ, ạ, Đ…"""
    data = (DATA / "individuals-libreoffice-cp1252.csv").read_bytes()
    assert b"Nguy?n Th? Ng?c H\xe2n" in data
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.csv": data}))
    assert code == 1
    problem = only_problem(report)
    assert (problem["code"], problem["line"]) == ("file-encoding", 1)
    assert problem["message"] == (
        "Các chữ tiếng Việt trong tệp đã bị thay bằng dấu “?” khi tệp được lưu theo bảng mã Western Europe "
        "(Windows-1252), bảng mã không có các chữ này (dòng 1: “Ch?c v?”). Các chữ đó đã mất, không chuyển mã "
        "lại được.")
    assert problem["hint"] == (
        "Mở tệp gốc (tệp Excel hoặc LibreOffice đã nhập liệu, không phải tệp CSV này) và lưu lại theo bảng mã "
        "UTF-8. Trong Excel: Tệp › Lưu thành (File › Save As), chọn kiểu tệp “CSV UTF-8 (Comma delimited) "
        "(*.csv)”. Trong LibreOffice Calc: Tệp › Lưu thành (File › Save As), chọn kiểu tệp “Văn bản CSV (.csv)” "
        "(Text CSV), đánh dấu “Sửa thiết lập bộ lọc” (Edit filter settings), bấm Lưu, rồi trong hộp thoại Xuất "
        "tệp văn bản (Export Text File) chọn Bộ ký tự (Character set): “Unicode (UTF-8)”. Nếu không còn tệp "
        "gốc, phải gõ lại các chữ bị mất.")
    assert "1258" not in problem["message"] + problem["hint"]


def test_question_marks_in_a_file_saved_again_as_utf8_are_named_too() -> None:
    """The '?' file opened and saved again as "CSV UTF-8": valid UTF-8, letters still lost."""
    text = (DATA / "individuals-libreoffice-cp1252.csv").read_bytes().decode("cp1252")
    decoded = decode_text(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert (decoded.text, decoded.damage, decoded.line, decoded.seen) == (None, "replaced", 1, "Ch?c v?")


def test_double_encoded_utf8_gives_one_diagnosis_with_the_repair(tmp_path: Path) -> None:
    """The UTF-8 file opened by LibreOffice as "Western Europe (Windows-1252)" and saved as UTF-8."""
    data = (DATA / "individuals-libreoffice-mojibake.csv").read_bytes()
    assert "Há»\uf18d vÃ\xa0 tÃªn".encode() in data  # LibreOffice keeps byte 0x8D as U+F18D
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.csv": data}))
    assert code == 1
    problem = only_problem(report)  # not a dozen unknown-field errors
    assert (problem["code"], problem["line"]) == ("file-encoding", 1)
    assert problem["message"] == (
        "Tệp bị lỗi mã hóa kép: tệp UTF-8 đã bị mở như bảng mã Western Europe (Windows-1252) rồi lưu lại, nên "
        "chữ tiếng Việt thành chuỗi ký tự lạ (dòng 1: “MÃ£ há»“ sÆ¡” đúng ra là “Mã hồ sơ”).")
    assert "“Unicode (UTF-8)”" in problem["hint"] and "CSV UTF-8 (Comma delimited)" in problem["hint"]
    assert report["nominations"] == []


def test_double_encoding_as_windows_writes_it() -> None:
    """Windows keeps the bytes Windows-1252 leaves undefined as U+0081…U+009D; a dropped byte
    still gives the diagnosis, naming the first cell whose repair is exact."""
    original = "Họ và tên,Chức vụ,Đối tượng\r\nNguyễn Văn Hùng,Công chức,cong_chuc\r\n"
    seen = original.encode("utf-8").decode("latin-1").translate(
        {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0x100)})
    decoded = decode_text(seen.encode("utf-8"))
    assert (decoded.damage, decoded.seen, decoded.meant) == ("double-encoded", "Há»\x8d vÃ\xa0 tÃªn", "Họ và tên")
    dropped = decode_text(seen.replace("\x8d", "").encode("utf-8"))
    assert (dropped.damage, dropped.seen, dropped.meant) == ("double-encoded", "Chá»©c vá»¥", "Chức vụ")


def test_ods_is_named_with_the_menu_that_saves_xlsx(tmp_path: Path) -> None:
    ods = (DATA / "individuals-libreoffice.ods").read_bytes()
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.ods": ods}))
    assert code == 1
    problem = only_problem(report)
    assert problem["code"] == "unknown-file"
    assert problem["message"] == ("Tệp 'individuals.ods' là bảng tính OpenDocument (.ods) của LibreOffice; hệ thống "
                                  "chỉ nhận bảng tính Excel .xlsx hoặc tệp CSV.")
    assert problem["hint"] == ("Trong LibreOffice Calc chọn Tệp › Lưu thành (File › Save As), chọn kiểu tệp "
                               "“Excel 2007-365 (.xlsx)”, đặt tên individuals.xlsx, bấm “Dùng định dạng Excel "
                               "2007-365!” (Use Excel 2007-365!), rồi nộp tệp .xlsx thay cho tệp .ods.")


def test_ods_renamed_xlsx_is_named_without_an_exception(tmp_path: Path) -> None:
    ods = (DATA / "individuals-libreoffice.ods").read_bytes()
    repo = unit_repo(tmp_path, "xa-tam-an", {"individuals.xlsx": ods})
    code, report = check(repo)
    assert code == 1
    problem = only_problem(report)
    assert problem["code"] == "file-encoding"
    assert problem["message"] == ("Tệp là bảng tính OpenDocument (.ods) của LibreOffice được đổi đuôi thành .xlsx, "
                                  "không phải bảng tính Excel.")
    assert "“Excel 2007-365 (.xlsx)”" in problem["hint"]
    text = thidua(repo, "check")
    assert not any(name in text.stdout + text.stderr for name in EXCEPTION_NAMES)


def test_xlsx_that_openpyxl_cannot_read_is_explained_without_an_exception_name(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a zip with a content list but no workbook
        archive.writestr("[Content_Types].xml", "<Types/>")
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.xlsx": buffer.getvalue()}))
    problem = only_problem(report)
    assert problem["message"] == "Không đọc được nội dung tệp Excel: tệp bị hỏng hoặc không phải bảng tính .xlsx."
    assert not any(name in problem["message"] + problem["hint"] for name in EXCEPTION_NAMES)


# ------------------------------------------------------------ Excel's files, byte for byte

PEOPLE_TITLES = ["Họ và tên", "Chức vụ", "Đối tượng", "Vai trò trong CCHC", "Xếp loại năm 2024", "Kỷ luật trong năm",
                 "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ", "Đang bị kiểm tra, thanh tra chưa kết luận",
                 "Giới tính", "Ngày sinh", "Thành tích", "Tờ trình", "Biên bản họp xét", "Báo cáo thành tích"]
PERSON = ["Nguyễn Văn Hùng", "Công chức Địa chính", "Công chức", "Thực hiện", "Hoàn thành tốt nhiệm vụ", "Không",
          "có", "không", "Nam", "02/09/1986", "Đo đạc 120 thửa đất.\nCấp 45 giấy chứng nhận.", *DOSSIER]
SECOND = ["Nguyễn Văn Hưng", "Công chức Tư pháp", "Công chức", "Thực hiện", "Hoàn thành tốt nhiệm vụ", "Không",
          "có", "không", "Nam", "15/03/1990", "Chứng thực 800 hồ sơ.", *DOSSIER]


def excel_text(rows: list[list[str]], separator: str) -> str:
    """As Excel quotes: a cell with the separator, a quote or a line break goes in quotes; the
    break inside a cell is LF, the end of a row CRLF."""
    def cell(value: str) -> str:
        if any(c in value for c in (separator, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value
    return "".join(separator.join(cell(v) for v in row) + "\r\n" for row in rows)


def test_excel_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode Text (*.txt)" saved as .csv: UTF-16 LE with a BOM, tabs, CRLF."""
    data = b"\xff\xfe" + excel_text([PEOPLE_TITLES, PERSON, SECOND], "\t").encode("utf-16-le")
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.csv": data}))
    assert code == 0, report["problems"]
    assert report["problems"] == []
    assert {n["id"]: n["name"] for n in report["nominations"]} == {
        "cchc-2024/xa-tam-an/nguyen-van-hung": "Nguyễn Văn Hùng",
        "cchc-2024/xa-tam-an/nguyen-van-hung-2": "Nguyễn Văn Hưng"}


def test_utf16_big_endian_and_without_bom() -> None:
    text = excel_text([PEOPLE_TITLES, PERSON], "\t")
    assert decode_text(b"\xfe\xff" + text.encode("utf-16-be")).text == unicodedata.normalize("NFC", text)
    no_bom = decode_text(text.encode("utf-16-le"))
    assert (no_bom.text, no_bom.encoding, no_bom.damage) == (None, None, "utf-16-no-bom")


def collective_rows(share: str) -> list[list[str]]:
    titles = ["Tên tập thể", "Mã đơn vị được đề nghị", "Kết quả chỉ số CCHC năm 2024", "Nội bộ đoàn kết",
              "Chấp hành tốt pháp luật", "Kỷ luật của lãnh đạo chủ chốt", "Thành tích",
              "Đang bị kiểm tra, thanh tra chưa kết luận", "Tờ trình", "Biên bản họp xét", "Báo cáo thành tích",
              "Tỷ lệ nữ"]
    row = ["Bộ phận Một cửa UBND xã Long Đức", "xa-long-duc-mot-cua", "Hoàn thành xuất sắc", "có", "có", "Không",
           "Trả kết quả đúng hạn 100%.\nHài lòng 99%.", "không", *DOSSIER, share]
    return [titles, row]


@pytest.mark.parametrize("share, read", [("0,75", "0.75"), ("75%", "0.75"), ("62,5%", "0.625"), ("0.75", "0.75")])
def test_decimal_comma_from_vietnamese_excel_is_a_number(tmp_path: Path, share: str, read: str) -> None:
    """Excel in the Vietnamese locale: "CSV UTF-8" with a BOM, ';' between cells, decimal comma."""
    data = b"\xef\xbb\xbf" + excel_text(collective_rows(share), ";").encode("utf-8")
    (row,) = read_csv(decode_text(data).text or "", "c.csv", SCHEMAS["collective"]).rows
    assert row.cells["female_share"] == read
    code, report = check(unit_repo(tmp_path, "xa-long-duc", {"collectives.csv": data}))
    assert code == 0 and report["problems"] == []


@pytest.mark.parametrize("share", ["1.234,5", "1,234.5"])
def test_number_with_both_separators_is_refused(tmp_path: Path, share: str) -> None:
    data = b"\xef\xbb\xbf" + excel_text(collective_rows(share), ";").encode("utf-8")
    code, report = check(unit_repo(tmp_path, "xa-long-duc", {"collectives.csv": data}))
    assert code == 1
    problem = only_problem(report)
    assert (problem["code"], problem["line"], problem["field"]) == ("invalid-value", 2, "female_share")
    assert problem["message"] == (f"Giá trị '{share}' của 'Tỷ lệ nữ' (female_share) có cả dấu chấm và dấu phẩy, "
                                  "không rõ dấu nào là dấu thập phân nên không được đọc thành số.")
    assert problem["hint"].startswith("Ghi một số với một dấu thập phân (phẩy hoặc chấm), không có dấu phân cách "
                                      "hàng nghìn, ví dụ 0,75 hoặc 0.75.")


def excel_xlsx(inline: bool) -> bytes:
    """A workbook built as Excel builds one (or, `inline`, as exporters that write inline strings
    do): text in sharedStrings.xml or inline, the date as a serial number styled with format 14,
    booleans as t="b", the share as a formula with its cached value, one cell of two lines."""
    titles = PEOPLE_TITLES
    person = {**dict(zip(titles, PERSON, strict=False)), "Ngày sinh": 31657}  # 1986-09-02
    strings: list[str] = []

    def text_cell(ref: str, value: str) -> str:
        escaped = value.replace("&", "&amp;").replace("<", "&lt;")
        if inline:
            return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'
        strings.append(escaped)
        return f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>'

    letters = [chr(ord("A") + i) for i in range(len(titles))]
    header = "".join(text_cell(f"{c}1", t) for c, t in zip(letters, titles, strict=False))
    cells = []
    for c, title in zip(letters, titles, strict=False):
        value = person[title]
        if title == "Ngày sinh":
            cells.append(f'<c r="{c}2" s="1"><v>{value}</v></c>')
        elif title == "Đang bị kiểm tra, thanh tra chưa kết luận":
            cells.append(f'<c r="{c}2" t="b"><v>0</v></c>')
        elif title == "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ":
            cells.append(f'<c r="{c}2" t="str"><f>IF(TRUE,"có","không")</f><v>có</v></c>')
        else:
            cells.append(text_cell(f"{c}2", value))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             f'<dimension ref="A1:{letters[-1]}2"/><sheetData><row r="1">{header}</row>'
             f'<row r="2">{"".join(cells)}</row></sheetData></worksheet>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/>'
            + ('' if inline else '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
               'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
            + '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Hồ sơ" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            + ('' if inline else f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>')
            + '</Relationships>'),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            f'<styleSheet xmlns="{main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/>'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>'),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if not inline:
        files["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings) + '</sst>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8"))
    return buffer.getvalue()


@pytest.mark.parametrize("inline", [False, True], ids=["shared-strings", "inline-strings"])
def test_excel_structured_xlsx_is_accepted(tmp_path: Path, inline: bool) -> None:
    data = excel_xlsx(inline)
    (row,) = read_xlsx(data, "i.xlsx", SCHEMAS["individual"]).rows
    assert (row.cells["date_of_birth"], row.cells["conduct_ok"], row.cells["pending_investigation"],
            row.cells["employment_type"]) == ("1986-09-02", "true", "false", "cong_chuc")
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.xlsx": data}))
    assert code == 0 and report["problems"] == []
    assert [(n["name"], n["verdict"]) for n in report["nominations"]] == [("Nguyễn Văn Hùng", "eligible")]


# ------------------------------------------------------------ names

def yaml_person(name: str, born: str, employment: str = "cong_chuc", conduct: str = "true") -> bytes:
    return (f"kind: individual\ncampaign: cchc-2024\nunit_id: xa-tam-an\nname: {name}\n"
            f"position: Công chức Địa chính\nemployment_type: {employment}\ncchc_role: thuc_hien\n"
            f"rating: hoan_thanh_tot\ndiscipline: khong\nconduct_ok: {conduct}\npending_investigation: false\n"
            f"gender: nam\ndate_of_birth: {born}\nachievements:\n  - Đo đạc 120 thửa đất.\ndocuments:\n"
            "  to_trinh: dossier/to-trinh.pdf\n  bien_ban: dossier/bien-ban.pdf\n"
            "  bao_cao_thanh_tich: dossier/bao-cao.pdf\n").encode()


def test_hung_is_not_hung(tmp_path: Path) -> None:
    repo = unit_repo(tmp_path, "xa-tam-an", {
        "nguyen-van-hung.yaml": yaml_person("Nguyễn Văn Hùng", "1986-09-02"),
        "nguyen-van-hung-2.yaml": yaml_person("Nguyễn Văn Hưng", "1990-03-15")})
    code, report = check(repo)
    assert code == 0 and report["problems"] == []


def test_namesakes_born_on_different_days_are_two_people(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + excel_text([PEOPLE_TITLES, PERSON, [PERSON[0], *SECOND[1:]]], ",").encode("utf-8")
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.csv": data}))
    assert code == 0 and report["problems"] == []
    assert sorted(n["id"] for n in report["nominations"]) == ["cchc-2024/xa-tam-an/nguyen-van-hung",
                                                               "cchc-2024/xa-tam-an/nguyen-van-hung-2"]


def test_same_name_and_birth_date_is_still_a_duplicate(tmp_path: Path) -> None:
    """A real duplicate stays an error, whatever the case, spacing or Unicode form of the name."""
    repo = unit_repo(tmp_path, "xa-tam-an", {
        "nguyen-van-hung.yaml": yaml_person("Nguyễn Văn Hùng", "1986-09-02"),
        "hung.yaml": yaml_person(unicodedata.normalize("NFD", "NGUYỄN  VĂN HÙNG"), "02/09/1986")})
    code, report = check(repo)
    assert code == 1
    assert {(p["code"], p["severity"]) for p in report["problems"]} == {("duplicate-nominee", "error")}
    assert len(report["problems"]) == 2


def test_a_name_differing_only_in_tone_marks_is_a_warning(tmp_path: Path) -> None:
    repo = unit_repo(tmp_path, "xa-tam-an", {
        "le-thi-hoa.yaml": yaml_person("Lê Thị Hoà", "1986-09-02"),
        "le-thi-hoa-2.yaml": yaml_person("Lê Thị Hòa", "1986-09-02")})
    code, report = check(repo)
    assert code == 0
    assert {(p["code"], p["severity"], p["path"].rsplit("/", 1)[1]) for p in report["problems"]} == {
        ("duplicate-nominee", "warning", "le-thi-hoa.yaml"), ("duplicate-nominee", "warning", "le-thi-hoa-2.yaml")}
    first = next(p for p in report["problems"] if p["path"].endswith("/le-thi-hoa.yaml"))
    assert first["message"] == ("“Lê Thị Hoà” có thể là cùng một người với hồ sơ ở "
                                "submissions/cchc-2024/xa-tam-an/le-thi-hoa-2.yaml (tên chỉ khác dấu thanh).")
    assert "1986" not in str(report["problems"])  # the birth date is private


def test_identity_and_search_keys() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Hưng")
    assert name_key(nfd) == name_key(" nguyễn  văn HƯNG ") == "nguyễn văn hưng"
    assert name_key("Nguyễn Văn Hùng") != name_key("Nguyễn Văn Hưng")
    assert toneless_key("Nguyễn Văn Hùng") != toneless_key("Nguyễn Văn Hưng")
    assert toneless_key("Lê Thị Hoà") == toneless_key("LÊ THỊ HÒA")
    assert fold(nfd) == fold("Nguyễn Văn Hưng") == "Nguyen Van Hung"  # search still folds everything


def test_dossier_file_named_in_decomposed_unicode_is_found(tmp_path: Path) -> None:
    """A PDF named on a Mac (NFD) while the nomination spells the same name (NFC)."""
    name = "tờ-trình-đề-nghị.pdf"
    disk = unicodedata.normalize("NFD", name)
    assert disk != name
    person = yaml_person("Nguyễn Văn Hùng", "1986-09-02").replace(b"dossier/to-trinh.pdf", f"dossier/{name}".encode())
    repo = unit_repo(tmp_path, "xa-tam-an", {"nguyen-van-hung.yaml": person}, pdfs=(*DOSSIER, f"dossier/{disk}"))
    code, report = check(repo)
    assert code == 0 and report["problems"] == []
    unit = "submissions/cchc-2024/xa-tam-an"
    assert nfc_path(repo, f"{unit}/dossier/{name}") == f"{unit}/dossier/{disk}"
    assert nfc_path(repo, f"{unit}/dossier/khong-co.pdf") is None


def test_dossier_name_still_missing_is_missing(tmp_path: Path) -> None:
    person = yaml_person("Nguyễn Văn Hùng", "1986-09-02").replace(
        b"dossier/to-trinh.pdf", "dossier/tờ-trình.pdf".encode()
    )
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"nguyen-van-hung.yaml": person}))
    assert code == 1
    assert [p["code"] for p in report["problems"]] == ["dossier-file"]


# ------------------------------------------------------------ labels in YAML

def test_vietnamese_labels_and_words_in_yaml(tmp_path: Path) -> None:
    person = yaml_person("Nguyễn Văn Hùng", "1986-09-02", employment="CÔNG CHỨC", conduct="có").replace(
        b"cchc_role: thuc_hien", "cchc_role: Thực hiện".encode()).replace(
        b"pending_investigation: false", "pending_investigation: Không".encode())
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"nguyen-van-hung.yaml": person}))
    assert code == 0 and report["problems"] == []


def test_a_label_in_yaml_is_judged_as_its_code(tmp_path: Path) -> None:
    """'Hợp đồng' is no label: refused; 'Khác' is the label of 'khac', which the plan excludes:
    the criterion judges the code."""
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {
        "nguyen-van-hung.yaml": yaml_person("Nguyễn Văn Hùng", "1986-09-02", employment="Hợp đồng"),
        "nguyen-van-hung-2.yaml": yaml_person("Nguyễn Văn Hưng", "1990-03-15", employment="khác")}))
    assert code == 1
    by_file = {p["path"].rsplit("/", 1)[1]: p for p in report["problems"]}
    assert by_file["nguyen-van-hung.yaml"]["code"] == "invalid-value"
    assert by_file["nguyen-van-hung-2.yaml"]["code"] == "individual-employment-type"
    assert by_file["nguyen-van-hung.yaml"]["message"] == ("Giá trị 'Hợp đồng' của 'Đối tượng' (employment_type) "
                                                          "không nằm trong các giá trị cho phép.")
    assert by_file["nguyen-van-hung-2.yaml"]["field"] == "employment_type"


def test_utf16_yaml_is_still_refused_with_the_right_name(tmp_path: Path) -> None:
    """Only tables come from Excel's "Unicode Text"; a YAML file stays UTF-8, and the message says
    UTF-16, not a legacy Vietnamese encoding."""
    data = b"\xff\xfe" + yaml_person("Nguyễn Văn Hùng", "1986-09-02").decode().encode("utf-16-le")
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"nguyen-van-hung.yaml": data}))
    assert code == 1
    problem = only_problem(report)
    assert (problem["code"], problem["message"]) == (
        "file-encoding", "Tệp được lưu theo bảng mã UTF-16 (Unicode); tệp hồ sơ YAML phải lưu theo UTF-8.")


def test_binary_file_named_csv_is_not_called_a_question_mark_export() -> None:
    decoded = decode_text((DATA / "individuals-libreoffice.xlsx").read_bytes())
    assert (decoded.text, decoded.damage, decoded.encoding) == (None, None, "unknown")


def test_password_protected_xlsx_is_named(tmp_path: Path) -> None:
    """Office stores an encrypted workbook in a compound file whose directory names the
    "EncryptedPackage" stream (UTF-16): not an old .xls."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    code, report = check(unit_repo(tmp_path, "xa-tam-an", {"individuals.xlsx": data}))
    problem = only_problem(report)
    assert (problem["code"], problem["message"]) == ("file-encoding", "Tệp Excel được đặt mật khẩu nên không đọc được.")
    assert "Encrypt with Password" in problem["hint"]
