"""The check pipeline: discover -> read (parse, validate) -> rules -> review -> status, every
stage recording its problems into one `Findings`, which becomes the result."""
from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from site_builder.check.cache import Cache
from site_builder.check.discover import load_repository
from site_builder.check.findings import Findings
from site_builder.check.review import Review, apply_exceptions, index_records, judge, status_of
from site_builder.check.rules.authorization import check_authorization, rights_at
from site_builder.check.rules.codeowners import CODEOWNERS_INPUTS, check_fresh, project_maintainers
from site_builder.check.rules.codeowners import render as render_codeowners
from site_builder.check.rules.criteria import Context, apply_criteria
from site_builder.check.rules.deadline import check_deadline, earlier_nominations
from site_builder.check.rules.json_schemas import check_fresh as check_json_schemas
from site_builder.check.rules.json_schemas import rendered as render_json_schemas
from site_builder.check.rules.references import check_duplicates, check_references
from site_builder.check.submissions import read_submissions
from site_builder.check.validate import registry_of, validate
from site_builder.exceptions import ConfigError, GitError
from site_builder.git import blob_ids, changed_paths
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Problem
from site_builder.model.registry import Registry
from site_builder.model.schema import Schemas, load_schemas

CONFIG = "config-invalid"


@dataclass
class CheckOptions:
    paths: tuple[str, ...] = ()          # repository-relative; empty: everything
    changed_since: str | None = None
    actor: str | None = None
    now: dt.datetime | None = None       # aware, or naive in the campaign's time zone
    cache: bool = True                   # reuse .thidua-cache/ for unchanged files


@dataclass
class CheckResult:
    root: Path
    schemas: Schemas
    campaigns: dict[str, Campaign]
    registry: Registry
    nominations: list[Nomination]
    problems: list[Problem]              # every problem, nominations' included
    files: list[str]
    reviews: dict[str, Review]
    scope: frozenset[str] | None = None  # files the report is about; None: all
    caused: frozenset[int] = frozenset()  # ids of problems elsewhere that the change causes
    changed: dict[str, str] = field(default_factory=dict)

    def in_scope(self, path: str | None) -> bool:
        return self.scope is None or (path is not None and path in self.scope)

    # Computed once: reporters ask several times. `scope` is final when run_check returns.
    @cached_property
    def reported_nominations(self) -> list[Nomination]:
        return [n for n in self.nominations if self.in_scope(n.path)]

    @cached_property
    def reported_problems(self) -> list[Problem]:
        ids = {n.id for n in self.reported_nominations}
        # A broken configuration is always told: every check exits 2 until it is fixed.
        return [p for p in self.problems
                if self.in_scope(p.path) or p.nomination_id in ids or id(p) in self.caused or p.code == CONFIG]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.reported_problems)

    @cached_property
    def configuration_problems(self) -> list[Problem]:
        """What is wrong in campaigns' campaign.yaml: the tool cannot judge their nominations."""
        return [p for p in self.problems if p.code == CONFIG]

    def require_configuration(self) -> None:
        """For commands that publish: a broken campaign.yaml stops them (exit 2)."""
        if self.configuration_problems:
            raise ConfigError("\n".join(f"{p.path}:{p.line or 1}: {p.message}" for p in self.configuration_problems))

    def summary(self) -> dict[str, int]:
        nominations = self.reported_nominations
        problems = self.reported_problems
        verdicts = [n.verdict for n in nominations]
        files = {p.path for p in problems if p.path} | {n.path for n in nominations}
        return {
            "files": len(files if self.scope is not None else set(self.files) | files),
            "nominations": len(nominations),
            **{v: verdicts.count(v) for v in ("eligible", "pending", "ineligible", "invalid")},
            "errors": sum(p.severity == "error" for p in problems),
            "warnings": sum(p.severity == "warning" for p in problems),
        }


