"""Shared test helpers: throwaway repositories built from the project's real configuration."""
from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "tests" / "cases"


def base_repo(root: Path, *, examples: bool = False) -> Path:
    """A repository with the project's schema, registry and campaign, and no submissions."""
    for folder in ("schema", "registry"):
        shutil.copytree(PROJECT / folder, root / folder)
    campaign = root / "campaigns" / "cchc-2024"
    campaign.mkdir(parents=True)
    for name in ("campaign.yaml", "plan.md"):
        shutil.copy(PROJECT / "campaigns" / "cchc-2024" / name, campaign / name)
    if examples:
        shutil.copytree(PROJECT / "submissions", root / "submissions")
    return root


def overlay(source: Path, root: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True, symlinks=True)


def case_repo(case: Path, root: Path) -> Path:
    base_repo(root)
    overlay(CASES / "_base", root)
    overlay(case / "files", root)
    if (case / "make.py").is_file():
        runpy.run_path(str(case / "make.py"))["make"](root)
    return root


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> dict:
        return json.loads(self.stdout)


def thidua(cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Run:
    """Run the real entry point, `python -m site_builder`, in a fresh process."""
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    full_env.pop("GITHUB_STEP_SUMMARY", None) if not env or "GITHUB_STEP_SUMMARY" not in env else None
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - start)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return base_repo(tmp_path / "repo")
