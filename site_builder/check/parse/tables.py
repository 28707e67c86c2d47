"""CSV and XLSX files: many nominations, one a row, headers as field names or titles."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from site_builder.check.parse.values import suggest, table_cell
from site_builder.check.parse.xlsx_shape import Overflow, column_letters, scan_package
from site_builder.model.problem import Problem, error
from site_builder.model.schema import TableSpec
from site_builder.vietnamese.text import header_key, nfc

MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024
# Rows read from one unit's nomination table: a commune nominates a handful, a department
# tens. The cap bounds a hostile file's cost (each bad row costs Frictionless ~2 ms of errors).
# Registry and review tables, written by the secretariat, get RECORD_ROWS.
MAX_ROWS = 500
RECORD_ROWS = 100_000
# Columns beyond the schema's (a title column, a note) are tolerated up to this many;
# data further right is refused before anything is read cell by cell.
COLUMN_SLACK = 5
XLSX_HINT = ("Mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng 'Sổ làm việc Excel (*.xlsx)', "
             "hoặc dùng tệp mẫu trên trang Hướng dẫn.")


@dataclass
class TableRow:
    line: int
    cells: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)  # typed by the schema


@dataclass
class TableRead:
    rows: list[TableRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    truncated: bool = False  # over the row cap or beyond the template's shape: the rows read are not to be used


def column_limit(spec: TableSpec) -> int:
    return len(spec.fields) + COLUMN_SLACK


def read_csv(text: str, path: str, spec: TableSpec, max_rows: int = MAX_ROWS) -> TableRead:
    """Rows are numbered as a spreadsheet shows them (header = row 1): a cell of several lines
    (Alt+Enter) is one row, however many lines of the file it takes."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    out = TableRead()
    row = 1
    width = column_limit(spec)
    try:
        header = next(reader, None)
        if header is None:
            out.problems.append(error("missing-field", "Tệp CSV trống, không có dòng tiêu đề.",
                                      "Dùng tệp mẫu trên trang Hướng dẫn.", path=path, line=1))
            return out
        if _beyond(header, width, path, 1, out):
            return out
        mapping = _map_header(header, path, 1, spec, out)
        for row, record in enumerate(reader, start=2):
            if len(out.rows) >= max_rows:
                out.problems.append(_too_many(path, row, max_rows))
                out.truncated = True
                break
            if _beyond(record, width, path, row, out):
                break
            _add_row(out, spec, mapping, record, row)
    except csv.Error as exc:
        out.problems.append(error(
            "invalid-value", f"Tệp CSV sai định dạng ở dòng {row + 1} (dòng {reader.line_num} của tệp): "
            f"{_csv_error(exc)}.",
            "Kiểm tra dấu ngoặc kép trong ô có nhiều dòng; lưu lại từ Excel dạng 'CSV UTF-8'.",
            path=path, line=row + 1))
    return out


# Excel writes ',' (or ';' where the decimal mark is a comma), "Unicode Text" a tab.
_DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The separator that splits the header line into the most columns, quotes respected."""
    first_line = text.split("\n", 1)[0]
    counts = {d: _columns(first_line, d) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: counts[d])  # the first wins a tie: ','


def _columns(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:  # a stray carriage return, say: reported when the file is read
        return 0


def _beyond(record: list[str], width: int, path: str, line: int, out: TableRead) -> bool:
    """Text right of the template's columns refuses the whole file (empty cells there are fine)."""
    if len(record) <= width or not any(cell.strip() for cell in record[width:]):
        return False
    column = width + next(i for i, cell in enumerate(record[width:]) if cell.strip()) + 1
    out.problems.append(_beyond_columns(path, line, column, width))
    out.truncated = True
    return True


