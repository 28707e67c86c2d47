"""The pull-request gate against hostile input, driven as CI drives it: a base commit, the
hostile commit on a branch, then `thidua check --changed-since main --actor <login> --format
github` in a fresh process with time and memory limits (tests/test_hostile.py's runner).

Three holes a hostile review found on the input side:
1. a small XLSX (or CSV) whose declared or real shape makes the reader work for an hour;
2. file names and values that start workflow commands in the runner's log;
3. document paths that leave the unit's own dossier/ through a link.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from conftest import base_repo
from test_hostile import (
    CSV_HEADER,
    TIME_LIMIT,
    UNIT,
    WHOLE_SHEET,
    XLSX_DATA,
    XLSX_HEAD,
    Run,
    thidua,
    write,
    xlsx_entity_bomb,
    xlsx_far_cell,
    xlsx_far_row,
    xlsx_package,
)
from test_lifecycle import git

ACTOR = "longan-vanthu"           # maintainer of xa-long-an in registry/units.csv
NOW = "2025-01-05T10:00:00"       # before the campaign's deadline
OTHER_UNIT = "submissions/cchc-2024/xa-tam-an"


def pull_request(tmp_path: Path, change: Callable[[Path], None]) -> Path:
    """The example repository committed on main, then `change` committed on a branch."""
    root = base_repo(tmp_path / "repo", examples=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Khởi tạo")
    git(root, "checkout", "-q", "-b", "de-nghi")
    change(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Hồ sơ của xã")
    return root


def gate(root: Path, fmt: str = "github", summary: Path | None = None) -> Run:
    run = thidua(root, "check", "--changed-since", "main", "--actor", ACTOR, "--now", NOW, "--format", fmt,
                 kill_after=TIME_LIMIT + 3, summary=summary)
    assert run.code is not None, f"killed after {run.seconds:.1f} s"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    return run


def problems(run: Run) -> list[dict]:
    return json.loads(run.stdout)["problems"]


def checked(tmp_path: Path, setup: Callable[[Path], object]) -> tuple[Run, dict]:
    """The example repository with `setup`'s files, checked in full (JSON) in bounded time."""
    root = base_repo(tmp_path / "repo", examples=True)
    setup(root)
    run = thidua(root, "check", "--format", "json", kill_after=TIME_LIMIT + 3)
    assert run.code is not None, (run.code, run.seconds)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    return run, json.loads(run.stdout)


# Annotation lines: `::error file=…,line=…,title=…::message` (`%` escapes, no raw ':' or ',' in properties).
ANNOTATION = re.compile(r"::(error|warning) (file=[^,:]*,)?(line=\d+,)?title=[^,:]*::.*")


def annotations(out: str) -> list[dict[str, str]]:
    found = []
    for line in out.splitlines():
        match = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line)
        if match:
            props = dict(kv.split("=", 1) for kv in match.group(2).split(","))
            def unescape(t: str) -> str:  # the runner's rules, in reverse
                return (t.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",")
                        .replace("%25", "%"))

            found.append({**{k: unescape(v) for k, v in props.items()}, "severity": match.group(1),
                          "body": unescape(match.group(3))})
    return found


# ---------------------------------------------------------------------------------------------
# 1. Table inputs: the work is bounded by what the file holds, refusal is located.

def test_gate_refuses_a_sheet_with_a_cell_in_the_last_row(tmp_path: Path) -> None:
    root = pull_request(tmp_path, xlsx_far_row)
    run = gate(root)
    assert run.code == 1, (run.code, run.seconds, run.stdout[-2000:])
    found = [a for a in annotations(run.stdout) if a.get("file") == f"{UNIT}/individuals.xlsx"]
    assert [(a["title"], a.get("line")) for a in found] == [("file-too-large", "1048576")], run.stdout
    assert "ngoài 500 dòng" in found[0]["body"] and "Xóa các dòng thừa" in found[0]["body"]
    assert "A1048576" in found[0]["body"]


def test_a_cell_in_the_last_column_is_located(tmp_path: Path) -> None:
    run, report = checked(tmp_path, xlsx_far_cell)
    rel = f"{UNIT}/individuals.xlsx"
    mine = [p for p in report["problems"] if p.get("path") == rel]
    assert run.code == 1 and [(p["code"], p.get("line")) for p in mine] == [("file-too-large", 2)], mine
    assert "cột 16384 (XFD)" in mine[0]["message"] and "mẫu" in mine[0]["hint"]
    assert not [n for n in report["nominations"] if n["path"] == rel], "a refused sheet has no rows"


