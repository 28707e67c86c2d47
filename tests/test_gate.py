"""The pull-request gate against a hostile unit, through real git histories and the real
command (`thidua check --changed-since REV --actor LOGIN`), as CI runs it.

- rights come from the comparison point, never from the change being checked;
- after the deadline a submitted nomination cannot be deleted or renamed unless the
  secretariat recorded its withdrawal, and a unit that has ended cannot change anything;
- problems the change causes are reported in the pull request, whatever file they sit on;
- the supplement window admits the supplement, not another nominee.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, thidua
from test_workflows import PDF, UNIT, Repo, add_nomination

CAMPAIGN = "campaigns/cchc-2024"
THU_HA = f"{UNIT}/nguyen-thi-thu-ha.yaml"
AFTER_DECISION = "2025-03-01T09:00:00"
IN_SUPPLEMENT_WINDOW = "2025-01-18T09:00:00"
AFTER_SUPPLEMENT_WINDOW = "2025-01-21T09:00:00"


@pytest.fixture
def history(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def problems(report: dict, code: str) -> list[dict]:
    return [p for p in report["problems"] if p["code"] == code]


def edit(repo: Repo, rel: str, old: str, new: str) -> None:
    path = repo.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(repo: Repo, rel: str, text: str) -> None:
    path = repo.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


# ---------------------------------------------------------------------------------------------
# 1. Rights are those of the comparison point.

def test_a_unit_cannot_grant_itself_another_units_folder(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    edit(history, "registry/units.csv", ",longan-vanthu,", ",longan-vanthu taman-vanthu,")
    rel = add_nomination(history, UNIT, "Lê Thị Hoa", "le-thi-hoa")
    history.commit("Xã Tam An tự cấp quyền cho mình ở xã Long An")
    code, report = history.check(base, "taman-vanthu")
    assert code == 1
    refused = {p["path"] for p in problems(report, "not-authorized")}
    assert {"registry/units.csv", rel} <= refused, report["problems"]
    message = problems(report, "not-authorized")[0]["hint"]
    assert "mốc so sánh" in message and "sau khi được hợp nhất" in message


def test_a_grant_takes_effect_once_merged(history: Repo) -> None:
    edit(history, "registry/units.csv", ",longan-vanthu,", ",longan-vanthu taman-vanthu,")
    history.commit("Phòng Nội vụ: thêm người quản lý hồ sơ cho xã Long An")
    base = history.git("rev-parse", "HEAD")
    add_nomination(history, UNIT, "Lê Thị Hoa", "le-thi-hoa")
    history.commit("Xã Long An: thêm hồ sơ")
    code, report = history.check(base, "taman-vanthu")
    assert code == 0, report["problems"]


def test_a_unit_cannot_make_itself_the_secretariat_of_a_new_campaign(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    plan = (history.root / CAMPAIGN / "campaign.yaml").read_text(encoding="utf-8")
    assert "secretariat_unit: phong-noi-vu" in plan
    (history.root / "campaigns/gia-mao-2025").mkdir()
    (history.root / "campaigns/gia-mao-2025/campaign.yaml").write_text(
        plan.replace("secretariat_unit: phong-noi-vu", "secretariat_unit: xa-long-an").replace(
            "id: cchc-2024", "id: gia-mao-2025"), encoding="utf-8")
    shutil.copy(history.root / CAMPAIGN / "plan.md", history.root / "campaigns/gia-mao-2025/plan.md")
    append(history, f"{CAMPAIGN}/decision.yaml", "number: 1/QĐ\nsigned_on: 2025-02-10\nsigner: Giả mạo\n"
           "commended:\n  - cchc-2024/xa-long-an/nguyen-thi-thu-ha\n")
    history.commit("Xã Long An tự làm cơ quan thường trực")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1
    refused = {p["path"] for p in problems(report, "not-authorized")}
    assert {"campaigns/gia-mao-2025/campaign.yaml", f"{CAMPAIGN}/decision.yaml"} <= refused, report["problems"]


def test_a_unit_cannot_make_itself_a_project_maintainer(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    append(history, "MAINTAINERS", "longan-vanthu\n")
    append(history, "site_builder/__init__.py", "# thay đổi\n")
    history.commit("Tự thêm vào MAINTAINERS")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1
    assert {"MAINTAINERS", "site_builder/__init__.py"} <= {p["path"] for p in problems(report, "not-authorized")}


def test_a_stale_codeowners_is_reported_in_the_pull_request_that_makes_it_stale(history: Repo) -> None:
    assert thidua(history.root, "codeowners").code == 0
    history.commit("CODEOWNERS")
    base = history.git("rev-parse", "HEAD")
    edit(history, "registry/units.csv", ",longan-vanthu,", ",longan-vanthu longan-tdkt,")
    history.commit("Phòng Nội vụ: thêm người quản lý hồ sơ, quên CODEOWNERS")
    code, report = history.check(base, "pnv-longthanh-tdkt")
    assert code == 1 and [p["path"] for p in problems(report, "codeowners-stale")] == [".github/CODEOWNERS"]
    # Regenerated in the same pull request: green, and the secretariat may change that file.
    assert thidua(history.root, "codeowners").code == 0
    history.commit("CODEOWNERS mới")
    code, report = history.check(base, "pnv-longthanh-tdkt")
    assert code == 0, report["problems"]


# ---------------------------------------------------------------------------------------------
# 2. A decision is a legal record: what it names cannot silently vanish.

def decide(repo: Repo) -> None:
    for name in ("appraisals.csv", "votes.csv", "decision.yaml"):
        shutil.copy(PROJECT / CAMPAIGN / name, repo.root / CAMPAIGN / name)
    repo.commit("Phòng Nội vụ: thẩm định, bình chọn, quyết định khen thưởng")


def test_a_commended_nomination_cannot_be_deleted(history: Repo) -> None:
    decide(history)
    base = history.git("rev-parse", "HEAD")
    history.git("rm", "-q", THU_HA)
    history.commit("Xã Long An xóa hồ sơ đã được khen thưởng")
    code, report = history.check(base, "longan-vanthu", now=AFTER_DECISION)
    assert code == 1
    deleted, = problems(report, "deadline-passed")
    assert deleted["path"] == THU_HA and "cchc-2024/xa-long-an/nguyen-thi-thu-ha" in deleted["message"]
    assert "withdrawals.csv" in deleted["hint"]
    # The decision that now names nothing is this pull request's doing, though it did not touch it.
    broken = {p["path"] for p in problems(report, "unknown-nomination")}
    assert broken == {f"{CAMPAIGN}/{name}" for name in ("decision.yaml", "appraisals.csv", "votes.csv")}


def test_a_renamed_nomination_is_a_deletion_after_the_deadline(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    history.git("mv", THU_HA, f"{UNIT}/nguyen-thi-thu-ha-2.yaml")
    history.commit("Đổi tên hồ sơ")
    code, report = history.check(base, "longan-vanthu", now=AFTER_DECISION)
    assert code == 1
    assert {THU_HA, f"{UNIT}/nguyen-thi-thu-ha-2.yaml"} <= {p["path"] for p in problems(report, "deadline-passed")}


def test_a_deleted_table_names_every_nomination_it_held(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    table = "submissions/cchc-2024/xa-long-duc/individuals.csv"
    assert (history.root / table).is_file()
    history.git("rm", "-q", table)
    history.commit("Xóa bảng hồ sơ")
    code, report = history.check(base, "longduc-vanthu", now=AFTER_DECISION)
    deleted, = problems(report, "deadline-passed")
    assert code == 1 and deleted["path"] == table and "cchc-2024/xa-long-duc/" in deleted["message"]


def test_a_recorded_withdrawal_allows_the_deletion(history: Repo) -> None:
    decide(history)
    (history.root / CAMPAIGN / "withdrawals.csv").write_text(
        "nomination_id,reason,approved_on,approved_by\n"
        "cchc-2024/xa-long-an/nguyen-thi-thu-ha,Đơn vị đề nghị rút hồ sơ (Công văn số 12/UBND),2025-02-20,"
        "Trưởng phòng Nội vụ\n", encoding="utf-8")
    history.commit("Phòng Nội vụ ghi nhận việc rút hồ sơ")
    base = history.git("rev-parse", "HEAD")
    history.git("rm", "-q", THU_HA)
    history.commit("Xã Long An rút hồ sơ")
    code, report = history.check(base, "longan-vanthu", now=AFTER_DECISION)
    assert code == 0, report["problems"]
    # The whole repository after the merge: the signed decision still names it, without error.
    full = thidua(history.root, "check", "--format", "json")
    assert full.code == 0 and not problems(full.json(), "unknown-nomination"), full.stdout


def test_a_withdrawal_cannot_be_recorded_by_the_unit_itself(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    (history.root / CAMPAIGN / "withdrawals.csv").write_text(
        "nomination_id,reason,approved_on,approved_by\n"
        "cchc-2024/xa-long-an/nguyen-thi-thu-ha,Tự rút hồ sơ của mình,2025-02-20,Văn thư xã\n", encoding="utf-8")
    history.git("rm", "-q", THU_HA)
    history.commit("Xã Long An tự ghi việc rút hồ sơ")
    code, report = history.check(base, "longan-vanthu", now=AFTER_DECISION)
    assert code == 1 and f"{CAMPAIGN}/withdrawals.csv" in {p["path"] for p in problems(report, "not-authorized")}


def test_deleting_before_the_deadline_is_still_allowed(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    history.git("rm", "-q", THU_HA)
    history.commit("Xã Long An rút một hồ sơ trước thời hạn")
    code, report = history.check(base, "longan-vanthu", now="2025-01-05T09:00:00")
    assert code == 0, report["problems"]


def test_a_unit_that_has_ended_cannot_change_anything(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    append(history, THU_HA, "# sửa\n")
    history.commit("Xã Long An (đã giải thể) sửa hồ sơ")
    code, report = history.check(base, "longan-vanthu", now="2025-07-02T09:00:00")
    assert code == 1
    refused, = problems(report, "not-authorized")
    assert "30/06/2025" in refused["message"] and "active_to" in refused["message"]
    code, report = history.check(base, "longan-vanthu", now="2025-06-30T09:00:00")
    assert not problems(report, "not-authorized"), report["problems"]


# ---------------------------------------------------------------------------------------------
# 3. What the change causes on a folder is in its report.

def test_an_unknown_sub_folder_fails_the_pull_request(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    (history.root / UNIT / "khac").mkdir()
    shutil.copy(history.root / THU_HA, history.root / UNIT / "khac/nguyen-thi-thu-ha.yaml")
    history.commit("Thư mục con lạ")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1
    assert any(p["path"].startswith(f"{UNIT}/khac") for p in problems(report, "unknown-file")), report["problems"]


# ---------------------------------------------------------------------------------------------
# 4. The supplement window admits the supplement asked for, not another nominee.

def ask_for_supplement(repo: Repo) -> str:
    (repo.root / CAMPAIGN / "appraisals.csv").write_text(
        "nomination_id,result,appraised_on,note\n"
        "cchc-2024/xa-long-an/nguyen-thi-thu-ha,bo_sung,2025-01-15,Bổ sung báo cáo thành tích có xác nhận.\n",
        encoding="utf-8")
    repo.commit("Phòng Nội vụ: yêu cầu bổ sung")
    return repo.git("rev-parse", "HEAD")


def test_a_supplement_brings_its_missing_document(history: Repo) -> None:
    base = ask_for_supplement(history)
    (history.root / UNIT / "dossier/bao-cao-nguyen-thi-thu-ha-bo-sung.pdf").write_bytes(PDF)
    edit(history, THU_HA, "dossier/bao-cao-nguyen-thi-thu-ha.pdf", "dossier/bao-cao-nguyen-thi-thu-ha-bo-sung.pdf")
    history.commit("Bổ sung báo cáo thành tích")
    code, report = history.check(base, "longan-vanthu", now=IN_SUPPLEMENT_WINDOW)
    assert code == 0, report["problems"]
    code, report = history.check(base, "longan-vanthu", now=AFTER_SUPPLEMENT_WINDOW)
    assert code == 1
    assert {THU_HA, f"{UNIT}/dossier/bao-cao-nguyen-thi-thu-ha-bo-sung.pdf"} <= {
        p["path"] for p in problems(report, "deadline-passed")}


def test_a_supplement_window_does_not_admit_unrelated_documents(history: Repo) -> None:
    base = ask_for_supplement(history)
    (history.root / UNIT / "dossier/tai-lieu-khac.pdf").write_bytes(PDF)
    history.commit("Thêm tài liệu không được yêu cầu")
    code, report = history.check(base, "longan-vanthu", now=IN_SUPPLEMENT_WINDOW)
    assert code == 1
    assert [p["path"] for p in problems(report, "deadline-passed")] == [f"{UNIT}/dossier/tai-lieu-khac.pdf"]


def test_a_supplement_cannot_swap_the_nominee(history: Repo) -> None:
    base = ask_for_supplement(history)
    edit(history, THU_HA, "name: Nguyễn Thị Thu Hà", "name: Phạm Văn Khác")
    history.commit("Đổi người được đề nghị")
    code, report = history.check(base, "longan-vanthu", now=IN_SUPPLEMENT_WINDOW)
    assert code == 1
    swapped, = problems(report, "deadline-passed")
    name_line = (history.root / THU_HA).read_text(encoding="utf-8").splitlines().index("name: Phạm Văn Khác") + 1
    assert swapped["path"] == THU_HA and swapped["field"] == "name" and swapped["line"] == name_line
    assert "Phạm Văn Khác" not in swapped["message"] + swapped["hint"]


def test_reading_files_at_the_comparison_point_stays_in_step(tmp_path: Path) -> None:
    """A folder, a missing path or a name with a line break between two files must not shift
    the answers: rights and earlier versions are read through one `git cat-file` process."""
    import subprocess

    from site_builder.git import read_at

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a").write_text("một\n", encoding="utf-8")
    (tmp_path / "b c").write_text("hai\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "m"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True)
    got = read_at(tmp_path, "HEAD", ["d", "d/a", "khong-co", "x\nd/a", "b c", "d/a"])
    assert got == {"d/a": "một\n".encode(), "b c": b"hai\n"}
