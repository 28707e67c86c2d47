"""Benchmark the checker and the site build on synthetic repositories.

    python benchmarks/run.py [--sizes 1000,10000] [--repeat 5] [--out benchmarks/out] [--profile] [--keep]

For each size N (units = max(10, N // 100)) a repository is generated into a temporary
folder, then every measured command runs in a fresh process, reaped with os.wait4 so its
peak RSS (and that of the processes it waited for, e.g. git) is the child's own. Results
go to OUT/results.json and a table on standard output. See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PYTHON = sys.executable
CACHE = ".thidua-cache"
TIMEOUT = 3 * 3600

BASELINE = r"""
import os, sys, yaml
count = 0
for folder, dirs, files in os.walk("submissions"):
    dirs.sort()
    for name in sorted(files):
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
            count += 1
print(count)
"""


def measure(argv: list[str], cwd: Path, stdout_path: Path | None = None, env: dict | None = None) -> dict:
    """Run argv in a fresh process; wall time, CPU time, peak RSS and exit code of that process alone."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115 - closed in `finally`
    err_path = Path(tempfile.mkstemp(prefix="bench-stderr-")[1])
    try:
        with open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=env)
            timer = threading.Timer(TIMEOUT, proc.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
    finally:
        if stdout_path:
            out.close()
        err_path.unlink(missing_ok=True)
    return {
        "argv": [os.path.basename(a) if a == PYTHON else a for a in argv],
        "seconds": round(wall, 3),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),       # Linux: KiB
        "exit_code": proc.returncode,
        "stderr_tail": stderr[-2000:] if stderr.strip() else "",
    }


def tool_env() -> dict:
    """Run the working tree's tool, whatever is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Benchmark", "GIT_AUTHOR_EMAIL": "benchmark@example.invalid",
           "GIT_COMMITTER_NAME": "Benchmark", "GIT_COMMITTER_EMAIL": "benchmark@example.invalid"}
    return subprocess.run(["git", "-c", "commit.gpgsign=false", "-C", str(repo), *args], check=True, env=env,
                          capture_output=True, text=True).stdout


def change_one_file(repo: Path) -> str:
    """On branch bench-change: edit one achievement of one YAML nomination and commit it."""
    files = sorted((repo / "submissions").rglob("*.yaml"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    marker = "achievements:\n  - \""
    at = text.index(marker) + len(marker)
    target.write_text(text[:at] + "Cập nhật: " + text[at:], encoding="utf-8")
    git(repo, "checkout", "-q", "-b", "bench-change")
    git(repo, "commit", "-q", "--no-verify", "-am", "Sửa một thành tích")
    return target.relative_to(repo).as_posix()


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def json_summary(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("summary") if isinstance(data, dict) else None


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    try:
        head = subprocess.run(
            ["git", "-C", str(PROJECT), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--", "site_builder"],
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        head, dirty = "", False
    return {
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": mem,
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "tool_commit": head,
        "tool_dirty": dirty,
    }


def best_of(runs: list[dict]) -> dict:
    """The fastest run, with every run's wall time and their median beside it."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["runs_seconds"] = [r["seconds"] for r in runs]
    best["median_seconds"] = round(statistics.median(best["runs_seconds"]), 3)
    best["ok"] = all(r.get("ok", r["exit_code"] == 0) for r in runs)
    return best


