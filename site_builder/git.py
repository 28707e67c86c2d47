"""What git knows: changed paths since a revision, blob ids, contents at a revision (one call
each, never one per file). The one way this package runs git."""
from __future__ import annotations

import subprocess
from pathlib import Path

from site_builder.exceptions import GitError


def git_command(root: Path, *args: str) -> list[str]:
    """argv for git in `root`: paths unquoted, log output in UTF-8, merges shown against their first parent."""
    return ["git", "-c", "core.quotepath=false", "-c", "i18n.logOutputEncoding=UTF-8",
            "-c", "log.diffMerges=first-parent", "-C", str(root), *args]


def try_git(root: Path, *args: str) -> bytes | None:
    """Stdout of a git command in `root`, or None if git is missing or the command fails."""
    try:
        done = subprocess.run(git_command(root, *args), capture_output=True, check=False, stdin=subprocess.DEVNULL)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(git_command(root, *args), capture_output=True, check=False, stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise GitError(f"không chạy được git: {exc}") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} thất bại")
    return done.stdout.decode("utf-8", "surrogateescape")


def changed_paths(root: Path, rev: str) -> dict[str, str]:
    """Paths changed since `rev` (committed, staged, unstaged or untracked) -> 'A', 'M' or 'D'."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    out: dict[str, str] = {}
    diff = _git(root, "diff", "--name-status", "--no-renames", "-z", rev, "--")
    parts = diff.split("\0")
    for status, path in zip(parts[0::2], parts[1::2], strict=False):
        if path:
            out[path] = status[:1] if status[:1] in "AD" else "M"
    for path in _git(root, "ls-files", "--others", "--exclude-standard", "-z").split("\0"):
        if path:
            out[path] = "A"
    return out


def blob_ids(root: Path, rev: str, folder: str) -> dict[str, str]:
    """Git blob id of every regular file under `folder` at `rev` (one call)."""
    out: dict[str, str] = {}
    for record in _git(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", folder).split("\0"):
        meta, _, path = record.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[0] in ("100644", "100755") and parts[1] == "blob":
            out[path] = parts[2]
    return out


def read_at(root: Path, rev: str, paths: list[str]) -> dict[str, bytes]:
    """The content of each path that is a file at `rev` (one `git cat-file --batch` call)."""
    if not paths:
        return {}
    request = "".join(f"{rev}:{path}\n" for path in paths).encode("utf-8", "surrogateescape")
    try:
        done = subprocess.run(git_command(root, "cat-file", "--batch"), input=request,
                              capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"không chạy được git: {exc}") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git cat-file thất bại")
    out: dict[str, bytes] = {}
    data, at = done.stdout, 0
    for path in paths:
        end = data.index(b"\n", at)
        header = data[at:end].split(b" ")
        at = end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue  # "<name> missing" (or ambiguous): no content follows
        size = int(header[2])
        if header[1] == b"blob":
            out[path] = data[at:at + size]
        at += size + 1
    return out
