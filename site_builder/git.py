"""What git knows: changed paths since a revision (one call each, never one per file)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from site_builder.exceptions import GitError


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
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
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request,
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