def bench_size(n: int, work: Path, profile_dir: Path | None, repeat: int) -> dict:
    units = max(10, n // 100)
    repo = work / f"repo-{n}"
    env = tool_env()
    result: dict = {"nominations": n, "units": units}
    print(f"== N={n}, units={units}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    generate(repo, n, units, seed=0)
    repo_bytes, repo_files = tree_size(repo / "submissions")
    result["generate"] = {"seconds": round(time.perf_counter() - started, 3),
                          "submission_bytes": repo_bytes, "submission_files": repo_files}

    # The baseline and the full check alternate, `repeat` times each, so that a busy host
    # slows both alike; each figure is the best run (as timeit reports), with all runs kept.
    check_out = work / f"check-{n}.json"
    check_argv = [PYTHON, "-m", "site_builder", "check", "--format", "json"]
    bases, fulls = [], []
    for _ in range(repeat):
        base = measure([PYTHON, "-c", BASELINE], repo, work / "baseline.out")
        base["yaml_files"] = int((work / "baseline.out").read_text().strip() or 0) if base["exit_code"] == 0 else None
        bases.append(base)
        shutil.rmtree(repo / CACHE, ignore_errors=True)  # cold: nothing reused
        full = measure(check_argv, repo, check_out, env)
        full["ok"] = full["exit_code"] in (0, 1)
        full["summary"] = json_summary(check_out)
        full["report_bytes"] = check_out.stat().st_size if check_out.exists() else None
        fulls.append(full)
        print(f"   baseline {base['seconds']} s, check {full['seconds']} s (exit {full['exit_code']})",
              file=sys.stderr, flush=True)
    result["baseline"] = best_of(bases)
    result["check_full"] = best_of(fulls)
    # The cache the last full check wrote, as CI restores it from main.
    warm_full = [measure(check_argv, repo, work / "check-warm.json", env) for _ in range(repeat)]
    for run in warm_full:
        run["ok"] = run["exit_code"] in (0, 1)
    result["check_full_warm"] = best_of(warm_full)
    print(f"   check with the cache: {result['check_full_warm']['runs_seconds']} s", file=sys.stderr, flush=True)

    changed = change_one_file(repo)
    runs = []
    for i in range(repeat + 1):
        out = work / f"check-changed-{n}-{i}.json"
        run = measure([PYTHON, "-m", "site_builder", "check", "--changed-since", "main", "--format", "json"],
                      repo, out, env)
        run["ok"] = run["exit_code"] in (0, 1)
        run["summary"] = json_summary(out)
        runs.append(run)
        print(f"   changed  {run['seconds']} s (exit {run['exit_code']})", file=sys.stderr, flush=True)
    # "cold": the first run after the cache was written; "warm": the best of the next ones.
    result["check_changed"] = {"changed_file": changed, "cold": runs[0], "warm": best_of(runs[1:])}

    site = work / f"site-{n}"
    build = measure([PYTHON, "-m", "site_builder", "build", "--out", str(site)], repo, None, env)
    build["ok"] = build["exit_code"] == 0
    if site.is_dir():
        build["output_bytes"], build["output_files"] = tree_size(site)
        index = site / "pagefind"  # the whole Pagefind bundle; a search downloads a small part of it
        build["search_index_bytes"] = tree_size(index)[0] if index.is_dir() else None
    result["build"] = build
    print(f"   build    {build['seconds']} s (exit {build['exit_code']})", file=sys.stderr, flush=True)

    if profile_dir is not None:
        result["profiles"] = {}
        for stage, args in (("check", ["check", "--format", "json"]),
                            ("build", ["build", "--out", str(work / f"site-profile-{n}")])):
            stats = profile_dir / f"profile-{stage}-{n}.txt"
            with open(stats, "w", encoding="utf-8") as handle:
                subprocess.run([PYTHON, "-c", PROFILE, *args], cwd=repo, env=env, stdout=handle,
                               stderr=subprocess.DEVNULL, timeout=TIMEOUT)
            result["profiles"][stage] = str(stats)
            print(f"   profile  {stage} -> {stats}", file=sys.stderr, flush=True)
    shutil.rmtree(site, ignore_errors=True)
    return result


# Profile one command; tool output goes to /dev/null, the top 25 cumulative lines to stdout.
PROFILE = r"""
import cProfile, io, os, pstats, sys
from site_builder.cli import main
args = sys.argv[1:]
real = os.dup(1)
sink = os.open(os.devnull, os.O_WRONLY); os.dup2(sink, 1)
profiler = cProfile.Profile()
try:
    code = profiler.runcall(main, args)
finally:
    sys.stdout.flush(); os.dup2(real, 1)
print(f"# python -m site_builder {' '.join(args)}  (exit {code})")
pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
"""


def derived(sizes: list[dict]) -> dict:
    out: dict = {"per_size": {}, "between_sizes": {}}
    for s in sizes:
        n = s["nominations"]
        base, check, build = s["baseline"]["seconds"], s["check_full"]["seconds"], s["build"]["seconds"]
        out["per_size"][str(n)] = {
            "check_over_baseline": round(check / base, 2) if base else None,
            "check_median_over_baseline_median": round(s["check_full"]["median_seconds"]
                                                       / s["baseline"]["median_seconds"], 2)
            if s["baseline"]["median_seconds"] else None,
            "check_with_cache_over_baseline": round(s["check_full_warm"]["seconds"] / base, 2) if base else None,
            "check_ms_per_nomination": round(1000 * check / n, 3) if n else None,
            "changed_cold_over_full": round(s["check_changed"]["cold"]["seconds"] / check, 3) if check else None,
            "build_seconds_per_nomination": round(build / n, 5) if n else None,
            "build_output_bytes_per_nomination": round(s["build"].get("output_bytes", 0) / n) if n else None,
        }
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        ratio_n = large["nominations"] / small["nominations"]
        key = f"{large['nominations']}/{small['nominations']}"

        def ratio(get):
            a, b = get(small), get(large)
            return round(b / a, 2) if a else None

        out["between_sizes"][key] = {
            "nominations_ratio": round(ratio_n, 2),
            "baseline_time_ratio": ratio(lambda s: s["baseline"]["seconds"]),
            "check_time_ratio": ratio(lambda s: s["check_full"]["seconds"]),
            "changed_cold_time_ratio": ratio(lambda s: s["check_changed"]["cold"]["seconds"]),
            "build_time_ratio": ratio(lambda s: s["build"]["seconds"]),
            "build_seconds_per_nomination_ratio": ratio(lambda s: s["build"]["seconds"] / s["nominations"]),
            "check_peak_rss_ratio": ratio(lambda s: s["check_full"]["peak_rss_mib"]),
            "build_peak_rss_ratio": ratio(lambda s: s["build"]["peak_rss_mib"]),
        }
    return out


def table(results: dict) -> str:
    rows = [("size", "stage", "wall s", "cpu s", "peak RSS MiB", "exit", "notes")]
    for s in results["sizes"]:
        n = f"{s['nominations']} / {s['units']} units"
        rows.append((n, "generate", f"{s['generate']['seconds']:.2f}", "", "", "",
                     f"{s['generate']['submission_files']} files, {s['generate']['submission_bytes'] / 2**20:.1f} MiB"))
        b = s["baseline"]
        rows.append((n, "baseline (CSafeLoader)", f"{b['seconds']:.2f}", f"{b['cpu_seconds']:.2f}",
                     f"{b['peak_rss_mib']:.0f}", str(b["exit_code"]), f"{b.get('yaml_files')} YAML files; {_runs(b)}"))
        c = s["check_full"]
        summ = c.get("summary") or {}
        rows.append((n, "check (full, no cache)", f"{c['seconds']:.2f}", f"{c['cpu_seconds']:.2f}",
                     f"{c['peak_rss_mib']:.0f}", str(c["exit_code"]),
                     f"{summ.get('nominations')} nominations, {summ.get('errors')} errors, {summ.get('invalid')} "
                     f"invalid; report {(c.get('report_bytes') or 0) / 2**20:.1f} MiB; {_runs(c)}"))
        w = s["check_full_warm"]
        rows.append((n, "check (full, cache)", f"{w['seconds']:.2f}", f"{w['cpu_seconds']:.2f}",
                     f"{w['peak_rss_mib']:.0f}", str(w["exit_code"]), _runs(w)))
        for label in ("cold", "warm"):
            r = s["check_changed"][label]
            summ = r.get("summary") or {}
            rows.append((n, f"check --changed-since ({label})", f"{r['seconds']:.2f}", f"{r['cpu_seconds']:.2f}",
                         f"{r['peak_rss_mib']:.0f}", str(r["exit_code"]),
                         f"{summ.get('nominations')} nomination(s) reported, {summ.get('errors')} error(s)"
                         + (f"; {_runs(r)}" if "runs_seconds" in r else "")))
        bu = s["build"]
        notes = (f"{bu.get('output_files')} files, {(bu.get('output_bytes') or 0) / 2**20:.1f} MiB; pagefind/ "
                 f"{(bu.get('search_index_bytes') or 0) / 2**20:.1f} MiB")
        rows.append((n, "build", f"{bu['seconds']:.2f}", f"{bu['cpu_seconds']:.2f}", f"{bu['peak_rss_mib']:.0f}",
                     str(bu["exit_code"]), notes))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)).rstrip() for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    d = results["derived"]
    lines.append("")
    for n, v in d["per_size"].items():
        lines.append(
            f"N={n}: check/baseline {v['check_over_baseline']}x (medians {v['check_median_over_baseline_median']}x, "
            f"with cache {v['check_with_cache_over_baseline']}x), check {v['check_ms_per_nomination']} ms/nomination, "
            f"changed(cold)/full {v['changed_cold_over_full']}, build {v['build_seconds_per_nomination']} s/nomination"
        )
    for key, v in d["between_sizes"].items():
        lines.append(f"sizes {key} (x{v['nominations_ratio']} nominations): baseline x{v['baseline_time_ratio']}, "
                     f"check x{v['check_time_ratio']}, changed(cold) x{v['changed_cold_time_ratio']}, "
                     f"build x{v['build_time_ratio']} (per nomination x{v['build_seconds_per_nomination_ratio']}), "
                     f"peak RSS check x{v['check_peak_rss_ratio']}, build x{v['build_peak_rss_ratio']}")
    return "\n".join(lines)


