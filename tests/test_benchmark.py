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
