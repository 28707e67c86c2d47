"""Stage 1a: find the repository's files: configuration, registry and review records are read
(`Inputs`), submission files only listed (the jobs) for check/read.py."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.check.findings import Findings
from site_builder.check.parse.files import (
    control_name_problem,
    dossier_problems,
    files_under,
    read_text,
    regular_file_problem,
)
from site_builder.check.parse.tables import RECORD_ROWS, TableRead, read_csv
from site_builder.check.parse.yaml_strict import YamlDocument, load_yaml
from site_builder.check.rules.criteria import Criterion, compile_criteria
from site_builder.exceptions import ConfigError
from site_builder.model.campaign import Campaign, campaign_ids, document_problems, read_campaign
from site_builder.model.problem import Problem, error
from site_builder.model.schema import NOMINATION_KINDS, Schemas
from site_builder.vietnamese.text import slugify

# A name already in slug form (what `slugify` leaves unchanged), told without folding it.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

TABLE_FILES = {f"{kind}s.{ext}": (kind, ext) for kind in NOMINATION_KINDS for ext in ("csv", "xlsx")}
DOSSIER = "dossier"
# The only hidden files allowed under submissions/: git's placeholder for an empty folder.
# Any other (".DS_Store", "..yaml", ".hidden.yaml") is reported, never skipped silently.
KEEP_FILES = frozenset({".gitkeep"})


@dataclass
class Inputs:
    """What the check reads whole before the submissions: configuration, the registry and the
    secretariat's review records (typed in place by check/validate.py), and every file read."""
    root: Path
    schemas: Schemas
    campaigns: dict[str, Campaign]
    registry: TableRead
    appraisals: dict[str, TableRead] = field(default_factory=dict)
    votes: dict[str, TableRead] = field(default_factory=dict)
    exceptions: dict[str, TableRead] = field(default_factory=dict)
    withdrawals: dict[str, TableRead] = field(default_factory=dict)
    decisions: dict[str, YamlDocument] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)          # every file read or listed, in walk order
    broken: frozenset[str] = frozenset()  # campaigns whose campaign.yaml is wrong: nothing of theirs is read
    criteria: dict[str, tuple[Criterion, ...]] = field(default_factory=dict)  # compiled once, by campaign


@dataclass(frozen=True)
class FileJob:
    """One submission file to read: a YAML nomination or a unit's table."""
    rel: str
    path: str                # absolute; a str, as os.scandir gives it
    campaign: str
    unit_id: str
    ext: str                # "yaml", "csv" or "xlsx"
    kind: str | None = None  # tables: the kind of every row; YAML: read from the file
    slug: str = ""           # YAML: from the file name


def job_for(root: Path, rel: str) -> FileJob | None:
    """The job of a submission file named by its path (a version read from git, say)."""
    parts = rel.split("/")
    if len(parts) != 4 or parts[0] != "submissions":
        return None
    _, cid, unit_id, name = parts
    if name in TABLE_FILES:
        kind, ext = TABLE_FILES[name]
        return FileJob(rel, str(root / rel), cid, unit_id, ext, kind=kind)
    if name.endswith(".yaml"):
        return FileJob(rel, str(root / rel), cid, unit_id, "yaml", slug=name[: -len(".yaml")])
    return None


def load_repository(root: Path, schemas: Schemas, found: Findings) -> tuple[Inputs, list[FileJob]]:
    """Configuration, registry and review records; submission files are only listed (the jobs,
    in walk order). Problems of what is read or found here are recorded into `found`.

    `schemas` are the base; the inputs carry them merged with each campaign's fields."""
    campaigns, criteria, broken = _campaigns(root, schemas, found)
    schemas = schemas.with_campaigns({cid: (c.fields, c.sample_date) for cid, c in campaigns.items()})
    registry_path = root / "registry" / "units.csv"
    if not registry_path.is_file():
        raise ConfigError("Thiếu danh mục đơn vị registry/units.csv.")
    text, problems = read_text(registry_path, "registry/units.csv")
    if text is None:
        raise ConfigError(f"registry/units.csv: {problems[0].message}")
    inputs = Inputs(root, schemas, campaigns, read_csv(text, "registry/units.csv", schemas["units"], RECORD_ROWS),
                    broken=broken, criteria=criteria)
    inputs.files.append("registry/units.csv")
    found.record_all(inputs.registry.problems)
    for cid in campaigns:
        _load_reviews(inputs, found, cid)
    jobs: list[FileJob] = []
    _walk_submissions(_Walk(inputs, found, jobs))
    return inputs, jobs