def test_a_declared_whole_sheet_dimension_is_ignored(tmp_path: Path) -> None:
    """The dimension is what the file says, not what it holds: the rows are read as usual."""
    empty_far_rows = "".join(f'<row r="{1_040_000 + i}"/>' for i in range(5_000))

    def sheets(root: Path) -> None:
        write(root, f"{UNIT}/individuals.xlsx", xlsx_package(XLSX_HEAD + XLSX_DATA, WHOLE_SHEET))
        write(root, f"{UNIT}/collectives.xlsx", xlsx_package(
            XLSX_HEAD.replace("Họ và tên", "Tên tập thể") + empty_far_rows, WHOLE_SHEET))
    run, report = checked(tmp_path, sheets)
    codes = {p["code"] for p in report["problems"] if p.get("path", "").endswith(".xlsx")}
    assert not codes & {"file-too-large", "file-encoding"}, codes
    rows = [n for n in report["nominations"] if n["path"] == f"{UNIT}/individuals.xlsx"]
    assert [(n["name"], n["verdict"]) for n in rows] == [("Nguyễn Văn Xa", "invalid")]  # missing fields
    assert not [n for n in report["nominations"] if n["path"] == f"{UNIT}/collectives.xlsx"]


def test_a_filled_template_with_formatted_rows_to_1000_is_read(tmp_path: Path) -> None:
    """The site's own template formats empty cells down to row 1,000: that is not data."""
    import io

    import openpyxl

    from site_builder.model.campaign import campaign_schemas
    from site_builder.publish.templates.spreadsheet import xlsx_template

    def filled(root: Path) -> None:
        spec = campaign_schemas(root, "cchc-2024")["individual"]
        book = openpyxl.load_workbook(io.BytesIO(xlsx_template(spec, ["Hướng dẫn"])))
        sheet = book.worksheets[0]
        column = next(c.column for c in sheet[1] if c.value == spec.by_name["name"].title)
        sheet.cell(row=2, column=column, value="Nguyễn Văn Mẫu")
        assert sheet.max_row >= 1000  # formatted, empty
        book.save(root / UNIT / "individuals.xlsx")
    _, report = checked(tmp_path, filled)
    assert not [p for p in report["problems"] if p["code"] == "file-too-large"], report["problems"]
    assert [n["name"] for n in report["nominations"] if n["path"] == f"{UNIT}/individuals.xlsx"] == ["Nguyễn Văn Mẫu"]


def test_an_xlsx_with_entities_is_refused_in_words(tmp_path: Path) -> None:
    run, report = checked(tmp_path, xlsx_entity_bomb)
    mine = [p for p in report["problems"] if p.get("path") == f"{UNIT}/individuals.xlsx"]
    assert run.code == 1 and [p["code"] for p in mine] == ["file-encoding"], mine
    assert "Error" not in mine[0]["message"] and "XML" in mine[0]["message"], "no exception class names"


def test_csv_text_beyond_the_template_columns_is_located(tmp_path: Path) -> None:
    wide = "Nguyễn Văn Rộng" + "," * 40_000 + "tràn"
    run, report = checked(tmp_path, lambda root: write(  # empty columns beyond the header's are fine
        root, f"{UNIT}/individuals.csv", f"{CSV_HEADER},,,\n{wide}\n"))
    mine = [p for p in report["problems"] if p.get("path") == f"{UNIT}/individuals.csv"]
    assert run.code == 1 and [(p["code"], p.get("line")) for p in mine] == [("file-too-large", 2)], mine
    assert "cột 40001" in mine[0]["message"]


# ---------------------------------------------------------------------------------------------
# 2. Workflow commands: nothing submitted starts a line, every annotation is one line.

INJECTED_NAME = "\n::stop-commands::tam-dung\n.yaml"


def injection(root: Path) -> None:
    write(root, f"{UNIT}/{INJECTED_NAME}", "kind: individual\n")
    good = (root / UNIT / "tran-quoc-bao.yaml").read_text(encoding="utf-8")
    write(root, f"{UNIT}/tran-quoc-bao.yaml", good.replace(
        "employment_type: can_bo", 'employment_type: "can_bo\\n::error::gia-mao %0A::add-mask::an-di"').replace(
        "kind: individual", 'kind: individual\n"ghi\\r\\n::notice::chu": x'))
    write(root, "::warning::tep-goc", "o thu muc goc\n")  # a path at the root: the plain line starts with it


