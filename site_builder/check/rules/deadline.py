"""Process stage: what a change may still do after the deadline (V.4).

After the deadline a unit's folder is frozen: nothing is added, changed or deleted, except

- within the supplement window, for a nomination the appraisal sent back (`bo_sung`): its
  fields and the dossier files it points to, but never who the nomination is about;
- the deletion of a nomination the secretariat recorded as withdrawn (`withdrawals.csv`).

The earlier version of a changed file is read from the comparison point with the checker's
own reader, so a deleted table's nominations and a nominee's identity are known exactly.
"""
from __future__ import annotations

import datetime as dt
import posixpath

from site_builder.check.cache import blob_id
from site_builder.check.discover import Inputs, job_for
from site_builder.check.findings import Findings
from site_builder.check.read import load_file
from site_builder.check.review import Review, supplement_open
from site_builder.git import read_at
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import error
from site_builder.model.registry import Registry
from site_builder.vietnamese.text import name_key

# Who a nomination is about: changing these is a new nomination, not a supplement.
IDENTITY_FIELDS = ("kind", "name", "date_of_birth", "nominee_unit_id")


def earlier_nominations(inputs: Inputs, rev: str, paths: list[str]) -> dict[str, list[Nomination]]:
    """The nominations each submission file held at `rev` (one git call for all of them)."""
    jobs = {p: job for p in paths if (job := job_for(inputs.root, p)) is not None}
    out: dict[str, list[Nomination]] = {}
    for path, data in read_at(inputs.root, rev, list(jobs)).items():
        out[path] = load_file(inputs.schemas, jobs[path], (data, blob_id(data))).found.nominations
    return out


def check_deadline(found: Findings, campaigns: dict[str, Campaign], reviews: dict[str, Review],
                   changed: dict[str, str], now: dt.datetime, earlier: dict[str, list[Nomination]],
                   registry: Registry) -> None:
    """Changes to submissions after the deadline, among `found`'s nominations and files. The
    hints name the body that records exceptions and withdrawals: the campaign's secretariat."""
    owners: dict[str, list[Nomination]] = {}
    by_unit: dict[tuple[str, str], list[Nomination]] = {}
    for n in found.nominations:
        owners.setdefault(n.path, []).append(n)
        by_unit.setdefault((n.campaign, n.unit_id), []).append(n)
    for path, change in sorted(changed.items()):
        parts = path.split("/")
        campaign = campaigns.get(parts[1]) if len(parts) >= 4 and parts[0] == "submissions" else None
        if campaign is None:
            continue
        moment = now if now.tzinfo else now.replace(tzinfo=campaign.timezone)
        if moment < campaign.deadline:
            continue
        review = reviews.get(campaign.id)
        where = {"path": path, "citation": campaign.citation("deadline", "V.4")}
        secretariat = registry.short_name(campaign.secretariat_unit)
        late_hint = _late_hint(secretariat)
        if change == "D":
            held = [n.id for n in earlier.get(path, [])]
            if held and review is not None and all(i in review.withdrawals for i in held):
                continue
            if not held and _supplement_document(path, campaign, by_unit, review, moment, deleted=True):
                continue
            found.record(error("deadline-passed", _deleted_message(path, campaign, moment, held),
                               _deleted_hint(campaign, secretariat), **where))
            continue
        if parts[3] == "dossier" or path not in owners:
            if not _supplement_document(path, campaign, by_unit, review, moment):
                found.record(error("deadline-passed", _late_message(campaign, moment), late_hint, **where))
            continue
        before = {n.id: n for n in earlier.get(path, [])}
        for n in owners[path]:
            line = n.line if n.source != "yaml" else None
            if not supplement_open(review, n.id, moment):
                found.record(error("deadline-passed", _late_message(campaign, moment), late_hint, line=line,
                                   nomination_id=n.id, **where), n)
            elif (swapped := _identity_change(before.get(n.id), n)) is not None:
                found.record(error(
                    "deadline-passed", f"Trong thời hạn bổ sung, hồ sơ '{n.id}' đổi trường '{swapped}': "
                    "đó là đề nghị một tập thể, cá nhân khác, không phải bổ sung hồ sơ.",
                    "Thời hạn bổ sung chỉ cho phép bổ sung thông tin và tài liệu mà kết quả thẩm định yêu cầu; "
                    f"giữ nguyên {', '.join(IDENTITY_FIELDS)} như khi nộp. Đề nghị người khác là hồ sơ mới, "
                    "chỉ nộp được trước thời hạn.", line=n.line_of(swapped),
                    field=swapped, nomination_id=n.id, **where), n)


