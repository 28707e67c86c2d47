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
    """The content of each path that is a file at `rev` (one `git cat-file` process)."""
    if not paths:
        return {}
    with BlobReader(root) as reader:
        found = {path: reader.read(f"{rev}:{path}") for path in paths}
    return {path: data for path, data in found.items() if data is not None}


class BlobReader:
    """Objects read one at a time through one `git cat-file --batch` process, only as needed.

    A blob larger than `limit`, or an object that is not a blob, is skipped (None), keeping
    the stream in step; so is a name holding a line break, which would split the request."""

    def __init__(self, root: Path, limit: int | None = None) -> None:
        self.root, self.limit = root, limit
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BlobReader:
        try:
            self.process = subprocess.Popen(git_command(self.root, "cat-file", "--batch"), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise GitError(f"không chạy được git: {exc}") from exc
        return self

    def read(self, name: str) -> bytes | None:
        process = self.process
        if process is None or process.stdin is None or process.stdout is None or "\n" in name or "\r" in name:
            return None
        process.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        process.stdin.flush()
        header = process.stdout.readline().rstrip(b"\n").split(b" ")
        if len(header) != 3 or not header[2].isdigit():
            return None  # "<name> missing" (or ambiguous): no content follows
        size = int(header[2])
        if header[1] == b"blob" and (self.limit is None or size <= self.limit):
            return process.stdout.read(size + 1)[:size]
        remaining = size + 1
        while remaining > 0:
            chunk = process.stdout.read(min(remaining, 2**20))
            if not chunk:
                break
            remaining -= len(chunk)
        return None

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            self.process.wait()