def _csv_error(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"một ô dài hơn {csv.field_size_limit():,} ký tự".replace(",", ".")
    if "new-line character" in text or "unexpected end of data" in text:
        return "dấu ngoặc kép mở mà không đóng, hoặc xuống dòng giữa ô không có ngoặc kép"
    if "NUL" in text:
        return "có ký tự NUL"
    return "không tách được các ô"


def _beyond_columns(path: str, line: int, column: int, width: int) -> Problem:
    return error(
        "file-too-large", f"Bảng có dữ liệu ở cột {column} ({column_letters(column)}), dòng {line}: "
        f"ngoài {width} cột của mẫu hồ sơ; cả tệp không được nhận.",
        "Xóa các cột thừa bên phải bảng (chọn các cột đó, bấm chuột phải, chọn Xóa) rồi lưu lại; "
        "hoặc chép dữ liệu vào tệp mẫu tải từ trang Hướng dẫn.", path=path, line=line)


def read_xlsx(data: bytes, path: str, spec: TableSpec) -> TableRead:
    out = TableRead()
    problem = _xlsx_container_problem(data, path)
    if problem is not None:
        out.problems.append(problem)
        return out
    import openpyxl  # imported lazily: only XLSX submissions need it

    width = column_limit(spec)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            overflow = scan_package(archive, MAX_ROWS + 1, width)
        if overflow is not None:
            out.problems.append(_overflow_problem(overflow, path, width))
            out.truncated = True
            return out
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # the declared size is the attacker's; the scan bounded the real one
            rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=width, values_only=True)
            header = next(rows, None)
            if header is None or all(h is None for h in header):
                out.problems.append(error("missing-field", "Trang tính đầu tiên trống, không có dòng tiêu đề.",
                                          XLSX_HINT, path=path, line=1))
                return out
            mapping = _map_header(["" if h is None else str(h) for h in header], path, 1, spec, out)
            for number, values in enumerate(rows, start=2):
                _add_row(out, spec, mapping, [_xlsx_text(v) for v in values], number)
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - any failure inside openpyxl is a bad file, not a crash
        out.problems.append(error(
            "file-encoding", "Không đọc được nội dung tệp Excel: tệp bị hỏng hoặc không phải bảng tính .xlsx.",
            XLSX_HINT, path=path))
    return out