def run_check(root: Path, options: CheckOptions | None = None) -> CheckResult:
    """Check the repository at `root`. Raises ConfigError only when the tool cannot run."""
    # The check builds hundreds of thousands of objects and hardly any reference cycle:
    # Python's cycle collector would scan them again and again (a tenth of the run at
    # 10,000 nominations, more beyond). Reference counting still frees everything. What
    # the check returns lives as long as its caller: frozen, so that later collections
    # (while reporting or building the site) skip it too.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_check(root, options or CheckOptions())
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _run_check(root: Path, options: CheckOptions) -> CheckResult:
    changed = _changed(root, options)
    found = Findings()  # every stage records here: nominations, and the problems not tied to one
    inputs, jobs = load_repository(root, load_schemas(root), found)
    schemas = inputs.schemas  # each campaign's own, once its campaign.yaml is read
    cache = Cache(root, enabled=options.cache, salt=schemas.signature())
    known = {}
    if options.changed_since and cache.entries:
        known = {p: b for p, b in blob_ids(root, options.changed_since, "submissions").items() if p not in changed}
    read_submissions(inputs, jobs, found, cache, known)
    validate(inputs, found)
    registry = registry_of(inputs)
    if not options.changed_since:  # a pull request's files are not worth keeping
        cache.save()  # now: later stages add problems to the cached objects
    campaigns = inputs.campaigns
    check_references(found, campaigns, registry)
    check_duplicates(found)
    # Only campaigns whose configuration is right are here: their criteria compiled when read.
    contexts = {cid: Context(root, c, schemas.of(cid), inputs.criteria[cid]) for cid, c in campaigns.items()}
    for n in found.nominations:
        if n.campaign in contexts and _needs_criteria(n, changed, options):
            apply_criteria(found, n, contexts[n.campaign])

    by_id: dict[str, Nomination] = {}
    for n in found.nominations:
        by_id.setdefault(n.id, n)
    of_campaign: dict[str, dict[str, Nomination]] = {cid: {} for cid in campaigns}  # by id, in by_id's order
    for i, n in by_id.items():
        if n.campaign in of_campaign:
            of_campaign[n.campaign][i] = n
    reviews = {cid: index_records(found, c, of_campaign[cid],
                                  inputs.appraisals.get(cid), inputs.votes.get(cid), inputs.exceptions.get(cid),
                                  inputs.withdrawals.get(cid), inputs.decisions.get(cid))
               for cid, c in campaigns.items()}
    if options.changed_since:
        now = options.now or dt.datetime.now(dt.UTC)
        moment = now if now.tzinfo else now.replace(tzinfo=_zone(campaigns))
        # Earlier versions matter only past a deadline: what a deleted file held, whom a supplement is about.
        revised = [p for p, change in changed.items() if change != "A" and _past_deadline(p, campaigns, now)]
        earlier = earlier_nominations(inputs, options.changed_since, revised) if revised else {}
        check_deadline(found, campaigns, reviews, changed, now, earlier, registry)
        if options.actor:
            rights = rights_at(root, options.changed_since, schemas)
            check_authorization(found, rights, campaigns, changed, options.actor, moment)
    if not inputs.broken:  # without a broken campaign's secretariat, the file would only look stale
        check_fresh(found, root, render_codeowners(registry, campaigns, project_maintainers(root)))
    check_json_schemas(found, root, render_json_schemas(schemas, campaigns))
    for n in found.nominations:
        if n.campaign in reviews:
            apply_exceptions(found, reviews[n.campaign], n)
    for cid, review in reviews.items():
        judge(found, review, of_campaign[cid])
    # Every problem into one list, sorted: the run's, then each nomination's (marked as its own).
    problems = found.problems
    for n in found.nominations:
        n.status = status_of(n, reviews.get(n.campaign))
        n.problems = [p if p.nomination_id else replace(p, nomination_id=n.id) for p in n.problems]
        problems += n.problems
    problems.sort(key=Problem.sort_key)
    result = CheckResult(root, schemas, campaigns, registry, found.nominations, problems, inputs.files,
                         reviews, changed=changed)
    if options.changed_since:
        result.scope = _scope(changed)
        result.caused = _caused(problems, changed)
    if options.paths:
        selected = _select_paths(result, options.paths)
        result.scope = selected if result.scope is None else result.scope & selected
    cache.wait()
    return result


def _changed(root: Path, options: CheckOptions) -> dict[str, str]:
    if not options.changed_since:
        return {}
    try:
        return changed_paths(root, options.changed_since)
    except GitError as exc:
        raise ConfigError(f"--changed-since {options.changed_since}: {exc}") from exc


def _zone(campaigns: dict[str, Campaign]) -> dt.tzinfo:
    """A bare --now is in the campaigns' time zone (they share one in practice)."""
    return next((c.timezone for c in campaigns.values()), dt.UTC)


def _past_deadline(path: str, campaigns: dict[str, Campaign], now: dt.datetime) -> bool:
    parts = path.split("/")
    campaign = campaigns.get(parts[1]) if len(parts) == 4 and parts[0] == "submissions" else None
    return campaign is not None and (now if now.tzinfo else now.replace(tzinfo=campaign.timezone)) >= campaign.deadline


def _scope(changed: dict[str, str]) -> frozenset[str]:
    """The changed paths and every folder above them: a problem reported on a folder (an
    unknown sub-folder, say) is caused by what the change put in it."""
    scope = set(changed)
    for path in changed:
        parts = path.split("/")
        scope.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return frozenset(scope)


def _caused(problems: list[Problem], changed: dict[str, str]) -> frozenset[int]:
    """Problems on unchanged files that the change causes: a review record or decision that
    names a nomination of a changed unit folder, and a CODEOWNERS or JSON Schema that the change makes stale."""
    units = {"/".join(p.split("/")[1:3]) for p in changed if p.startswith("submissions/") and p.count("/") >= 3}
    owners_changed = any(p in CODEOWNERS_INPUTS or (p.startswith("campaigns/") and p.endswith("/campaign.yaml"))
                         for p in changed)
    schemas_changed = any(p.startswith("schema/") or (p.startswith("campaigns/") and p.endswith("/campaign.yaml"))
                          for p in changed)
    return frozenset(id(p) for p in problems
                     if (p.about is not None and "/".join(p.about.split("/")[:2]) in units)
                     or (p.code == "codeowners-stale" and owners_changed)
                     or (p.code == "json-schema-stale" and schemas_changed))


def _needs_criteria(n: Nomination, changed: dict[str, str], options: CheckOptions) -> bool:
    """With --changed-since only changed files are reported; other nominations' verdicts are
    needed only when review records (campaigns/) changed, since those are judged against them."""
    if not options.changed_since or n.path in changed:
        return True
    return any(path.startswith("campaigns/") for path in changed)


def _select_paths(result: CheckResult, paths: Iterable[str]) -> frozenset[str]:
    prefixes = tuple(p.rstrip("/") for p in paths)
    known = set(result.files) | {p.path for p in result.problems if p.path} | {n.path for n in result.nominations}
    return frozenset(f for f in known if any(f == p or f.startswith(p + "/") or p in (".", "") for p in prefixes))
