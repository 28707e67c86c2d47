"""Stage 1: find the repository's files and read them into nominations and records."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from site_builder.check.cache import Cache, Entry, blob_id
from site_builder.check.parse.files import (
    control_name_problem,
    decode,
    dossier_problems,
    files_under,
    read_bytes,
    read_text,
    regular_file_problem,
)
from site_builder.check.parse.tables import RECORD_ROWS, TableRead, read_csv, read_xlsx
from site_builder.check.parse.values import suggest, yaml_value
from site_builder.check.parse.yaml_strict import YamlDocument, load_yaml
from site_builder.exceptions import ConfigError
from site_builder.model.campaign import Campaign, campaign_ids, load_campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Problem, error
from site_builder.model.schema import NOMINATION_KINDS, Schemas, TableSpec
from site_builder.vietnamese.text import HIDDEN, hidden_character, name_key, slugify

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
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


@dataclass
class FileLoad:
    """A submission file read: its nominations and the problems not tied to one of them."""
    job: FileJob
    blob: str | None         # git blob id; None when the file could not be read
    nominations: list[Nomination]
    problems: list[Problem]
    reused: bool = False     # taken from the cache, already validated

    @property
    def entry(self) -> Entry:
        return self.nominations, self.problems


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


def reuse_known(loaded: Loaded, job: FileJob) -> FileLoad | None:
    """The cached result of a file git says is unchanged: not even read."""
    blob = loaded.known_blobs.get(job.rel)
    cached = loaded.cache.lookup(job.rel, blob) if blob else None
    return FileLoad(job, blob, *cached, reused=True) if cached is not None else None


def open_file(loaded: Loaded, job: FileJob) -> FileLoad | tuple[bytes, str]:
    """A file's cached result when its content is unchanged, else its content and blob id."""
    data, problems = read_bytes(job.path, job.rel)
    if data is None:
        if job.ext == "yaml":  # a YAML file is one nomination even when it cannot be read: invalid
            return FileLoad(job, None, [Nomination(job.campaign, job.unit_id, job.slug, job.rel, "yaml", None,
                                                   line=1, problems=problems)], [])
        return FileLoad(job, None, [], problems)
    blob = blob_id(data)
    cached = loaded.cache.lookup(job.rel, blob)
    return FileLoad(job, blob, *cached, reused=True) if cached is not None else (data, blob)


def load_file(loaded: Loaded, job: FileJob, content: tuple[bytes, str] | None = None) -> FileLoad:
    """Read (unless `content` was) and parse one submission file, or reuse its cached result."""
    opened = content or open_file(loaded, job)
    if isinstance(opened, FileLoad):
        return opened
    data, blob = opened
    if job.ext == "yaml":
        return FileLoad(job, blob, [_yaml_nomination(loaded.schemas, job, data)], [])
    return FileLoad(job, blob, *_table_nominations(loaded.schemas, job, data))


def _yaml_nomination(schemas: Schemas, job: FileJob, data: bytes) -> Nomination:
    rel = job.rel
    nomination = Nomination(job.campaign, job.unit_id, job.slug, rel, "yaml", None, line=1)
    text, problems = decode(data, rel)
    nomination.problems += problems
    if text is None:
        return nomination
    doc = load_yaml(text, rel)
    nomination.problems += doc.problems
    if doc.problems:
        return nomination
    if not isinstance(doc.value, dict):
        nomination.add(error(
            "yaml-syntax", "Tệp hồ sơ phải là danh sách các dòng 'tên_trường: giá trị'.",
            "Dùng lệnh 'thidua new' hoặc tệp mẫu trên trang Hướng dẫn để tạo hồ sơ.", path=rel, line=1))
        return nomination
    _fill_from_yaml(schemas, nomination, doc)
    if HIDDEN.search(text) or "\\" in text:  # only an escape in quotes can make one the text lacks
        _refuse_hidden_characters(nomination, schemas)
    return nomination


