"""The secretariat's Word documents (site_builder.publish.documents.render), checked by reopening them."""
from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from conftest import PROJECT, base_repo  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from site_builder.check.pipeline import CheckResult, run_check  # noqa: E402
from site_builder.publish.documents.render import DANH_SACH, REPORTS, TO_TRINH, proposed_nominations, write_documents  # noqa: E402
from site_builder.vietnamese.collation import person_key, vi_key  # noqa: E402

CAMPAIGN = "cchc-2024"
TODAY = dt.date(2025, 1, 25)
FONT = "Times New Roman"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The example's decision commends these, in the list's order (dictionary order; people by given name).
COLLECTIVES = [
    "Bộ phận Một cửa UBND thị trấn Long Thành",
    "Bộ phận Một cửa UBND xã Long An",
    "Bộ phận Tiếp nhận và Trả kết quả huyện",
    "UBND thị trấn Long Thành",
    "UBND xã Long Đức",
]
INDIVIDUALS = [
    "Trần Quốc Bảo", "Nguyễn Thị Thu Hà", "Phạm Thị Ngọc Lan", "Đặng Thị Mỹ Linh", "Huỳnh Văn Lợi",
    "Mai Thị Hồng Nhung", "Bùi Thị Kim Oanh", "Ngô Thị Bích Trâm", "Lê Minh Tuấn", "Lâm Quang Vinh",
]


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return run_check(PROJECT)


@pytest.fixture(scope="module")
def written(result: CheckResult, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_documents(result, CAMPAIGN, tmp_path_factory.mktemp("documents"), today=TODAY)


def paragraphs(element) -> list[str]:
    """Text of every paragraph under an element (tables included), in document order."""
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in element.iter(f"{W}p")]


def all_text(path: Path) -> str:
    doc = docx.Document(str(path))
    parts = paragraphs(doc.element.body)
    for section in doc.sections:
        for header in (section.header, section.first_page_header, section.footer):
            parts += paragraphs(header._element)
    props = doc.core_properties
    parts += [props.title or "", props.subject or "", props.keywords or "", props.comments or ""]
    return "\n".join(parts)


def test_files(written: list[Path]) -> None:
    root = written[0].parent
    assert written[:2] == [root / TO_TRINH, root / DANH_SACH]
    assert len(written) == 2 + len(COLLECTIVES) + len(INDIVIDUALS)
    assert all(p.parent == root / REPORTS and p.suffix == ".docx" and "--" in p.name for p in written[2:])
    assert root / REPORTS / "xa-long-an--nguyen-thi-thu-ha.docx" in written
    assert all(p.is_file() for p in written)


def test_page_setup(written: list[Path]) -> None:
    for path in written:
        for section in docx.Document(str(path)).sections:
            assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), path.name
            assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                          section.right_margin)] == [20, 20, 30, 15], path.name


def test_page_numbers_from_page_two(written: list[Path]) -> None:
    for path in written:
        section = docx.Document(str(path)).sections[0]
        assert section.different_first_page_header_footer, path.name
        assert section._sectPr.find(qn("w:titlePg")) is not None
        default = section.header._element
        instructions = "".join(t.text or "" for t in default.iter(qn("w:instrText")))
        simple = [f.get(qn("w:instr")) for f in default.iter(qn("w:fldSimple"))]
        assert "PAGE" in instructions.split() or any("PAGE" in (s or "").split() for s in simple), path.name
        assert [p.alignment for p in section.header.paragraphs if p.text.strip()] == [1]   # centred
        assert "PAGE" not in section.first_page_header._element.xml


