"""A whole campaign walked through git commits: submissions, appraisal, votes, decision."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import PROJECT, thidua

PDF = (PROJECT / "submissions/cchc-2024/xa-long-an/dossier/to-trinh.pdf").read_bytes()
COMMUNES = ["xa-an-phuoc", "xa-bau-can", "xa-binh-an", "xa-binh-son", "xa-cam-duong", "xa-long-an", "xa-long-phuoc"]


def git(root: Path, *args: str, date: str = "2025-01-05T09:00:00+07:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Văn thư", "GIT_AUTHOR_EMAIL": "vt@example.invalid",
           "GIT_COMMITTER_NAME": "Văn thư", "GIT_COMMITTER_EMAIL": "vt@example.invalid",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def collective(unit: str, female_share: str = "0.5") -> str:
    return (
        f"kind: collective\nname: UBND {unit}\ncchc_index_result: hoan_thanh_xuat_sac\ninternal_unity: true\n"
        f"law_compliance: true\nleader_discipline: khong\npending_investigation: false\nfemale_share: {female_share}\n"
        "achievements:\n  - Số hóa 100% hồ sơ thủ tục hành chính.\n"
        "documents:\n  to_trinh: dossier/a.pdf\n  bien_ban: dossier/a.pdf\n  bao_cao_thanh_tich: dossier/a.pdf\n"
    )


def individual(name: str, rating: str = "hoan_thanh_tot") -> str:
    return (f"kind: individual\nname: {name}\nposition: Công chức\nemployment_type: cong_chuc\ncchc_role: thuc_hien\n"
            f"rating: {rating}\ndiscipline: khong\nconduct_ok: true\npending_investigation: false\n"
            "achievements:\n  - Giải quyết hồ sơ đúng hạn.\n"
            "documents:\n  to_trinh: dossier/a.pdf\n  bien_ban: dossier/a.pdf\n  bao_cao_thanh_tich: dossier/a.pdf\n")


def statuses(root: Path, *args: str) -> tuple[int, dict[str, str], list[dict]]:
    run = thidua(root, "check", "--format", "json", *args)
    assert "Traceback" not in run.stderr, run.stderr
    report = run.json()
    return run.code, {n["id"]: n["status"] for n in report["nominations"]}, report["problems"]


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_campaign_lifecycle(repo: Path) -> None:
    camp = "campaigns/cchc-2024"
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Khởi tạo đợt thi đua", date="2024-04-25T08:00:00+07:00")

    # 1. Seven communes submit a collective each; two individuals from xa-long-an.
    for i, unit in enumerate(COMMUNES):
        (repo / f"submissions/cchc-2024/{unit}/dossier").mkdir(parents=True)
        (repo / f"submissions/cchc-2024/{unit}/dossier/a.pdf").write_bytes(PDF)
        write(repo, f"submissions/cchc-2024/{unit}/ubnd.yaml", collective(unit, "0.75" if i == 5 else "0.4"))
    write(repo, "submissions/cchc-2024/xa-long-an/tran-thi-mai.yaml", individual("Trần Thị Mai"))
    write(repo, "submissions/cchc-2024/xa-long-an/le-van-nam.yaml", individual("Lê Văn Nam", "chua_danh_gia"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Các đơn vị nộp hồ sơ", date="2025-01-08T10:00:00+07:00")
    code, status, _ = statuses(repo)
    assert code == 0
    assert status["cchc-2024/xa-long-an/tran-thi-mai"] == "received"
    assert status["cchc-2024/xa-long-an/le-van-nam"] == "pending"
    assert all(status[f"cchc-2024/{u}/ubnd"] == "received" for u in COMMUNES)

    # 2. Appraisal with all three results.
    rows = ["nomination_id,result,appraised_on,note"]
    rows += [f"cchc-2024/{u}/ubnd,dat,2025-01-15," for u in COMMUNES]
    rows += ["cchc-2024/xa-long-an/tran-thi-mai,khong_dat,2025-01-15,Thành tích chưa nổi bật.",
             "cchc-2024/xa-long-an/le-van-nam,bo_sung,2025-01-15,Bổ sung kết quả xếp loại."]
    write(repo, f"{camp}/appraisals.csv", "\n".join(rows) + "\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Kết quả thẩm định", date="2025-01-15T16:00:00+07:00")
    code, status, _ = statuses(repo)
    assert code == 0
    assert status["cchc-2024/xa-long-an/tran-thi-mai"] == "appraisal_failed"
    assert status["cchc-2024/xa-long-an/le-van-nam"] == "needs_supplement"
    assert status["cchc-2024/xa-an-phuoc/ubnd"] == "appraised"

    # 3. The supplement after the deadline is accepted until the supplement date, for that unit only.
    git(repo, "checkout", "-q", "-b", "bo-sung")
    write(repo, "submissions/cchc-2024/xa-long-an/le-van-nam.yaml", individual("Lê Văn Nam", "hoan_thanh_xuat_sac"))
    git(repo, "commit", "-q", "-am", "Bổ sung xếp loại", date="2025-01-18T09:00:00+07:00")
    ok, _, problems = statuses(
        repo, "--changed-since", "main", "--actor", "longan-vanthu", "--now", "2025-01-18T09:00:00"
    )
    assert ok == 0, problems
    late, _, problems = statuses(repo, "--changed-since", "main", "--now", "2025-01-21T00:00:00")
    assert late == 1 and {p["code"] for p in problems} == {"deadline-passed"}
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "bo-sung", "-m", "Hợp nhất bổ sung", date="2025-01-18T10:00:00+07:00")
    _, status, _ = statuses(repo)
    assert status["cchc-2024/xa-long-an/le-van-nam"] == "needs_supplement"  # until re-appraised

    # 4. Votes: a tie at the fifth place among collectives is reported, not decided.
    votes = ["nomination_id,votes_for,members_present"]
    tallies = [13, 12, 12, 11, 10, 10, 10]
    votes += [f"cchc-2024/{u}/ubnd,{t},13" for u, t in zip(COMMUNES, tallies, strict=False)]
    write(repo, f"{camp}/votes.csv", "\n".join(votes) + "\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Kết quả bình chọn", date="2025-01-25T15:00:00+07:00")
    code, status, problems = statuses(repo)
    assert code == 0
    ties = [p for p in problems if p["code"] == "vote-tie"]
    assert len(ties) == 1 and ties[0]["severity"] == "warning" and "70% nữ" in ties[0]["hint"]
    assert [status[f"cchc-2024/{u}/ubnd"] for u in COMMUNES[:4]] == ["selected"] * 4
    assert [status[f"cchc-2024/{u}/ubnd"] for u in COMMUNES[4:]] == ["appraised"] * 3  # tied: undecided

    # 5. A decision over the quota is rejected; one naming a failed appraisal too.
    over = [f"cchc-2024/{u}/ubnd" for u in COMMUNES[:6]] + ["cchc-2024/xa-long-an/tran-thi-mai"]
    write(repo, f"{camp}/decision.yaml", "number: 12/QĐ-UBND\nsigned_on: 2025-02-10\nsigner: Chủ tịch UBND huyện\n"
          "commended:\n" + "".join(f"  - {i}\n" for i in over))
    code, _, problems = statuses(repo)
    codes = [p["code"] for p in problems]
    assert code == 1 and "quota-exceeded" in codes and "decision-not-appraised" in codes

    # 6. The committee breaks the tie (priority to a collective with >= 70% women): accepted.
    chosen = [f"cchc-2024/{u}/ubnd" for u in COMMUNES[:4]] + [f"cchc-2024/{COMMUNES[5]}/ubnd"]
    write(repo, f"{camp}/decision.yaml", "number: 12/QĐ-UBND\nsigned_on: 2025-02-10\nsigner: Chủ tịch UBND huyện\n"
          "commended:\n" + "".join(f"  - {i}\n" for i in chosen))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Quyết định khen thưởng", date="2025-02-10T16:00:00+07:00")
    code, status, problems = statuses(repo)
    assert code == 0, [p for p in problems if p["severity"] == "error"]
    assert [status[i] for i in chosen] == ["commended"] * 5
    assert status[f"cchc-2024/{COMMUNES[4]}/ubnd"] == "appraised"

    # 7. The site's commended list and timelines come from these records and commits.
    out = repo.parent / "site"
    assert thidua(repo, "build", "--out", str(out)).code == 0
    page = (out / "cchc-2024/khen-thuong/index.html").read_text(encoding="utf-8")
    assert "12/QĐ-UBND" in page and page.count('href="../ho-so/xa-') == 5
    nomination = (out / "cchc-2024/ho-so/xa-long-an/ubnd/index.html").read_text(encoding="utf-8")
    for text in ("Nộp hồ sơ", "08/01/2025", "Đạt thẩm định", "15/01/2025", "Được khen thưởng", "10/02/2025"):
        assert text in nomination, text


def test_decision_contradicting_votes_is_an_error(repo: Path) -> None:
    for unit in COMMUNES[:6]:
        (repo / f"submissions/cchc-2024/{unit}/dossier").mkdir(parents=True)
        (repo / f"submissions/cchc-2024/{unit}/dossier/a.pdf").write_bytes(PDF)
        write(repo, f"submissions/cchc-2024/{unit}/ubnd.yaml", collective(unit))
    camp = "campaigns/cchc-2024"
    write(repo, f"{camp}/appraisals.csv", "nomination_id,result,appraised_on,note\n" +
          "".join(f"cchc-2024/{u}/ubnd,dat,2025-01-15,\n" for u in COMMUNES[:6]))
    write(repo, f"{camp}/votes.csv", "nomination_id,votes_for,members_present\n" +
          "".join(f"cchc-2024/{u}/ubnd,{13 - i},13\n" for i, u in enumerate(COMMUNES[:6])))
    write(repo, f"{camp}/decision.yaml", "number: 1/QĐ\nsigned_on: 2025-02-10\nsigner: Chủ tịch\ncommended:\n"
          f"  - cchc-2024/{COMMUNES[5]}/ubnd\n")
    code, status, problems = statuses(repo)
    assert code == 1 and [p["line"] for p in problems if p["code"] == "decision-contradicts-votes"] == [5]
    assert status[f"cchc-2024/{COMMUNES[5]}/ubnd"] == "commended"


def test_exception_is_recorded_and_shown(repo: Path, tmp_path: Path) -> None:
    unit = "xa-long-an"
    (repo / f"submissions/cchc-2024/{unit}/dossier").mkdir(parents=True)
    (repo / f"submissions/cchc-2024/{unit}/dossier/a.pdf").write_bytes(PDF)
    write(
        repo,
        f"submissions/cchc-2024/{unit}/ubnd.yaml",
        collective(unit).replace("hoan_thanh_xuat_sac", "hoan_thanh_tot"),
    )
    code, status, problems = statuses(repo)
    assert code == 1 and status[f"cchc-2024/{unit}/ubnd"] == "ineligible"
    write(
        repo,
        "campaigns/cchc-2024/exceptions.csv",
        "nomination_id,code,reason,approved_on,approved_by\n"
        f"cchc-2024/{unit}/ubnd,collective-cchc-index,Kết quả chỉ số được tỉnh điều chỉnh sau phúc "
        "tra.,2025-01-16,Trưởng phòng Nội vụ\n"
        f"cchc-2024/{unit}/ubnd,unit-mismatch,Thử miễn lỗi dữ liệu (không được phép).,2025-01-16,Trưởng phòng Nội vụ\n",
    )
    code, status, problems = statuses(repo)
    assert status[f"cchc-2024/{unit}/ubnd"] == "received"
    waived = [p for p in problems if p["code"] == "collective-cchc-index"]
    assert waived[0]["severity"] == "warning" and "phúc tra" in waived[0]["message"]
    assert code == 0 or {p["code"] for p in problems if p["severity"] == "error"} == {"exception-not-allowed"}
    out = tmp_path / "site"
    assert thidua(repo, "build", "--out", str(out)).code == 0
    page = (out / f"cchc-2024/ho-so/{unit}/ubnd/index.html").read_text(encoding="utf-8")
    assert "Ngoại lệ do Phòng Nội vụ chấp thuận" in page and "phúc tra" in page