def _xlsx_container_problem(data: bytes, path: str) -> Problem | None:
    """Refuse what is not a zip, and zip bombs, before openpyxl inflates anything."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if "EncryptedPackage".encode("utf-16-le") in data:  # Office keeps an encrypted .xlsx in this container
            return error("file-encoding", "Tệp Excel được đặt mật khẩu nên không đọc được.",
                         "Trong Excel chọn Tệp › Thông tin › Bảo vệ Sổ làm việc › Mã hóa bằng Mật khẩu (File › Info › "
                         "Protect Workbook › Encrypt with Password), xóa mật khẩu, lưu lại rồi nộp tệp.", path=path)
        return error("file-encoding", "Tệp là định dạng Excel cũ (.xls), không phải .xlsx.", XLSX_HINT, path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
            kind = _zip_kind(archive, names)
    except (zipfile.BadZipFile, OSError, ValueError):
        return error("file-encoding", "Tệp không phải tệp Excel .xlsx hợp lệ (không đọc được nội dung nén).",
                     XLSX_HINT, path=path)
    if kind is not None:
        return error("file-encoding", f"Tệp là {kind} được đổi đuôi thành .xlsx, không phải bảng tính Excel.",
                     _ODS_HINT if "(.ods)" in kind else XLSX_HINT, path=path)
    if total > MAX_XLSX_UNCOMPRESSED:
        return error("file-too-large",
                     f"Tệp Excel khi giải nén lớn hơn {MAX_XLSX_UNCOMPRESSED // 2**20} MiB, không được chấp nhận.",
                     "Mỗi tệp chỉ nên chứa danh sách hồ sơ của đơn vị; xóa các trang tính, hình ảnh thừa.", path=path)
    return None


_ODS_HINT = ("Mở tệp bằng LibreOffice Calc, chọn Tệp › Lưu thành (File › Save As), kiểu tệp “Excel 2007-365 (.xlsx)”, "
             "bấm “Dùng định dạng Excel 2007-365!” (Use Excel 2007-365!), rồi nộp tệp .xlsx vừa lưu.")
_OPENDOCUMENT = {b"application/vnd.oasis.opendocument.spreadsheet": "bảng tính OpenDocument (.ods) của LibreOffice",
                 b"application/vnd.oasis.opendocument.text": "văn bản OpenDocument (.odt)"}


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """What a zip that is not a workbook is, from its list of names and a tiny `mimetype` entry."""
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size <= 100:  # OpenDocument stores it first, uncompressed and short
            mime = archive.read(info).strip()
            if mime.startswith(b"application/vnd.oasis.opendocument"):
                return _OPENDOCUMENT.get(mime, "tệp OpenDocument")
    if "word/document.xml" in names:
        return "văn bản Word (.docx)"
    return None


def _xlsx_text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else nfc(str(value))


def _overflow_problem(overflow: Overflow, path: str, width: int) -> Problem:
    row, column = overflow.row, overflow.column
    if overflow.kind == "columns" and row and column:
        return _beyond_columns(path, row, column, width)
    if overflow.kind == "rows" and row:
        return error(
            "file-too-large", f"Trang tính có dữ liệu ở dòng {row} (ô {column_letters(column or 1)}{row}), "
            f"ngoài {MAX_ROWS} dòng hồ sơ của mẫu; cả tệp không được nhận.",
            "Xóa các dòng thừa bên dưới bảng (chọn các dòng đó, bấm chuột phải, chọn Xóa) rồi lưu lại; "
            "nếu đơn vị thật sự đề nghị nhiều hơn, liên hệ Phòng Nội vụ.", path=path, line=row)
    if overflow.kind == "cells":
        where = f" (dòng {row})" if row else ""
        return error(
            "file-too-large", f"Tệp Excel có quá nhiều ô, kể cả ô trống đã định dạng{where}, so với khuôn mẫu hồ sơ; "
            "cả tệp không được nhận.",
            "Chép dữ liệu (chỉ các dòng hồ sơ) vào tệp mẫu tải từ trang Hướng dẫn rồi nộp tệp đó.",
            path=path, line=row)
    if overflow.kind == "text":
        return error(
            "file-too-large",
            "Tệp Excel có một ô hoặc đoạn văn bản dài hơn 32.767 ký tự (giới hạn của Excel).",
            "Rút gọn nội dung ô đó (thành tích ghi tóm tắt, chi tiết đặt trong báo cáo PDF) rồi lưu lại.",
            path=path,
        )
    return error("file-encoding", "Không đọc được tệp Excel (nội dung XML bên trong bị hỏng hoặc không được phép).",
                 XLSX_HINT, path=path)


def _too_many(path: str, line: int, max_rows: int) -> Problem:
    return error("file-too-large", f"Tệp có hơn {max_rows} dòng (dòng {line} vượt giới hạn); cả tệp không được nhận.",
                 "Kiểm tra các dòng thừa (dòng sao chép, dòng trống còn công thức) và xóa chúng; "
                 "nếu đơn vị thật sự đề nghị nhiều hơn, liên hệ Phòng Nội vụ.", path=path, line=line)


def _map_header(header: list[str], path: str, line: int, spec: TableSpec, out: TableRead) -> list[str | None]:
    mapping: list[str | None] = []
    seen: dict[str, int] = {}
    for position, title in enumerate(header):
        title = nfc(title).strip().lstrip("\ufeff")
        if not title:
            mapping.append(None)
            continue
        f = spec.by_header.get(header_key(title))
        if f is None:
            out.problems.append(error(
                "unknown-field", f"Cột '{title}' (cột {position + 1}) không có trong mẫu hồ sơ.",
                suggest(title, spec), path=path, line=line, field=title))
            mapping.append(None)
        elif f.name in seen:
            out.problems.append(error(
                "invalid-value", f"Cột '{title}' trùng với cột {seen[f.name] + 1} (cùng trường '{f.name}').",
                "Xóa một trong hai cột.", path=path, line=line, field=f.name))
            mapping.append(None)
        else:
            seen[f.name] = position
            mapping.append(f.name)
    out.columns = tuple(name for name in mapping if name)
    return mapping


def _add_row(out: TableRead, spec: TableSpec, mapping: list[str | None], values: Iterable[Any], line: int) -> None:
    cells: dict[str, Any] = {}
    for name, value in zip(mapping, values, strict=False):
        if name is not None:
            cell = table_cell(spec.by_name[name], nfc(value) if isinstance(value, str) else value)
            if cell is not None:
                cells[name] = cell
    if cells:  # blank rows are skipped
        out.rows.append(TableRow(line, cells))