def test_fonts(written: list[Path]) -> None:
    for path in written:
        doc = docx.Document(str(path))
        defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = defaults.find(qn("w:rFonts"))
        assert {a: fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(
            ("ascii", "hAnsi", "eastAsia", "cs"), FONT)
        assert not any(fonts.get(qn(f"w:{a}")) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
        normal = doc.styles["Normal"]
        assert normal.font.name == FONT and normal.font.size.pt == 14
        normal_fonts = normal.element.rPr.find(qn("w:rFonts"))
        assert normal_fonts.get(qn("w:eastAsia")) == FONT and normal_fonts.get(qn("w:cs")) == FONT
        parts = [doc.element.body] + [s.header._element for s in doc.sections]
        for part in parts:
            for element in part.iter(qn("w:rFonts")):       # no run or paragraph picks another font
                assert set(element.attrib.values()) <= {FONT}, path.name
            sizes = set()
            for run in part.iter(qn("w:r")):                # text: 14 pt, 13 in headers, 11-12 in notes
                size = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
                if "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
                    sizes.add(int(size.get(qn("w:val"))) / 2 if size is not None else 14)
            assert sizes and sizes <= {11, 12, 13, 14}, (path.name, sizes)


def test_header_block(written: list[Path]) -> None:
    doc = docx.Document(str(written[0]))
    table = doc.tables[0]
    assert doc.element.body[0] is table._tbl                # the header block comes first
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["UBND HUYỆN LONG THÀNH", "PHÒNG NỘI VỤ", "Số: …/TTr-PNV"]
    right_lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in right_lines[:2]] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(run.bold for p in right_lines[:2] for run in p.runs)
    assert any(p._p.find(qn("w:pPr")).find(qn("w:pBdr")) is not None for p in right.paragraphs)  # the motto's line
    date = right_lines[2]
    assert date.text == "Long Thành, ngày … tháng … năm 20…" and all(run.italic for run in date.runs)


def test_motto_everywhere(written: list[Path]) -> None:
    for path in written:
        text = all_text(path)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text


def test_to_trinh(written: list[Path], result: CheckResult) -> None:
    text = all_text(written[0])
    assert "TỜ TRÌNH" in text
    assert "Kính gửi: Ủy ban nhân dân huyện Long Thành." in text
    for basis in result.campaigns[CAMPAIGN].data["legal_basis"]:
        assert f"Căn cứ {basis}" in text
    assert "Kế hoạch số …/KH-BCĐ năm 2024 của Ban Chỉ đạo cải cách hành chính huyện Long Thành" in text
    assert "05 tập thể, 10 cá nhân (mục II.2 của Kế hoạch)" in text           # the quota
    assert "tặng Giấy khen cho 05 tập thể và 10 cá nhân" in text               # the proposal
    assert "Có danh sách" in text and "TRƯỞNG PHÒNG" in text and "Nơi nhận:" in text
    doc = docx.Document(str(written[0]))
    assert doc.core_properties.author == "thidua"
    assert doc.core_properties.created == dt.datetime(2025, 1, 25, tzinfo=doc.core_properties.created.tzinfo)
    assert doc.core_properties.title.startswith("Tờ trình")


def test_list_rows_follow_vietnamese_order(written: list[Path], result: CheckResult) -> None:
    doc = docx.Document(str(written[1]))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ", "Đơn vị",
                                              "Thành tích tóm tắt"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None             # repeated on each page
    assert {b.get(qn("w:val")) for b in table._tbl.tblPr.find(qn("w:tblBorders"))} == {"single"}
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0][0].startswith("I. TẬP THỂ") and rows[len(COLLECTIVES) + 1][0].startswith("II. CÁ NHÂN")
    data = [r for r in rows if not r[0].startswith(("I.", "II."))]
    assert [r[1] for r in data] == COLLECTIVES + INDIVIDUALS
    assert [r[0] for r in data] == [str(i) for i in range(1, 6)] + [str(i) for i in range(1, 11)]
    # the same order, computed: the decision's nominees sorted with the site's collation
    decided = {n.id: n for n in result.nominations if n.id in result.reviews[CAMPAIGN].decision.commended}
    expected = (sorted((n.name for n in decided.values() if n.kind == "collective"), key=vi_key)
                + sorted((n.name for n in decided.values() if n.kind == "individual"), key=person_key))
    assert [r[1] for r in data] == expected
    assert [n.name for n in proposed_nominations(result, CAMPAIGN)] == expected
    by_name = {r[1]: r for r in data}
    assert by_name["Nguyễn Thị Thu Hà"][2:4] == ["Công chức Văn phòng – Thống kê, phụ trách Bộ phận Một cửa",
                                                "UBND xã Long An"]
    assert by_name["Nguyễn Thị Thu Hà"][4].startswith("Tiếp nhận và giải quyết 2.486 hồ sơ")
    assert by_name["UBND xã Long Đức"][2] == ""                               # collectives have no position