def _campaigns(root: Path, base: Schemas, found: Findings
               ) -> tuple[dict[str, Campaign], dict[str, tuple[Criterion, ...]], frozenset[str]]:
    """The campaigns whose configuration is right, with their compiled criteria; the others'
    problems, and that their nominations are left unjudged, are recorded."""
    campaigns: dict[str, Campaign] = {}
    criteria: dict[str, tuple[Criterion, ...]] = {}
    broken = set()
    for cid in campaign_ids(root):
        campaign, problems = read_campaign(root, cid, base)
        if campaign is not None and not (problems := document_problems(campaign, base)):
            own = base.with_campaigns({cid: (campaign.fields, campaign.sample_date)}).of(cid)
            compiled, problems = compile_criteria(campaign, own)
            # Nothing of it is judged: a misconfigured criterion must not let everyone pass.
            if not problems:
                campaigns[cid], criteria[cid] = campaign, compiled
                continue
        found.record_all(problems)
        broken.add(cid)
        found.record(error(
            "config-invalid", f"Hồ sơ của đợt thi đua '{cid}' (submissions/{cid}/) chưa được kiểm tra vì tệp cấu hình "
            f"campaigns/{cid}/campaign.yaml có lỗi.",
            "Sửa các lỗi của campaign.yaml được liệt kê cùng tệp này rồi chạy lại 'thidua check'.",
            path=f"campaigns/{cid}/campaign.yaml"))
    return campaigns, criteria, frozenset(broken)


def _load_reviews(inputs: Inputs, found: Findings, cid: str) -> None:
    folder = inputs.root / "campaigns" / cid
    for name, spec_name, target in (("appraisals.csv", "appraisals", inputs.appraisals),
                                    ("votes.csv", "votes", inputs.votes),
                                    ("exceptions.csv", "exceptions", inputs.exceptions),
                                    ("withdrawals.csv", "withdrawals", inputs.withdrawals)):
        rel = f"campaigns/{cid}/{name}"
        if (folder / name).exists() or (folder / name).is_symlink():
            text, problems = read_text(folder / name, rel)
            inputs.files.append(rel)
            read = read_csv(text, rel, inputs.schemas[spec_name], RECORD_ROWS) if text is not None else TableRead()
            read.problems[:0] = problems
            found.record_all(read.problems)
            target[cid] = read
    rel = f"campaigns/{cid}/decision.yaml"
    if (folder / "decision.yaml").exists() or (folder / "decision.yaml").is_symlink():
        text, problems = read_text(folder / "decision.yaml", rel)
        inputs.files.append(rel)
        doc = load_yaml(text, rel) if text is not None else YamlDocument()
        doc.problems[:0] = problems
        found.record_all(doc.problems)
        inputs.decisions[cid] = doc


@dataclass
class _Walk:
    """The walk of submissions/: where it lists files, jobs and records problems."""
    inputs: Inputs
    found: Findings
    jobs: list[FileJob]


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _walk_submissions(walk: _Walk) -> None:
    base = walk.inputs.root / "submissions"
    if not base.is_dir():
        return
    for campaign_entry in _scan(base):
        rel_campaign = f"submissions/{campaign_entry.name}"
        if campaign_entry.name in KEEP_FILES or _bad_name(walk, campaign_entry, rel_campaign):
            continue
        if campaign_entry.name in walk.inputs.broken:  # not judged until its configuration is right
            continue
        if not campaign_entry.is_dir(follow_symlinks=False):
            walk.found.record(_unknown_file(rel_campaign, "Tệp không được đặt trực tiếp trong submissions/."))
            continue
        for unit_entry in _scan(Path(campaign_entry.path)):
            rel_unit = f"{rel_campaign}/{unit_entry.name}"
            if unit_entry.name in KEEP_FILES or _bad_name(walk, unit_entry, rel_unit):
                continue
            if not unit_entry.is_dir(follow_symlinks=False):
                walk.found.record(_unknown_file(
                    rel_unit, "Tệp phải nằm trong thư mục của đơn vị: submissions/<đợt>/<mã đơn vị>/."))
                continue
            for entry in _scan(Path(unit_entry.path)):
                _list_entry(walk, campaign_entry.name, unit_entry.name, entry)