def test_gate_output_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    root = pull_request(tmp_path, injection)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    run = gate(root, summary=summary)
    report = gate(root, "json")
    assert run.code == 1 and report.code == 1
    expected = problems(report)
    # Every line that starts (after blanks) with '::' or '##[' is one of the reporter's annotations.
    commands = [line for line in run.stdout.splitlines() if re.match(r"\s*(::|##\[)", line)]
    assert all(ANNOTATION.fullmatch(line) for line in commands), commands
    assert len(commands) == min(10, len(expected)), (commands, expected)  # one line each
    assert not re.search(r"[\r\x00-\x08\x0b-\x1f]", run.stdout)
    bodies = {a["title"]: a for a in annotations(run.stdout)}
    assert "'\\n::stop-commands::tam-dung\\n.yaml'" in bodies["unknown-file"]["body"]
    assert "%0A::add-mask::an-di" in bodies["invalid-value · employment_type"]["body"]
    assert "unknown-field · ghi\\r\\n::notice::chu" in bodies
    assert bodies["not-authorized"]["file"] == "::warning::tep-goc"
    assert any(line.startswith("./::warning::tep-goc:0: error: [not-authorized]") for line in run.stdout.splitlines())
    text = gate(root, "text")
    assert not [line for line in text.stdout.splitlines() if re.match(r"\s*(::|##\[)", line)], text.stdout
    assert not re.search(r"[\r\x00-\x08\x0b-\x1f]", text.stdout)
    assert "'\\n::stop-commands::tam-dung\\n.yaml'" in text.stdout
    markdown = summary.read_text(encoding="utf-8")
    assert markdown.startswith("## Kết quả kiểm tra hồ sơ thi đua") and "\r" not in markdown
    assert not [line for line in markdown.splitlines() if re.match(r"\s*(::|##\[)", line)], markdown
    rows = [line for line in markdown.splitlines() if "`unknown-file`" in line]
    assert len(rows) == 1 and "\\\\n::stop-commands::tam-dung" in rows[0]


def test_names_with_control_characters_are_refused(tmp_path: Path) -> None:
    def names(root: Path) -> None:
        write(root, f"{UNIT}/dossier/to-trinh\u202efdp.pdf", b"%PDF-1.4\n")
        write(root, f"{UNIT}/thu\tmuc/ho-so.yaml", "kind: individual\n")
        write(root, "submissions/cchc-2024/xa\x1b[31m-do/ho-so.yaml", "kind: individual\n")
    run, report = checked(tmp_path, names)
    assert run.code == 1
    found = {p["path"]: p for p in report["problems"] if p["code"] == "unknown-file"}
    for path, shown in ((f"{UNIT}/dossier/to-trinh\u202efdp.pdf", "to-trinh\\u202efdp.pdf"),
                        (f"{UNIT}/thu\tmuc/ho-so.yaml", "thu\\tmuc"),
                        ("submissions/cchc-2024/xa\x1b[31m-do/ho-so.yaml", "xa\\x1b[31m-do")):
        assert path in found, (path, list(found))
        assert f"'{shown}'" in found[path]["message"] and "ký tự điều khiển" in found[path]["message"]
    assert not [n for n in report["nominations"] if "\t" in n["path"] or "\x1b" in n["path"]]


# ---------------------------------------------------------------------------------------------
# 3. dossier/: a regular PDF inside the unit's own folder, nothing else, at any depth.

def dossier_escape(root: Path) -> None:
    dossier = root / UNIT / "dossier"
    (dossier / "xa-khac").symlink_to("../../xa-tam-an/dossier")
    (dossier / "phu" / "sau").mkdir(parents=True)
    (dossier / "phu" / "sau" / "he-thong.pdf").symlink_to("/etc/passwd")
    (dossier / "phu" / "bao-cao-phu.pdf").write_bytes((dossier / "to-trinh.pdf").read_bytes())
    (dossier / "phu" / ".gitkeep").write_bytes(b"")
    for name in ("trang.html", "chay.exe", "to-trinh.docx", ".DS_Store"):
        (dossier / name).write_bytes(b"<html>noi-dung-la</html>")
    (dossier / ".an").mkdir()
    (dossier / ".an" / "an.pdf").write_bytes(b"%PDF-1.4\n")
    text = (root / UNIT / "tran-quoc-bao.yaml").read_text(encoding="utf-8")
    write(root, f"{UNIT}/tran-quoc-bao.yaml", text.replace("dossier/to-trinh.pdf", "dossier/xa-khac/to-trinh.pdf")
          .replace("dossier/bien-ban-hop-xet.pdf", "dossier/phu/sau/he-thong.pdf")
          .replace("dossier/bao-cao-tran-quoc-bao.pdf", "dossier/phu/bao-cao-phu.pdf"))


