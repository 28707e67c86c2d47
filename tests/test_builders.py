"""Every builder publishes the same site: `thidua build --builder mkdocs|properdocs|zensical`.

The example is built once per builder (MkDocs reuses conftest's `site`); each build is held to
the site contract (addresses, nomination pages, open data), privacy, offline and search, and
against the MkDocs build page by page. In the browser, ProperDocs and Zensical get the checks
tests/test_browser.py gives the default MkDocs build: clean offline loads, search, axe.
What a builder lacks is named in builders.py and in the README's table.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import DESKTOP, PROJECT, pagefind_fragments, pagefind_text, serving
from test_browser import PAGES, THU_HA, Visit, assert_clean, assert_search_ranks_thu_ha_first
from test_site import ADDRESSES

from site_builder.publish.site.builders import BUILDER_NAMES, BUILDERS, seal_offline

OTHERS = tuple(name for name in BUILDER_NAMES if name != "mkdocs")  # MkDocs: tests/test_browser.py
_BUILT: dict[str, Path] = {}


def _build(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if name not in _BUILT:
        out = tmp_path_factory.mktemp(f"example-{name}") / "site"
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}, "PYTHONPATH": str(PROJECT)}
        done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--builder", name, "--out", str(out)],
                              cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{name}: build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        _BUILT[name] = out
    return _BUILT[name]


@pytest.fixture(scope="session", params=BUILDER_NAMES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(builder, the example site it built)."""
    if request.param == "mkdocs":
        return "mkdocs", request.getfixturevalue("site")  # the default build, already made
    return request.param, _build(request.param, tmp_path_factory)


def _nominations(site: Path) -> list[dict[str, str]]:
    with (site / "du-lieu/nominations.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if not p.relative_to(site).as_posix().startswith(("assets/", "pagefind/"))}


def _article(page: str) -> str:
    """A page's content, whitespace aside (themes indent differently)."""
    content = page.split("<article", 1)[1].split("</article>", 1)[0]
    return " ".join(content.split())


# ---------------------------------------------------------------- the site contract

@pytest.mark.slow
def test_contract_addresses_and_nomination_pages(built: tuple[str, Path]) -> None:
    name, site = built
    for address in ADDRESSES:
        assert (site / address).is_file(), f"{name}: {address}"
    rows = _nominations(site)
    assert len(rows) >= 20
    for row in rows:
        page = (site / row["url"] / "index.html").read_text(encoding="utf-8")
        content = _article(page)
        for value in (row["name"], row["unit_name"], row["status_label"]):
            assert html.escape(value, quote=False) in content, f"{name}: {row['url']} lacks {value!r}"


@pytest.mark.slow
def test_same_pages_content_and_data_as_mkdocs(built: tuple[str, Path], site: Path) -> None:
    name, other = built
    assert _pages(other) == _pages(site), name
    for page in sorted(_pages(site) - {"404.html"}):
        mine, theirs = ((s / page).read_text(encoding="utf-8") for s in (other, site))
        assert _article(mine) == _article(theirs), f"{name}: {page} differs from the MkDocs build"
        title = re.compile(r"<title>(.*?)</title>", re.S)
        assert title.search(mine).group(1).strip() == title.search(theirs).group(1).strip(), page
        assert '<html lang="vi"' in mine, f"{name}: {page} is not marked Vietnamese"
    for data in sorted((site / "du-lieu").iterdir()):
        if data.is_file() and data.suffix != ".html":  # the page itself: compared above
            mine, theirs = (other / "du-lieu" / data.name).read_bytes(), data.read_bytes()
            if data.name == "datapackage.json":  # stamped with the time of the build
                mine, theirs = (re.sub(rb'"created": "[^"]*"', b"", b) for b in (mine, theirs))
            assert mine == theirs, f"{name}: {data.name}"


def _private_values() -> set[str]:
    """The example's private dates (birth dates), as stored and as a page would show them."""
    from site_builder.check.pipeline import run_check

    result = run_check(PROJECT)
    found = set()
    for n in result.nominations:
        for field in result.schemas.private_fields:
            value = n.values.get(field)
            if isinstance(value, dt.date):
                found |= {value.isoformat(), value.strftime("%d/%m/%Y")}
    assert len(found) >= 10, found  # the example has birth dates: else the test below proves nothing
    return found


@pytest.mark.slow
def test_no_private_value_anywhere(built: tuple[str, Path]) -> None:
    name, site = built
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".csv", ".js", ".xml", ".txt", ".yaml"))
    index = pagefind_text(site)
    for secret in _private_values():
        assert secret not in text, f"{name}: {secret}"
        assert secret not in index, f"{name}: {secret} in the search index"


# ---------------------------------------------------------------- offline

TAG = re.compile(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", re.I)
TAG_OUTSIDE = re.compile(r"""(?:src|href|srcset)\s*=\s*["']?(?:https?:)?//""", re.I)
CSS_OUTSIDE = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?:https?:)?//""", re.I)
# A quoted absolute address on a real host in a script is one it may fetch; XML namespaces are
# only names, and Pagefind's "https://p" or example.com a base for parsing addresses.
JS_OUTSIDE = re.compile(r"""["'`]https?://(?!www\.w3\.org/|example\.(?:com|org|net)\b)"""
                        r"""(?:[\w-]+\.[\w.-]+|\$\{)[^"'`\s]*""")


