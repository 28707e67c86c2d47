"""Start-up cost of `thidua`: `check --help`, and a check of one file in an otherwise empty campaign.

    python benchmarks/startup.py [--repeat 10] [--out benchmarks/out]

Each command runs `--repeat` times in a fresh process (reaped with os.wait4, as in run.py);
the table gives the best and the median wall time, and which of the heavy libraries the
command imported (measured with `python -X importtime` in one more run). Results also go to
OUT/startup.json. See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
from run import PYTHON, git, machine, measure, tool_env  # noqa: E402

# The libraries the issue wants loaded only by the commands that use them.
HEAVY = ("frictionless", "openpyxl", "docx", "jinja2", "mkdocs", "yaml")
ONE_FILE = "submissions/cchc-2024/xa-long-an/nguyen-thi-thu-ha.yaml"


def empty_campaign(root: Path) -> Path:
    """The project's schema, registry and campaign, and one example nomination, committed."""
    for folder in ("schema", "registry"):
        shutil.copytree(PROJECT / folder, root / folder)
    campaign = root / "campaigns" / "cchc-2024"
    campaign.mkdir(parents=True)
    for name in ("campaign.yaml", "plan.md"):
        shutil.copy(PROJECT / "campaigns" / "cchc-2024" / name, campaign / name)
    target = root / ONE_FILE
    target.parent.mkdir(parents=True)
    shutil.copy(PROJECT / ONE_FILE, target)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "empty campaign")
    return root


def imported(argv: list[str], cwd: Path) -> list[str]:
    """Top-level packages among HEAVY that the command imports."""
    done = subprocess.run([PYTHON, "-X", "importtime", *argv], cwd=cwd, capture_output=True, text=True,
                          env=tool_env(), timeout=120)
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()
             if line.startswith("import time:")}
    return [name for name in HEAVY if name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    commands = {
        "python -c pass (interpreter alone)": [PYTHON, "-c", "pass"],
        "thidua --help": [PYTHON, "-m", "site_builder", "--help"],
        "thidua check --help": [PYTHON, "-m", "site_builder", "check", "--help"],
        "thidua check ONE_FILE (empty campaign)": [PYTHON, "-m", "site_builder", "check", ONE_FILE],
    }
    rows = []
    with tempfile.TemporaryDirectory(prefix="thidua-startup-") as tmp:
        repo = empty_campaign(Path(tmp) / "repo")
        for label, command in commands.items():
            runs = [measure(command, repo, env=tool_env()) for _ in range(args.repeat)]
            seconds = [r["seconds"] for r in runs]
            rows.append({"command": label, "best_seconds": min(seconds), "median_seconds": statistics.median(seconds),
                         "runs_seconds": seconds, "exit_codes": sorted({r["exit_code"] for r in runs}),
                         "peak_rss_mib": min(r["peak_rss_mib"] for r in runs),
                         "heavy_imports": imported(command[1:], repo) if command[1] == "-m" else []})
    results = {"machine": machine(), "repeat": args.repeat, "rows": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "startup.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"| command | best s | median s | peak RSS MiB | exit | heavy libraries imported |  ({args.repeat} runs)")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['command']} | {r['best_seconds']:.3f} | {r['median_seconds']:.3f} | {r['peak_rss_mib']} | "
              f"{','.join(map(str, r['exit_codes']))} | {', '.join(r['heavy_imports']) or '–'} |")
    m = results["machine"]
    print(f"commit {m['tool_commit'][:7]}{' (dirty)' if m['tool_dirty'] else ''}, {m['platform']}, "
          f"{m['cpu_count']} CPU, Python {m['python']}")
    return 0 if all(set(r["exit_codes"]) <= {0, 1} for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
