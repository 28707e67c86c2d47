"""Example folders in tests/cases: each holds files (and maybe make.py) and its expected report."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CASES, case_repo, thidua

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _matches(problem: dict, expected: dict) -> bool:
    return all(problem.get(k) == v for k, v in expected.items())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    root = case_repo(case, tmp_path / "repo")
    run = thidua(root, "check", "--format", "json", *expected.get("args", []))
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == expected["exit"], run.stdout + run.stderr
    # Bad input is refused quickly: the whole process, interpreter start-up included.
    limit = 1.0 if case.name.startswith(("input-", "table-")) else 5.0
    assert run.seconds < expected.get("max_seconds", limit), run.seconds
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
        text_run = thidua(root, "check", *expected.get("args", []))
        for secret in expected["not_in_output"]:
            assert secret not in run.stdout + run.stderr + text_run.stdout + text_run.stderr