def test_reports_state_their_form(written: list[Path], result: CheckResult) -> None:
    kinds = {f"{n.unit_id}--{n.slug}.docx": n for n in proposed_nominations(result, CAMPAIGN)}
    for path in written[2:]:
        n = kinds[path.name]
        text = all_text(path)
        number = "02" if n.kind == "collective" else "03"
        assert f"(Theo Mẫu số {number}, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP)" in text, path.name
        assert "Mẫu số 07 kèm theo Nghị định số 91/2017/NĐ-CP" in text and "thay thế" in text
        assert "BÁO CÁO THÀNH TÍCH" in text and n.name in text
        assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text and "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
        assert ("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" if n.kind == "collective" else "I. SƠ LƯỢC LÝ LỊCH") in text
        for achievement in n.values.get("achievements") or []:
            assert achievement.strip() in text
        for item in n.values.get("initiatives") or []:
            assert item["title"] in text


def test_report_prefill(written: list[Path]) -> None:
    root = written[0].parent / REPORTS
    text = all_text(root / "xa-long-an--nguyen-thi-thu-ha.docx")
    assert "- Họ và tên: Nguyễn Thị Thu Hà" in text
    assert "- Đơn vị công tác: UBND xã Long An" in text
    assert "- Chức vụ (Đảng, chính quyền, đoàn thể): Công chức Văn phòng – Thống kê, phụ trách Bộ phận Một cửa" in text
    assert "(áp dụng từ ngày 01/06/2024)" in text                             # applied_on as dd/mm/yyyy
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text
    doc = docx.Document(str(root / "xa-long-an--nguyen-thi-thu-ha.docx"))
    leaders = [t for t in doc.element.body.iter(qn("w:tab")) if t.get(qn("w:leader")) == "dot"]
    assert leaders                                                           # dotted lines to complete
    collective = all_text(root / "xa-long-an--bo-phan-mot-cua.docx")
    assert "ỦY BAN NHÂN DÂN\nXÃ LONG AN" in collective
    assert "Kết quả chỉ số CCHC năm 2024: Hoàn thành xuất sắc." in collective
    assert "(áp dụng từ ngày 15/05/2024)" in collective
    assert "THỦ TRƯỞNG ĐƠN VỊ" in collective


def test_no_private_data(written: list[Path], result: CheckResult) -> None:
    private = result.schemas.private_fields
    assert {"date_of_birth", "gender", "rating", "discipline", "pending_investigation",
            "leader_discipline"} <= private
    titles = {f.title for kind in ("individual", "collective") for f in result.schemas[kind].fields if f.private}
    births = [n.values["date_of_birth"] for n in result.nominations if n.values.get("date_of_birth")]
    assert births
    needles = set(titles) | {"Ngày sinh", "Sinh ngày"}
    for day in births:
        needles |= {day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}"}
    for path in written:
        text = all_text(path).casefold()
        found = [needle for needle in needles if needle.casefold() in text]
        assert not found, (path.name, found)


def test_text_is_nfc(written: list[Path]) -> None:
    for path in written:
        text = all_text(path)
        assert text == unicodedata.normalize("NFC", text), path.name


def test_deterministic(result: CheckResult, written: list[Path], tmp_path: Path) -> None:
    again = write_documents(result, CAMPAIGN, tmp_path, today=TODAY)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(written[0].parent) for p in written]
    for first, second in zip(written, again, strict=False):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_falls_back_to_appraised_and_prunes_stale_reports(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo", examples=True)
    for name in ("appraisals.csv", "votes.csv", "decision.yaml"):
        source = PROJECT / "campaigns" / CAMPAIGN / name
        if source.exists():
            shutil.copy(source, root / "campaigns" / CAMPAIGN / name)
    out = tmp_path / "out"
    stale = out / REPORTS / "old--gone.docx"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"stale")
    (root / "campaigns" / CAMPAIGN / "decision.yaml").unlink()
    (root / "campaigns" / CAMPAIGN / "votes.csv").unlink()
    result = run_check(root)
    appraised = [n for n in result.nominations if n.status == "appraised"]
    assert appraised and not any(n.status in ("selected", "commended") for n in result.nominations)
    paths = write_documents(result, CAMPAIGN, out, today=TODAY)
    assert len(paths) == 2 + len(appraised)
    assert not stale.exists()
    text = all_text(paths[0])
    assert "Căn cứ kết quả bình xét" not in text                              # there was no vote


def test_nothing_to_propose(repo: Path, tmp_path: Path) -> None:
    result = run_check(repo)
    with pytest.raises(ValueError):
        write_documents(result, CAMPAIGN, tmp_path / "out", today=TODAY)
    with pytest.raises(ValueError):
        write_documents(result, "khong-co", tmp_path / "out", today=TODAY)
