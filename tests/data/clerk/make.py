"""Regenerate the clerk files in this folder (needs LibreOffice; tests never run this).

    python tests/data/clerk/make.py

The project's own XLSX template is filled as a clerk fills it (drop-down labels, real date
cells, a formula, several lines in one cell with Alt+Enter), saved by openpyxl, then opened
and saved again by LibreOffice Calc (`soffice --headless --convert-to`) as XLSX, ODS and
CSV in the character sets a clerk may pick. The files are committed; tests read them.
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
sys.path.insert(0, str(PROJECT))

from openpyxl import load_workbook  # noqa: E402

from site_builder.model.schema import load_schemas  # noqa: E402
from site_builder.publish.templates.spreadsheet import xlsx_template  # noqa: E402

PEOPLE = [
    {"Họ và tên": "Nguyễn Thị Ngọc Hân", "Chức vụ": "Công chức Tư pháp – Hộ tịch", "Đối tượng": "Công chức",
     "Vai trò trong CCHC": "Thực hiện", "Xếp loại năm 2024": "Hoàn thành tốt nhiệm vụ", "Kỷ luật trong năm": "Không",
     "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ": "có",
     "Thành tích": "Giải quyết 100% hồ sơ hộ tịch đúng hạn.\nSố hóa 3.200 sổ hộ tịch.\nKhông có hồ sơ trễ hạn.",
     "Đang bị kiểm tra, thanh tra chưa kết luận": "không", "Tờ trình": "dossier/to-trinh.pdf",
     "Biên bản họp xét": "dossier/bien-ban.pdf", "Báo cáo thành tích": "dossier/bao-cao.pdf",
     "Giới tính": "Nữ", "Ngày sinh": dt.date(1990, 6, 30)},
    {"Họ và tên": "Trần Văn Đông", "Chức vụ": "Chủ tịch UBND xã", "Đối tượng": "Cán bộ",
     "Vai trò trong CCHC": "Trực tiếp chỉ đạo", "Xếp loại năm 2024": "Hoàn thành xuất sắc nhiệm vụ",
     "Kỷ luật trong năm": "Không", "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ": "có",
     "Thành tích": "Chỉ đạo đạt 100% chỉ tiêu CCHC năm 2024.\nXã xếp thứ 2 chỉ số CCHC cấp xã.",
     "Đang bị kiểm tra, thanh tra chưa kết luận": "không", "Tờ trình": "dossier/to-trinh.pdf",
     "Biên bản họp xét": "dossier/bien-ban.pdf", "Báo cáo thành tích": "dossier/bao-cao.pdf",
     "Giới tính": "Nam", "Ngày sinh": dt.date(1978, 1, 2)},
    {"Họ và tên": "Lê Thị Hưng", "Chức vụ": "Công chức Văn hóa – Xã hội", "Đối tượng": "Công chức",
     "Vai trò trong CCHC": "Thực hiện", "Xếp loại năm 2024": "Hoàn thành tốt nhiệm vụ", "Kỷ luật trong năm": "Không",
     "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ": "có", "Thành tích": "Tổ chức 12 buổi tuyên truyền CCHC.",
     "Đang bị kiểm tra, thanh tra chưa kết luận": "không", "Tờ trình": "dossier/to-trinh.pdf",
     "Biên bản họp xét": "dossier/bien-ban.pdf", "Báo cáo thành tích": "dossier/bao-cao.pdf",
     "Giới tính": "Nữ", "Ngày sinh": dt.date(1985, 11, 5)},
]
# The third person with a value the drop-down does not offer (typed over it).
WRONG_THIRD = {**PEOPLE[2], "Đối tượng": "Hợp đồng"}

COLLECTIVE = [
    {"Tên tập thể": "Bộ phận Một cửa UBND xã Long Đức", "Mã đơn vị được đề nghị": "xa-long-duc-mot-cua",
     "Kết quả chỉ số CCHC năm 2024": "Hoàn thành xuất sắc", "Nội bộ đoàn kết": "có", "Chấp hành tốt pháp luật": "có",
     "Kỷ luật của lãnh đạo chủ chốt": "Không", "Thành tích": "Trả kết quả đúng hạn 100%.\nHài lòng 99%.",
     "Đang bị kiểm tra, thanh tra chưa kết luận": "không", "Tờ trình": "dossier/to-trinh.pdf",
     "Biên bản họp xét": "dossier/bien-ban.pdf", "Báo cáo thành tích": "dossier/bao-cao.pdf",
     "Tỷ lệ nữ": "=9/12"},  # a formula: 9 women of 12, the cached value is 0.75
]

# LibreOffice's CSV filter: separator, quote, character set (76 UTF-8, 1 Windows-1252), first line.
CSV_FILTERS = {"utf8": "44,34,76,1", "cp1252": "44,34,1,1"}


def filled(kind: str, rows: list[dict]) -> bytes:
    schemas = load_schemas(PROJECT)
    book = load_workbook(io.BytesIO(xlsx_template(schemas[kind], ["Hướng dẫn"])))
    sheet = book.worksheets[0]
    by_title = {c.value: c.column for c in sheet[1] if c.value}
    for number, row in enumerate(rows, start=2):
        for title, value in row.items():
            sheet.cell(row=number, column=by_title[title], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def soffice(source: Path, target: str, out: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for stem, kind, rows in (("individuals", "individual", PEOPLE),
                                 ("individuals-wrong-third", "individual", [*PEOPLE[:2], WRONG_THIRD]),
                                 ("collectives", "collective", COLLECTIVE)):
            source = work / f"{stem}.xlsx"
            source.write_bytes(filled(kind, rows))
            for target, suffix in (("xlsx:Calc MS Excel 2007 XML", "xlsx"), ("ods", "ods")):
                out = soffice(source, target, work / suffix)
                shutil.copy(out / f"{stem}.{suffix.split(':')[0]}", HERE / f"{stem}-libreoffice.{suffix}")
            for charset, options in CSV_FILTERS.items():
                out = soffice(source, f"csv:Text - txt - csv (StarCalc):{options}", work / charset)
                shutil.copy(out / f"{stem}.csv", HERE / f"{stem}-libreoffice-{charset}.csv")
        # Double encoding: the UTF-8 file opened as "Western Europe (Windows-1252)", saved as UTF-8.
        source = HERE / "individuals-libreoffice-utf8.csv"
        out = work / "mojibake"
        subprocess.run(["soffice", "--headless", "--infilter=Text - txt - csv (StarCalc):44,34,1,1",
                        "--convert-to", f"csv:Text - txt - csv (StarCalc):{CSV_FILTERS['utf8']}",
                        "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=300)
        shutil.copy(out / source.name, HERE / "individuals-libreoffice-mojibake.csv")


if __name__ == "__main__":
    main()
