"""Two versions of the tool on the same command, run alternately (noise on a shared machine hits both).

    python benchmarks/compare.py --a TOOL_DIR:REPO --b TOOL_DIR:REPO [--rounds 7] [--env K=V ...] -- ARGS...

TOOL_DIR is a checkout of this project (put first on PYTHONPATH); REPO the repository the
command runs in. Give each version its own copy of the repository when the command uses the
check cache: the cache is keyed by the tool's code, so versions would overwrite each other's.
Each round runs `python -m site_builder ARGS` once with A, then once with B, in fresh processes
(reaped with os.wait4, as in run.py). Prints best and median wall and CPU seconds, peak RSS and
the exit codes of each.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import PYTHON, measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True, metavar="TOOL_DIR:REPO")
    parser.add_argument("--b", required=True, metavar="TOOL_DIR:REPO")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--env", action="append", default=[], metavar="K=V")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    extra = dict(item.split("=", 1) for item in options.env)
    versions = {name: spec.split(":", 1) for name, spec in (("A", options.a), ("B", options.b))}
    runs: dict[str, list[dict]] = {name: [] for name in versions}
    for _ in range(options.rounds):
        for name, (tool, repo) in versions.items():
            env = {**os.environ, **extra, "PYTHONPATH": tool}
            runs[name].append(measure([PYTHON, "-m", "site_builder", *args], Path(repo), env=env))
    print(f"python -m site_builder {' '.join(args)}  ({options.rounds} alternating rounds; {' '.join(options.env)})")
    for name, results in runs.items():
        wall = [r["seconds"] for r in results]
        cpu = [r["cpu_seconds"] for r in results]
        print(f"{name} {versions[name][0]}: wall best {min(wall):.3f} s, median {statistics.median(wall):.3f} s; "
              f"cpu best {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s; "
              f"peak RSS {max(r['peak_rss_mib'] for r in results)} MiB; "
              f"exit {sorted({r['exit_code'] for r in results})}")
    return 0 if all(r["exit_code"] in (0, 1) for results in runs.values() for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
