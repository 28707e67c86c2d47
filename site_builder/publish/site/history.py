"""Git history of the campaign data: one `git log` call, parsed in a single pass."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from site_builder.git import try_git
from site_builder.vietnamese.text import HIDDEN, nfc, squash

_RECORD = "\x1e"  # starts every commit header
_FIELD = "\x1f"   # separates header fields; the subject is last so it may contain anything
# The committer date, not the author date: the author date is whatever the author's machine
# said (a rebase keeps it), while on the first-parent line of main the committer date is when
# the change was put on main (for a merged branch, the merge commit's date).
_FORMAT = _RECORD + _FIELD.join(["%H", "%h", "%cI", "%an", "%s"])
SUBJECT_MAX = 100
AUTHOR_MAX = 60
_STATUSES = {"A": "A", "D": "D"}  # everything else (M, T) is a modification


@dataclass(frozen=True)
class Change:
    status: str  # "A", "M" or "D" (a rename is reported as D + A)
    path: str    # POSIX path relative to the root


@dataclass(frozen=True)
class Commit:
    hash: str
    short: str
    date: datetime  # committer date: when the change reached the first-parent line; aware
    author: str     # author name only, never the e-mail; cleaned and cut like the subject
    subject: str    # one line, no control characters, at most SUBJECT_MAX characters
    changes: tuple[Change, ...]


def one_line(text: str, limit: int) -> str:
    """`text` on one line without control or format characters, cut to `limit` characters with '…'."""
    text = squash(HIDDEN.sub("", nfc(text)))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def read_history(root: Path, paths: Sequence[str] = ("submissions", "campaigns", "registry")) -> list[Commit]:
    """All commits touching `paths`, newest first, from ONE `git log` call (never one call per file).

    Only the first-parent line of HEAD is read and each merge is diffed against its first parent:
    the change log shows what landed on the main branch, so a merged pull request appears once, as
    the merge commit listing every file it brought in, and its branch commits are not listed.
    Paths are relative to `root` (`--relative`), which is usually the repository top level.
    Returns [] when git is missing, `root` is not a repository or it has no commits yet.
    """
    out = try_git(root, "log", "--first-parent", "-m", "--no-renames", "--name-status", "-z", "--relative",
               "--no-color", "--no-show-signature", f"--format={_FORMAT}", "--", *paths)
    return _parse(out) if out else []


def _parse(out: bytes) -> list[Commit]:
    # Stream of NUL-terminated tokens: header, then "\nSTATUS", path, STATUS, path, ...
    # A path always follows a status token, so paths may contain any byte, even \x1e or newlines.
    commits: list[Commit] = []
    header: list[str] | None = None
    changes: list[Change] = []
    status: str | None = None
    for token in out.split(b"\0"):
        if status is not None:
            changes.append(Change(status, token.decode("utf-8", "surrogateescape")))
            status = None
            continue
        token = token.lstrip(b"\n")  # the blank line between a header and its file list
        if token.startswith(_RECORD.encode()):
            if header is not None:
                commits.append(_commit(header, changes))
            header, changes = token[1:].decode("utf-8", "replace").split(_FIELD, 4), []
        elif token:
            status = _STATUSES.get(token[:1].decode("ascii", "replace"), "M")
    if header is not None:
        commits.append(_commit(header, changes))
    return commits


def _commit(header: list[str], changes: list[Change]) -> Commit:
    full, short, date, author, subject = header
    return Commit(full, short, datetime.fromisoformat(date), one_line(author, AUTHOR_MAX),
                  one_line(subject, SUBJECT_MAX), tuple(changes))


def file_history(commits: Iterable[Commit]) -> dict[str, list[Commit]]:
    """Path -> commits touching it, in the order given (newest first for `read_history`)."""
    history: dict[str, list[Commit]] = {}
    for commit in commits:
        for change in commit.changes:
            items = history.setdefault(change.path, [])
            if not items or items[-1] is not commit:
                items.append(commit)
    return history


def first_added(commits: Iterable[Commit], path: str) -> Commit | None:
    """The oldest commit that added `path` (commits are newest first)."""
    found: Commit | None = None
    for commit in commits:
        if any(c.path == path and c.status == "A" for c in commit.changes):
            found = commit
    return found


def head_commit(root: Path) -> tuple[str, str] | None:
    """(full hash, short hash) of HEAD; None if not a git repository or there are no commits."""
    out = try_git(root, "log", "-1", "--no-show-signature", "--format=%H%x1f%h", "HEAD", "--")
    if not out or _FIELD.encode() not in out:
        return None
    full, short = out.decode("ascii", "replace").strip().split(_FIELD, 1)
    return full, short


def format_vn(moment: datetime, tz: tzinfo) -> str:
    """'14:05 ngày 09/01/2025' in the campaign time zone; a naive moment is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz).strftime("%H:%M ngày %d/%m/%Y")