def test_gate_refuses_paths_out_of_the_dossier(tmp_path: Path) -> None:
    root = pull_request(tmp_path, dossier_escape)
    run = gate(root, "json")
    assert run.code == 1
    found = {(p.get("path"), p["code"], p.get("field")) for p in problems(run)}
    d = f"{UNIT}/dossier"
    assert {(f"{d}/xa-khac", "file-not-regular", None), (f"{d}/phu/sau/he-thong.pdf", "file-not-regular", None),
            (f"{d}/trang.html", "unknown-file", None), (f"{d}/chay.exe", "unknown-file", None),
            (f"{d}/to-trinh.docx", "unknown-file", None), (f"{d}/.DS_Store", "unknown-file", None),
            (f"{d}/.an/an.pdf", "unknown-file", None),
            (f"{UNIT}/tran-quoc-bao.yaml", "dossier-file", "to_trinh"),
            (f"{UNIT}/tran-quoc-bao.yaml", "dossier-file", "bien_ban")} <= found, found
    assert not [f for f in found if f[0] in (f"{d}/phu/bao-cao-phu.pdf", f"{d}/phu/.gitkeep")
                or f[2] == "bao_cao_thanh_tich"], found
    messages = {p.get("field") or p["path"]: p["message"] for p in problems(run)}
    assert "liên kết" in messages["to_trinh"] and "dossier/xa-khac" in messages["to_trinh"]
    assert "không phải tệp PDF" in messages[f"{d}/chay.exe"] and "Tệp ẩn" in messages[f"{d}/.DS_Store"]
    github = gate(root)
    assert "root:x:0" not in github.stdout + run.stdout
    assert any(a.get("file") == f"{d}/xa-khac" and a["title"] == "file-not-regular" for a in annotations(github.stdout))


def test_a_linked_dossier_folder_is_refused(tmp_path: Path) -> None:
    def link_dossier(root: Path) -> None:
        target = root / "submissions/cchc-2024/xa-long-duc/dossier"
        for name in ("to-trinh.pdf", "bien-ban-hop-xet.pdf", "bao-cao-tran-quoc-bao.pdf"):
            (target / name).write_bytes((root / UNIT / "dossier" / "to-trinh.pdf").read_bytes())
        for item in (root / UNIT / "dossier").iterdir():
            item.unlink()
        (root / UNIT / "dossier").rmdir()
        (root / UNIT / "dossier").symlink_to("../xa-long-duc/dossier")
        good = (root / UNIT / "tran-quoc-bao.yaml").read_text(encoding="utf-8")
        write(root, f"{UNIT}/tran-quoc-bao.yaml", good.replace("Phó Chủ tịch", "Chủ tịch"))
    root = pull_request(tmp_path, link_dossier)
    run = gate(root, "json")
    assert run.code == 1
    assert [p["code"] for p in problems(run) if p.get("path") == f"{UNIT}/dossier"] == ["file-not-regular"]
    by_field = {p.get("field"): p for p in problems(run) if p.get("path") == f"{UNIT}/tran-quoc-bao.yaml"}
    assert {"to_trinh", "bien_ban", "bao_cao_thanh_tich"} <= set(by_field), by_field
    assert all(by_field[f]["code"] == "dossier-file" and "'dossier' là liên kết" in by_field[f]["message"]
               for f in ("to_trinh", "bien_ban", "bao_cao_thanh_tich"))


def test_document_paths_are_plain_paths_inside_the_dossier(tmp_path: Path) -> None:
    cases = {"dot-dot": "dossier/../dossier/to-trinh.pdf", "dot": "./dossier/to-trinh.pdf",
             "double-slash": "dossier//to-trinh.pdf", "unit-folder": "to-trinh.pdf",
             "nul": '"dossier/to-trinh.pdf\\0.txt"', "sub-folder": "dossier/phu/bien-ban.pdf"}

    def nominations(root: Path) -> None:
        write(root, f"{UNIT}/dossier/phu/bien-ban.pdf", b"%PDF-1.4\n")
        write(root, f"{UNIT}/to-trinh.pdf", b"%PDF-1.4\n")
        good = (root / UNIT / "tran-quoc-bao.yaml").read_text(encoding="utf-8")
        for slug, value in cases.items():
            write(root, f"{UNIT}/duong-dan-{slug}.yaml",
                  good.replace("name: Trần Quốc Bảo", f"name: Trần Quốc Bảo {slug.upper()}").replace(
                      "to_trinh: dossier/to-trinh.pdf", f"to_trinh: {value}"))
    _, report = checked(tmp_path, nominations)
    refused = {p["path"].rsplit("duong-dan-", 1)[1][:-5] for p in report["problems"]
               if "duong-dan-" in p.get("path", "") and p.get("field") == "to_trinh" and p["severity"] == "error"}
    assert refused == set(cases) - {"sub-folder"}, refused
