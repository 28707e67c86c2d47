"""Stage 4: the secretariat's records (appraisal, votes, decision) and each nomination's status."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, cast

from site_builder.check.findings import Findings
from site_builder.check.parse.tables import TableRead
from site_builder.check.parse.yaml_strict import YamlDocument
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Category, Problem, error, warning
from site_builder.model.schema import KIND_WORDS

STATUS_LABELS = {
    "invalid": "Không hợp lệ", "ineligible": "Không đủ điều kiện", "pending": "Chờ bổ sung thông tin",
    "received": "Đã tiếp nhận", "needs_supplement": "Yêu cầu bổ sung", "appraisal_failed": "Không đạt thẩm định",
    "appraised": "Đạt thẩm định", "not_selected": "Không được bình chọn", "selected": "Được bình chọn",
    "commended": "Được khen thưởng",
}
DECISION_FIELDS = ("number", "signed_on", "signer", "commended")


@dataclass
class Decision:
    number: str
    signed_on: dt.date | None
    signer: str
    commended: list[str]
    lines: dict[str, int] = field(default_factory=dict)
    item_lines: list[int] = field(default_factory=list)


@dataclass
class Review:
    """One campaign's records, checked and indexed by nomination id."""
    campaign: Campaign
    appraisals: dict[str, dict[str, Any]] = field(default_factory=dict)
    votes: dict[str, dict[str, Any]] = field(default_factory=dict)
    decision: Decision | None = None
    selection: dict[str, str] = field(default_factory=dict)  # id -> selected / not_selected / tied
    exceptions: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (id, code) -> row
    # Nominations withdrawn after the deadline (withdrawals.csv): their files may be deleted.
    withdrawals: dict[str, dict[str, Any]] = field(default_factory=dict)


def index_records(found: Findings, campaign: Campaign, nominations: dict[str, Nomination],
                  appraisals: TableRead | None, votes: TableRead | None, exceptions: TableRead | None,
                  withdrawals: TableRead | None, decision: YamlDocument | None) -> Review:
    """Index the secretariat's records by nomination id; unknown ids are reported."""
    review = Review(campaign)
    base = campaign.folder
    # A withdrawn nomination's file is gone, by design: records naming it stay valid.
    for row in withdrawals.rows if withdrawals else ():
        if row.values.get("nomination_id"):
            review.withdrawals[row.values["nomination_id"]] = {**row.values, "line": row.line}
    for name, read, target in (("appraisals", appraisals, review.appraisals), ("votes", votes, review.votes)):
        for row in read.rows if read else ():
            nid = row.values.get("nomination_id")
            if not nid:
                continue
            if nid not in nominations:
                if nid not in review.withdrawals:
                    found.record(_unknown(nid, f"{base}/{name}.csv", row.line, about=nid))
                continue
            target[nid] = {**row.values, "line": row.line}
    for row in exceptions.rows if exceptions else ():
        nid, code = row.values.get("nomination_id"), row.values.get("code")
        if not nid or not code:
            continue
        if nid not in nominations:
            if nid not in review.withdrawals:
                found.record(_unknown(nid, f"{base}/exceptions.csv", row.line, about=nid))
            continue
        review.exceptions[(nid, code)] = {**row.values, "line": row.line}
    if decision is not None and decision.value is not None:
        review.decision = _decision(found, decision, f"{base}/decision.yaml")
    return review


def supplement_open(review: Review | None, nomination_id: str, moment: dt.datetime) -> bool:
    """A nomination appraised `bo_sung` may be changed until the supplement date (inclusive)."""
    if review is None or review.appraisals.get(nomination_id, {}).get("result") != "bo_sung":
        return False
    until = review.campaign.review.get("supplement_until")
    if not until:
        return False
    end = dt.datetime.combine(dt.date.fromisoformat(str(until)) + dt.timedelta(days=1), dt.time(0),
                              review.campaign.timezone)
    return moment < end


def apply_exceptions(found: Findings, review: Review, nomination: Nomination) -> None:
    """Turn problems the secretariat waived into recorded, visible warnings."""
    for i, p in enumerate(nomination.problems):
        row = review.exceptions.get((nomination.id, p.code))
        if row is None or p.waived:
            continue
        if p.category not in (Category.CRITERION, Category.PROCESS):
            found.record(
                error(
                    "exception-not-allowed",
                    f"Không thể miễn lỗi '{p.code}' cho '{nomination.id}': lỗi định dạng, "
                    "dữ liệu hoặc tham chiếu phải được sửa trong hồ sơ.",
                    "Xóa dòng ngoại lệ này và đề nghị đơn vị sửa hồ sơ.",
                    path=f"{review.campaign.folder}/exceptions.csv",
                    line=row["line"],
                    field="code",
                )
            )
            continue
        approved = row.get("approved_on")
        when = approved.strftime("%d/%m/%Y") if isinstance(approved, dt.date) else str(approved)
        nomination.problems[i] = replace(
            p, severity="warning", waived=True,
            message=f"{p.message} Ngoại lệ được chấp thuận ngày {when} ({row.get('approved_by')}): {row.get('reason')}")


