"""The benchmark generator writes a repository the checker reads without invalid nominations."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "benchmarks"))

from generate import generate  # noqa: E402


def test_generated_repository_checks(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    generate(repo, 200, 10, seed=1)
    assert subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True,
                          text=True, check=True).stdout == ""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "site_builder", "check", "--format", "json"], cwd=repo,
                          capture_output=True, env=env, timeout=120)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    report = json.loads(done.stdout)
    summary = report["summary"]
    assert summary["nominations"] == 200
    assert summary["invalid"] == 0, [p for p in report["problems"] if p["severity"] == "error"][:5]
    # The deliberate mix: a few ineligible and pending nominations, most eligible.
    assert summary["eligible"] > 150 and summary["ineligible"] > 0


def test_generator_is_deterministic(tmp_path: Path) -> None:
    heads = []
    for name in ("a", "b"):
        generate(tmp_path / name, 50, 10, seed=3)
        heads.append(subprocess.run(["git", "-C", str(tmp_path / name), "rev-parse", "HEAD"], capture_output=True,
                                    text=True, check=True).stdout)
    assert heads[0] == heads[1]


def test_benchmark_runs_from_one_command(tmp_path: Path) -> None:
    """The documented command, at toy sizes: every stage runs, and each figure is the best of its runs."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "run.py"), "--sizes", "100,300",
                           "--repeat", "2", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["failures"] == [] and [s["nominations"] for s in results["sizes"]] == [100, 300]
    for size in results["sizes"]:
        for stage in (size["baseline"], size["check_full"], size["check_full_warm"], size["check_changed"]["warm"]):
            assert len(stage["runs_seconds"]) == 2
            assert stage["seconds"] == min(stage["runs_seconds"]) <= stage["median_seconds"]
        assert size["check_full"]["summary"]["nominations"] == size["nominations"]
        assert size["build"]["search_index_bytes"] > 0
    assert "check/baseline" in done.stdout and "300 / 10 units" in done.stdout


def test_builders_benchmark_builds_with_every_builder(tmp_path: Path) -> None:
    """benchmarks/builders.py at a toy size, without Chromium: one row a builder, sizes measured."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "builders.py"), "--sizes", "100",
                           "--no-search", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    rows = json.loads((out / "builders.json").read_text(encoding="utf-8"))["rows"]
    assert [r["builder"] for r in rows] == ["mkdocs", "properdocs", "zensical"]
    for row in rows:
        assert row["exit_code"] == 0 and row["output_files"] > 100 and row["pagefind_bytes"] > 0, row
        assert row["bytes_per_nomination"] == round(row["output_bytes"] / 100)
    assert "| 100 | zensical |" in done.stdout
