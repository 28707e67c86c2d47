"""Stage 1a: find the repository's files: configuration, registry and review records are read,
submission files only listed (`Loaded.jobs`) for check/read.py."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.check.cache import Cache
from site_builder.check.parse.files import (
    control_name_problem,
    dossier_problems,
    files_under,
    read_text,
    regular_file_problem,
)
from site_builder.check.parse.tables import RECORD_ROWS, TableRead, read_csv
from site_builder.check.parse.yaml_strict import YamlDocument, load_yaml
from site_builder.exceptions import ConfigError
from site_builder.model.campaign import Campaign, campaign_ids, load_campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Problem, error
from site_builder.model.schema import NOMINATION_KINDS, Schemas
from site_builder.vietnamese.text import slugify

TABLE_FILES = {f"{kind}s.{ext}": (kind, ext) for kind in NOMINATION_KINDS for ext in ("csv", "xlsx")}
DOSSIER = "dossier"
# The only hidden files allowed under submissions/: git's placeholder for an empty folder.
# Any other (".DS_Store", "..yaml", ".hidden.yaml") is reported, never skipped silently.
KEEP_FILES = frozenset({".gitkeep"})


@dataclass
class Loaded:
    root: Path
    schemas: Schemas
    campaigns: dict[str, Campaign]
    registry: TableRead
    nominations: list[Nomination] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # not tied to one nomination
    files: list[str] = field(default_factory=list)          # every file read
    appraisals: dict[str, TableRead] = field(default_factory=dict)
    votes: dict[str, TableRead] = field(default_factory=dict)
    exceptions: dict[str, TableRead] = field(default_factory=dict)
    withdrawals: dict[str, TableRead] = field(default_factory=dict)
    decisions: dict[str, YamlDocument] = field(default_factory=dict)
    cache: Cache = field(default_factory=lambda: Cache(Path("."), enabled=False))
    # Blob ids of files known to be unchanged (from git, with --changed-since): read from the cache.
    known_blobs: dict[str, str] = field(default_factory=dict)
    # Submission files found, in walk order; read by `submissions.read_submissions`.
    jobs: list[FileJob] = field(default_factory=list)


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


def load_repository(root: Path, schemas: Schemas, cache: Cache | None = None,
                    known_blobs: dict[str, str] | None = None) -> Loaded:
    """Configuration, registry and review records; submission files are only listed (`jobs`)."""
    campaigns = {cid: load_campaign(root, cid) for cid in campaign_ids(root)}
    registry_path = root / "registry" / "units.csv"
    if not registry_path.is_file():
        raise ConfigError("Thiếu danh mục đơn vị registry/units.csv.")
    text, problems = read_text(registry_path, "registry/units.csv")
    if text is None:
        raise ConfigError(f"registry/units.csv: {problems[0].message}")
    loaded = Loaded(root, schemas, campaigns, read_csv(text, "registry/units.csv", schemas["units"], RECORD_ROWS))
    if cache is not None:
        loaded.cache = cache
    loaded.known_blobs = known_blobs or {}
    loaded.files.append("registry/units.csv")
    loaded.problems += loaded.registry.problems
    for cid in campaigns:
        _load_reviews(loaded, cid)
    _walk_submissions(loaded)
    return loaded


def _load_reviews(loaded: Loaded, cid: str) -> None:
    folder = loaded.root / "campaigns" / cid
    for name, spec_name, target in (("appraisals.csv", "appraisals", loaded.appraisals),
                                    ("votes.csv", "votes", loaded.votes),
                                    ("exceptions.csv", "exceptions", loaded.exceptions),
                                    ("withdrawals.csv", "withdrawals", loaded.withdrawals)):
        rel = f"campaigns/{cid}/{name}"
        if (folder / name).exists() or (folder / name).is_symlink():
            text, problems = read_text(folder / name, rel)
            loaded.files.append(rel)
            read = read_csv(text, rel, loaded.schemas[spec_name], RECORD_ROWS) if text is not None else TableRead()
            read.problems[:0] = problems
            loaded.problems += read.problems
            target[cid] = read
    rel = f"campaigns/{cid}/decision.yaml"
    if (folder / "decision.yaml").exists() or (folder / "decision.yaml").is_symlink():
        text, problems = read_text(folder / "decision.yaml", rel)
        loaded.files.append(rel)
        doc = load_yaml(text, rel) if text is not None else YamlDocument()
        doc.problems[:0] = problems
        loaded.problems += doc.problems
        loaded.decisions[cid] = doc


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _walk_submissions(loaded: Loaded) -> None:
    base = loaded.root / "submissions"
    if not base.is_dir():
        return
    for campaign_entry in _scan(base):
        rel_campaign = f"submissions/{campaign_entry.name}"
        if campaign_entry.name in KEEP_FILES or _bad_name(loaded, campaign_entry, rel_campaign):
            continue
        if not campaign_entry.is_dir(follow_symlinks=False):
            loaded.problems.append(_unknown_file(rel_campaign, "Tệp không được đặt trực tiếp trong submissions/."))
            continue
        for unit_entry in _scan(Path(campaign_entry.path)):
            rel_unit = f"{rel_campaign}/{unit_entry.name}"
            if unit_entry.name in KEEP_FILES or _bad_name(loaded, unit_entry, rel_unit):
                continue
            if not unit_entry.is_dir(follow_symlinks=False):
                loaded.problems.append(_unknown_file(
                    rel_unit, "Tệp phải nằm trong thư mục của đơn vị: submissions/<đợt>/<mã đơn vị>/."))
                continue
            for entry in _scan(Path(unit_entry.path)):
                _list_entry(loaded, campaign_entry.name, unit_entry.name, entry)


def _bad_name(loaded: Loaded, entry: os.DirEntry[str], rel: str) -> bool:
    """A name with control characters: refused, on each file below it (what a pull request changes)."""
    found = control_name_problem(rel, entry.name)
    if found is None:
        return False
    inside = files_under(entry.path, rel) if entry.is_dir(follow_symlinks=False) else []
    loaded.problems += [replace(found, path=path) for path, _, _ in inside] or [found]
    return True


def _unknown_file(rel: str, why: str) -> Problem:
    return error("unknown-file", f"Tệp hoặc thư mục không thuộc mẫu hồ sơ: {why}",
                 "Hồ sơ là tệp <mã-hồ-sơ>.yaml, individuals.csv/.xlsx hoặc collectives.csv/.xlsx "
                 "trong submissions/<đợt>/<mã đơn vị>/, tài liệu PDF trong thư mục dossier/.", path=rel)


def _list_entry(loaded: Loaded, cid: str, unit_id: str, entry: os.DirEntry[str]) -> None:
    rel = f"submissions/{cid}/{unit_id}/{entry.name}"
    name = entry.name
    if name in KEEP_FILES or _bad_name(loaded, entry, rel):
        return
    if entry.is_dir(follow_symlinks=False):
        if name == DOSSIER:
            loaded.problems += dossier_problems(entry.path, rel, KEEP_FILES)
            return
        # Each file inside is named: a pull request's check reports only the paths it changes.
        why = f"thư mục '{name}' (chỉ có thư mục '{DOSSIER}')."
        inside = [path for path, _, _ in files_under(entry.path, rel)] or [rel]
        loaded.problems += [_unknown_file(path, why) for path in inside]
        return
    if name.endswith(".yaml"):
        slug = name[: -len(".yaml")]
        loaded.files.append(rel)
        if slugify(slug) != slug or not slug:
            loaded.problems.append(error(
                "unknown-file", f"Tên tệp '{name}' không đúng quy ước (chữ thường không dấu, nối bằng '-').",
                f"Đổi tên tệp thành '{slugify(slug) or 'ho-so'}.yaml'.", path=rel))
            return
        loaded.jobs.append(FileJob(rel, entry.path, cid, unit_id, "yaml", slug=slug))
    elif name in TABLE_FILES:
        loaded.files.append(rel)
        kind, ext = TABLE_FILES[name]
        loaded.jobs.append(FileJob(rel, entry.path, cid, unit_id, ext, kind=kind))
    elif entry.is_symlink():  # a linked 'dossier' would lead to another unit's evidence
        loaded.problems.append(regular_file_problem(entry.path, rel) or _unknown_file(rel, f"'{name}'."))
    elif name.lower().endswith((".ods", ".xls")):
        loaded.problems.append(_other_spreadsheet(rel, name))
    else:
        hint = " Đổi đuôi tệp thành '.yaml'." if name.endswith(".yml") else ""
        loaded.problems.append(_unknown_file(rel, f"'{name}' không phải tên tệp hồ sơ.{hint}"))


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


