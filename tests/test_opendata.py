"""Open data package: validates with frictionless, guards formulas, keeps the BOM, refuses private columns."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import frictionless
import pytest

from site_builder.publish.site.opendata import DANGEROUS_PREFIXES, Column, Table, safe_cell, write_package

FRICTIONLESS = Path(sys.executable).parent / "frictionless"
CREATED = dt.datetime(2025, 2, 10, 8, 30, tzinfo=dt.UTC)
FORMULAS = ['=HYPERLINK("http://x")', "+84 912", "-", "@foo", "\tx", "\rx"]
MULTILINE = "Hoàn thành xuất sắc nhiệm vụ\nSáng kiến “Một cửa điện tử”"


def s(name: str, title: str, **kw: object) -> Column:
    return Column(name=name, type="string", title=title, **kw)  # type: ignore[arg-type]


def tables() -> list[Table]:
    units = Table(
        name="units", title="Danh mục đơn vị", description="Các cơ quan, đơn vị.",
        columns=(s("unit_id", "Mã đơn vị"), s("name", "Tên đơn vị"), s("kind", "Loại đơn vị"),
                 s("parent_id", "Đơn vị cấp trên")),
        rows=[{"unit_id": "huyen", "name": "UBND huyện Long Thành", "kind": "huyện", "parent_id": None},
              {"unit_id": "xa-an-phuoc", "name": "UBND xã An Phước", "kind": "xã", "parent_id": "huyen"},
              {"unit_id": "xa-cam-duong", "name": "UBND xã Cẩm Đường", "kind": "xã", "parent_id": "huyen"}],
        primary_key=("unit_id",), foreign_keys=(("parent_id", "units", "unit_id"),))
    names = ["Nguyễn Văn Đức", "Trần Thị Ánh", MULTILINE, *FORMULAS]
    nominations = Table(
        name="nominations", title="Hồ sơ đề nghị khen thưởng", description="Mỗi dòng một hồ sơ.",
        columns=(s("id", "Mã hồ sơ"), s("campaign", "Đợt thi đua"), s("unit_id", "Mã đơn vị"),
                 s("kind", "Loại", enum=("individual", "collective")), s("name", "Họ tên / Tên tập thể"),
                 s("position", "Chức vụ"), s("status", "Mã tình trạng"), s("status_label", "Tình trạng"),
                 Column("score", "number", "Điểm"), Column("votes", "integer", "Số phiếu"),
                 Column("last_change", "date", "Cập nhật lần cuối"), Column("public", "boolean", "Công khai"),
                 s("url", "Trang hồ sơ", description="Tính từ gốc trang thông tin.")),
        rows=[{"id": f"hs-{i:03d}", "campaign": "cchc-2024", "unit_id": "xa-an-phuoc" if i % 2 else "xa-cam-duong",
               "kind": "individual", "name": name, "position": "Chuyên viên" if i else "-", "status": "commended",
               "status_label": "Được khen thưởng", "score": -1.5 if i == 0 else 92.25, "votes": -3 if i == 0 else 12,
               "last_change": dt.date(2025, 1, 1 + i), "public": i % 2 == 0, "url": f"ho-so/hs-{i:03d}/"}
              for i, name in enumerate(names)],
        primary_key=("id",), foreign_keys=(("unit_id", "units", "unit_id"),))
    commended = Table(
        name="commended", title="Danh sách được khen thưởng", description="Theo quyết định khen thưởng.",
        columns=(s("decision_number", "Số quyết định"), Column("signed_on", "date", "Ngày ký"),
                 s("nomination_id", "Mã hồ sơ"), s("name", "Họ tên / Tên tập thể"), s("kind", "Loại"),
                 s("unit_id", "Mã đơn vị")),
        rows=[{"decision_number": "123/QĐ-UBND", "signed_on": dt.date(2025, 2, 10), "nomination_id": row["id"],
               "name": row["name"], "kind": row["kind"], "unit_id": row["unit_id"]} for row in nominations.rows],
        foreign_keys=(("nomination_id", "nominations", "id"), ("unit_id", "units", "unit_id")))
    return [units, nominations, commended]


def write(out: Path, data: list[Table] | None = None, **kw: object) -> Path:
    return write_package(out, data or tables(), title="Dữ liệu thi đua – khen thưởng", description="Dữ liệu công khai.",
                         version="0123456789abcdef0123456789abcdef01234567", created=CREATED, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("du-lieu"))


def test_python_api_validates(package: Path) -> None:
    report = frictionless.Package(package).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    assert [t.stats["rows"] for t in report.tasks] == [3, 9, 9]


def test_cli_validates(package: Path) -> None:
    done = subprocess.run([str(FRICTIONLESS), "validate", str(package)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_validation_catches_broken_foreign_key(tmp_path: Path) -> None:
    data = tables()
    data[2].rows[0]["nomination_id"] = "hs-missing"
    report = frictionless.Package(write(tmp_path, data)).validate()
    assert [e.type for e in report.tasks[2].errors] == ["foreign-key"]


def test_descriptor(package: Path) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["name"] == "du-lieu-thi-dua-khen-thuong"
    assert descriptor["title"] == "Dữ liệu thi đua – khen thưởng"
    assert descriptor["created"] == "2025-02-10T08:30:00Z"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["name"] for r in descriptor["resources"]] == ["units", "nominations", "commended"]
    nominations = descriptor["resources"][1]
    assert nominations["path"] == "nominations.csv" and nominations["encoding"] == "utf-8"
    assert "dấu nháy đơn (')" in nominations["description"]
    assert nominations["schema"]["primaryKey"] == ["id"]
    assert nominations["schema"]["fields"][3]["constraints"] == {"enum": ["individual", "collective"]}
    assert descriptor["resources"][0]["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "",
        "fields": ["unit_id"],
    }


def test_formulas_are_neutralised(package: Path) -> None:
    with (package.parent / "nominations.csv").open(encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    assert '"\'=HYPERLINK(""http://x"")"' in text and ",'+84 912," in text and ",'@foo," in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["name"] for r in rows][3:] == ["'" + f for f in FORMULAS]
    assert rows[0]["position"] == "'-"
    for row in rows:
        for name, cell in row.items():
            if name not in ("score", "votes"):
                assert not cell.startswith(DANGEROUS_PREFIXES), (name, cell)
    # Numbers are typed, not text: negative values stay negative and valid.
    assert rows[0]["score"] == "-1.5" and rows[0]["votes"] == "-3"
    assert safe_cell("Nguyễn Văn A") == "Nguyễn Văn A" and safe_cell("") == "" and safe_cell("a=b") == "a=b"


def test_multiline_cell_round_trips(package: Path) -> None:
    rows = frictionless.Resource(package.parent / "nominations.csv").read_rows()
    assert rows[2]["name"] == MULTILINE


def test_bom_and_line_endings(package: Path) -> None:
    for name, first in (("units", b"unit_id,"), ("nominations", b"id,"), ("commended", b"decision_number,")):
        data = (package.parent / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf" + first)
        assert data.endswith(b"\r\n")
    assert "Nguyễn Văn Đức".encode() in (package.parent / "nominations.csv").read_bytes()


def test_output_is_deterministic(tmp_path: Path, package: Path) -> None:
    again = write(tmp_path)
    for name in ("datapackage.json", "units.csv", "nominations.csv", "commended.csv"):
        assert (again.parent / name).read_bytes() == (package.parent / name).read_bytes()


def test_forbidden_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="date_of_birth"):
        write(
            tmp_path,
            forbidden=frozenset({"rating", "date_of_birth"}),
            data=[
                Table("people", "Người", "", (s("name", "Họ tên"), Column("date_of_birth", "date", "Ngày sinh")), [])
            ],
        )
    assert not (tmp_path / "datapackage.json").exists() and not (tmp_path / "people.csv").exists()


def test_bad_rows_are_refused(tmp_path: Path) -> None:
    table = Table("people", "Người", "", (s("name", "Họ tên"), Column("votes", "integer", "Số phiếu")), [])
    with pytest.raises(ValueError, match="unknown columns"):
        write(tmp_path, [replace(table, rows=[{"name": "A", "rating": "Tốt"}])])
    with pytest.raises(ValueError, match="row 1"):
        write(tmp_path, [replace(table, rows=[{"name": "A", "votes": "12"}])])
    dated = Table(
        "events", "Sự kiện", "", (Column("on", "date", "Ngày"),), [{"on": "2025-02-10"}, {"on": "10/02/2025"}]
    )
    with pytest.raises(ValueError, match="row 2: not an ISO date"):
        write(tmp_path, [dated])


def test_ten_thousand_rows_are_fast(tmp_path: Path) -> None:
    columns = tuple(s(f"c{i}", f"Cột {i}") for i in range(12)) + (
        Column("n", "number", "Số"), Column("d", "date", "Ngày"), Column("b", "boolean", "Có"))
    rows = [{**{f"c{i}": f"Nguyễn Văn {r}-{i}" for i in range(12)}, "n": r / 3, "d": dt.date(2025, 1, 1), "b": True}
            for r in range(10_000)]
    start = time.perf_counter()
    write(tmp_path, [Table("big", "Lớn", "", columns, rows)])
    assert time.perf_counter() - start < 0.5