def _supplement_document(path: str, campaign: Campaign, by_unit: dict[tuple[str, str], list[Nomination]],
                         review: Review | None, moment: dt.datetime, deleted: bool = False) -> bool:
    """A dossier file that a nomination reopened for a supplement points to (now, or before
    its deletion when a supplement replaces it)."""
    parts = path.split("/")
    if len(parts) < 5 or parts[3] != "dossier":
        return False
    unit_folder = "/".join(parts[:3])
    for n in by_unit.get((parts[1], parts[2]), []):
        if not supplement_open(review, n.id, moment):
            continue
        documents = (n.values.get(d.key) or n.raw.get(d.key) for d in campaign.documents)
        if deleted or any(isinstance(v, str) and _document_path(unit_folder, v) == path for v in documents):
            return True
    return False


def _document_path(unit_folder: str, value: str) -> str:
    return posixpath.normpath(posixpath.join(unit_folder, value))


def _identity_change(before: Nomination | None, after: Nomination) -> str | None:
    if before is None:
        return None
    for name in IDENTITY_FIELDS:
        old = before.kind if name == "kind" else before.raw.get(name)
        new = after.kind if name == "kind" else after.raw.get(name)
        if name_key(str(old or "")) != name_key(str(new or "")):
            return name
    return None


def _local(campaign: Campaign, moment: dt.datetime) -> str:
    return f"{moment.astimezone(campaign.timezone):%H:%M ngày %d/%m/%Y}"


def _late_message(campaign: Campaign, moment: dt.datetime) -> str:
    return (f"Hồ sơ được nộp hoặc sửa lúc {_local(campaign, moment)}, sau thời hạn “{campaign.deadline_text}” "
            f"(hết ngày {campaign.deadline - dt.timedelta(days=1):%d/%m/%Y}).")


def _late_hint(secretariat: str) -> str:
    return (f"Hồ sơ nộp sau thời hạn không được tiếp nhận. Nếu {secretariat} yêu cầu bổ sung (kết quả thẩm định "
            f"'bo_sung'), hồ sơ được sửa đến hết hạn bổ sung; trường hợp khác cần {secretariat} ghi ngoại lệ.")


def _deleted_message(path: str, campaign: Campaign, moment: dt.datetime, held: list[str]) -> str:
    what = f"hồ sơ {', '.join(held[:3])}{'…' if len(held) > 3 else ''}" if held else "tài liệu đã nộp"
    return (f"Tệp bị xóa hoặc đổi tên lúc {_local(campaign, moment)}, sau thời hạn “{campaign.deadline_text}”: "
            f"{what} là hồ sơ đã nộp, được lưu giữ làm căn cứ xét và quyết định khen thưởng.")


def _deleted_hint(campaign: Campaign, secretariat: str) -> str:
    return ("Khôi phục tệp như cũ (đổi tên cũng là xóa rồi nộp mới). Muốn rút hồ sơ, đơn vị gửi văn bản đề nghị "
            f"để {secretariat} ghi vào {campaign.folder}/withdrawals.csv (mã hồ sơ, lý do, ngày và người chấp thuận); "
            "sau đó mới xóa tệp.")
