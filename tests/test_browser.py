"""The built site in a real browser: clean loads, offline, filters, search, accessibility, phone width.

Needs Debian's Chromium (`apt-get install chromium`) or THIDUA_CHROMIUM pointing at a Chromium binary.
A missing browser is a failure, never a skip: a browser test that did not run has not passed.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

import pytest
from conftest import DESKTOP, PHONE

STATUS = "cchc-2024/ho-so/"
ROWS = "#td-nominations tbody tr"
THU_HA = "cchc-2024/ho-so/xa-long-an/nguyen-thi-thu-ha/"
PAGES = ["", "cchc-2024/", "cchc-2024/ke-hoach/", "cchc-2024/tieu-chi/", STATUS,
         "cchc-2024/khen-thuong/", "cchc-2024/thong-ke/", "huong-dan/", "nhat-ky/", "du-lieu/", "tim-kiem/",
         "gioi-thieu/", "lien-he/"]  # the last two: the organisation's own pages (docs/)


class Visit:
    """A page plus everything it said and asked for while we watched."""

    def __init__(self, browser, base: str, viewport: dict):
        self.base = base
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text} @ {m.location}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def go(self, path: str, wait: str = "networkidle"):
        response = self.page.goto(self.base + path, wait_until=wait)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return self.page

    def foreign(self) -> list[str]:
        origin = self.base.rstrip("/")
        return [u for u in self.requests
                if not (u == origin or u.startswith(origin + "/") or u.startswith(("data:", "blob:")))]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, base):
    opened: list[Visit] = []

    def make(viewport: dict = DESKTOP) -> Visit:
        opened.append(Visit(browser, base, viewport))
        return opened[-1]

    yield make
    for v in opened:
        v.close()


def visible_rows(page) -> list[dict]:
    return page.eval_on_selector_all(ROWS, """rows => rows.filter(r => !r.hidden).map(r => ({
        name: r.cells[0].textContent.trim(), unit: r.dataset.unit, kind: r.dataset.kind,
        status: r.dataset.status}))""")


def all_rows(page) -> list[dict]:
    return page.eval_on_selector_all(ROWS, """rows => rows.map(r => ({
        name: r.cells[0].textContent.trim(), unit: r.dataset.unit, kind: r.dataset.kind,
        status: r.dataset.status, hidden: r.hidden}))""")


def first_nomination(visit) -> str:
    v = visit()
    page = v.go(STATUS, wait="load")
    href = page.eval_on_selector(f"{ROWS} a", "a => a.href")
    assert href.startswith(v.base), href
    return href[len(v.base):]


def assert_clean(v: Visit, path: str) -> None:
    v.go(path)
    assert not v.errors, f"{path or '/'}: errors in the browser:\n" + "\n".join(v.errors)
    assert not v.foreign(), f"{path or '/'}: requests leave the local server:\n" + "\n".join(v.foreign())


# ---------------------------------------------------------------- a. clean, offline loads

@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_loads_clean_and_offline(visit, path):
    assert_clean(visit(), path)


def test_nomination_page_loads_clean_and_offline(visit):
    assert_clean(visit(), first_nomination(visit))


# ---------------------------------------------------------------- b. status-table filter

def test_status_filter_ignores_diacritics_and_case(visit):
    page = visit().go(STATUS, wait="load")
    total = len(all_rows(page))
    assert total > 1
    assert page.text_content("#td-count").strip().startswith(f"Đang hiện {total}/{total}")
    wanted = [r["name"] for r in all_rows(page) if r["name"] == "Trần Quốc Bảo"]
    assert wanted, "the example data has no Trần Quốc Bảo"

    for query in ("tran quoc bao", "TRẦN QUỐC"):
        page.fill("#td-q", query)
        names = [r["name"] for r in visible_rows(page)]
        assert names == wanted, f"{query!r} shows {names}"
        assert page.text_content("#td-count").strip().startswith(f"Đang hiện {len(wanted)}/{total}")

    page.fill("#td-q", "")
    assert len(visible_rows(page)) == total
    assert page.text_content("#td-count").strip().startswith(f"Đang hiện {total}/{total}")


# ---------------------------------------------------------------- c. site search (Pagefind)

SEARCH = "tim-kiem/"
RESULT = ".pagefind-ui__result"


def _site_search(v: Visit, text: str) -> list[dict]:
    """From the home page, through the header's search button, to the search page's results."""
    page = v.go("", wait="load")
    page.click("a.td-search-link")
    page.wait_for_url("**/" + SEARCH)
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for()
    box.fill(text)
    page.wait_for_selector(RESULT + " a", timeout=15_000)
    page.wait_for_load_state("networkidle")
    return page.eval_on_selector_all(RESULT, """rs => rs.map(r => ({
        href: r.querySelector("a").href, title: r.querySelector("a").textContent.trim(),
        excerpt: r.querySelector(".pagefind-ui__result-excerpt").textContent.trim()}))""")


def assert_search_ranks_thu_ha_first(v: Visit, query: str) -> None:
    """Searched from the home page: her page first, with unit and status; nothing from outside."""
    results = _site_search(v, query)
    first = results[0]
    assert urlsplit(first["href"]).path == "/" + THU_HA, f"{query!r}: first result is not {THU_HA}: {results}"
    assert first["title"] == "Nguyễn Thị Thu Hà"
    assert first["excerpt"].startswith("UBND xã Long An · Được khen thưởng"), first["excerpt"]
    assert not v.errors, "\n".join(v.errors)
    assert not v.foreign(), "search requests leave the local server:\n" + "\n".join(v.foreign())
    assert any("/pagefind/" in u for u in v.requests)  # the index came from the site itself


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("query", ["nguyen thi thu ha", unicodedata.normalize("NFD", "Nguyễn Thị Thu Hà")],
                         ids=["folded", "nfd"])
def test_site_search_ranks_the_nomination_first_with_unit_and_status(visit, viewport, query):
    v = visit(viewport)
    assert_search_ranks_thu_ha_first(v, query)
    if viewport is PHONE:
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"search page scrolls sideways at 390px: scrollWidth {width}"


def test_site_search_folds_d_and_finds_a_unit(visit):
    v = visit()
    results = _site_search(v, "dang thi my linh")
    assert results[0]["title"] == "Đặng Thị Mỹ Linh", results
    page = v.go(SEARCH + "?q=long+duc", wait="load")  # ?q= starts the search; đ typed as d
    page.wait_for_selector(RESULT + " a", timeout=15_000)
    page.wait_for_load_state("networkidle")
    excerpts = page.eval_on_selector_all(RESULT + " .pagefind-ui__result-excerpt", "es => es.map(e => e.textContent)")
    assert excerpts[0].startswith("UBND xã Long Đức · "), excerpts
    assert not any("/pagefind/filter/" in u for u in v.requests)  # no filters: they would load every page's id
    assert not v.errors, "\n".join(v.errors)
    assert not v.foreign(), "\n".join(v.foreign())


def test_axe_search_results(visit):
    from axe_playwright_python.sync_playwright import Axe

    v = visit()
    _site_search(v, "nguyen thi thu ha")
    violations = Axe().run(v.page).response["violations"]
    for found in violations:
        print(f"axe {SEARCH}: {found['id']} [{found.get('impact')}] {[n['target'] for n in found['nodes'][:3]]}")
    bad = [f for f in violations if f.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(f"{f['id']} [{f['impact']}] {f['help']}: {[n['target'] for n in f['nodes'][:4]]}"
                             for f in bad)


# ---------------------------------------------------------------- d. filters and the URL

def test_filters_by_unit_kind_status_and_url(visit, base):
    v = visit()
    page = v.go(STATUS, wait="load")
    rows = all_rows(page)

    page.select_option("#td-unit", "xa-long-an")
    shown = visible_rows(page)
    assert shown and len(shown) == sum(r["unit"] == "xa-long-an" for r in rows)
    assert {r["unit"] for r in shown} == {"xa-long-an"}
    assert urlsplit(page.url).query == "unit=xa-long-an"

    page.select_option("#td-unit", "")
    page.select_option("#td-kind", "collective")
    page.select_option("#td-status", "commended")
    shown = visible_rows(page)
    expected = [r["name"] for r in rows if r["kind"] == "collective" and r["status"] == "commended"]
    assert expected and [r["name"] for r in shown] == expected
    assert urlsplit(page.url).query == "kind=collective&status=commended"
    assert page.text_content("#td-count").strip().startswith(f"Đang hiện {len(expected)}/{len(rows)}")

    page = v.go(STATUS + "?status=commended", wait="load")
    assert page.input_value("#td-status") == "commended"
    shown = visible_rows(page)
    assert shown and {r["status"] for r in shown} == {"commended"}
    assert len(shown) == sum(r["status"] == "commended" for r in rows)
    assert not v.errors, "\n".join(v.errors)


# ---------------------------------------------------------------- e. axe-core

AXE_PAGES = ["", STATUS, None, "cchc-2024/khen-thuong/", "cchc-2024/thong-ke/", "huong-dan/", "tim-kiem/",
             "gioi-thieu/", "lien-he/"]


@pytest.mark.parametrize("path", AXE_PAGES, ids=["home", "status", "nomination", "commended", "statistics",
                                                  "guide", "search", "intro", "contact"])
def test_axe_no_serious_violations(visit, path):
    from axe_playwright_python.sync_playwright import Axe

    if path is None:
        path = first_nomination(visit)
    page = visit().go(path)
    violations = Axe().run(page).response["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    for v in violations:  # everything goes to the captured output, serious or not
        print(f"axe {path or '/'}: {v['id']} [{v.get('impact')}] "
              f"{[n['target'] for n in v['nodes'][:3]]}")
    assert not bad, f"{path or '/'}: serious/critical axe violations:\n" + "\n".join(
        f"  {v['id']} [{v['impact']}] {v['help']}: "
        + "; ".join(str(n["target"]) for n in v["nodes"][:4]) for v in bad)


# ---------------------------------------------------------------- f. phone width, screenshots

def test_phone_status_page_fits_and_shots(visit, tmp_path):
    v = visit(PHONE)
    page = v.go(STATUS)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"status page scrolls sideways at 390px: scrollWidth {width}"
    assert page.is_visible("#td-q")

    for viewport in (PHONE, DESKTOP):
        shot = visit(viewport)
        for name, path in (("status", STATUS), ("commended", "cchc-2024/khen-thuong/")):
            shot.go(path).screenshot(path=str(tmp_path / f"{name}-{viewport['width']}.png"), full_page=True)
    print("screenshots in", tmp_path)
    assert len(list(tmp_path.glob("*.png"))) == 4
