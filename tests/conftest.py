"""Shared test helpers: throwaway repositories built from the project's real configuration."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import runpy
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "tests" / "cases"


# Whole modules that drive git histories, forge workflows, full builds, the linters or one
# memory-capped process per hostile input: `pytest -m "not slow"` leaves them out.
SLOW_MODULES = frozenset({"test_workflows", "test_benchmark", "test_lint", "test_gate", "test_gate_inputs",
                          "test_lifecycle", "test_site", "test_hostile"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Layers by what a test uses: Chromium is `browser`; the built example site, a slow module or an
    explicit mark is `slow`. The default run (`pytest`) still runs everything."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if {"site", "base"} & set(fixtures) or item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def pagefind_text(site: Path) -> str:
    """Everything Pagefind wrote into `site/pagefind/` (index, fragments, filters, metadata), as text.

    Its data files are gzip-compressed, behind a `pagefind_dcd` signature; strings inside are UTF-8."""
    parts = []
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file() and (path.suffix.startswith(".pf_") or path.suffix == ".json"):
            data = path.read_bytes()
            with contextlib.suppress(OSError, EOFError):
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def pagefind_fragments(site: Path) -> dict[str, str]:
    """Pagefind's fragments, one a page (its text, metadata and filters): page address -> JSON text."""
    fragments = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd")
        fragments[json.loads(text)["url"]] = text
    return fragments


def base_repo(root: Path, *, examples: bool = False) -> Path:
    """A repository with the project's schema, registry and campaign, and no submissions."""
    for folder in ("schema", "registry"):
        shutil.copytree(PROJECT / folder, root / folder)
    for other in (root / "schema" / "json").glob("*/"):  # the JSON Schemas of that one campaign
        if other.name != "cchc-2024":
            shutil.rmtree(other)
    campaign = root / "campaigns" / "cchc-2024"
    campaign.mkdir(parents=True)
    for name in ("campaign.yaml", "plan.md"):
        shutil.copy(PROJECT / "campaigns" / "cchc-2024" / name, campaign / name)
    if examples:  # the submissions of that one campaign
        shutil.copytree(PROJECT / "submissions" / "cchc-2024", root / "submissions" / "cchc-2024")
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


def thidua_in_process(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The real entry point, `site_builder.cli.main`, called in this process (stdout and stderr captured)."""
    from site_builder.cli import main

    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return base_repo(tmp_path / "repo")


# ---------------------------------------------------------------------------------------------
# The example site, built once per session, served on 127.0.0.1, and Debian's Chromium.

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    if os.environ.get("THIDUA_CHROMIUM"):
        return os.environ["THIDUA_CHROMIUM"]
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example built by the real command; tests only read it."""
    out = tmp_path_factory.mktemp("example") / "site"
    # Built as on a desktop, even inside GitHub Actions (whose variables change the form's forge link).
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--out", str(out)], cwd=PROJECT,
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    assert (out / "index.html").is_file()
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def serving(site: Path):
    """`site` on a local HTTP server, for as long as the block runs: its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def base(site: Path):
    """The site's address on a local HTTP server."""
    with serving(site) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium; a missing browser fails, never skips: a browser test that did not run has not passed."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not path or not os.path.exists(path):
        pytest.fail("No Chromium found for the browser tests: install Debian's chromium "
                    "(`apt-get install chromium`) or set THIDUA_CHROMIUM to a Chromium binary.", pytrace=False)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
