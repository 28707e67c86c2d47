"""The check cache: same answers warm and cold, invalidated by content, registry and code."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import base_repo, thidua
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


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


# ---------------------------------------------------------------------------------------------
# A pull request's verdicts equal the full check's, whatever the edits (property test).

NOW = "2025-01-05T10:00:00"  # before the deadline: the pull request check adds no deadline rule
_GIT_ENV = {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.invalid", "GIT_COMMITTER_NAME": "a",
            "GIT_COMMITTER_EMAIL": "a@example.invalid"}


def _git(repo: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-c", "commit.gpgsign=false", "-C", str(repo), *args], check=True,
                   env={**os.environ, **_GIT_ENV}, capture_output=True)


@pytest.fixture(scope="module")
def main_with_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository committed on `main`, with the cache main's CI run leaves."""
    repo = base_repo(tmp_path_factory.mktemp("pr") / "repo", examples=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    assert thidua(repo, "check", "--now", NOW).code in (0, 1)
    assert (repo / ".thidua-cache/check-v1.pickle").is_file()
    return repo


_UNITS = ("xa-tam-an", "xa-long-an", "xa-phuoc-thai", "phong-tu-phap")
_EDITS = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 99), st.sampled_from([
        ("conduct_ok: true", "conduct_ok: false"), ("rating: hoan_thanh_xuat_sac", "rating: hoan_thanh_tot"),
        ("discipline: khong", "discipline: khien_trach"), ("cchc_role: thuc_hien", "cchc_role: khong"),
        ("employment_type: cong_chuc", "employment_type: hop_dong")])),
    st.tuples(st.just("same-person"), st.integers(0, 99), st.integers(0, 99)),  # b gets a's name and birth date
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("rename"), st.integers(0, 99), st.sampled_from(_UNITS), st.sampled_from(["moi", "doi-ten"])),
    st.tuples(st.just("add"), st.integers(0, 99), st.sampled_from(_UNITS), st.sampled_from(["ban-sao", "them"])),
)


def _apply(repo: Path, edit: tuple) -> None:
    import re

    files = sorted((repo / "submissions").rglob("*.yaml"))
    if not files:
        return
    source = files[edit[1] % len(files)]
    text = source.read_text(encoding="utf-8")
    if edit[0] == "edit":
        source.write_text(text.replace(*edit[2]), encoding="utf-8")
    elif edit[0] == "same-person":
        other = files[edit[2] % len(files)]
        keep = {k: re.search(rf"^{k}: .*$", text, re.M) for k in ("name", "date_of_birth")}
        changed = other.read_text(encoding="utf-8")
        for key, line in keep.items():
            if line:
                changed = re.sub(rf"^{key}: .*$", line[0], changed, flags=re.M)
        other.write_text(changed, encoding="utf-8")
    elif edit[0] == "delete":
        source.unlink()
    else:
        unit = edit[2]
        target = repo / "submissions" / "cchc-2024" / unit / f"{source.stem}-{edit[3]}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(re.sub(r"^unit_id: .*$", f"unit_id: {unit}", text, flags=re.M), encoding="utf-8")
        if edit[0] == "rename":
            source.unlink()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_EDITS, min_size=1, max_size=4))
def test_pull_request_verdicts_equal_the_full_check(main_with_cache: Path, tmp_path: Path, edits: list) -> None:
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(main_with_cache, repo, symlinks=True)
        _git(repo, "checkout", "-q", "-b", "pr")
        for edit in edits:
            _apply(repo, edit)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "--allow-empty", "-m", "pr")
        pr = thidua(repo, "check", "--changed-since", "main", "--now", NOW, "--format", "json")
        full = thidua(repo, "check", "--now", NOW, "--format", "json", env={"THIDUA_NO_CACHE": "1"})
        assert pr.code in (0, 1) and full.code in (0, 1), pr.stderr + full.stderr
        import subprocess

        diff = subprocess.run(["git", "-C", str(repo), "diff", "--name-only", "--no-renames", "main", "pr", "--",
                               "submissions"], capture_output=True, text=True, check=True).stdout.split()
        changed = {p for p in diff if (repo / p).is_file() and p.endswith(".yaml")}
        assert {n["path"] for n in pr.json()["nominations"]} == changed
        full_by_key = {(n["id"], n["path"]): n for n in full.json()["nominations"]}
        assert [n for n in full.json()["nominations"] if n["path"] in changed] == pr.json()["nominations"]
        for n in pr.json()["nominations"]:
            assert full_by_key[(n["id"], n["path"])] == n
