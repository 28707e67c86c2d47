"""The check cache: same answers warm and cold, invalidated by content, registry and code."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

from conftest import base_repo, thidua


def _example(tmp_path: Path) -> Path:
    return base_repo(tmp_path / "repo", examples=True)


def test_warm_equals_cold(tmp_path: Path) -> None:
    repo = _example(tmp_path)
    cold = thidua(repo, "check", "--format", "json", env={"THIDUA_NO_CACHE": "1"})
    first = thidua(repo, "check", "--format", "json")
    assert (repo / ".thidua-cache/check-v1.pickle").is_file()
    warm = thidua(repo, "check", "--format", "json")
    assert cold.stdout == first.stdout == warm.stdout


def test_changed_content_is_read_again(tmp_path: Path) -> None:
    repo = _example(tmp_path)
    thidua(repo, "check")
    path = repo / "submissions/cchc-2024/xa-long-an/tran-quoc-bao.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("discipline: khong", "discipline: canh_cao"), encoding="utf-8"
    )
    run = thidua(repo, "check", "--format", "json")
    verdicts = {n["id"]: n["verdict"] for n in run.json()["nominations"]}
    assert verdicts["cchc-2024/xa-long-an/tran-quoc-bao"] == "ineligible"


def test_registry_change_invalidates(tmp_path: Path) -> None:
    repo = _example(tmp_path)
    thidua(repo, "check")
    registry = repo / "registry/units.csv"
    lines = [line for line in registry.read_text(encoding="utf-8").splitlines() if not line.startswith("xa-tam-an,")]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = thidua(repo, "check", "--format", "json")
    codes = {p["code"] for p in run.json()["problems"] if p["path"].startswith("submissions/cchc-2024/xa-tam-an/")}
    assert "unknown-unit" in codes


def test_tampered_cache_cannot_run_code(tmp_path: Path) -> None:
    repo = _example(tmp_path)
    thidua(repo, "check")
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {marker}",))

    cache = repo / ".thidua-cache/check-v1.pickle"
    cache.write_bytes(pickle.dumps({"fingerprint": "x", "files": {"a": ("b", Evil())}}))
    run = thidua(repo, "check")
    assert run.code == 0 and not marker.exists() and "Traceback" not in run.stderr


def test_pull_request_check_same_with_and_without_cache(tmp_path: Path) -> None:
    import subprocess

    repo = _example(tmp_path)
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.invalid",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.invalid"}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "base"],
        ["checkout", "-q", "-b", "pr"],
    ):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
    thidua(repo, "check")  # fills the cache, as main's CI run would
    path = repo / "submissions/cchc-2024/xa-tam-an/lam-quang-vinh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("conduct_ok: true", "conduct_ok: false"), encoding="utf-8")
    args = ("check", "--changed-since", "main", "--now", "2025-01-05T10:00:00", "--format", "json")
    warm = thidua(repo, *args)
    cold = thidua(repo, *args, env={"THIDUA_NO_CACHE": "1"})
    assert warm.code == cold.code == 1
    assert warm.stdout == cold.stdout
    assert [n["verdict"] for n in warm.json()["nominations"]] == ["ineligible"]
