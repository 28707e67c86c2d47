"""Stage 1b: read one submission file into nominations: a YAML file is one nomination, a
CSV or XLSX table one a row. Unchanged files are taken from the cache."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from site_builder.check.cache import Cache, Entry, blob_id
from site_builder.check.discover import FileJob
from site_builder.check.findings import Findings
from site_builder.check.parse.files import (
    decode,
    read_bytes,
)
from site_builder.check.parse.tables import TableRead, read_csv, read_xlsx
from site_builder.check.parse.values import suggest, yaml_value
from site_builder.check.parse.yaml_strict import YamlDocument, load_yaml
from site_builder.model.nomination import Nomination
from site_builder.model.problem import error
from site_builder.model.schema import KIND_WORDS, NOMINATION_KINDS, Schemas, TableSpec
from site_builder.vietnamese.text import HIDDEN, hidden_character, name_key, slugify


@dataclass
class FileLoad:
    """A submission file read: what was found in it (its nominations with their problems, and
    the problems not tied to one of them: what the cache keeps by blob id)."""
    job: FileJob
    blob: str | None         # git blob id; None when the file could not be read
    found: Findings
    reused: bool = False     # taken from the cache, already validated

    @property
    def entry(self) -> Entry:
        return self.found.nominations, self.found.problems


def reuse_known(cache: Cache, known_blobs: dict[str, str], job: FileJob) -> FileLoad | None:
    """The cached result of a file git says is unchanged: not even read."""
    blob = known_blobs.get(job.rel)
    cached = cache.lookup(job.rel, blob) if blob else None
    return FileLoad(job, blob, Findings(*cached), reused=True) if cached is not None else None


def open_file(job: FileJob, cache: Cache | None = None) -> FileLoad | tuple[bytes, str]:
    """A file's cached result when its content is unchanged, else its content and blob id."""
    data, problems = read_bytes(job.path, job.rel)
    if data is None:
        found = Findings()
        if job.ext == "yaml":  # a YAML file is one nomination even when it cannot be read: invalid
            nomination = Nomination(job.campaign, job.unit_id, job.slug, job.rel, "yaml", None, line=1)
            found.nominations.append(nomination)
            found.record_all(problems, nomination)
        else:
            found.record_all(problems)
        return FileLoad(job, None, found)
    blob = blob_id(data)
    cached = cache.lookup(job.rel, blob) if cache is not None else None
    return FileLoad(job, blob, Findings(*cached), reused=True) if cached is not None else (data, blob)


def load_file(schemas: Schemas, job: FileJob, content: tuple[bytes, str] | None = None,
              cache: Cache | None = None) -> FileLoad:
    """Read (unless `content` was) and parse one submission file, or reuse its cached result.
    Its fields are those of its campaign (`schemas.of`)."""
    opened = content or open_file(job, cache)
    if isinstance(opened, FileLoad):
        return opened
    data, blob = opened
    schemas = schemas.of(job.campaign)
    found = Findings()
    if job.ext == "yaml":
        _yaml_nomination(schemas, job, data, found)
    else:
        _table_nominations(schemas, job, data, found)
    return FileLoad(job, blob, found)


def _yaml_nomination(schemas: Schemas, job: FileJob, data: bytes, found: Findings) -> None:
    """A YAML file: one nomination, even when the file cannot be read (then invalid)."""
    rel = job.rel
    nomination = Nomination(job.campaign, job.unit_id, job.slug, rel, "yaml", None, line=1)
    found.nominations.append(nomination)
    text, problems = decode(data, rel)
    found.record_all(problems, nomination)
    if text is None:
        return
    doc = load_yaml(text, rel)
    found.record_all(doc.problems, nomination)
    if doc.problems:
        return
    if not isinstance(doc.value, dict):
        found.record(error(
            "yaml-syntax", "Tệp hồ sơ phải là danh sách các dòng 'tên_trường: giá trị'.",
            "Dùng lệnh 'thidua new' hoặc tệp mẫu trên trang Hướng dẫn để tạo hồ sơ.", path=rel, line=1), nomination)
        return
    _fill_from_yaml(schemas, nomination, doc, found)
    if HIDDEN.search(text) or "\\" in text:  # only an escape in quotes can make one the text lacks
        _refuse_hidden_characters(nomination, schemas, found)


def _refuse_hidden_characters(nomination: Nomination, schemas: Schemas, found: Findings) -> None:
    """Control and bidirectional-override characters in a value: an error, and removed.

    Removed so that no message, log or page ever carries them, even quoted back.
    """
    for key, value in list(nomination.raw.items()):
        hidden = _hidden_in(value)
        if hidden is None:
            continue
        spec = schemas[nomination.kind].by_name.get(key) if nomination.kind else None
        title = f" ({spec.title})" if spec else ""
        found.record(error(
            "invalid-value", f"Trường '{key}'{title} chứa ký tự ẩn {hidden} (ký tự điều khiển hoặc đảo chiều văn bản), "
            "có thể làm văn bản hiển thị khác với nội dung thật.",
            "Xóa giá trị rồi gõ lại bằng bàn phím; khi sao chép từ trang web hoặc tệp PDF, dán dạng văn bản thuần "
            "(Ctrl+Shift+V).", path=nomination.path, line=nomination.lines.get(key, nomination.line), field=key,
            nomination_id=nomination.id), nomination)
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


