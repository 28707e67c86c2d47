"""The form runs every block of declared criteria in the browser as the checker does: a campaign
declaring `number`, `when`, `missing: pending`, `at_least` with a minimum and `one_of` is built,
its form filled in headless Chromium, and the file it downloads checked by the real checker:
same verdict, same criterion problems, word for word."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import DESKTOP, PROJECT, thidua
from test_criteria_blocks import make_repo, texts
from test_form import Form

CRITERIA = (
    "  csttcs-years:\n    block: number\n    field: consecutive_years\n    min: 2\n"
    "    when: {field: proposed_title, in: [chien_si_thi_dua_co_so]}\n" + texts("csttcs-years")
    + "  recognised:\n    block: is\n    fields: [initiative_recognised]\n    missing: pending\n" + texts("recognised")
    + "  two-items:\n    block: at_least\n    fields: [achievements, initiatives]\n    min: 2\n" + texts("two-items")
    + "  gender-known:\n    block: one_of\n    field: gender\n    allowed: [nu]\n    missing: pending\n"
    + texts("gender-known")
    + "  papers:\n    block: documents\n" + texts("papers")
)
CODES = {"csttcs-years", "recognised", "two-items", "gender-known", "papers"}
PERSON = {"name": "Lê Thị Đào", "position": "Công chức Văn phòng – Thống kê", "employment_type": "cong_chuc",
          "cchc_role": "thuc_hien", "rating": "hoan_thanh_tot", "discipline": "khong", "conduct_ok": True,
          "pending_investigation": False}
PDF = PROJECT / "submissions" / "cchc-2024" / "xa-long-an" / "dossier" / "to-trinh.pdf"


@pytest.fixture(scope="module")
def blocks_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The site of a campaign declaring these criteria, served on 127.0.0.1, and its repository."""
    root = make_repo(tmp_path_factory.mktemp("blocks"), CRITERIA, {})
    out = root.parent / "site"
    done = thidua(root, "build", "--out", str(out), timeout=300)
    assert done.code == 0, done.stdout + done.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def _checked(root: Path, tmp_path: Path, file_name: str, content: str) -> dict:
    repo = tmp_path / "repo"
    shutil.copytree(root, repo, ignore=shutil.ignore_patterns("site", ".thidua-cache"))
    folder = repo / "submissions" / "cchc-2024" / "xa-long-an"
    (folder / file_name).write_text(content, encoding="utf-8")
    for rel in (yaml.safe_load(content).get("documents") or {}).values():
        if rel:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(PDF, folder / rel)
    run = thidua(repo, "check", "--format", "json")
    assert run.code in (0, 1), run.stdout + run.stderr
    [nomination] = run.json()["nominations"]
    return nomination


def _criteria(items: list[dict]) -> set[tuple[str, str, str]]:
    return {(p["code"], p["message"], p["severity"]) for p in items if p["code"] in CODES}


@pytest.mark.parametrize("values, verdict, codes", [
    ({"proposed_title": "chien_si_thi_dua_co_so", "consecutive_years": "1", "achievements": ["Một thành tích"]},
     "ineligible", {"csttcs-years", "recognised", "two-items", "gender-known"}),
    ({"proposed_title": "lao_dong_tien_tien", "consecutive_years": "1", "initiative_recognised": True,
      "gender": "nu", "achievements": ["Thành tích một", "Thành tích hai"]}, "eligible", set()),
    ({"proposed_title": "chien_si_thi_dua_co_so", "consecutive_years": "3", "initiative_recognised": False,
      "gender": "nam", "achievements": ["Thành tích một"], "initiatives": [{"title": "Sáng kiến"}]},
     "ineligible", {"recognised", "gender-known"}),
    ({"consecutive_years": "1", "gender": "nu", "achievements": ["Thành tích một", "Thành tích hai"]},
     "pending", {"recognised"}),
], ids=["fails-and-waits", "eligible", "is-and-one-of-fail", "pending"])
def test_form_runs_declared_blocks_as_the_checker(browser, blocks_base, tmp_path: Path, values: dict, verdict: str,
                                                   codes: set[str]) -> None:
    base, root = blocks_base
    f = Form(browser, base, DESKTOP)
    try:
        f.choose("xa-long-an", "individual")
        f.fill({**PERSON, **values})
        shown = f.problems()
        assert f.verdict()[0] == verdict, shown
        assert {p["code"] for p in shown if p["code"] in CODES} == codes
        file_name, content = f.download()
        nomination = _checked(root, tmp_path, file_name, content)
        assert nomination["verdict"] == verdict, (nomination, content)
        assert _criteria(shown) == _criteria(nomination["problems"]), (shown, nomination["problems"])
        f.assert_clean()
    finally:
        f.context.close()