def _bad_name(walk: _Walk, entry: os.DirEntry[str], rel: str) -> bool:
    """A name with control characters: refused, on each file below it (what a pull request changes)."""
    problem = control_name_problem(rel, entry.name)
    if problem is None:
        return False
    inside = files_under(entry.path, rel) if entry.is_dir(follow_symlinks=False) else []
    walk.found.record_all([replace(problem, path=path) for path, _, _ in inside] or [problem])
    return True


def _unknown_file(rel: str, why: str) -> Problem:
    return error("unknown-file", f"Tệp hoặc thư mục không thuộc mẫu hồ sơ: {why}",
                 "Hồ sơ là tệp <mã-hồ-sơ>.yaml, individuals.csv/.xlsx hoặc collectives.csv/.xlsx "
                 "trong submissions/<đợt>/<mã đơn vị>/, tài liệu PDF trong thư mục dossier/.", path=rel)


def _list_entry(walk: _Walk, cid: str, unit_id: str, entry: os.DirEntry[str]) -> None:
    rel = f"submissions/{cid}/{unit_id}/{entry.name}"
    name = entry.name
    if name in KEEP_FILES or _bad_name(walk, entry, rel):
        return
    if entry.is_dir(follow_symlinks=False):
        if name == DOSSIER:
            walk.found.record_all(dossier_problems(entry.path, rel, KEEP_FILES))
            return
        # Each file inside is named: a pull request's check reports only the paths it changes.
        why = f"thư mục '{name}' (chỉ có thư mục '{DOSSIER}')."
        inside = [path for path, _, _ in files_under(entry.path, rel)] or [rel]
        walk.found.record_all([_unknown_file(path, why) for path in inside])
        return
    if name.endswith(".yaml"):
        slug = name[: -len(".yaml")]
        walk.inputs.files.append(rel)
        if not _SLUG.fullmatch(slug) and (slugify(slug) != slug or not slug):
            walk.found.record(error(
                "unknown-file", f"Tên tệp '{name}' không đúng quy ước (chữ thường không dấu, nối bằng '-').",
                f"Đổi tên tệp thành '{slugify(slug) or 'ho-so'}.yaml'.", path=rel))
            return
        walk.jobs.append(FileJob(rel, entry.path, cid, unit_id, "yaml", slug=slug))
    elif name in TABLE_FILES:
        walk.inputs.files.append(rel)
        kind, ext = TABLE_FILES[name]
        walk.jobs.append(FileJob(rel, entry.path, cid, unit_id, ext, kind=kind))
    elif entry.is_symlink():  # a linked 'dossier' would lead to another unit's evidence
        walk.found.record(regular_file_problem(entry.path, rel) or _unknown_file(rel, f"'{name}'."))
    elif name.lower().endswith((".ods", ".xls")):
        walk.found.record(_other_spreadsheet(rel, name))
    else:
        hint = " Đổi đuôi tệp thành '.yaml'." if name.endswith(".yml") else ""
        walk.found.record(_unknown_file(rel, f"'{name}' không phải tên tệp hồ sơ.{hint}"))


def _other_spreadsheet(rel: str, name: str) -> Problem:
    """A LibreOffice (.ods) or old Excel (.xls) table: say which menu saves it as .xlsx."""
    stem = name.rsplit(".", 1)[0]
    target = (
        f"{stem}.xlsx"
        if f"{stem}.xlsx" in TABLE_FILES
        else "individuals.xlsx (cá nhân) hoặc collectives.xlsx (tập thể)"
    )
    if name.lower().endswith(".ods"):
        what = "bảng tính OpenDocument (.ods) của LibreOffice"
        how = ("Trong LibreOffice Calc chọn Tệp › Lưu thành (File › Save As), chọn kiểu tệp "
               f"“Excel 2007-365 (.xlsx)”, đặt tên {target}, bấm “Dùng định dạng Excel 2007-365!” "
               "(Use Excel 2007-365!), rồi nộp tệp .xlsx thay cho tệp .ods.")
    else:
        what = "tệp Excel 97-2003 (.xls)"
        how = ("Trong Excel chọn Tệp › Lưu thành (File › Save As), chọn kiểu tệp “Sổ làm việc Excel (*.xlsx)” "
               f"(Excel Workbook), đặt tên {target}, rồi nộp tệp .xlsx thay cho tệp .xls.")
    return error("unknown-file", f"Tệp '{name}' là {what}; hệ thống chỉ nhận bảng tính Excel .xlsx hoặc tệp CSV.",
                 how, path=rel)


