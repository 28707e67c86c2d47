"""The site build with each builder: time, memory, size per nomination, first-search download.

    python benchmarks/builders.py [--sizes 1000,10000] [--builders mkdocs,properdocs,zensical] [--out DIR]

For each size N one repository is generated (`generate.py`, units = max(10, N // 100)) and built
by `thidua build --builder B` for every builder B, each in a fresh process (`run.measure`: wall,
CPU and peak RSS of that process). Per build: the site's bytes and files, bytes per nomination,
the Pagefind bundle, and, in headless Chromium, what the first search on one nomination's name
downloads (`search.measure`: Pagefind's files at the search page's load plus the search; raw and
as a gzip server would send it). The builders run one after another on the same repository, so a
busy minute on a shared machine slows one builder's figure; rerun before comparing small gaps.
Results: a table on standard output and OUT/builders.json. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import fold, generate  # noqa: E402
from run import PYTHON, machine, measure, tool_env, tree_size  # noqa: E402
from search import _pick  # noqa: E402
from search import measure as measure_search  # noqa: E402

BUILDERS = ("mkdocs", "properdocs", "zensical")


def bench(n: int, builders: list[str], work: Path, search: bool) -> list[dict]:
    repo = work / f"repo-{n}"
    generate(repo, n, max(10, n // 100), seed=0)
    rows = []
    for name in builders:
        site = work / f"site-{n}-{name}"
        run = measure([PYTHON, "-m", "site_builder", "build", "--builder", name, "--out", str(site)], repo, None,
                      tool_env())
        row = {"nominations": n, "builder": name, **{k: run[k] for k in ("seconds", "cpu_seconds", "peak_rss_mib",
                                                                          "exit_code", "stderr_tail")}}
        if run["exit_code"] == 0:
            size, files = tree_size(site)
            row.update(output_bytes=size, output_files=files, bytes_per_nomination=round(size / n),
                       seconds_per_nomination=round(run["seconds"] / n, 6),
                       pagefind_bytes=tree_size(site / "pagefind")[0])
            if search:
                wanted = _pick(site)
                found = measure_search(site, fold(wanted).lower(), wanted)
                row.update(first_search_bytes=found["page_load_pagefind_bytes"] + found["search_bytes"],
                           first_search_bytes_gzip=found["page_load_pagefind_bytes_gzip"]
                           + found["search_bytes_gzip"], rank=found["rank_of_expected"])
        shutil.rmtree(site, ignore_errors=True)
        rows.append(row)
        print(f"   N={n} {name}: {row['seconds']} s, exit {row['exit_code']}", file=sys.stderr, flush=True)
    shutil.rmtree(repo, ignore_errors=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| nominations | builder | build s (cpu s) | s per 1,000 | peak RSS MiB | site MiB (files) "
             "| KiB per nomination | pagefind/ MiB | first search KiB raw / gzip (rank) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["exit_code"] != 0:
            lines.append(f"| {r['nominations']:,} | {r['builder']} | failed (exit {r['exit_code']}) | | | | | | |")
            continue
        search = (f"{r['first_search_bytes'] / 1024:.0f} / {r['first_search_bytes_gzip'] / 1024:.0f} ({r['rank']})"
                  if "first_search_bytes" in r else "")
        lines.append(f"| {r['nominations']:,} | {r['builder']} | {r['seconds']:.1f} ({r['cpu_seconds']:.1f}) "
                     f"| {1000 * r['seconds_per_nomination']:.2f} | {r['peak_rss_mib']:.0f} "
                     f"| {r['output_bytes'] / 2**20:.1f} ({r['output_files']:,}) "
                     f"| {r['bytes_per_nomination'] / 1024:.1f} | {r['pagefind_bytes'] / 2**20:.1f} | {search} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--builders", default=",".join(BUILDERS))
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-search", action="store_true", help="skip the first-search download (no Chromium)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="thidua-builders-"))
    rows: list[dict] = []
    try:
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            rows += bench(n, [b for b in args.builders.split(",") if b], work, not args.no_search)
            (args.out / "builders.json").write_text(json.dumps({"machine": machine(), "rows": rows},
                                                               ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    m = machine()
    print(f"Machine: {m['platform']}, {m['cpu_count']} CPU ({m['cpu_model']}), {m['memory_gib']} GiB, "
          f"Python {m['python']}; tool {m['tool_commit'][:10]}{' (dirty)' if m['tool_dirty'] else ''}")
    print(table(rows))
    return 1 if any(r["exit_code"] != 0 for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
