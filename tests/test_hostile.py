"""Hostile input, survived: each case gives exit 1, a Vietnamese message about the file, no
traceback, bounded time and memory, and nothing of it on the public site. Then a fuzz test
(hypothesis) over YAML and CSV files in a unit folder: the checker never raises, never hangs.

Cases the checker does not handle yet are marked `xfail(strict=True)` with the reason: they
turn into failures the day the checker handles them, so the marker is removed then.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, base_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.check.pipeline import CheckOptions, run_check
from site_builder.report import REPORTERS
from site_builder.report.json_report import as_dict

UNIT = "submissions/cchc-2024/xa-long-an"
GOOD = (PROJECT / UNIT / "tran-quoc-bao.yaml").read_text(encoding="utf-8")
CSV_HEADER = (PROJECT / "submissions/cchc-2024/xa-long-duc/individuals.csv").read_text(
    encoding="utf-8").splitlines()[0]
CSV_ROW = ("{slug},{name},Công chức,cong_chuc,thuc_hien,hoan_thanh_tot,khong,có,không,nam,1990-01-01,"
           "Giải quyết hồ sơ đúng hạn,,dossier/to-trinh.pdf,dossier/bien-ban-hop-xet.pdf,dossier/to-trinh.pdf")
# A run is killed after this many seconds (it then fails): a guard against a hang, not a
# measure of speed, which benchmarks/timing.py measures.
TIME_LIMIT = 15.0
MEMORY_LIMIT = 1536 * 2**20      # bytes of address space for one run
VIETNAMESE = re.compile("[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass
class Run:
    code: int | None             # None: killed after the time limit
    stdout: str
    stderr: str
    seconds: float


def thidua(root: Path, *args: str, kill_after: float = 20, summary: Path | None = None) -> Run:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "THIDUA_NO_CACHE": "1"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    if summary is not None:  # the file GitHub gives a step for its Markdown summary
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=root, capture_output=True,
                              env=env, timeout=kill_after, preexec_fn=_limits)
    except subprocess.TimeoutExpired as exc:
        return Run(None, (exc.stdout or b"").decode("utf-8", "replace"), (exc.stderr or b"").decode("utf-8", "replace"),
                   time.perf_counter() - start)
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
               time.perf_counter() - start)


def replace_name(text: str, name: str) -> str:
    return text.replace("name: Trần Quốc Bảo", f"name: {name}")


# ---------------------------------------------------------------------------------------------
# The cases: each writes its hostile file into a copy of the example repository and returns
# the path to expect problems on and a marker that must not reach the site.

Setup = Callable[[Path], tuple[str, bytes | None]]


def write(root: Path, rel: str, data: bytes | str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return rel


def yaml_deep_flow(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/long-van-sau.yaml", replace_name(GOOD, "[" * 50_000 + "]" * 50_000)), b"[[[[[[[[[["


def yaml_deep_block(root: Path) -> tuple[str, bytes | None]:
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(400)) + "  " * 400 + "sau-tham\n"
    return write(root, f"{UNIT}/long-van-bay.yaml", GOOD + "chi_tiet:\n" + "".join(
        "  " + line + "\n" for line in nested.splitlines())), b"sau-tham"


def yaml_alias_bomb(root: Path) -> tuple[str, bytes | None]:
    lines = ['a0: &a0 ["lol-bom"]'] + [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    return write(root, f"{UNIT}/bom-yaml.yaml", GOOD + "\n".join(lines) + "\n"), b"lol-bom"


def yaml_python_tag(root: Path) -> tuple[str, bytes | None]:
    text = replace_name(GOOD, '!!python/object/apply:os.system ["touch da-chay-ma"]')
    return write(root, f"{UNIT}/the-python.yaml", text), b"da-chay-ma"


def yaml_nul_byte(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/ky-tu-nul.yaml", replace_name(GOOD, "Trần Quốc\x00Bảo Nul")), b"\x00"


def yaml_raw_control(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/ky-tu-dieu-khien.yaml", replace_name(GOOD, "Trần Quốc\x1b[31mBảo Esc")), b"\x1b[31m"


def yaml_escaped_control(root: Path) -> tuple[str, bytes | None]:
    # A YAML escape: the parser turns "\x07" into the BEL character inside the name.
    return write(root, f"{UNIT}/ky-tu-chuong.yaml", replace_name(GOOD, '"Trần Quốc\\x07Bảo Chuông"')), b"\x07"


def yaml_bidi_name(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/ky-tu-dao-chieu.yaml", replace_name(GOOD, "Trần \u202eoảB cốuQ")), "\u202e".encode()


def csv_bidi_name(root: Path) -> tuple[str, bytes | None]:
    rows = [CSV_HEADER, CSV_ROW.format(slug="nguyen-van-dao", name="Nguyễn \u2067Văn\u2069 \u202eĐảo")]
    return write(root, f"{UNIT}/individuals.csv", "\n".join(rows) + "\n"), "\u202e".encode()


def utf16(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/utf-16.yaml", replace_name(GOOD, "Trần Quốc Bảo Mười Sáu").encode("utf-16")), None


def too_large(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/qua-lon.yaml", GOOD + "# " + "đệm " * 300_000 + "\n"), "đệm đệm".encode()


def csv_100k_rows(root: Path) -> tuple[str, bytes | None]:
    rows = [CSV_ROW.format(slug=f"nguoi-{i}", name=f"Nguyễn Văn Thứ {i}") for i in range(100_000)]
    # The marker is the first row: a file over the cap is rejected whole, not cut at the cap.
    return write(root, f"{UNIT}/individuals.csv", "\n".join([CSV_HEADER, *rows]) + "\n"), "Văn Thứ 0".encode()


def csv_100k_tiny_rows_same(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/individuals.csv", "name\n" + "Lặp\n" * 100_000), None


def csv_100k_tiny_rows_distinct(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/individuals.csv", "name\n" + "".join(f"N{i}\n" for i in range(100_000))), None


def xlsx_bomb(root: Path) -> tuple[str, bytes | None]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<x>" + b" " * (512 * 2**20) + b"</x>")
    assert len(buffer.getvalue()) < 2**20
    return write(root, f"{UNIT}/individuals.xlsx", buffer.getvalue()), None


def xlsx_html(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/collectives.xlsx", "<html><body>khong-phai-excel</body></html>"), b"khong-phai-excel"


def xlsx_truncated_zip(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/individuals.xlsx", b"PK\x03\x04" + b"\x00" * 60 + b"zip-hong"), b"zip-hong"


# A real attacker's workbook: a few hand-written XML parts in a small zip, no spreadsheet program.
_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
XLSX_HEAD = '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row>'
XLSX_DATA = '<row r="2"><c r="A2" t="inlineStr"><is><t>Nguyễn Văn Xa</t></is></c></row>'
WHOLE_SHEET = "A1:XFD1048576"


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_package(sheet_data: str, dimension: str = "A1:A2") -> bytes:
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             f'2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in {**_XLSX_PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def xlsx_far_cell(root: Path) -> tuple[str, bytes | None]:
    data = xlsx_package(XLSX_HEAD + XLSX_DATA.replace("</row>", inline("XFD2", "o-xa-nhat") + "</row>"), "A1:XFD2")
    assert len(data) < 2048
    return write(root, f"{UNIT}/individuals.xlsx", data), "Nguyễn Văn Xa".encode()


def xlsx_far_row(root: Path) -> tuple[str, bytes | None]:
    # The declared dimension makes openpyxl pad every row to 16,384 cells, down to the last row.
    far = f'<row r="1048576">{inline("A1048576", "dong-cuoi")}</row>'
    data = xlsx_package(XLSX_HEAD + XLSX_DATA + far, WHOLE_SHEET)
    assert len(data) < 2048
    return write(root, f"{UNIT}/individuals.xlsx", data), "Nguyễn Văn Xa".encode()


def xlsx_empty_rows(root: Path) -> tuple[str, bytes | None]:
    rows = "".join(f'<row r="{1_040_000 + i}"/>' for i in range(5_000))
    data = xlsx_package(XLSX_HEAD + XLSX_DATA + rows + f'<row r="1048576">{inline("B1048576", "x")}</row>', WHOLE_SHEET)
    return write(root, f"{UNIT}/individuals.xlsx", data), "Nguyễn Văn Xa".encode()


def xlsx_wide_row(root: Path) -> tuple[str, bytes | None]:
    # Two million empty cells in one row: nothing beyond the columns holds a value, yet the row is built whole.
    data = xlsx_package(XLSX_HEAD + XLSX_DATA + '<row r="3">' + '<c s="0"/>' * 2_000_000 + "</row>", WHOLE_SHEET)
    return write(root, f"{UNIT}/individuals.xlsx", data), "Nguyễn Văn Xa".encode()


def xlsx_entity_bomb(root: Path) -> tuple[str, bytes | None]:
    entities = '<!DOCTYPE worksheet [<!ENTITY a0 "lol-bom">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 9)) + "]>"
    data = xlsx_package(XLSX_HEAD + f'<row r="2">{inline("A2", "&a8;")}</row>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                part = part.replace(b"<worksheet", entities.encode() + b"<worksheet", 1)
            archive.writestr(info.filename, part)
    return write(root, f"{UNIT}/individuals.xlsx", buffer.getvalue()), b"lol-bom"


def csv_wide_header(root: Path) -> tuple[str, bytes | None]:
    rows = [CSV_HEADER + ",cot-thua" * 100_000, CSV_ROW.format(slug="nguyen-van-rong", name="Nguyễn Văn Rộng")]
    return write(root, f"{UNIT}/individuals.csv", "\n".join(rows) + "\n"), "Văn Rộng".encode()


def csv_giant_cell(root: Path) -> tuple[str, bytes | None]:
    rows = [CSV_HEADER, CSV_ROW.format(slug="nguyen-van-dai", name="Nguyễn Văn Dài"),
            CSV_ROW.format(slug="o-khong-lo", name='"' + "Dài " * 200_000 + '"')]
    return write(root, f"{UNIT}/individuals.csv", "\n".join(rows) + "\n"), "Dài Dài Dài".encode()


def pdf_is_html(root: Path) -> tuple[str, bytes | None]:
    write(root, f"{UNIT}/dossier/bao-cao-tran-quoc-bao.pdf", "<html><script>alert('pdf-gia')</script></html>")
    return f"{UNIT}/tran-quoc-bao.yaml", b"pdf-gia"


def name_with_spaces(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/tran quoc bao hai.yaml", replace_name(GOOD, "Trần Quốc Bảo Hai")), "Bảo Hai".encode()


def name_unicode(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/trần-quốc-ba.yaml", replace_name(GOOD, "Trần Quốc Bảo Ba")), "Bảo Ba".encode()


def name_double_dot(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/a..b.yaml", replace_name(GOOD, "Trần Quốc Bảo Chấm")), "Bảo Chấm".encode()


def name_only_dots(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/..yaml", replace_name(GOOD, "Trần Quốc Bảo Ẩn")), "Bảo Ẩn".encode()


def document_outside_unit(root: Path) -> tuple[str, bytes | None]:
    text = GOOD.replace("dossier/to-trinh.pdf", "../xa-tam-an/dossier/to-trinh.pdf")
    return write(root, f"{UNIT}/tran-quoc-bao.yaml", text), None


def document_absolute(root: Path) -> tuple[str, bytes | None]:
    return write(root, f"{UNIT}/tran-quoc-bao.yaml", GOOD.replace("dossier/to-trinh.pdf", "/etc/passwd")), b"root:x:0"


def symlink_nomination(root: Path) -> tuple[str, bytes | None]:
    (root / UNIT / "mat-khau.yaml").symlink_to("/etc/passwd")
    return f"{UNIT}/mat-khau.yaml", b"root:x:0"


def symlink_document(root: Path) -> tuple[str, bytes | None]:
    target = root / UNIT / "dossier" / "bao-cao-tran-quoc-bao.pdf"
    target.unlink()
    target.symlink_to("/etc/passwd")
    return f"{UNIT}/tran-quoc-bao.yaml", b"root:x:0"


def symlink_folder(root: Path) -> tuple[str, bytes | None]:
    (root / UNIT / "he-thong").symlink_to("/etc")
    return f"{UNIT}/he-thong", b"root:x:0"


CHECKER_ACCEPTS_CONTROL = ("checker bug: a name holding control or bidirectional-override characters is accepted "
                           "and published as it is; expected invalid-value on `name`")
ROW_CAP_NOT_BOUNDED = ("checker bug: the 20,000-row cap is far too high for the per-row cost; identical rows are "
                       "quadratic in rules.check_duplicates (6,000 rows of one name: 2.4 min, 21 GB, 2 GB of JSON)")
DOTFILE_IGNORED = "checker bug: a file whose name starts with '.' in a unit folder is skipped silently (exit 0)"

CASES: list[tuple[str, Setup, set[str], str | None]] = [
    ("yaml-deep-flow-nesting", yaml_deep_flow, {"yaml-syntax"}, None),
    ("yaml-deep-block-nesting", yaml_deep_block, {"yaml-syntax", "unknown-field"}, None),
    ("yaml-alias-bomb", yaml_alias_bomb, {"yaml-alias"}, None),
    ("yaml-python-tag", yaml_python_tag, {"yaml-syntax", "invalid-value"}, None),
    ("yaml-nul-byte", yaml_nul_byte, {"file-encoding", "yaml-syntax"}, None),
    ("yaml-raw-control-character", yaml_raw_control, {"file-encoding", "yaml-syntax", "invalid-value"}, None),
    ("yaml-escaped-control-character", yaml_escaped_control, {"invalid-value"}, None),
    ("yaml-bidi-override", yaml_bidi_name, {"invalid-value"}, None),
    ("csv-bidi-override", csv_bidi_name, {"invalid-value"}, None),
    ("yaml-utf-16", utf16, {"file-encoding"}, None),
    ("file-over-1-mib", too_large, {"file-too-large"}, None),
    ("csv-100k-rows", csv_100k_rows, {"file-too-large"}, None),
    ("csv-100k-tiny-rows-same-name", csv_100k_tiny_rows_same, {"file-too-large"}, None),
    ("csv-100k-tiny-rows-distinct", csv_100k_tiny_rows_distinct, {"file-too-large"}, None),
    ("xlsx-decompression-bomb", xlsx_bomb, {"file-too-large"}, None),
    ("xlsx-is-html", xlsx_html, {"file-encoding"}, None),
    ("xlsx-cell-in-last-column", xlsx_far_cell, {"file-too-large"}, None),
    ("xlsx-cell-in-last-row-whole-sheet-dimension", xlsx_far_row, {"file-too-large"}, None),
    ("xlsx-thousands-of-empty-far-rows", xlsx_empty_rows, {"file-too-large"}, None),
    ("xlsx-two-million-empty-cells-in-a-row", xlsx_wide_row, {"file-too-large"}, None),
    ("xlsx-entity-expansion", xlsx_entity_bomb, {"file-encoding"}, None),
    ("csv-100k-columns", csv_wide_header, {"file-too-large"}, None),
    ("csv-one-giant-cell", csv_giant_cell, {"invalid-value"}, None),
    ("xlsx-truncated-zip", xlsx_truncated_zip, {"file-encoding"}, None),
    ("pdf-is-html", pdf_is_html, {"dossier-file"}, None),
    ("file-name-with-spaces", name_with_spaces, {"unknown-file"}, None),
    ("file-name-unicode", name_unicode, {"unknown-file"}, None),
    ("file-name-double-dot", name_double_dot, {"unknown-file"}, None),
    ("file-name-only-dots", name_only_dots, {"unknown-file"}, None),
    ("document-path-dot-dot", document_outside_unit, {"dossier-file"}, None),
    ("document-path-absolute", document_absolute, {"dossier-file"}, None),
    ("symlink-nomination", symlink_nomination, {"file-not-regular"}, None),
    ("symlink-document", symlink_document, {"dossier-file", "file-not-regular"}, None),
    ("symlink-folder", symlink_folder, {"unknown-file", "file-not-regular"}, None),
]


def published_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".json", ".csv", ".xml", ".js", ".txt"}]


@pytest.mark.parametrize("setup, expected, xfail", [
    pytest.param(setup, expected, xfail, id=case,
                 marks=[pytest.mark.xfail(strict=True, reason=xfail)] if xfail else [])
    for case, setup, expected, xfail in CASES])
def test_hostile_input(tmp_path: Path, setup: Setup, expected: set[str], xfail: str | None) -> None:
    root = base_repo(tmp_path / "repo", examples=True)
    rel, marker = setup(root)
    run = thidua(root, "check", "--format", "json", kill_after=TIME_LIMIT + 3)
    assert run.code is not None, f"killed after {run.seconds:.1f} s"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.code == 1, (run.code, run.stderr[-2000:])
    report = json.loads(run.stdout)
    mine = [p for p in report["problems"] if p.get("path") == rel and p["severity"] == "error"]
    assert mine, f"no error on {rel}: {[(p['code'], p.get('path')) for p in report['problems']]}"
    assert {p["code"] for p in mine} & expected, [(p["code"], p["message"]) for p in mine]
    for problem in mine:
        assert VIETNAMESE.search(problem["message"]), problem["message"]
        assert problem["hint"] and VIETNAMESE.search(problem["hint"]), problem
    assert not (root / "da-chay-ma").exists() and not (root / UNIT / "da-chay-ma").exists()
    if marker is not None:
        site = tmp_path / "site"
        build = thidua(root, "build", "--out", str(site), kill_after=120)
        assert build.code == 0 and "Traceback" not in build.stderr, build.stderr[-3000:]
        assert (site / "index.html").is_file()
        leaked = [p.relative_to(site).as_posix() for p in published_files(site) if marker in p.read_bytes()]
        assert leaked == [], f"{marker!r} published in {leaked}"


def test_crlf_line_endings_are_accepted(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo", examples=True)
    write(root, f"{UNIT}/tran-quoc-bao.yaml", GOOD.replace("\n", "\r\n"))
    bad = GOOD.replace("rating: hoan_thanh_xuat_sac", "rating: khong_hoan_thanh").replace(
        "name: Trần Quốc Bảo", "name: Trần Quốc Bảo Hai").replace("\n", "\r\n")
    write(root, f"{UNIT}/tran-quoc-bao-hai.yaml", bad)
    csv_text = "\r\n".join([CSV_HEADER, CSV_ROW.format(slug="le-van-crlf", name="Lê Văn Crlf")]) + "\r\n"
    write(root, "submissions/cchc-2024/xa-tam-an/individuals.csv", csv_text)
    run = thidua(root, "check", "--format", "json")
    assert run.code == 1 and "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    verdicts = {n["id"]: n["verdict"] for n in report["nominations"]}
    assert verdicts["cchc-2024/xa-long-an/tran-quoc-bao"] == "eligible"
    assert verdicts["cchc-2024/xa-tam-an/le-van-crlf"] in {"eligible", "ineligible"}
    assert "\r" not in json.dumps(report, ensure_ascii=False).replace("\\r", "")
    errors = {(p["path"], p["code"], p.get("line")) for p in report["problems"] if p["severity"] == "error"}
    assert (f"{UNIT}/tran-quoc-bao-hai.yaml", "individual-rating", 10) in errors
    assert not any(code in {"yaml-syntax", "file-encoding"} for _, code, _ in errors)


def test_html_in_a_name_is_published_as_text(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo", examples=True)
    write(
        root,
        f"{UNIT}/tran-quoc-bao.yaml",
        replace_name(GOOD, '"<script>alert(1)</script> Bảo <img src=x onerror=alert(2)>"'),
    )
    assert thidua(root, "check").code in (0, 1)
    site = tmp_path / "site"
    assert thidua(root, "build", "--out", str(site), kill_after=120).code == 0
    pages = [p for p in published_files(site) if p.suffix in {".html", ".json", ".js"}]
    leaked = [p.relative_to(site).as_posix() for p in pages
              if b"<script>alert(1)" in p.read_bytes() or b"<img src=x" in p.read_bytes()]
    assert leaked == []
    assert any("&lt;script&gt;alert(1)" in p.read_text(encoding="utf-8", errors="replace") for p in pages)


# ---------------------------------------------------------------------------------------------
# Fuzzing, in-process.


FIELDS = ["kind", "campaign", "unit_id", "name", "achievements", "initiatives", "pending_investigation",
          "documents", "position", "employment_type", "cchc_role", "rating", "discipline", "conduct_ok", "gender",
          "date_of_birth", "nominee_unit_id", "cchc_index_result", "internal_unity", "law_compliance",
          "leader_discipline", "female_share", "slug", "to_trinh", "bien_ban", "bao_cao_thanh_tich", "Họ và tên",
          "Xếp loại năm 2024", "tên", "name ", "NAME"]
TRICKY = ["", "~", "null", "true", "false", "có", "không", "yes", "NO", "on", "0912345678", "001203004567", "1e309",
          "-.inf", ".nan", "2024-13-45", "2024-02-29", "1979-11-02", "individual", "collective", "cong_chuc",
          "hoan_thanh_tot", "chua_danh_gia", "khong", "xa-long-an", "cchc-2024", "dossier/to-trinh.pdf",
          "../../../etc/passwd", "/etc/passwd", "dossier/", "=HYPERLINK(\"x\")", "@SUM(1)", "\u202e", "\x00", "\x1b",
          "\ufeff", "a\r\nb", "Nguyễn Văn Đức", "Nguyê\u0303n", "&a", "*a", "!!python/object:os.system", "<script>"]
scalars = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30), st.integers(), st.booleans(),
                    st.floats(allow_nan=True, allow_infinity=True), st.none())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(FIELDS + ["title", "description", "applied_on"]) | st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@st.composite
def yaml_files(draw: st.DrawFn) -> bytes:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.binary(max_size=400))
    if choice == 1:
        return draw(st.text(max_size=400)).encode("utf-8", "surrogatepass")
    document = draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=14))
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=draw(st.sampled_from([None, True, False])))
    if choice == 3:  # textual damage: anchors, tags, tabs, CRLF, BOM, stray quotes or brackets
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(["&a ", "*a", "!!binary ", "\t", "\r\n", "\ufeff", "'", '"',
                                                      "[", "{", ": ", "- ", "#", "%YAML 1.1\n---\n", "<<: *a\n",
                                                      "? ", "|", ">-"])) + text[at:]
    return text.encode("utf-8", "surrogatepass")


cells = st.one_of(st.sampled_from(TRICKY), st.text(max_size=20))


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=400))
    header = draw(st.lists(st.sampled_from(FIELDS) | st.text(max_size=8), min_size=1, max_size=10))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";"])),
                        lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):  # damage the quoting
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', '""', "\n", "\x00", "\ufeff"])) + text[at:]
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory: pytest.TempPathFactory):
    root = base_repo(tmp_path_factory.mktemp("fuzz") / "repo")
    (root / UNIT / "dossier").mkdir(parents=True)
    shutil.copy(PROJECT / UNIT / "dossier" / "to-trinh.pdf", root / UNIT / "dossier" / "to-trinh.pdf")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THIDUA_NO_CACHE", "1")
        patch.delenv("GITHUB_STEP_SUMMARY", raising=False)
        yield root


CODE = re.compile(r"^[a-z]+(-[a-z0-9]+)*$")
FUZZ_SETTINGS = settings(max_examples=200, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                HealthCheck.data_too_large])


def check_survives(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.write_bytes(data)
    try:
        result = run_check(root, CheckOptions())
        report = json.loads(json.dumps(as_dict(result), ensure_ascii=False))
        for problem in report["problems"]:
            assert CODE.match(problem["code"]), problem
            assert problem["message"].strip(), problem
        for nomination in report["nominations"]:
            assert nomination["verdict"] in {"eligible", "pending", "ineligible", "invalid"}
        if rel.endswith(".yaml"):  # a YAML file is one nomination, even when it cannot be read
            assert any(n["path"] == rel for n in report["nominations"]), "the fuzzed file vanished from the report"
        for name in ("text", "github"):
            REPORTERS[name](result, io.StringIO())
    finally:
        path.unlink()


@FUZZ_SETTINGS
@given(data=yaml_files())
def test_fuzz_yaml_nomination(fuzz_repo: Path, data: bytes) -> None:
    check_survives(fuzz_repo, f"{UNIT}/ho-so-thu.yaml", data)


@FUZZ_SETTINGS
@given(data=csv_files(), kind=st.sampled_from(["individuals", "collectives"]))
def test_fuzz_csv_nominations(fuzz_repo: Path, data: bytes, kind: str) -> None:
    check_survives(fuzz_repo, f"{UNIT}/{kind}.csv", data)
