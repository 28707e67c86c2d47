"""Bytes the first site search downloads, measured in Chromium on a generated repository.

    python benchmarks/search.py [--sizes 1000,10000] [--keep DIR]

For each size N a repository of N nominations is generated (`generate.py`, units = max(10, N // 100)),
built with `thidua build` (Pagefind indexes the finished site), served on 127.0.0.1 and opened in
headless Chromium (Debian's `chromium`, or THIDUA_CHROMIUM). On the search page `tim-kiem/` it types
one nomination's name without diacritics and waits for the results. Printed, per size: the whole
`pagefind/` folder, what the search page downloads before typing, and what the search downloads
after it (index chunks, fragments, filters), as body bytes over the local server (no compression:
what a server that does not compress would send; Pagefind's index files are gzip-compressed already),
and what a server compressing with gzip would send.
Nothing is asserted: the figures are measurements.
"""
from __future__ import annotations

import argparse
import csv
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import fold, generate  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def _chromium() -> str:
    path = os.environ.get("THIDUA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        sys.exit("benchmarks/search.py: no Chromium (apt-get install chromium, or set THIDUA_CHROMIUM)")
    return path


def _pick(site: Path) -> str:
    """An individual nomination's name from the open data, from the middle of the list."""
    with open(site / "du-lieu" / "nominations.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("kind") == "individual"]
    return rows[len(rows) // 2]["name"]


def measure(site: Path, query: str, expected: str) -> dict:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            responses: list = []
            page.on("response", lambda r: responses.append(r))
            page.goto(base + "tim-kiem/", wait_until="networkidle")
            loaded = len(responses)
            started = time.perf_counter()
            page.fill(".pagefind-ui__search-input", query)
            page.wait_for_selector(".pagefind-ui__result a", timeout=60_000)
            page.wait_for_load_state("networkidle")
            seconds = time.perf_counter() - started
            titles = page.eval_on_selector_all(".pagefind-ui__result a", "as => as.map(a => a.textContent.trim())")
            bodies = [(r.url[len(base) - 1:], r.body()) for r in responses]
            browser.close()
    finally:
        server.shutdown()
    sizes = [(u, len(b)) for u, b in bodies]
    before, after = sizes[:loaded], sizes[loaded:]
    # What a server that compresses (gzip -6) would send; Pagefind's own index files do not shrink further.
    zipped = [min(len(b), len(gzip.compress(b, 6))) for _, b in bodies]
    return {
        "search_bytes_gzip": sum(zipped[loaded:]),
        "page_load_pagefind_bytes_gzip": sum(z for (u, _), z in zip(before, zipped, strict=False)
                                             if u.startswith("/pagefind/")),
        "page_load_bytes": sum(b for _, b in before),
        "page_load_pagefind_bytes": sum(b for u, b in before if u.startswith("/pagefind/")),
        "search_bytes": sum(b for _, b in after),
        "search_requests": len(after),
        "search_files": sorted({u.split("/")[2].split("?")[0] for u, _ in after}),
        "largest": sorted(sizes, key=lambda s: -s[1])[:8],
        "seconds_to_results_incl_idle": round(seconds, 2),
        "rank_of_expected": titles.index(expected) + 1 if expected in titles else None,
    }


def run(n: int, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"thidua-search-{n}-"))
    try:
        repo, site = work / "repo", work / "site"
        generate(repo, n, max(10, n // 100))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--out", str(site)], cwd=repo, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"build failed for N={n}:\n{done.stderr[-2000:]}")
        bundle = [f for f in (site / "pagefind").rglob("*") if f.is_file()]
        name = _pick(site)
        query = fold(name).lower()
        m = measure(site, query, name)
        first = m["page_load_pagefind_bytes"] + m["search_bytes"]
        print(f"N={n}: pagefind/ {len(bundle)} files, {sum(f.stat().st_size for f in bundle) / 1024:.0f} KiB; "
              f"query {query!r}; {name} ranked {m['rank_of_expected']}")
        print(f"  search page load: {m['page_load_bytes'] / 1024:.1f} KiB in all, of which pagefind/ "
              f"{m['page_load_pagefind_bytes'] / 1024:.1f} KiB")
        print(f"  first search: {m['search_bytes'] / 1024:.1f} KiB in {m['search_requests']} requests "
              f"({', '.join(m['search_files'])})")
        print("  largest downloads: " + ", ".join(f"{u.split('?')[0]} {b / 1024:.1f} KiB" for u, b in m["largest"]))
        zipped = m["page_load_pagefind_bytes_gzip"] + m["search_bytes_gzip"]
        print(f"  first search in total (pagefind/ at load + the search): {first / 1024:.1f} KiB; "
              f"{zipped / 1024:.1f} KiB from a server that compresses with gzip")
        sys.stdout.flush()
        if keep:
            shutil.copytree(site, keep / f"site-{n}", dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--keep", type=Path, help="copy each built site into this folder")
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        run(n, args.keep)


if __name__ == "__main__":
    main()
