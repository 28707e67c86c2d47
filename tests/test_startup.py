"""Start-up: which modules a command imports (the time itself is measured by benchmarks/startup.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

# Libraries only some commands need: the help texts must load none of them.
HEAVY = ("frictionless", "openpyxl", "docx", "jinja2", "mkdocs", "yaml", "pydantic", "jsonschema", "markdown")
# Publishing libraries that checking a YAML nomination never needs.
PUBLISHING = ("openpyxl", "docx", "jinja2", "mkdocs", "markdown")

_PROBE = """
import json, sys
from site_builder.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:
    code = exc.code
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def imported(cwd: Path, tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    """Exit code and every module `thidua ARGS` imported, run in a fresh interpreter."""
    report = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(report), *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)
    assert report.is_file(), done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    return data["code"], set(data["modules"])


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("build", "--help"), ("new", "--help"),
                                  ("documents", "--help"), ("codeowners", "--help"), ("init", "--help")])
def test_help_imports_only_the_command_line(args: tuple[str, ...], repo: Path, tmp_path: Path) -> None:
    code, modules = imported(repo, tmp_path, *args)
    assert code == 0
    assert {m for m in modules if m.startswith("site_builder")} == {"site_builder", "site_builder.cli",
                                                                   "site_builder.exceptions"}
    assert not top_level(modules) & set(HEAVY)


def test_checking_a_yaml_file_loads_no_publishing_library(repo: Path, tmp_path: Path) -> None:
    source = PROJECT / "submissions" / "cchc-2024" / "xa-long-an" / "nguyen-thi-thu-ha.yaml"
    target = repo / "submissions" / "cchc-2024" / "xa-long-an" / source.name
    target.parent.mkdir(parents=True)
    target.write_bytes(source.read_bytes())
    code, modules = imported(repo, tmp_path, "check", str(target.relative_to(repo)))
    assert code in (0, 1)
    assert "site_builder.check.pipeline" in modules
    assert not top_level(modules) & set(PUBLISHING)
    assert not {m for m in modules if m.startswith("site_builder.publish")}
