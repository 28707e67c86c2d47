"""Golden files: today's behaviour, frozen so that restructuring the code cannot change it.

- `golden/reports/<case>.json`: the exact JSON report of every example folder in tests/cases.
- `golden/site.txt`: path and sha256 of every file of the example site, built from a copy of the
  example repository with a fixed git history (fixed authors and dates) and a fixed "today";
  `golden/site-defaults.txt`: the same without the organisation's mkdocs.yml, docs/ and overrides/
  (a repository from before they existed builds as it always did).
- `golden/documents.txt`: path and sha256 of every Word file of `thidua documents` (fixed "today").

Regenerate with `THIDUA_GOLDEN=write pytest tests/test_golden.py` only when a change of output is
intended, and review the diff.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from conftest import CASES, PROJECT, case_repo

GOLDEN = PROJECT / "tests" / "golden"
WRITE = os.environ.get("THIDUA_GOLDEN") == "write"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
TODAY = dt.date(2025, 3, 1)

# Listed, but their content is not compared: MkDocs writes the day of the build into the sitemap
# (<lastmod>), and the site's copy of the Word files carries the real date of the build (the
# same files with a fixed date are compared by test_golden_documents).
def _dated(rel: str) -> bool:
    return rel in ("sitemap.xml", "sitemap.xml.gz") or "/van-ban/" in rel


def _compare(path: Path, actual: str) -> None:
    if WRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"missing golden file {path}; write it with THIDUA_GOLDEN=write"
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path.relative_to(PROJECT)}"


def _main(root: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from site_builder.cli import main

    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(args)
    return code, out.getvalue()


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_golden_report(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    root = case_repo(case, tmp_path / "repo")
    code, out = _main(root, ["check", "--format", "json", *expected.get("args", [])], monkeypatch)
    assert code == expected["exit"]
    _compare(GOLDEN / "reports" / f"{case.name}.json", out)


GIT_ENV = {"GIT_AUTHOR_NAME": "Văn phòng", "GIT_AUTHOR_EMAIL": "vp@example.org",
           "GIT_COMMITTER_NAME": "Văn phòng", "GIT_COMMITTER_EMAIL": "vp@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def example_repo(root: Path, *, org: bool = True) -> Path:
    """A copy of the example repository whose history is the same on every run: configuration
    first, then one commit per unit, a day apart. `org`: with the site's mkdocs.yml, docs/, overrides/."""
    site_files = ("mkdocs.yml", "docs", "overrides") if org else ()
    for name in ("schema", "registry", "campaigns", "submissions", ".github", *site_files[1:]):
        shutil.copytree(PROJECT / name, root / name)
    for name in ("MAINTAINERS", *site_files[:1]):
        shutil.copy(PROJECT / name, root / name)

    def git(*args: str, day: int = 0) -> None:
        stamp = f"2024-12-{1 + day:02d}T09:00:00+07:00"
        env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "schema", "registry", "campaigns", ".github", "MAINTAINERS", *site_files)
    git("commit", "-q", "-m", "Cấu hình đợt thi đua")
    units = [unit for campaign in sorted((root / "submissions").iterdir()) for unit in sorted(campaign.iterdir())]
    for day, unit in enumerate(units, start=1):
        git("add", str(unit.relative_to(root)))
        git("commit", "-q", "-m", f"Hồ sơ của {unit.name}", day=day)
    return root


def _digest(path: Path) -> str:
    """sha256 of the bytes; for a spreadsheet, of its zip entries but docProps/core.xml, where
    openpyxl writes the time of writing (and zip entries carry it too); for the build manifest,
    its campaigns only, as its fingerprints change with any edit of the package's code."""
    if path.name == ".thidua-build.json":  # campaign -> fingerprint of inputs AND the tool's own source
        return "campaigns:" + ",".join(sorted(json.loads(path.read_text(encoding="utf-8"))))
    if path.suffix != ".xlsx":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name != "docProps/core.xml":
                digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    return "xlsx:" + digest.hexdigest()


def _manifest(folder: Path, dated=lambda rel: False) -> str:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        digest = "(dated)" if dated(rel) else _digest(path)
        lines.append(f"{digest}  {rel}")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("golden", ["site.txt", "site-defaults.txt"])
def test_golden_site(golden: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.publish.site.build import build_site

    root = example_repo(tmp_path / "repo", org=golden == "site.txt")
    monkeypatch.chdir(root)
    for name in [k for k in os.environ if k.startswith("GITHUB_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740787200")  # the open data's "created": 2025-03-01
    out = tmp_path / "site"
    assert build_site(root, out, today=TODAY, quiet=True) == 0
    _compare(GOLDEN / golden, _manifest(out, _dated))


def test_golden_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.check.pipeline import run_check
    from site_builder.publish.documents.render import write_documents

    root = example_repo(tmp_path / "repo")
    out = tmp_path / "van-ban"
    write_documents(run_check(root), "cchc-2024", out, today=TODAY)
    _compare(GOLDEN / "documents.txt", _manifest(out))
