"""The command line through its real entry point: reports, exit codes, templates."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import PROJECT, thidua

CONTRACT_SUMMARY = {"files", "nominations", "eligible", "pending", "ineligible", "invalid", "errors", "warnings"}
CONTRACT_NOMINATION = {"id", "path", "kind", "unit_id", "name", "verdict", "status", "problems"}


def test_example_repository_checks_clean() -> None:
    # The 2024 example (the 2025 one: test_campaign2025.py); the whole repository checks clean too.
    assert thidua(PROJECT, "check").code == 0
    run = thidua(PROJECT, "check", "submissions/cchc-2024", "--format", "json")
    assert run.code == 0, run.stdout[-2000:] + run.stderr
    report = run.json()
    assert report["version"] == 1 and report["ok"] is True
    assert set(report["summary"]) == CONTRACT_SUMMARY
    s = report["summary"]
    assert s["errors"] == 0 and s["invalid"] == 0 and s["ineligible"] == 0
    assert s["pending"] >= 1 and s["nominations"] >= 20
    kinds = {n["kind"] for n in report["nominations"]}
    sources = {Path(n["path"]).suffix for n in report["nominations"]}
    units = {n["unit_id"] for n in report["nominations"]}
    assert kinds == {"individual", "collective"} and sources == {".yaml", ".csv", ".xlsx"} and len(units) >= 6
    for n in report["nominations"]:
        assert set(n) == CONTRACT_NOMINATION
        assert n["id"] == f"cchc-2024/{n['unit_id']}/{Path(n['path']).stem}" or n["path"].endswith((".csv", ".xlsx"))
    statuses = {n["status"] for n in report["nominations"]}
    assert {"commended", "needs_supplement", "appraisal_failed", "not_selected"} <= statuses


def test_json_problem_records_follow_contract(repo: Path) -> None:
    unit = repo / "submissions/cchc-2024/xa-long-an"
    unit.mkdir(parents=True)
    (unit / "nguyen-van-a.yaml").write_text("kind: individual\nname: Nguyễn Văn A\nrating: gioi\n", encoding="utf-8")
    run = thidua(repo, "check", "--format", "json")
    assert run.code == 1
    report = run.json()
    (nomination,) = report["nominations"]
    assert nomination["verdict"] == "invalid" and nomination["status"] == "invalid"
    assert nomination["name"] == "Nguyễn Văn A"
    for p in report["problems"]:
        assert set(p) <= {"code", "severity", "message", "hint", "path", "line", "field", "citation"}
        assert p["severity"] in ("error", "warning") and p["path"] and p["message"] and p["hint"]
    missing = {p["field"] for p in report["problems"] if p["code"] == "missing-field"}
    assert {"position", "employment_type", "cchc_role", "discipline", "conduct_ok", "pending_investigation"} <= missing
    assert any(p["code"] == "invalid-value" and p["field"] == "rating" and p["line"] == 3 for p in report["problems"])


def test_text_report_groups_by_file_without_colour(repo: Path) -> None:
    unit = repo / "submissions/cchc-2024/xa-long-an"
    unit.mkdir(parents=True)
    (unit / "a.yaml").write_text("kind: individual\nname: A B\n", encoding="utf-8")
    (unit / "b.yaml").write_text("kind: collective\nname: C D\n", encoding="utf-8")
    run = thidua(repo, "check")
    assert run.code == 1
    assert "\033[" not in run.stdout  # not a terminal: no colour
    lines = run.stdout.splitlines()
    assert lines.count("submissions/cchc-2024/xa-long-an/a.yaml") == 1
    assert lines.count("submissions/cchc-2024/xa-long-an/b.yaml") == 1
    assert "Cách sửa" in run.stdout and lines[-1].startswith("✗ ")


def test_github_format_annotations_and_summary(repo: Path, tmp_path: Path) -> None:
    unit = repo / "submissions/cchc-2024/xa-long-an"
    unit.mkdir(parents=True)
    for i in range(12):
        (unit / f"nguoi-{i}.yaml").write_text(f"kind: individual\nname: Người {i}, thử: 100%\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    run = thidua(repo, "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert run.code == 1
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 10
    assert "file=submissions/cchc-2024/xa-long-an/nguoi-0.yaml,line=" in annotations[0]
    assert any(line.startswith("::notice title=") and "%2C" in line for line in run.stdout.splitlines())
    plain = [line for line in run.stdout.splitlines() if ": error: [" in line]
    assert len(plain) > 10  # every problem as a plain line, for Forgejo/Gitea
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Kết quả kiểm tra") and text.count("nguoi-11.yaml") >= 1


def test_usage_errors_exit_2(repo: Path) -> None:
    assert thidua(repo, "check", "--format", "xml").code == 2
    assert thidua(repo, "check", "--now", "hôm qua", "--changed-since", "HEAD").code == 2
    outside = thidua(repo, "check", "/etc")
    assert outside.code == 2 and "ngoài kho" in outside.stderr
    assert thidua(repo, "check", "--changed-since", "khong-co-rev").code == 2


def test_broken_configuration_exits_2(repo: Path) -> None:
    (repo / "campaigns/cchc-2024/campaign.yaml").write_text("id: cchc-2024\ntitle: x\n", encoding="utf-8")
    run = thidua(repo, "check")
    assert run.code == 2 and "Traceback" not in run.stderr + run.stdout and "campaign.yaml" in run.stdout


def test_paths_limit_the_report(repo: Path) -> None:
    shutil.copytree(PROJECT / "submissions", repo / "submissions")
    bad = repo / "submissions/cchc-2024/xa-tam-an/sai.yaml"
    bad.write_text("kind: individual\n", encoding="utf-8")
    good = thidua(repo, "check", "submissions/cchc-2024/xa-long-an", "--format", "json")
    assert good.code == 0 and {n["unit_id"] for n in good.json()["nominations"]} == {"xa-long-an"}
    assert thidua(repo, "check", "submissions/cchc-2024/xa-tam-an").code == 1


def test_new_writes_a_template_that_guides_the_clerk(repo: Path) -> None:
    run = thidua(repo, "new", "individual", "--unit", "xa-long-an", "--name", "Nguyễn Thị Thu Hà")
    assert run.code == 0, run.stderr
    path = repo / "submissions/cchc-2024/xa-long-an/nguyen-thi-thu-ha.yaml"
    text = path.read_text(encoding="utf-8")
    assert "kind: individual" in text and '"Nguyễn Thị Thu Hà"' in text and "# Xếp loại năm 2024" in text
    check = thidua(repo, "check", "--format", "json")
    codes = {p["code"] for p in check.json()["problems"]}
    assert codes <= {"missing-field", "dossier-file", "achievement-required"}, codes  # what the clerk must fill in
    again = thidua(repo, "new", "individual", "--unit", "xa-long-an", "--name", "Nguyễn Thị Thu Hà")
    assert again.code == 2 and "đã có" in again.stderr
    assert thidua(repo, "new", "collective", "--unit", "xa-khong-co", "--name", "X").code == 2


def test_filled_template_is_eligible(repo: Path) -> None:
    thidua(repo, "new", "collective", "--unit", "xa-long-an", "--name", "Bộ phận Một cửa xã Long An")
    path = repo / "submissions/cchc-2024/xa-long-an/bo-phan-mot-cua-xa-long-an.yaml"
    text = path.read_text(encoding="utf-8")
    for field, value in (("nominee_unit_id", "xa-long-an-mot-cua"), ("cchc_index_result", "hoan_thanh_xuat_sac"),
                         ("internal_unity", "true"), ("law_compliance", "true"), ("leader_discipline", "khong"),
                         ("pending_investigation", "false"), ("female_share", "0.7")):
        text = text.replace(f'{field}: ""', f"{field}: {value}")
    text = text.replace('achievements:\n  - ""', "achievements:\n  - Số hóa 100% hồ sơ")
    path.write_text(text, encoding="utf-8")
    dossier = path.parent / "dossier"
    dossier.mkdir()
    for name in ("to-trinh.pdf", "bien-ban-hop-xet.pdf", "bao-cao-bo-phan-mot-cua-xa-long-an.pdf"):
        shutil.copy(PROJECT / "submissions/cchc-2024/xa-long-an/dossier/to-trinh.pdf", dossier / name)
    run = thidua(repo, "check", "--format", "json")
    assert run.code == 0, json.dumps(run.json()["problems"], ensure_ascii=False)
    assert run.json()["nominations"][0]["verdict"] == "eligible"


def test_codeowners_generated_and_stale_detected(repo: Path) -> None:
    (repo / "MAINTAINERS").write_text("# maintainers\n@org/tech alice\n", encoding="utf-8")
    run = thidua(repo, "codeowners")
    assert run.code == 0, run.stderr
    text = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "*  @org/tech @alice" in text
    # The secretariat co-owns unit folders: a unit's only maintainer cannot approve their own PR.
    assert (
        "/submissions/*/xa-long-an/  @longan-vanthu @pnv-longthanh-tdkt @pnv-longthanh-cchc @long-thanh/noi-vu" in text
    )
    assert "/campaigns/  @pnv-longthanh-tdkt" in text
    assert thidua(repo, "check").code == 0
    registry = repo / "registry/units.csv"
    registry.write_text(registry.read_text(encoding="utf-8").replace("longan-vanthu", "longan-moi"), encoding="utf-8")
    stale = thidua(repo, "check", "--format", "json")
    assert stale.code == 1 and [p["code"] for p in stale.json()["problems"]] == ["codeowners-stale"]


def test_progress_only_on_a_terminal() -> None:
    import io

    from site_builder.progress import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet, tty = io.StringIO(), Tty()
    for stream in (quiet, tty):
        progress = Progress(stream)
        progress.start -= 5  # as if the run had lasted five seconds
        progress.update("Đang đọc hồ sơ", 10, 100)
        progress.done()
    assert quiet.getvalue() == ""
    assert "Đang đọc hồ sơ: 10/100" in tty.getvalue()
    short = Tty()
    Progress(short).update("x", 1)
    assert short.getvalue() == ""  # runs shorter than the delay stay silent