@pytest.mark.slow
def test_no_outside_address_in_html_css_or_js(built: tuple[str, Path]) -> None:
    name, site = built
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = f"{name}: {path.relative_to(site)}"
        if path.suffix == ".html":
            for tag in TAG.finditer(text):
                assert not TAG_OUTSIDE.search(tag.group(0)), (where, tag.group(0))
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, where
        css = text if path.suffix == ".css" else " ".join(re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S))
        assert not CSS_OUTSIDE.search(css), where
        if path.suffix == ".js":
            assert not JS_OUTSIDE.findall(text), (where, JS_OUTSIDE.findall(text)[:5])


def test_sealing_replaces_what_a_script_could_fetch_and_keeps_namespaces(tmp_path: Path) -> None:
    script = tmp_path / "assets/javascripts/bundle.js"
    script.parent.mkdir(parents=True)
    script.write_text('a("https://unpkg.com/mermaid@11/dist/mermaid.min.js");b=`https://api.github.com/users/${e}`;'
                      'c="http://www.w3.org/2000/svg";/* see https://example.org/licence */', encoding="utf-8")
    assert seal_offline(tmp_path) == 2
    sealed = script.read_text(encoding="utf-8")
    assert "unpkg" not in sealed and "api.github" not in sealed
    assert '"http://www.w3.org/2000/svg"' in sealed and "https://example.org/licence" in sealed
    assert not JS_OUTSIDE.findall(sealed)


# ---------------------------------------------------------------- search

@pytest.mark.slow
def test_search_index_covers_every_page_and_the_stamped_nominations(built: tuple[str, Path]) -> None:
    name, site = built
    assert (site / "pagefind/pagefind.js").is_file(), name
    fragments = pagefind_fragments(site)
    indexed = {p for p in _pages(site) if "data-pagefind-body" in (site / p).read_text(encoding="utf-8")}
    assert "404.html" not in indexed, f"{name}: the 404 page is indexed"
    assert {"/" + p.removesuffix("index.html") for p in indexed} == set(fragments), name
    assert {"/" + row["url"] for row in _nominations(site)} <= set(fragments), name
    assert '"title":"Nguyễn Thị Thu Hà"' in fragments["/" + THU_HA], name


@pytest.mark.slow
def test_what_a_builder_lacks_is_named_and_true(built: tuple[str, Path]) -> None:
    """The README's table and builders.py name what a builder lacks; the built site agrees."""
    name, site = built
    lacks = BUILDERS[name].lacks
    assert (site / "sitemap.xml.gz").is_file() == ("sitemap.xml.gz" not in lacks), name
    assert (site / "sitemap.xml").is_file(), name
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = readme.split("\n## Builders", 1)[1].split("\n## ", 1)[0]
    header, *rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()
                     if line.startswith("|") and not line.startswith("|---")]
    column = next(i for i, title in enumerate(header) if title.lower().startswith(BUILDERS[name].title.lower()))
    said = {row[0].replace("`", ""): row[column] for row in rows}
    for feature in lacks:
        assert feature in said, f"README's builder table has no row {feature!r}"
        assert said[feature].startswith("**no"), f"README's table does not say {name} lacks {feature!r}"
    assert not [f for f, cell in said.items() if cell.startswith("**no") and f not in lacks], name


def test_the_command_line_offers_every_builder() -> None:
    from site_builder import cli

    assert cli.BUILDERS == BUILDER_NAMES == tuple(BUILDERS)
    assert cli.build_parser().parse_args(["build"]).builder == "mkdocs"
    assert not BUILDERS["mkdocs"].lacks  # the reference the others are compared with


# ---------------------------------------------------------------- in the browser

@pytest.fixture(scope="session", params=OTHERS)
def other_base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The example built by a builder other than MkDocs, on a local HTTP server."""
    with serving(_build(request.param, tmp_path_factory)) as address:
        yield address


@pytest.fixture
def other_visit(browser, other_base):
    opened: list[Visit] = []

    def make() -> Visit:
        opened.append(Visit(browser, other_base, DESKTOP))
        return opened[-1]

    yield make
    for v in opened:
        v.close()


@pytest.mark.slow
def test_pages_load_clean_and_offline(other_visit) -> None:
    v = other_visit()
    for path in PAGES:
        assert_clean(v, path)
    assert_clean(v, THU_HA)


@pytest.mark.slow
@pytest.mark.parametrize("query", ["nguyen thi thu ha", unicodedata.normalize("NFD", "Nguyễn Thị Thu Hà")],
                         ids=["folded", "nfd"])
def test_search_ranks_the_nomination_first(other_visit, query: str) -> None:
    assert_search_ranks_thu_ha_first(other_visit(), query)


@pytest.mark.slow
@pytest.mark.parametrize("path", ["", "cchc-2024/ho-so/", THU_HA, "tim-kiem/"], ids=["home", "status", "nomination",
                                                                                     "search"])
def test_axe_no_serious_violations(other_visit, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = other_visit().go(path)
    violations = Axe().run(page).response["violations"]
    bad = [f for f in violations if f.get("impact") in ("serious", "critical")]
    assert not bad, f"{path or '/'}: " + "\n".join(
        f"{f['id']} [{f['impact']}] {f['help']}: {[n['target'] for n in f['nodes'][:4]]}" for f in bad)