def _fill_from_yaml(schemas: Schemas, nomination: Nomination, doc: YamlDocument, found: Findings) -> None:
    mapping: dict[str, Any] = dict(doc.value)
    rel = nomination.path
    kind = mapping.pop("kind", None)
    kind_line = doc.lines.get(("kind",))
    if kind is None:
        found.record(error("missing-field", "Thiếu trường 'kind' (loại hồ sơ).",
                           "Thêm dòng đầu 'kind: individual' (cá nhân) hoặc 'kind: collective' (tập thể).",
                           path=rel, line=1, field="kind"), nomination)
    elif kind not in NOMINATION_KINDS:
        found.record(error("invalid-value", f"Loại hồ sơ 'kind: {kind}' không hợp lệ.",
                           "Dùng 'individual' (cá nhân) hoặc 'collective' (tập thể).",
                           path=rel, line=kind_line, field="kind"), nomination)
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
            _fill_group(nomination, spec, key, group, value, doc, line, found)
            continue
        f = spec.yaml_fields.get(key) if kind else next(
            (spec_field for s in specs if (spec_field := s.yaml_fields.get(key)) is not None), None)
        if f is None:
            kind_word = KIND_WORDS.get(kind or "", "")
            found.record(error("unknown-field", f"Trường '{key}' không có trong mẫu hồ sơ {kind_word}.",
                               suggest(key, spec, tuple(spec.groups)), path=rel, line=line, field=key), nomination)
            continue
        text_value, problems = yaml_value(f, value, rel, line, item_lines.get(key, {}))
        found.record_all(problems, nomination)
        if text_value is not None:
            nomination.raw[key] = text_value
        if line is not None:
            nomination.lines[key] = line
    if kind and not any(g in mapping for g in spec.groups):
        for name in spec.groups:
            found.record(error("missing-field", f"Thiếu mục '{name}' (thành phần hồ sơ).",
                               f"Thêm mục '{name}:' với đường dẫn tới các tệp PDF: "
                               + ", ".join(spec.groups[name]) + ".", path=rel, line=1, field=name), nomination)


def _fill_group(nomination: Nomination, spec: TableSpec, key: str, members: tuple[str, ...],
                value: Any, doc: YamlDocument, line: int | None, found: Findings) -> None:
    rel = nomination.path
    if value is None:
        return
    if not isinstance(value, dict):
        found.record(
            error(
                "invalid-value",
                f"Mục '{key}' phải gồm các dòng con: {', '.join(members)}.",
                f"Viết '{key}:' rồi mỗi tài liệu một dòng thụt vào, ví dụ '  to_trinh: dossier/to-trinh.pdf'.",
                path=rel,
                line=line,
                field=key,
            ),
            nomination,
        )
        return
    for sub, sub_value in value.items():
        sub_line = doc.lines.get((key, sub))
        if sub not in members:
            found.record(error("unknown-field", f"Tài liệu '{key}.{sub}' không có trong thành phần hồ sơ.",
                               suggest(sub, spec), path=rel, line=sub_line, field=f"{key}.{sub}"), nomination)
            continue
        text_value, problems = yaml_value(spec.by_name[sub], sub_value, rel, sub_line, {})
        found.record_all(problems, nomination)
        if text_value is not None:
            nomination.raw[sub] = text_value
        if sub_line is not None:
            nomination.lines[sub] = sub_line


def _table_nominations(schemas: Schemas, job: FileJob, data: bytes, found: Findings) -> None:
    """A CSV or XLSX table: one nomination a row, or none when the table is rejected whole."""
    rel, kind = job.rel, job.kind or ""
    spec = schemas[kind]
    text: str | None = None
    if job.ext == "csv":
        text, problems = decode(data, rel)
        found.record_all(problems)
        read = read_csv(text, rel, spec) if text is not None else TableRead()
    else:
        read = read_xlsx(data, rel, spec)
    found.record_all(read.problems)
    if read.truncated:  # rejected whole: none of its rows may reach the site
        return
    # CSV has no escapes: a text free of hidden characters has none in its cells.
    may_hide = job.ext != "csv" or text is None or HIDDEN.search(text) is not None
    has_documents = any(c in spec.groups.get("documents", ()) for c in read.columns)
    people: dict[str, tuple[str, str]] = {}  # slug -> (name, birth date) of its first row
    for row in read.rows:
        slug = _row_slug(row.cells, row.line, people)
        nomination = Nomination(job.campaign, job.unit_id, slug, rel, job.ext, kind, line=row.line, raw=row.cells,
                                lines={name: row.line for name in row.cells})
        if not has_documents:
            found.record(error("missing-field", "Bảng thiếu các cột thành phần hồ sơ (documents).",
                               "Thêm ba cột: " + ", ".join(spec.groups.get("documents", ())) + ".",
                               path=rel, line=row.line, field="documents"), nomination)
        if may_hide:
            _refuse_hidden_characters(nomination, schemas, found)
        found.nominations.append(nomination)


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
