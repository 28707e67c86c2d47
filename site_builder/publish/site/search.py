"""Site search: Pagefind indexes the finished site, stamped nomination pages included.

Runs after the builder (MkDocs today) and the stamping, on the HTML files only, so it does not
depend on any builder's plugins. Pagefind splits the index into small fragments the browser loads
on demand; it folds diacritics (Vietnamese typed without marks, or in NFD, finds the page) and
everything it writes is served from the site itself (`pagefind/`), nothing from the network.
What is indexed is marked in the HTML: `data-pagefind-body` on each page's content,
`data-pagefind-meta`/`data-pagefind-filter` on a nomination's unit, status and kind,
`data-pagefind-ignore` on tables, forms and history.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SEARCH_PATH = "tim-kiem"
SEARCH_TITLE = "Tìm kiếm"
BUNDLE = "pagefind"


def index_site(out: Path) -> bool:
    """Write `out/pagefind/`; False (with a message) when Pagefind cannot run."""
    bundle = out / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)  # fragments are named by content: old ones would pile up
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(out), "--output-subdir", BUNDLE, "--silent"],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        sys.stderr.write(f"thidua: không chạy được Pagefind để tạo chỉ mục tìm kiếm: {exc}\n")
        return False
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip()
        sys.stderr.write("thidua: tạo chỉ mục tìm kiếm bằng Pagefind thất bại "
                         f"(cài gói pagefind[bin]?): {detail}\n")
        return False
    return True
