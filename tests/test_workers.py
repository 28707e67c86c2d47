"""Files read on two processes give the answers of one: the same report, a cache either can
use, and a child that fails or dies changes nothing but the time."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, thidua

sys.path.insert(0, str(PROJECT / "benchmarks"))
from generate import generate  # noqa: E402

SERIAL = {"THIDUA_WORKERS": "1"}
PARALLEL = {"THIDUA_WORKERS": "2"}


def _repository(root: Path) -> Path:
    """A generated repository with errors of every stage spread over both halves of the work."""
    generate(root, 300, 10, seed=2)
    files = sorted((root / "submissions").rglob("*.yaml"))
    edits = [("date_of_birth: ", "date_of_birth: 31/02/"), ("rating: ", "rating: x"),
             ("conduct_ok: true", "conduct_ok: maybe"), ("unit_id: ", "unit_id: khong-co-"), ("kind: ", "kind: x")]
    for i, path in enumerate(files[::9]):
        old, new = edits[i % len(edits)]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1) if old in text else text + "la: 1\n", encoding="utf-8")
    files[-1].write_bytes(b"kind: individual\nname: Nguy\xean V\xe3n A\n")  # not UTF-8
    table = sorted((root / "submissions").rglob("*.csv"))[0]
    table.write_text(table.read_text(encoding="utf-8").replace(",", ",,", 1), encoding="utf-8")
    return root


def test_two_processes_report_what_one_does(tmp_path: Path) -> None:
    repo = _repository(tmp_path / "repo")
    one = thidua(repo, "check", "--format", "json", env={**SERIAL, "THIDUA_NO_CACHE": "1"})
    two = thidua(repo, "check", "--format", "json", env=PARALLEL)  # also writes the cache
    assert one.code == two.code == 1 and "Traceback" not in two.stderr
    assert two.stdout == one.stdout
    codes = {p["code"] for p in one.json()["problems"]}
    assert {"invalid-value", "unknown-unit", "file-encoding"} <= codes, codes
    assert (repo / ".thidua-cache/check-v1.pickle").is_file()
    warm = thidua(repo, "check", "--format", "json", env=SERIAL)
    assert warm.stdout == one.stdout


CHILD_FAILS = r"""
import os, sys
import site_builder.check.submissions as submissions
from site_builder.cli import main

def failing(*args):
    open(sys.argv[1], "w").close()  # proof that the child ran
    if sys.argv[2] == "raise":
        raise RuntimeError("boom")
    os._exit(3)

def no_fork():
    open(sys.argv[1], "w").close()  # proof that a fork was tried
    raise BlockingIOError(11, "Resource temporarily unavailable")

if sys.argv[2] == "no-fork":
    os.fork = no_fork
else:
    submissions._parse_in_child = failing
sys.exit(main(["check", "--format", "json"]))
"""


def test_a_failed_child_changes_nothing(tmp_path: Path) -> None:
    """Whether the child raises, dies, or cannot be started at all."""
    repo = _repository(tmp_path / "repo")
    expected = thidua(repo, "check", "--format", "json", env={**SERIAL, "THIDUA_NO_CACHE": "1"})
    env = {**os.environ, **PARALLEL, "THIDUA_NO_CACHE": "1", "PYTHONPATH": str(PROJECT)}
    for how in ("raise", "die", "no-fork"):
        marker = tmp_path / f"child-{how}"
        if how == "no-fork":  # the cache, written by a child elsewhere, is then written here
            env.pop("THIDUA_NO_CACHE")
        done = subprocess.run([sys.executable, "-c", CHILD_FAILS, str(marker), how], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=120)
        assert marker.exists(), "no child was tried"
        assert done.returncode == expected.code and "Traceback" not in done.stderr, done.stderr
        assert done.stdout == expected.stdout
    assert (repo / ".thidua-cache/check-v1.pickle").is_file()
    assert thidua(repo, "check", "--format", "json", env=SERIAL).stdout == expected.stdout


PROGRESS = r"""
import io, sys
from pathlib import Path
from site_builder.check.discover import load_repository
from site_builder.check.findings import Findings
from site_builder.progress import Progress
from site_builder.model.schema import load_schemas
import site_builder.check.submissions as submissions

split, mine = submissions._split, []

def recorded_split(jobs, todo):  # how many files this process keeps for itself
    parts = split(jobs, todo)
    mine.append(len(parts[0]))
    return parts

submissions._split = recorded_split

class Terminal(io.StringIO):
    def isatty(self):
        return True

screen = Terminal()
progress = Progress(screen)
progress.start -= 60  # as if the run had lasted a minute: every update is shown
progress.update = (lambda update: lambda *args: (setattr(progress, "last", 0), update(*args)))(progress.update)
found = Findings()
inputs, jobs = load_repository(Path("."), load_schemas(Path(".")), found)
submissions.read_submissions(inputs, jobs, found, progress=progress)
print(len(jobs), mine[0])
print(screen.getvalue().replace("\r", "\n").replace("\x1b[K", ""))
"""


def test_progress_counts_files_read_by_both_processes(tmp_path: Path) -> None:
    repo = _repository(tmp_path / "repo")
    env = {**os.environ, **PARALLEL, "THIDUA_NO_CACHE": "1", "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", PROGRESS], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    first, *screen = done.stdout.split("\n")
    total, mine = first.split()
    counts = [line.split(": ")[1] for line in screen if line.startswith("Đang đọc hồ sơ: ")]
    assert counts[-1] == f"{total}/{total}" and len(counts) >= 2, counts
    numbers = [int(c.split("/")[0]) for c in counts]
    assert numbers == sorted(numbers), counts
    # While this process read its own files, the child's were counted too.
    assert max(numbers[:-1]) > int(mine), (mine, counts)
    assert any(line.startswith("Đang kiểm tra dữ liệu") for line in screen)
