"""`thidua new campaign` and `thidua init`, end to end in fresh folders: what they write checks
clean and builds."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, Run, base_repo, thidua

SCAFFOLD = PROJECT / "site_builder" / "scaffold"


def _clean(root: Path) -> dict:
    run = thidua(root, "check", "--format", "json")
    report = run.json()
    assert run.code == 0 and report["summary"]["errors"] == 0, report["problems"][:5]
    return report


def test_the_packaged_copies_of_schema_and_workflows_are_fresh() -> None:
    """`init` copies the package's schema and workflows: they must be this repository's."""
    for packaged, source in ((SCAFFOLD / "repository" / "schema", PROJECT / "schema"),
                             (SCAFFOLD / "repository" / "workflows", PROJECT / ".github" / "workflows")):
        names = sorted(p.name for p in source.iterdir() if p.is_file())
        assert sorted(p.name for p in packaged.iterdir()) == names
        for name in names:
            assert (packaged / name).read_bytes() == (source / name).read_bytes(), (
                f"copy {source / name} to {packaged / name}")


@pytest.mark.parametrize("kind", ["thematic", "yearly-titles"])
def test_new_campaign_from_a_scaffold_checks_clean(kind: str, tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo", examples=True)
    run = thidua(root, "new", "campaign", "danh-hieu-2026", "--kind", kind)
    assert run.code == 0, run.stderr
    folder = root / "campaigns" / "danh-hieu-2026"
    assert sorted(p.name for p in folder.iterdir()) == ["campaign.yaml", "plan.md"]
    assert (root / "schema/json/danh-hieu-2026/individual.schema.json").is_file()  # for editors, kept fresh
    text = (folder / "campaign.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/json/campaign.schema.json\n")
    assert "id: danh-hieu-2026" in text and 'start: "2026-01-01"' in text and "SỬA" in text and "${" not in text
    assert "secretariat_unit: phong-noi-vu" in text  # the latest campaign's secretariat
    _clean(root)


def test_new_campaign_from_an_existing_one_moves_its_dates_and_leaves_its_records(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo")
    for name in ("appraisals.csv", "votes.csv", "decision.yaml"):
        shutil.copy(PROJECT / "campaigns" / "cchc-2024" / name, root / "campaigns" / "cchc-2024" / name)
    source = root / "campaigns" / "cchc-2024" / "campaign.yaml"
    modeline = "# yaml-language-server: $schema=../../schema/json/campaign.schema.json\n"
    if not source.read_text(encoding="utf-8").startswith(modeline):
        source.write_text(modeline + source.read_text(encoding="utf-8"), encoding="utf-8")
    run = thidua(root, "new", "campaign", "cchc-2025", "--from", "cchc-2024")
    assert run.code == 0, run.stderr
    folder = root / "campaigns" / "cchc-2025"
    assert (folder / "campaign.yaml").read_text(encoding="utf-8").startswith(modeline + "# Sao từ campaigns/cchc-2024/")
    assert sorted(p.name for p in folder.iterdir()) == ["campaign.yaml", "plan.md"]  # no review records
    text = (folder / "campaign.yaml").read_text(encoding="utf-8")
    assert "id: cchc-2025" in text and "cchc-2024\n" not in text.split("id:", 1)[1].split("\n", 1)[0]
    assert 'start: "2025-04-25"' in text and 'before: "2026-01-10"' in text and 'supplement_until: "2026-01-20"' in text
    assert "huyện Long Thành năm 2025" in text and "# SỬA: tên đợt thi đua mới" in text
    assert "06/2022/QH15" in text  # the years in the numbers of laws stay
    plan = (folder / "plan.md").read_text(encoding="utf-8")
    assert plan.startswith("<!-- Sao từ kế hoạch của đợt cchc-2024") and "năm 2025" in plan
    report = thidua(root, "check", "--format", "json").json()
    assert not [p for p in report["problems"] if "cchc-2025" in (p.get("path") or "")]


@pytest.mark.parametrize(("args", "message"), [
    (("new", "campaign", "cchc-2024"), "đã có"),
    (("new", "campaign", "Đợt Mới"), "không hợp lệ"),
    (("new", "campaign", "../x"), "không hợp lệ"),
    (("new", "campaign"), "không hợp lệ"),
    (("new", "campaign", "moi-2026", "--from", "khong-co"), "Không có đợt thi đua 'khong-co'"),
    (("new", "campaign", "moi-2026", "--unit", "xa-long-an"), "--unit"),
    (("new", "individual", "--unit", "xa-long-an"), "--name"),
    (("new", "individual", "x", "--unit", "xa-long-an", "--name", "A B"), "chỉ dùng với"),
])
def test_new_refuses_in_vietnamese(args: tuple[str, ...], message: str, repo: Path) -> None:
    run = thidua(repo, *args)
    assert run.code == 2 and message in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.name for p in (repo / "campaigns").iterdir()) == ["cchc-2024"]


def test_a_units_template_goes_to_the_latest_campaign_it_may_submit_to(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for name in ("schema", "registry", "campaigns"):
        shutil.copytree(PROJECT / name, root / name)
    assert thidua(root, "new", "individual", "--unit", "xa-long-an", "--name", "Lê Văn Cũ").code == 0
    assert (root / "submissions/cchc-2024/xa-long-an/le-van-cu.yaml").is_file()  # ended 30/6/2025
    assert thidua(root, "new", "individual", "--unit", "xa-long-thanh-van-phong", "--name", "Lê Thị Mới").code == 0
    assert (root / "submissions/xa-long-thanh-2025/xa-long-thanh-van-phong/le-thi-moi.yaml").is_file()


def campaign_id(root: Path) -> str:
    (folder,) = (root / "campaigns").iterdir()
    return folder.name


def _init(tmp_path: Path, *args: str) -> tuple[Path, Run]:
    target = tmp_path / "to-chuc"
    return target, thidua(tmp_path, "init", str(target), *args)


@pytest.mark.slow
def test_init_makes_a_repository_that_checks_clean_and_builds(tmp_path: Path) -> None:
    root, run = _init(tmp_path, "--name", "Ủy ban nhân dân xã Long Phước", "--secretariat", "van-phong",
                      "--maintainer", "nguyen-van-a")
    assert run.code == 0, run.stderr
    for rel in ("registry/units.csv", "MAINTAINERS", "schema/individual.schema.json", ".github/CODEOWNERS",
                "schema/json/campaign.schema.json", f"schema/json/{campaign_id(root)}/individual.schema.json",
                ".github/workflows/check.yml", ".github/workflows/deploy.yml", ".github/workflows/comment.yml",
                "mkdocs.yml", "docs/gioi-thieu.md", "docs/lien-he.md", "README.md", ".gitignore"):
        assert (root / rel).is_file(), rel
    (campaign,) = (root / "campaigns").iterdir()
    assert sorted(p.name for p in campaign.iterdir()) == ["campaign.yaml", "plan.md"]
    for name in ("check.yml", "deploy.yml"):
        workflow = (root / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert "pip install ." not in workflow and 'python -m pip install "thidua==' in workflow
    assert "Ủy ban nhân dân xã Long Phước" in (root / "README.md").read_text(encoding="utf-8")
    assert "*  @nguyen-van-a" in (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    log = subprocess.run(["git", "log", "--format=%s"], cwd=root, capture_output=True, text=True, check=True)
    assert log.stdout.count("\n") == 1
    _clean(root)
    # A second campaign, then the site.
    assert thidua(root, "new", "campaign", "danh-hieu-2026", "--kind", "yearly-titles").code == 0
    assert thidua(root, "codeowners").code == 0
    _clean(root)
    out = tmp_path / "site"
    build = thidua(root, "build", "--out", str(out), timeout=300)
    assert build.code == 0, build.stderr
    assert (out / "index.html").is_file() and (out / "danh-hieu-2026" / "index.html").is_file()
    assert (out / campaign.name / "index.html").is_file()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    assert ".thidua-cache" not in status.stdout


def test_init_imports_the_units_from_csv_and_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    csv_file = tmp_path / "don-vi.csv"
    csv_file.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị,Đơn vị cấp trên\n"
                        "ubnd-xa,UBND xã Long Phước,xa,\nvan-phong,Văn phòng HĐND và UBND xã,co_quan,ubnd-xa\n",
                        encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.append(["unit_id", "name", "kind", "parent_id", "maintainers"])
    sheet.append(["ubnd-xa", "UBND xã Bình An", "xa", None, "binhan-vanthu"])
    sheet.append(["phong-vhxh", "Phòng Văn hóa – Xã hội", "co_quan", "ubnd-xa", None])
    xlsx_file = tmp_path / "don-vi.xlsx"
    book.save(xlsx_file)
    cases = ((csv_file, "van-phong", "van-phong,Văn phòng HĐND và UBND xã,co_quan,ubnd-xa"),
             (xlsx_file, "phong-vhxh", "phong-vhxh,Phòng Văn hóa – Xã hội,co_quan,ubnd-xa"))
    for source, secretariat, expected in cases:
        target = tmp_path / source.suffix[1:]
        run = thidua(tmp_path, "init", str(target), "--name", "UBND xã", "--secretariat", secretariat,
                     "--units", str(source), "--thidua", "git+https://github.com/example/thidua@" + "a" * 40)
        assert run.code == 0, run.stderr
        units = (target / "registry" / "units.csv").read_text(encoding="utf-8").splitlines()
        assert units[0] == "unit_id,name,kind,parent_id,active_from,active_to,maintainers,successor_id"
        assert len(units) == 3 and any(line.startswith(expected) for line in units)
        assert "@" + "a" * 40 in (target / ".github/workflows/check.yml").read_text(encoding="utf-8")
        _clean(target)


@pytest.mark.parametrize(("args", "message"), [
    (("--name", "X Y", "--secretariat", "Van Phong"), "không hợp lệ"),
    (("--name", "X Y", "--secretariat", "van-phong", "--thidua", "thidua"), "phiên bản cố định"),
    (("--name", "X Y", "--secretariat", "van-phong", "--thidua", "git+https://x/y@main"), "phiên bản cố định"),
    (("--name", "X Y", "--secretariat", "khong-co", "--units", "UNITS"), "không có trong"),
    (("--name", "X Y", "--secretariat", "van-phong", "--units", "BAD"), "lỗi"),
    (("--name", "X Y", "--secretariat", "van-phong", "--units", "ODS"), ".csv hoặc .xlsx"),
])
def test_init_refuses_in_vietnamese_and_writes_nothing(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("unit_id,name,kind\nvan-phong,Văn phòng,co_quan\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("unit_id,name,kind,parent_id\nvan-phong,Văn phòng,co_quan,khong-co\n",
                                      encoding="utf-8")
    (tmp_path / "units.ods").write_bytes(b"PK")
    files = {"UNITS": "units.csv", "BAD": "bad.csv", "ODS": "units.ods"}
    target, run = _init(tmp_path, *(str(tmp_path / files[a]) if a in files else a for a in args))
    assert run.code == 2 and message in run.stderr and "Traceback" not in run.stderr
    assert not target.exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "co-san"
    target.mkdir()
    (target / "ghi-chu.txt").write_text("x", encoding="utf-8")
    run = thidua(tmp_path, "init", str(target), "--name", "X Y", "--secretariat", "van-phong")
    assert run.code == 2 and "đã có nội dung" in run.stderr
    assert sorted(p.name for p in target.iterdir()) == ["ghi-chu.txt"]