def _refuse_hidden_characters(nomination: Nomination, schemas: Schemas) -> None:
    """Control and bidirectional-override characters in a value: an error, and removed.

    Removed so that no message, log or page ever carries them, even quoted back.
    """
    for key, value in list(nomination.raw.items()):
        found = _hidden_in(value)
        if found is None:
            continue
        spec = schemas[nomination.kind].by_name.get(key) if nomination.kind else None
        title = f" ({spec.title})" if spec else ""
        nomination.add(error(
            "invalid-value", f"Trường '{key}'{title} chứa ký tự ẩn {found} (ký tự điều khiển hoặc đảo chiều văn bản), "
            "có thể làm văn bản hiển thị khác với nội dung thật.",
            "Xóa giá trị rồi gõ lại bằng bàn phím; khi sao chép từ trang web hoặc tệp PDF, dán dạng văn bản thuần "
            "(Ctrl+Shift+V).", path=nomination.path, line=nomination.lines.get(key, nomination.line), field=key,
            nomination_id=nomination.id))
        nomination.raw[key] = _strip_hidden(value)


def _hidden_in(value: Any) -> str | None:
    if isinstance(value, str):
        return hidden_character(value)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((found for item in items if (found := _hidden_in(item))), None)


def _strip_hidden(value: Any) -> Any:
    if isinstance(value, list):
        return [_strip_hidden(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_hidden(v) for k, v in value.items()}
    return HIDDEN.sub("", value) if isinstance(value, str) else value


def _fill_from_yaml(schemas: Schemas, nomination: Nomination, doc: YamlDocument) -> None:
    mapping: dict[str, Any] = dict(doc.value)
    rel = nomination.path
    kind = mapping.pop("kind", None)
    kind_line = doc.lines.get(("kind",))
    if kind is None:
        nomination.add(error("missing-field", "Thiếu trường 'kind' (loại hồ sơ).",
                             "Thêm dòng đầu 'kind: individual' (cá nhân) hoặc 'kind: collective' (tập thể).",
                             path=rel, line=1, field="kind"))
    elif kind not in NOMINATION_KINDS:
        nomination.add(error("invalid-value", f"Loại hồ sơ 'kind: {kind}' không hợp lệ.",
                             "Dùng 'individual' (cá nhân) hoặc 'collective' (tập thể).",
                             path=rel, line=kind_line, field="kind"))
        kind = None
    nomination.kind = kind
    # Without a valid kind, judge field names against both kinds' fields.
    specs = [schemas[kind]] if kind else [schemas[k] for k in NOMINATION_KINDS]
    spec = specs[0]
    item_lines: dict[str, dict[int, int]] = {}  # lines of list items, by field: one pass over the lines
    for path, item_line in doc.lines.items():
        if len(path) == 2 and isinstance(path[1], int):
            item_lines.setdefault(cast(str, path[0]), {})[path[1]] = item_line
    for key, value in mapping.items():
        line = doc.lines.get((key,))
        group = spec.groups.get(key)
        if group is not None:
            _fill_group(nomination, spec, key, group, value, doc, line)
            continue
        f = spec.yaml_fields.get(key) if kind else next(
            (found for s in specs if (found := s.yaml_fields.get(key)) is not None), None)
        if f is None:
            nomination.add(error("unknown-field", f"Trường '{key}' không có trong mẫu hồ sơ {_kind_label(kind)}.",
                                 suggest(key, spec, tuple(spec.groups)), path=rel, line=line, field=key))
            continue
        text_value, problems = yaml_value(f, value, rel, line, item_lines.get(key, {}))
        nomination.problems += problems
        if text_value is not None:
            nomination.raw[key] = text_value
        if line is not None:
            nomination.lines[key] = line
    if kind and not any(g in mapping for g in spec.groups):
        for name in spec.groups:
            nomination.add(error("missing-field", f"Thiếu mục '{name}' (thành phần hồ sơ).",
                                 f"Thêm mục '{name}:' với đường dẫn tới các tệp PDF: "
                                 + ", ".join(spec.groups[name]) + ".", path=rel, line=1, field=name))


def _fill_group(nomination: Nomination, spec: TableSpec, key: str, members: tuple[str, ...],
                value: Any, doc: YamlDocument, line: int | None) -> None:
    rel = nomination.path
    if value is None:
        return
    if not isinstance(value, dict):
        nomination.add(
            error(
                "invalid-value",
                f"Mục '{key}' phải gồm các dòng con: {', '.join(members)}.",
                f"Viết '{key}:' rồi mỗi tài liệu một dòng thụt vào, ví dụ '  to_trinh: dossier/to-trinh.pdf'.",
                path=rel,
                line=line,
                field=key,
            )
        )
        return
    for sub, sub_value in value.items():
        sub_line = doc.lines.get((key, sub))
        if sub not in members:
            nomination.add(error("unknown-field", f"Tài liệu '{key}.{sub}' không có trong thành phần hồ sơ.",
                                 suggest(sub, spec), path=rel, line=sub_line, field=f"{key}.{sub}"))
            continue
        text_value, problems = yaml_value(spec.by_name[sub], sub_value, rel, sub_line, {})
        nomination.problems += problems
        if text_value is not None:
            nomination.raw[sub] = text_value
        if sub_line is not None:
            nomination.lines[sub] = sub_line


def _kind_label(kind: str | None) -> str:
    return {"individual": "cá nhân", "collective": "tập thể"}.get(kind or "", "")


def _table_nominations(schemas: Schemas, job: FileJob, data: bytes) -> tuple[list[Nomination], list[Problem]]:
    rel, kind = job.rel, job.kind or ""
    spec = schemas[kind]
    problems: list[Problem] = []
    text: str | None = None
    if job.ext == "csv":
        text, problems = decode(data, rel)
        read = read_csv(text, rel, spec) if text is not None else TableRead()
    else:
        read = read_xlsx(data, rel, spec)
    problems += read.problems
    if read.truncated:  # rejected whole: none of its rows may reach the site
        return [], problems
    # CSV has no escapes: a text free of hidden characters has none in its cells.
    may_hide = job.ext != "csv" or text is None or HIDDEN.search(text) is not None
    has_documents = any(c in spec.groups.get("documents", ()) for c in read.columns)
    nominations = []
    people: dict[str, tuple[str, str]] = {}  # slug -> (name, birth date) of its first row
    for row in read.rows:
        slug = _row_slug(row.cells, row.line, people)
        nomination = Nomination(job.campaign, job.unit_id, slug, rel, job.ext, kind, line=row.line, raw=row.cells,
                                lines={name: row.line for name in row.cells})
        if not has_documents:
            nomination.add(error("missing-field", "Bảng thiếu các cột thành phần hồ sơ (documents).",
                                 "Thêm ba cột: " + ", ".join(spec.groups.get("documents", ())) + ".",
                                 path=rel, line=row.line, field="documents"))
        if may_hide:
            _refuse_hidden_characters(nomination, schemas)
        nominations.append(nomination)
    return nominations, problems


def _row_slug(cells: dict[str, Any], line: int, people: dict[str, tuple[str, str]]) -> str:
    """A row's slug: its own, or made from the name. Two people whose names make the same slug
    ('Hùng' and 'Hưng', or namesakes born on different days) get '-2', '-3'…; the same person
    twice keeps one slug, so the copy is reported."""
    name = str(cells.get("name") or "")
    person = (name_key(name), str(cells.get("date_of_birth") or ""))
    slug = cells.get("slug")
    if not slug:
        base = slugify(name) or f"dong-{line}"
        slug, number = base, 2
        while slug in people and not _same_person(people[slug], person):
            slug, number = f"{base}-{number}", number + 1
    people.setdefault(slug, person)
    return slug


def _same_person(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1])
