"""The published commended list: every id of the decision, even when its file has left the repository.

A nomination the decision names but the repository no longer holds is read back from git:
the last committed version of a file that held it (one `git log` for all such ids, then one
`git cat-file --batch`), parsed by the checker's own loader; only public fields are shown.
Nothing runs when no id is missing.
"""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from site_builder.check.discover import TABLE_FILES, job_for
from site_builder.check.parse.files import MAX_FILE_BYTES
from site_builder.check.read import load_file
from site_builder.exceptions import GitError
from site_builder.git import BlobReader, git_command
from site_builder.model.nomination import Nomination
from site_builder.publish.public import PublicNomination, public_value
from site_builder.publish.site.history import one_line
from site_builder.vietnamese.collation import person_key, vi_key
from site_builder.vietnamese.text import fold

if TYPE_CHECKING:
    from site_builder.check.pipeline import CheckResult
    from site_builder.check.review import Decision
    from site_builder.publish.site.view import CampaignView

_PART = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_ID = re.compile(rf"^({_PART})/({_PART})/({_PART})$")
_NAME_MAX = 200


@dataclass(frozen=True)
class Commended:
    id: str
    kind: str          # "individual", "collective", or "" when nothing could be recovered
    name: str          # "" when nothing could be recovered
    unit_id: str
    slug: str
    unit_name: str
    position: str
    linked: bool       # the nomination has its page on the site
    folded: str
    note: str = ""     # why the entry is not a nomination of the repository


def commended_list(view: CampaignView, result: CheckResult) -> tuple[list[Commended], list[Commended], list[Commended]]:
    """(collectives, individuals, of unknown kind), in Vietnamese order; the last in the decision's order."""
    decision = view.review.decision if view.review else None
    if decision is None:
        return [], [], []
    ids = list(dict.fromkeys(decision.commended))
    present = {n.id: n for n in view.nominations}
    missing = [nid for nid in ids if nid not in present]
    recovered = recover(result, missing) if missing else {}
    entries = [_present(present[nid]) if nid in present else _missing(nid, recovered.get(nid), decision, result)
               for nid in ids]
    collectives = sorted((e for e in entries if e.kind == "collective"), key=lambda e: vi_key(e.name))
    individuals = sorted((e for e in entries if e.kind == "individual"), key=lambda e: person_key(e.name))
    return collectives, individuals, [e for e in entries if e.kind not in ("collective", "individual")]


def _present(n: PublicNomination) -> Commended:
    return Commended(n.id, n.kind, n.name, n.unit_id, n.slug, n.unit_name, dict(n.fields).get("Chức vụ", ""),
                     True, n.folded)


def _missing(nid: str, found: Nomination | None, decision: Decision, result: CheckResult) -> Commended:
    parts = nid.split("/")
    unit_id, slug = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
    unit = result.registry.get(unit_id)
    unit_name = unit.name if unit else unit_id
    gone = "Hồ sơ không còn trong kho dữ liệu"
    if found is None or not found.name.strip():
        nid = one_line(nid, _NAME_MAX)  # any text the decision holds, shown as an id
        return Commended(nid, "", "", unit_id, slug, unit_name, "", False, fold(nid).casefold(),
                         f"{gone}; xem Quyết định số {decision.number}.")
    spec = result.schemas.of(found.campaign)[found.kind or "individual"]
    position = public_value(found, result.schemas, "position", as_written=True) if "position" in spec.by_name else None
    name = one_line(found.name, _NAME_MAX)
    return Commended(nid, found.kind or "", name, unit_id, slug, unit_name,
                     one_line(str(position or ""), _NAME_MAX),
                     False, fold(f"{name} {unit_name}").casefold(),
                     f"{gone}; thông tin lấy từ phiên bản cuối cùng của hồ sơ trong lịch sử thay đổi.")


def recover(result: CheckResult, ids: list[str]) -> dict[str, Nomination]:
    """The last committed version of each nomination in `ids`, as the checker reads it (unvalidated)."""
    candidates: dict[str, list[str]] = {}  # path -> ids it may have held
    for nid in ids:
        m = _ID.match(nid)
        if m is None:
            continue
        folder = f"submissions/{m.group(1)}/{m.group(2)}"
        for name in (f"{m.group(3)}.yaml", *TABLE_FILES):
            candidates.setdefault(f"{folder}/{name}", []).append(nid)
    if not candidates:
        return {}
    versions = _versions(result, list(candidates))
    found: dict[str, Nomination] = {}
    if not versions:
        return found
    parsed: dict[tuple[str, str], list[Nomination]] = {}
    try:
        with BlobReader(result.root, limit=MAX_FILE_BYTES) as blobs:  # the checker refuses larger files too
            for path, blob in versions:  # newest first: the first version holding an id is its last
                waiting = [nid for nid in candidates[path] if nid not in found]
                if not waiting:
                    continue
                if (path, blob) not in parsed:
                    parsed[(path, blob)] = _parse(result, path, blobs.read(blob))
                for n in parsed[(path, blob)]:
                    if n.id in waiting:
                        found.setdefault(n.id, n)
                if len(found) == len(ids):
                    break
    except GitError:  # git cannot run: nothing recovered, the ids are shown with the decision
        pass
    return found


def _versions(result: CheckResult, paths: list[str]) -> list[tuple[str, str]]:
    """(path, blob id) of every committed version of `paths`, newest first, from one `git log`."""
    try:
        done = subprocess.run(git_command(result.root, "log", "-m", "--no-renames", "--raw", "-z", "--no-abbrev",
                                          "--no-color", "--format=%x1e", "--", *paths),
                              capture_output=True, check=False, stdin=subprocess.DEVNULL)
    except OSError:
        return []
    if done.returncode != 0:
        return []
    out: dict[tuple[str, str], None] = {}  # ordered, without repeats
    tokens: Iterator[bytes] = iter(done.stdout.split(b"\0"))
    for token in tokens:
        token = token.lstrip(b"\n\x1e")
        if not token.startswith(b":"):
            continue
        fields = token[1:].split()
        path = next(tokens, b"").decode("utf-8", "surrogateescape")
        if len(fields) < 4:
            continue
        for blob in (fields[3], fields[2]):  # the version after the change, then the one before
            sha = blob.decode("ascii", "replace")
            if sha.strip("0"):
                out.setdefault((path, sha))
    return list(out)


def _parse(result: CheckResult, path: str, data: bytes | None) -> list[Nomination]:
    job = job_for(result.root, path)
    if data is None or job is None:
        return []
    return load_file(result.schemas, job, (data, "")).found.nominations