def judge(found: Findings, review: Review, nominations: dict[str, Nomination]) -> None:
    """Selection by votes and the decision's consistency; needs final verdicts."""
    _select(found, review, nominations)
    if review.decision is not None:
        _check_decision(found, review, nominations)


def _unknown(nid: str, path: str, line: int | None, field_name: str = "nomination_id", *, about: str) -> Problem:
    return error("unknown-nomination", f"Mã hồ sơ '{nid}' không trỏ tới hồ sơ nào.",
                 "Chép đúng mã hồ sơ dạng <đợt>/<mã đơn vị>/<mã hồ sơ> từ trang Tình trạng hồ sơ. Nếu tệp hồ sơ "
                 "vừa bị xóa hoặc đổi tên, khôi phục tệp; hồ sơ được rút thì Phòng Nội vụ ghi vào withdrawals.csv.",
                 path=path, line=line, field=field_name, about=about)


def _decision(found: Findings, doc: YamlDocument, path: str) -> Decision | None:
    data = doc.value
    if not isinstance(data, dict):
        found.record(error("yaml-syntax", "Quyết định phải gồm các dòng 'khóa: giá trị'.",
                           "Xem mẫu decision.yaml trong tài liệu.", path=path, line=1))
        return None
    lines = {cast(str, k[0]): v for k, v in doc.lines.items() if len(k) == 1}
    ok = True
    for key in data:
        if key not in DECISION_FIELDS:
            found.record(
                error(
                    "unknown-field",
                    f"Trường '{key}' không có trong mẫu quyết định.",
                    f"Chỉ dùng: {', '.join(DECISION_FIELDS)}.",
                    path=path,
                    line=lines.get(key),
                    field=key,
                )
            )
    for key in DECISION_FIELDS:
        if data.get(key) in (None, "", []):
            ok = False
            found.record(
                error(
                    "missing-field",
                    f"Quyết định thiếu '{key}'.",
                    "Ghi số quyết định, ngày ký (signed_on), người ký và danh sách mã hồ sơ được khen thưởng.",
                    path=path,
                    line=lines.get(key, 1),
                    field=key,
                )
            )
    signed_on = None
    try:
        signed_on = dt.date.fromisoformat(str(data.get("signed_on")))
    except ValueError:
        if data.get("signed_on"):
            ok = False
            found.record(error("invalid-value", "Ngày ký (signed_on) không phải ngày hợp lệ.",
                               "Ghi dạng 2025-02-10.", path=path, line=lines.get("signed_on"), field="signed_on"))
    commended = data.get("commended")
    if not isinstance(commended, list) or not all(isinstance(c, str) for c in commended):
        if commended:
            found.record(error("invalid-value", "'commended' phải là danh sách mã hồ sơ, mỗi mã một dòng '- '.",
                               f"Ví dụ: '- {path.split('/')[1]}/xa-long-an/nguyen-thi-thu-ha'.", path=path,
                               line=lines.get("commended"), field="commended"))
        return None
    if not ok:
        return None
    item_lines = [doc.lines.get(("commended", i), lines.get("commended", 1)) for i in range(len(commended))]
    return Decision(str(data["number"]), signed_on, str(data["signer"]), list(commended), lines, item_lines)


def _share(vote: dict[str, Any]) -> float:
    return (vote.get("votes_for") or 0) / max(vote.get("members_present") or 1, 1)


