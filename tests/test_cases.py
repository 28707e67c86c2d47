"""Example folders in tests/cases: each holds files (and maybe make.py) and its expected report.

Each case runs the real entry point function in-process; one smoke test runs it as a process.
How fast bad input is refused is measured by benchmarks/timing.py."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CASES, case_repo, thidua, thidua_in_process

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _matches(problem: dict, expected: dict) -> bool:
    return all(problem.get(k) == v for k, v in expected.items())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    root = case_repo(case, tmp_path / "repo")
    run = thidua_in_process(root, "check", "--format", "json", *expected.get("args", []), monkeypatch=monkeypatch)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == expected["exit"], run.stdout + run.stderr
    report = run.json()
    problems = report["problems"]
    assert report["ok"] is (expected["exit"] == 0)
    assert sorted({p["code"] for p in problems}) == sorted(expected["codes"]), problems
    for wanted in expected.get("problems", []):
        assert any(_matches(p, wanted) for p in problems), (wanted, problems)
    by_id = {n["id"]: n for n in report["nominations"]}
    for nid, verdict in expected.get("verdicts", {}).items():
        assert by_id[nid]["verdict"] == verdict, by_id[nid]
    for nid, status in expected.get("statuses", {}).items():
        assert by_id[nid]["status"] == status, by_id[nid]
    for nid, name in expected.get("names", {}).items():
        assert by_id[nid]["name"] == name
    for code, text in expected.get("hint_contains", {}).items():
        assert any(text in p["hint"] for p in problems if p["code"] == code), problems
    for code, text in expected.get("message_contains", {}).items():
        assert any(text in p["message"] for p in problems if p["code"] == code), problems
    for p in problems:  # every problem is explained and located
        assert p["message"] and p["hint"] and p["path"], p
    if expected.get("not_in_output"):
        text_run = thidua_in_process(root, "check", *expected.get("args", []), monkeypatch=monkeypatch)
        for secret in expected["not_in_output"]:
            assert secret not in run.stdout + run.stderr + text_run.stdout + text_run.stderr


def test_entry_point_as_a_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m site_builder` in a fresh process says exactly what the in-process call says."""
    case = CASES / "criterion-individual-rating-fail"
    root = case_repo(case, tmp_path / "repo")
    process = thidua(root, "check", "--format", "json")
    in_process = thidua_in_process(root, "check", "--format", "json", monkeypatch=monkeypatch)
    assert (process.code, process.stdout) == (in_process.code, in_process.stdout)
    assert process.code == 1 and "Traceback" not in process.stderr
