"""Criteria a block cannot say, written in Python and chosen by name (`use: <name>` in
campaign.yaml): today the dossier's files, checked on the file system."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from site_builder.check.rules.criterion import Block, Context, Declaration, Finding, Key, Parts, number_words
from site_builder.model.nomination import Nomination
from site_builder.model.schema import Schemas
from site_builder.vietnamese.text import CONTROL, nfc_path, visible

DOSSIER = "dossier"
DEFAULT_MAX_SIZE_MIB = 20.0


def documents_valid(n: Nomination, ctx: Context, limit: int) -> Iterator[Finding]:
    unit_folder = f"submissions/{n.campaign}/{n.unit_id}"
    for doc in ctx.campaign.documents:
        value = n.values.get(doc.key)
        if not isinstance(value, str) or not value:
            continue
        key = f"{unit_folder}\0{value}\0{limit}"
        if key not in ctx.file_cache:
            ctx.file_cache[key] = _document_problem(ctx.root, unit_folder, value, limit)
        found = ctx.file_cache[key]
        if found is not None:
            yield Finding(doc.key, f"Tài liệu “{doc.title}” ({visible(value)}): {found[0]}")


def _document_problem(root: Path, unit_folder: str, value: str, limit: int) -> tuple[str, str] | None:
    """Why `value` is not a regular PDF file inside the unit's own dossier/ folder, or None.

    Every component is checked with lstat: a link anywhere (a linked folder inside dossier/,
    or dossier/ itself) would lead to another unit's evidence or to any file on the runner.
    """
    parts = value.split("/")
    if "\\" in value or value.startswith("/") or CONTROL.search(value):
        return ("đường dẫn phải là đường dẫn tương đối trong thư mục dossier/, dùng dấu '/' "
                "và không có ký tự điều khiển.", "path")
    if any(part in ("", ".", "..") for part in parts):
        return ("đường dẫn không được chứa '..', '.' hay '//'; ghi thẳng dossier/<tên tệp>.pdf.", "outside")
    if parts[0] != DOSSIER or len(parts) < 2:
        return ("tệp phải nằm trong thư mục dossier/ của chính đơn vị.", "outside")
    path = root / unit_folder
    for depth, part in enumerate(parts):
        path = path / part
        try:
            info = os.lstat(path)
        except OSError:
            # The name on disk may be in decomposed Unicode (macOS, UniKey's "Unicode tổ hợp").
            on_disk = nfc_path(root, f"{unit_folder}/{value}")
            if on_disk is None or on_disk == f"{unit_folder}/{value}":
                return ("không tìm thấy tệp.", "missing")
            return _document_problem(root, unit_folder, on_disk[len(unit_folder) + 1:], limit)
        last = depth == len(parts) - 1
        if stat.S_ISLNK(info.st_mode) or not (stat.S_ISREG(info.st_mode) if last else stat.S_ISDIR(info.st_mode)):
            what = "tệp" if last else "thư mục"
            return (f"{what} '{'/'.join(parts[:depth + 1])}' là liên kết hoặc không phải {what} thông thường.",
                    "not-regular")
    if not value.lower().endswith(".pdf"):
        return ("phải là tệp PDF (.pdf).", "not-pdf")
    if info.st_size > limit:
        return (f"tệp lớn hơn {limit // 2**20} MiB.", "too-large")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return ("không đọc được tệp.", "not-regular")
    with os.fdopen(descriptor, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        return ("nội dung không phải PDF (có thể là tệp khác đổi đuôi thành .pdf).", "not-pdf")
    return None


def dossier_file(d: Declaration) -> Parts | None:
    size = d.number("max_size_mib")
    if size is not None and size <= 0:
        d.problem("max_size_mib", f"Tiêu chí '{d.code}': 'max_size_mib' phải lớn hơn 0.", "Ghi ví dụ max_size_mib: 20.")
        return None
    mib = DEFAULT_MAX_SIZE_MIB if size is None else size
    limit = int(mib * 2**20)

    def check(n: Nomination, ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
        yield from documents_valid(n, ctx, limit)

    def requirement(params: dict[str, Any], schemas: Schemas) -> str:
        return (f"Mỗi tài liệu là tệp PDF không quá {number_words(mib)} MiB, "
                "nằm trong thư mục dossier/ của đơn vị.")
    return Parts(tuple(doc.key for doc in d.campaign.documents), check, requirement)


NAMED: dict[str, Block] = {n.name: n for n in (
    Block("dossier-file", "Every document given is a regular PDF file inside the unit's dossier/ folder, "
          "at most `max_size_mib` MiB.",
          (Key("max_size_mib", "number", description="the largest file size allowed, in MiB (default 20)"),),
          dossier_file, pending_when_missing=False),
)}
