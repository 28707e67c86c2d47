"""Speed bounds that used to be asserted inside tests, where a busy runner made them flaky.

    .venv/bin/python benchmarks/timing.py

Each line: the bound, the best of three runs, and whether it holds; exit 1 when one does not.
The inputs are the tests' own (tests/test_encoding.py, tests/cases/), so the two stay one.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]

from conftest import CASES, case_repo  # noqa: E402
from test_encoding import CSV, MIB, UNICODE_SENTENCES, _repeat_to  # noqa: E402

from site_builder.publish.site.charts import bar_chart  # noqa: E402
from site_builder.vietnamese.collation import vi_key  # noqa: E402
from site_builder.vietnamese.encodings import ENCODINGS, decode_text, encode_legacy, legacy_font_text  # noqa: E402


def best(func: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def checks() -> list[tuple[str, float, Callable[[], object]]]:
    items = [(f"Đơn vị số {i} của huyện Cần Giuộc tỉnh Long An", i) for i in range(1000)]
    utf8 = _repeat_to(unicodedata.normalize("NFD", CSV * 3).encode("utf-8"))
    out: list[tuple[str, float, Callable[[], object]]] = [
        ("bar chart of 1,000 items", 0.2, lambda: bar_chart("Nhiều đơn vị", items)),
        ("collation key of 400,000 characters", 1.0, lambda: vi_key("Nguyễn Thị Ngọc Ánh " * 20_000)),
        ("decode 1 MiB of UTF-8", 0.5, lambda: decode_text(utf8[: utf8.rindex(b"\n") + 1])),
        ("decode 1 MiB, one line, last byte bad", 0.5, lambda: decode_text(b"a" * (MIB - 1) + b"\xff")),
        ("legacy font text in 1 MiB of Unicode", 0.5,
         lambda: legacy_font_text(("\n".join(UNICODE_SENTENCES) * 200)[:MIB])),
    ]
    for encoding in ENCODINGS:
        data = _repeat_to(encode_legacy(CSV, encoding))
        out.append((f"recognise 1 MiB of {encoding}", 0.5, lambda data=data: decode_text(data)))
    return out


def case_checks(tmp: Path) -> list[tuple[str, float, Callable[[], object]]]:
    """Bad input is refused quickly: a whole `thidua check` process, interpreter start-up included."""
    out: list[tuple[str, float, Callable[[], object]]] = []
    for case in sorted(p for p in CASES.iterdir() if p.name.startswith(("input-", "table-"))):
        root = case_repo(case, tmp / case.name)
        argv = [sys.executable, "-m", "site_builder", "check", "--format", "json"]
        out.append((f"case {case.name}", 1.0, lambda root=root, argv=argv: subprocess.run(
            argv, cwd=root, capture_output=True, env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})))
    return out


def main() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, bound, func in checks() + case_checks(Path(tmp)):
            seconds = best(func)
            ok = seconds < bound
            failed += not ok
            print(f"{'ok  ' if ok else 'SLOW'} {seconds:7.3f} s < {bound:.1f} s  {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