def _runs(r: dict) -> str:
    return f"best of {'/'.join(f'{x:.2f}' for x in r['runs_seconds'])}, median {r['median_seconds']:.2f}"


def failures(results: dict) -> list[str]:
    out = []
    for s in results["sizes"]:
        n = s["nominations"]
        if s["baseline"]["exit_code"] != 0:
            out.append(f"N={n} baseline exit {s['baseline']['exit_code']}: {s['baseline']['stderr_tail'][-300:]}")
        stages = [("check", s["check_full"]), ("check with cache", s["check_full_warm"]),
                  ("changed cold", s["check_changed"]["cold"]),
                  ("changed warm", s["check_changed"]["warm"]), ("build", s["build"])]
        for name, r in stages:
            if not r.get("ok"):
                out.append(f"N={n} {name} exit {r['exit_code']}: {r['stderr_tail'][-500:]}")
        summ = s["check_full"].get("summary") or {}
        if summ.get("nominations") != n:
            out.append(f"N={n} check reported {summ.get('nominations')} nominations, expected {n}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark thidua check and build on synthetic repositories.")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated nomination counts")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the full check and the build (cProfile, top 25 cumulative) at each size")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories and outputs")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of the baseline, the full check and the one-file check; the best is reported")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    args.out.mkdir(parents=True, exist_ok=True)

    work = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    results: dict = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                     "machine": machine(), "sizes": []}
    try:
        for n in sizes:
            results["sizes"].append(bench_size(n, work, args.out if args.profile else None, args.repeat))
            results["derived"] = derived(results["sizes"])
            (args.out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                                                   encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["failures"] = failures(results)
    (args.out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    m = results["machine"]
    print(f"Machine: {m['platform']}, {m['cpu_count']} CPU ({m['cpu_model']}), {m['memory_gib']} GiB, "
          f"Python {m['python']}; tool {m['tool_commit'][:10]}{' (dirty)' if m['tool_dirty'] else ''}")
    print(table(results))
    for f in results["failures"]:
        print(f"FAILED: {f}")
    print(f"results: {args.out / 'results.json'}")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
