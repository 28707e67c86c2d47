"""`thidua serve` in a real browser: edit a nomination file, the open page reloads with the new value."""
from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import PROJECT
from test_site_config import example

pytestmark = pytest.mark.slow
THU_HA = "cchc-2024/ho-so/xa-long-an/nguyen-thi-thu-ha/"
THU_HA_FILE = "submissions/cchc-2024/xa-long-an/nguyen-thi-thu-ha.yaml"
OLD = "Công chức Văn phòng – Thống kê, phụ trách Bộ phận Một cửa"
NEW = "Phó Chủ tịch UBND xã, phụ trách cải cách hành chính"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path):
    """`thidua serve` on a free port in a copy of the example; yields (address, repository, stderr lines)."""
    root = example(tmp_path / "repo")
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}, "PYTHONPATH": str(PROJECT)}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--port", str(port)], cwd=root,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stderr or ():
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    said: list[str] = []
    try:
        address = f"http://127.0.0.1:{port}/"
        while not any(address in line for line in said):
            assert process.poll() is None, "".join(said)
            said.append(lines.get(timeout=120))
        first = time.perf_counter() - started
        assert first < 60, f"first render took {first:.1f} s"
        assert any(line.startswith("Trang xem trước: mở ") for line in said), said
        yield address, root, said, lines
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_edit_a_nomination_and_the_page_reloads(served, browser) -> None:
    address, root, _, _ = served
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(address + THU_HA, wait_until="load")
    assert OLD in page.inner_text("article")
    page.evaluate("window.thiduaBeforeEdit = true")  # gone once the page has reloaded

    source = root / THU_HA_FILE
    text = source.read_text(encoding="utf-8")
    assert f"position: {OLD}\n" in text
    source.write_text(text.replace(f"position: {OLD}\n", f"position: {NEW}\n"), encoding="utf-8")

    page.wait_for_function("() => window.thiduaBeforeEdit === undefined", timeout=90_000)
    page.wait_for_load_state("load")
    body = page.inner_text("article")
    assert NEW in body and OLD not in body
    assert not errors, errors
    context.close()


def test_docs_page_edit_reloads_too(served, browser) -> None:
    address, root, _, _ = served
    context = browser.new_context()
    page = context.new_page()
    page.goto(address + "gioi-thieu/", wait_until="load")
    intro = root / "docs/gioi-thieu.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nĐoạn mới thêm khi xem trước.\n", encoding="utf-8")
    page.wait_for_selector("text=Đoạn mới thêm khi xem trước.", timeout=90_000)
    context.close()


def test_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    from conftest import thidua

    root = example(tmp_path / "repo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = thidua(root, "serve", "--port", str(taken.getsockname()[1]))
    assert run.code == 2 and "--port" in run.stderr and "Traceback" not in run.stderr, run.stderr
