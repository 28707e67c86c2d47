"""site_builder.publish.site.history: one `git log` call, parsed into commits and per-file histories."""
from __future__ import annotations

import os
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from site_builder.publish.site.history import (
    Change,
    Commit,
    file_history,
    first_added,
    format_vn,
    head_commit,
    read_history,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2025, 1, 9, 14, 5, tzinfo=timezone(timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git config, and no looking above tmp_path for a repository."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = START
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author: str = "Nguyễn Văn Thư", when: datetime | None = None) -> str:
        stamp = (when or self.clock).isoformat()
        env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "thu@example.org",
               "GIT_COMMITTER_NAME": "Máy chủ", "GIT_COMMITTER_EMAIL": "ci@example.org",
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        done = subprocess.run(["git", "-C", str(self.root), *args], env=env, capture_output=True, check=True)
        return done.stdout.decode("utf-8")

    def write(self, path: str, text: str = "x\n") -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, author: str = "Nguyễn Văn Thư") -> str:
        self.clock += timedelta(minutes=1)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author)
        return self.git("rev-parse", "HEAD").strip()


def subjects(commits: list[Commit]) -> list[str]:
    return [c.subject for c in commits]


def test_statuses_order_authors_and_subjects(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    odd = "submissions/đơn vị 01/hồ sơ Trần Thị Ánh.yaml"
    repo.write(odd)
    repo.write("campaigns/cchc-2024/votes.csv")
    first = repo.commit("Nộp hồ sơ: Trần Thị Ánh (đợt 1) — \"khẩn\" & <b>50%</b> $HOME `x`")
    repo.write(odd, "y\n")
    repo.commit("Sửa hồ sơ", author="Lê Thị Hằng")
    (repo.root / "campaigns/cchc-2024/votes.csv").unlink()
    repo.write("registry/units.csv")
    repo.commit("Xoá phiếu, thêm danh mục")

    commits = read_history(repo.root)
    assert subjects(commits) == ["Xoá phiếu, thêm danh mục", "Sửa hồ sơ",
                                 "Nộp hồ sơ: Trần Thị Ánh (đợt 1) — \"khẩn\" & <b>50%</b> $HOME `x`"]
    assert commits[0].changes == (Change("D", "campaigns/cchc-2024/votes.csv"), Change("A", "registry/units.csv"))
    assert commits[1].changes == (Change("M", odd),)
    assert set(commits[2].changes) == {Change("A", odd), Change("A", "campaigns/cchc-2024/votes.csv")}
    assert [c.author for c in commits] == ["Nguyễn Văn Thư", "Lê Thị Hằng", "Nguyễn Văn Thư"]
    assert commits[2].hash == first and first.startswith(commits[2].short) and len(commits[2].short) >= 7
    assert commits[2].date == START + timedelta(minutes=1)
    assert commits[2].date.utcoffset() == timedelta(hours=7)


def test_only_commits_touching_the_given_paths(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("submissions/a.yaml")
    repo.commit("dữ liệu")
    repo.write("site_builder/x.py")
    repo.commit("chỉ mã nguồn")
    repo.write("site_builder/y.py")
    repo.write("registry/units.csv")
    repo.commit("cả hai")
    commits = read_history(repo.root)
    assert subjects(commits) == ["cả hai", "dữ liệu"]
    assert commits[0].changes == (Change("A", "registry/units.csv"),)
    assert subjects(read_history(repo.root, ["registry"])) == ["cả hai"]


def test_odd_paths_and_renames(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    names = ["submissions/dòng\nmới.yaml", "submissions/\x1e lạ \x1f.yaml", "submissions/ khoảng trắng .yaml",
             "submissions/A\tB.yaml"]
    for name in names:
        repo.write(name)
    repo.commit("tên lạ")
    repo.git("mv", "submissions/A\tB.yaml", "submissions/đổi tên.yaml")
    repo.commit("đổi tên")
    commits = read_history(repo.root)
    assert {c.path for c in commits[1].changes} == set(names)
    assert {c.status for c in commits[1].changes} == {"A"}
    assert set(commits[0].changes) == {Change("D", "submissions/A\tB.yaml"), Change("A", "submissions/đổi tên.yaml")}


def test_merge_commit_lists_what_it_brought_into_main(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("submissions/a.yaml")
    repo.commit("khởi tạo")
    repo.git("checkout", "-q", "-b", "nop-ho-so")
    repo.write("submissions/b.yaml")
    repo.commit("nhánh: thêm b", author="Phạm Minh Đức")
    repo.write("submissions/a.yaml", "sửa\n")
    repo.commit("nhánh: sửa a", author="Phạm Minh Đức")
    repo.git("checkout", "-q", "main")
    repo.write("registry/units.csv")
    repo.commit("main: danh mục")
    repo.clock += timedelta(minutes=1)
    repo.git("merge", "-q", "--no-ff", "nop-ho-so", "-m", "Hợp nhất yêu cầu #7", author="Thư ký")

    commits = read_history(repo.root)
    assert subjects(commits) == ["Hợp nhất yêu cầu #7", "main: danh mục", "khởi tạo"]
    merge = commits[0]
    assert merge.author == "Thư ký"
    assert set(merge.changes) == {Change("A", "submissions/b.yaml"), Change("M", "submissions/a.yaml")}
    history = file_history(commits)
    assert subjects(history["submissions/a.yaml"]) == ["Hợp nhất yêu cầu #7", "khởi tạo"]
    assert first_added(commits, "submissions/b.yaml") is merge


def test_file_history_and_first_added(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("submissions/a.yaml")
    repo.commit("thêm a")
    (repo.root / "submissions/a.yaml").unlink()
    repo.commit("xoá a")
    repo.write("submissions/a.yaml", "lại\n")
    repo.write("submissions/b.yaml")
    repo.commit("thêm lại a, thêm b")
    commits = read_history(repo.root)
    history = file_history(commits)
    assert subjects(history["submissions/a.yaml"]) == ["thêm lại a, thêm b", "xoá a", "thêm a"]
    assert subjects(history["submissions/b.yaml"]) == ["thêm lại a, thêm b"]
    assert first_added(commits, "submissions/a.yaml") is commits[-1]
    assert first_added(commits, "submissions/khong-co.yaml") is None


def test_root_in_a_subdirectory_gives_root_relative_paths(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("thidua/submissions/a.yaml")
    repo.write("submissions/ngoai.yaml")
    repo.commit("một")
    assert read_history(repo.root / "thidua")[0].changes == (Change("A", "submissions/a.yaml"),)


def test_shallow_clone(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    for i in range(3):
        repo.write(f"submissions/{i}.yaml", f"{i}\n")
        repo.commit(f"lần {i}")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    commits = read_history(clone)
    assert subjects(commits) == ["lần 2"]
    assert {c.path for c in commits[0].changes} == {f"submissions/{i}.yaml" for i in range(3)}


def test_no_repository_no_commits_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert read_history(plain) == [] and head_commit(plain) is None
    assert read_history(tmp_path / "khong-ton-tai") == []
    empty = Repo(tmp_path / "empty")
    assert read_history(empty.root) == [] and head_commit(empty.root) is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert read_history(empty.root) == [] and head_commit(empty.root) is None


def test_head_commit(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit("rỗng, ngoài dữ liệu")
    full = repo.commit("lần hai")
    head = head_commit(repo.root)
    assert head is not None and head[0] == full and full.startswith(head[1])
    assert head[1] == repo.git("rev-parse", "--short", "HEAD").strip()
    assert read_history(repo.root) == []


def test_format_vn() -> None:
    assert format_vn(datetime.fromisoformat("2025-01-09T17:30:00Z"), HCM) == "00:30 ngày 10/01/2025"
    assert format_vn(START, HCM) == "14:05 ngày 09/01/2025"
    assert format_vn(datetime(2025, 1, 9, 7, 5), HCM) == "14:05 ngày 09/01/2025"  # naive = UTC


def _fast_import_stream(count: int) -> bytes:
    chunks: list[bytes] = [b"reset refs/heads/main\n"]
    for i in range(1, count + 1):
        message = f"Nộp hồ sơ số {i}".encode()
        content = f"ho_ten: Người {i}\n".encode()
        chunks.append(b"commit refs/heads/main\nmark :%d\n" % i)
        chunks.append("author Nguyễn Văn Thư <thu@example.org> %d +0700\n".encode() % (1736400000 + i * 60))
        chunks.append(b"committer CI <ci@example.org> %d +0700\n" % (1736400000 + i * 60))
        chunks.append(b"data %d\n%s\n" % (len(message), message))
        if i > 1:
            chunks.append(b"from :%d\n" % (i - 1))
        chunks.append(f"M 100644 inline \"submissions/đơn vị {i % 50:02}/hồ sơ {i:04}.yaml\"\n".encode())
        chunks.append(b"data %d\n%s\n" % (len(content), content))
    return b"".join(chunks)


def test_two_thousand_commits_under_two_seconds(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    subprocess.run(["git", "-C", str(repo.root), "fast-import", "--quiet"], input=_fast_import_stream(2000),
                   check=True)
    started = time.perf_counter()
    commits = read_history(repo.root)
    elapsed = time.perf_counter() - started
    assert len(commits) == 2000
    assert commits[0].subject == "Nộp hồ sơ số 2000" and commits[-1].subject == "Nộp hồ sơ số 1"
    assert len(file_history(commits)) == 2000
    assert all(len(c.changes) == 1 and c.changes[0].status == "A" for c in commits)
    assert elapsed < 2.0, f"read_history took {elapsed:.2f} s"