def _select(found: Findings, review: Review, nominations: dict[str, Nomination]) -> None:
    """Rank appraised nominations by vote share within each kind, up to the quota."""
    threshold = float(review.campaign.review.get("vote_threshold", 0.5))
    path = f"{review.campaign.folder}/votes.csv"
    for nid, vote in review.votes.items():
        if (
            vote.get("votes_for") is not None
            and vote.get("members_present")
            and vote["votes_for"] > vote["members_present"]
        ):
            found.record(error("invalid-value", f"Số phiếu đồng ý của '{nid}' lớn hơn số thành viên có mặt.",
                               "Kiểm tra lại biên bản kiểm phiếu.", path=path, line=vote["line"], field="votes_for"))
    for kind, quota in review.campaign.quotas.items():
        ranked = sorted(
            (nid for nid, vote in review.votes.items()
             if nominations[nid].kind == kind and review.appraisals.get(nid, {}).get("result") == "dat"
             and _share(vote) >= threshold),
            key=lambda nid: -_share(review.votes[nid]))
        for nid in review.votes:
            if nominations[nid].kind == kind and nid not in ranked:
                review.selection[nid] = "not_selected"
        if len(ranked) <= quota:
            review.selection.update({nid: "selected" for nid in ranked})
            continue
        boundary = _share(review.votes[ranked[quota - 1]]) if quota else None
        for nid in ranked:
            share = _share(review.votes[nid])
            if boundary is not None and share > boundary:
                review.selection[nid] = "selected"
            elif boundary is not None and share == boundary:
                review.selection[nid] = "tied"
            else:
                review.selection[nid] = "not_selected"
        tied = [nid for nid in ranked if review.selection[nid] == "tied"]
        room = quota - sum(1 for nid in ranked if review.selection[nid] == "selected")
        if len(tied) <= room:
            review.selection.update({nid: "selected" for nid in tied})
            continue
        rule = ("ưu tiên cá nhân là nữ" if kind == "individual"
                else "ưu tiên tập thể có từ 70% nữ trở lên")
        found.record(warning(
            "vote-tie", f"{len(tied)} hồ sơ {KIND_WORDS.get(kind, 'tập thể')} bằng phiếu "
            f"({boundary:.0%}) ở ranh giới hạn mức {quota}, còn {room} suất: {', '.join(tied)}.",
            f"Hội đồng xem xét và quyết định; khi thành tích ngang nhau, {rule} "
            "(Điều 4 Nghị định 98/2023/NĐ-CP). Ghi kết quả vào decision.yaml.",
            path=path, line=review.votes[tied[0]]["line"], citation="II.2"))


def _check_decision(found: Findings, review: Review, nominations: dict[str, Nomination]) -> None:
    decision = review.decision
    assert decision is not None
    path = f"{review.campaign.folder}/decision.yaml"
    counts: dict[str, int] = {}
    for nid, line in zip(decision.commended, decision.item_lines, strict=False):
        n = nominations.get(nid)
        if n is None:
            if nid not in review.withdrawals:  # a withdrawn one stays in the signed decision
                found.record(_unknown(nid, path, line, "commended", about=nid))
            continue
        counts[n.kind or ""] = counts.get(n.kind or "", 0) + 1
        appraisal = review.appraisals.get(nid, {}).get("result")
        if n.verdict != "eligible" or appraisal != "dat":
            why = "chưa đạt điều kiện" if n.verdict != "eligible" else "chưa được thẩm định đạt"
            found.record(
                error(
                    "decision-not-appraised",
                    f"Quyết định khen thưởng '{nid}' nhưng hồ sơ {why}.",
                    "Chỉ khen thưởng hồ sơ đủ điều kiện và đạt thẩm định (V.5.1); kiểm tra appraisals.csv.",
                    path=path,
                    line=line,
                    field="commended",
                    citation="V.5",
                    about=nid,
                )
            )
        elif review.selection.get(nid) == "not_selected":
            found.record(error("decision-contradicts-votes",
                               f"Quyết định khen thưởng '{nid}' nhưng hồ sơ không được Ban Chỉ đạo bình chọn.",
                               "Danh sách khen thưởng phải theo kết quả bình chọn trong votes.csv (V.5.2).",
                               path=path, line=line, field="commended", citation="V.5.2", about=nid))
    for kind, count in counts.items():
        quota = review.campaign.quotas.get(kind)
        if quota is not None and count > quota:
            found.record(
                error(
                    "quota-exceeded",
                    f"Quyết định khen thưởng {count} {KIND_WORDS.get(kind, 'tập thể')}, vượt "
                    f"số lượng {quota} của kế hoạch.",
                    "Giảm danh sách cho đúng số lượng (II.2) theo thứ tự bình chọn.",
                    path=path,
                    line=decision.lines.get("commended"),
                    field="commended",
                    citation="II.2",
                )
            )


def status_of(n: Nomination, review: Review | None) -> str:
    verdict = n.verdict
    appraisal = review.appraisals.get(n.id, {}).get("result") if review else None
    if verdict in ("invalid", "ineligible"):
        return verdict
    if appraisal == "bo_sung":
        return "needs_supplement"
    if verdict == "pending":
        return "pending"
    if appraisal is None:
        return "received"
    if appraisal == "khong_dat":
        return "appraisal_failed"
    assert review is not None
    if review.decision is not None and n.id in review.decision.commended:
        return "commended"
    selection = review.selection.get(n.id)
    if selection in ("selected", "not_selected"):
        return selection
    return "appraised"
