"""Everything the pages show, computed once from the check result and git history."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from site_builder.check.pipeline import CheckResult
from site_builder.check.review import STATUS_LABELS, Review
from site_builder.check.rules.criteria import criteria_of
from site_builder.model.campaign import Campaign
from site_builder.model.forms.choice import chosen
from site_builder.model.problem import CATALOGUE, Category
from site_builder.model.schema import KIND_LABELS
from site_builder.publish.public import Event, PublicNomination, public_nomination
from site_builder.publish.site.commended import Commended, commended_list
from site_builder.publish.site.history import Commit, file_history, format_vn, one_line
from site_builder.vietnamese.collation import vi_key

APPRAISAL_LABELS = {"dat": "Đạt thẩm định", "khong_dat": "Không đạt thẩm định", "bo_sung": "Yêu cầu bổ sung"}
RECORD_LABELS = {"appraisals.csv": "kết quả thẩm định", "votes.csv": "kết quả bình chọn",
                 "decision.yaml": "quyết định khen thưởng", "campaign.yaml": "kế hoạch (dữ liệu)",
                 "plan.md": "toàn văn kế hoạch", "units.csv": "danh mục đơn vị",
                 "exceptions.csv": "ngoại lệ được chấp thuận", "withdrawals.csv": "hồ sơ được rút"}


@dataclass
class CampaignView:
    campaign: Campaign
    nominations: list[PublicNomination]
    review: Review | None
    today: dt.date
    votes_changed: dt.date | None = None
    _commended: tuple[list[Commended], list[Commended], list[Commended]] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.campaign.id

    def counts(self) -> dict[str, Any]:
        table: dict[str, Any] = defaultdict(lambda: {"individual": 0, "collective": 0, "total": 0})
        for n in self.nominations:
            for key in (n.status, "total"):
                table[key][n.kind] += 1
                table[key]["total"] += 1
        table["total"]  # always present
        return dict(table)

    def commended(self, result: CheckResult) -> tuple[list[Commended], list[Commended], list[Commended]]:
        """(collectives, individuals, unknown kind) of the decision, computed once (it may read git)."""
        if self._commended is None:
            self._commended = commended_list(self, result)
        return self._commended

    def decided(self) -> int:
        """How many the decision commends: its list, not the files still present."""
        decision = self.review.decision if self.review else None
        return len(set(decision.commended)) if decision else 0

    def summary(self) -> dict[str, Any]:
        """Campaign facts for templates (trusted configuration, not submissions)."""
        c, data = self.campaign, self.campaign.data
        issuer = data.get("issuer") or {}
        award = data.get("award") or {}
        return {
            "id": c.id,
            "title": c.title,
            "short_title": c.short_title,
            "issuer": issuer.get("name", ""),
            "document": issuer.get("document", ""),
            "legal_basis": data.get("legal_basis") or [],
            "period_start": c.period_start.strftime("%d/%m/%Y"),
            "period_end": c.period_end.strftime("%d/%m/%Y"),
            "period_citation": c.citation("period", "III"),
            "eligible": data.get("eligible") or {},
            "eligible_citation": c.citation("eligible", "II.1"),
            "quotas": c.quotas,
            "quota_citation": c.citation("quotas", "II.2"),
            "award": " ".join(
                x for x in (award.get("name", ""), "của " + award["giver"] if award.get("giver") else "") if x
            ),
            "documents": c.documents,
            "report_decree": _report_decree(data),
            "documents_citation": c.citation("documents", "V.3"),
            "max_size_mib": (data.get("documents") or {}).get("max_size_mib", 20),
            "deadline_text": c.deadline_text,
            "deadline_citation": c.citation("deadline", "V.4"),
            "deadline_explanation": (data.get("deadline") or {}).get("explanation", ""),
            "contents": data.get("contents") or [],
            "timeline": self.timeline(),
            "counts": self.counts(),
            "total": len(self.nominations),
            "commended": self.decided(),
        }

    def timeline(self) -> list[dict[str, Any]]:
        items = []
        for entry in self.campaign.data.get("timeline") or []:
            date = dt.date.fromisoformat(str(entry["date"]))
            items.append({"date": date, "date_text": date.strftime("%d/%m/%Y"), "title": entry.get("title", ""),
                          "note": entry.get("note", ""), "past": date < self.today, "today": False})
        items.sort(key=lambda i: i["date"])
        position = sum(1 for i in items if i["date"] <= self.today)
        items.insert(position, {"date": self.today, "date_text": self.today.strftime("%d/%m/%Y"), "today": True})
        return items


def campaign_views(result: CheckResult, commits: list[Commit], today: dt.date) -> list[CampaignView]:
    history = file_history(commits)
    views = []
    for cid, campaign in sorted(result.campaigns.items()):
        review = result.reviews.get(cid)
        votes_commits = history.get(f"{campaign.folder}/votes.csv") or []
        view = CampaignView(campaign, [], review, today,
                            votes_commits[0].date.astimezone(campaign.timezone).date() if votes_commits else None)
        for n in result.nominations:
            if n.campaign != cid:
                continue
            public = public_nomination(n, result)
            public.events = _events(public, history.get(n.path) or [], review, view)
            public.last_change = max((e.date for e in public.events), default=None)
            view.nominations.append(public)
        view.nominations.sort(key=lambda p: (vi_key(p.unit_name), p.kind, vi_key(p.name)))
        views.append(view)
    return views


def _events(n: PublicNomination, commits: list[Commit], review: Review | None, view: CampaignView) -> list[Event]:
    tz = view.campaign.timezone
    events: list[Event] = []
    if commits:
        first = commits[-1]
        events.append(Event(first.date.astimezone(tz).date(), "Nộp hồ sơ", f"phiên bản {first.short}"))
        if len(commits) > 1:
            last = commits[0]
            events.append(Event(last.date.astimezone(tz).date(), "Cập nhật hồ sơ", f"phiên bản {last.short}"))
    if review is not None:
        appraisal = review.appraisals.get(n.id)
        if appraisal and appraisal.get("appraised_on"):
            events.append(Event(appraisal["appraised_on"], APPRAISAL_LABELS.get(str(appraisal.get("result")), ""),
                                appraisal.get("note") or ""))
        vote = review.votes.get(n.id)
        if vote and view.votes_changed:
            label = {"selected": "Được bình chọn", "not_selected": "Không được bình chọn"}.get(
                review.selection.get(n.id, ""), "Ban Chỉ đạo bỏ phiếu")
            events.append(Event(view.votes_changed, label,
                                f"{vote.get('votes_for')}/{vote.get('members_present')} thành viên có mặt đồng ý"))
        decision = review.decision
        if decision and n.status == "commended" and decision.signed_on:
            events.append(Event(decision.signed_on, "Được khen thưởng",
                                f"Quyết định số {decision.number} của {decision.signer}"))
    events.sort(key=lambda e: e.date)
    return events


def criteria_groups(campaign: Campaign, schemas: Any) -> list[dict[str, Any]]:
    schemas = schemas.of(campaign.id)
    groups = []
    for title, kinds in (("Tiêu chí đối với cá nhân", {"individual"}), ("Tiêu chí đối với tập thể", {"collective"}),
                         ("Tiêu chí chung cho tập thể và cá nhân", {"individual", "collective"})):
        items = []
        for k in criteria_of(campaign, schemas):
            if set(k.kinds) != kinds:
                continue
            items.append({"code": k.code, "citation": k.citation, "title": k.title, "explanation": k.explanation,
                          "hint": k.hint, "requirement": k.describe(k.params, schemas),
                          "kinds": ", ".join(KIND_LABELS[x].lower() for x in k.kinds)})
        if items:
            groups.append({"title": title, "criteria": items})
    return groups


def other_codes() -> list[dict[str, str]]:
    effects = {Category.FILE: "Hồ sơ không hợp lệ", Category.SCHEMA: "Hồ sơ không hợp lệ",
               Category.REFERENCE: "Hồ sơ không hợp lệ", Category.PROCESS: "Không được hợp nhất",
               Category.CONFIG: "Hồ sơ của đợt chưa được xét"}
    return [{"code": t.code, "description": t.description, "effect": effects[t.category]}
            # Criteria are listed apart; a broken configuration is not a unit's to fix.
            for t in CATALOGUE.values() if t.category in effects]


def changelog(
    commits: list[Commit], result: CheckResult, public: dict[str, list[PublicNomination]], tz: Any
) -> list[dict[str, Any]]:
    rows = []
    for commit in commits:
        touched: dict[str, PublicNomination] = {}
        records: list[str] = []
        for change in commit.changes:
            for n in public.get(change.path, ()):
                touched.setdefault(n.id, n)
            name = change.path.rsplit("/", 1)[-1]
            if not change.path.startswith("submissions/") and name in RECORD_LABELS:
                label = RECORD_LABELS[name]
                if label not in records:
                    records.append(label)
            elif change.path.startswith("submissions/") and change.status == "D" and change.path not in public:
                records.append(f"xóa {one_line(change.path, 200)}")
        rows.append({"when": format_vn(commit.date, tz), "iso": commit.date.isoformat(), "author": commit.author,
                     "short": commit.short, "subject": commit.subject, "records": records,
                     "nominations": list(touched.values())})
    return rows


def status_labels() -> dict[str, str]:
    return dict(STATUS_LABELS)


def _report_decree(data: dict[str, Any]) -> str:
    """The decree whose achievement-report form the campaign chose (what replaced the plan's)."""
    found = chosen(data, "individual") or chosen(data, "collective")
    return found.form.decree if found else ""
