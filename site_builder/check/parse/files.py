"""Reading one submitted file safely: regular files only, size caps, UTF-8 only."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from site_builder.model.problem import Problem, error
from site_builder.vietnamese.encodings import ENCODING_LABELS, conversion_hint, decode_text, describe, legacy_font_text
from site_builder.vietnamese.text import CONTROL, visible

MAX_FILE_BYTES = 1024 * 1024


def regular_file_problem(abs_path: str | Path, rel: str) -> Problem | None:
    try:
        info = os.lstat(abs_path)
    except OSError as exc:
        return error("file-not-regular", f"Không đọc được tệp ({exc.strerror}).",
                     "Kiểm tra tệp có tồn tại và đọc được.", path=rel)
    if not stat.S_ISREG(info.st_mode):
        what = "liên kết tượng trưng (symlink)" if stat.S_ISLNK(info.st_mode) else "không phải tệp thông thường"
        return error("file-not-regular", f"Tệp là {what}, không được chấp nhận.",
                     "Thay bằng chính tệp nội dung (không dùng liên kết hay tệp thiết bị).", path=rel)
    return None


def read_bytes(abs_path: str | Path, rel: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, list[Problem]]:
    problem = regular_file_problem(abs_path, rel)
    if problem is not None:
        return None, [problem]
    with open(abs_path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None, [error(
            "file-too-large", f"Tệp lớn hơn {limit // 1024} KiB, giới hạn cho một tệp hồ sơ.",
            "Tệp hồ sơ chỉ chứa thông tin; đặt tài liệu kèm theo (PDF) trong thư mục dossier/.", path=rel)]
    return data, []


def decode(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    decoded = decode_text(data, utf16=rel.endswith(".csv"))  # Excel's "Unicode Text" tables only
    if decoded.text is None:
        message, hint = describe(decoded)
        return None, [error("file-encoding", message, hint, path=rel, line=decoded.line)]
    legacy = legacy_font_text(decoded.text)
    if legacy is not None:
        label = ENCODING_LABELS.get(legacy, legacy)
        return None, [error(
            "file-encoding", f"Nội dung được gõ bằng phông chữ cũ {label}, chữ Việt sẽ hiển thị sai.",
            conversion_hint(legacy), path=rel)]
    if "\x00" in decoded.text:
        return None, [
            error(
                "file-encoding",
                "Tệp chứa ký tự NUL, không phải tệp văn bản.",
                "Lưu lại tệp dạng văn bản UTF-8.",
                path=rel,
                line=decoded.text.count("\n", 0, decoded.text.index("\x00")) + 1,
            )
        ]
    return decoded.text, []


def read_text(abs_path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    data, problems = read_bytes(abs_path, rel)
    if data is None:
        return None, problems
    return decode(data, rel)


# --- names and folders under submissions/ --------------------------------------------------

# Entries listed under one folder that is refused or checked file by file: a bound for a
# hostile tree, far above what a unit's dossier holds.
MAX_LISTED = 2_000
RENAME_HINT = ("Đổi tên chỉ dùng chữ thường không dấu, chữ số và dấu '-', ví dụ 'to-trinh.pdf' "
               "(gõ lại tên, không sao chép từ nơi khác).")


def control_name_problem(rel: str, name: str) -> Problem | None:
    """A file or folder name holding a control, format or line-break character (shown escaped)."""
    found = CONTROL.search(name)
    if found is None:
        return None
    return error("unknown-file", f"Tên tệp hoặc thư mục '{visible(name)}' chứa ký tự điều khiển, ký tự ẩn "
                 f"hoặc byte không phải UTF-8 ({visible(found.group())}), có thể làm nhật ký kiểm tra và trang "
                 "công khai hiển thị sai.", RENAME_HINT, path=rel)


def files_under(folder: str, rel: str) -> list[tuple[str, os.DirEntry[str], tuple[str, ...]]]:
    """Every entry under `folder` that is not a folder (files, links, devices), sorted, with the
    names of the folders between; links are never followed. At most MAX_LISTED."""
    out: list[tuple[str, os.DirEntry[str], tuple[str, ...]]] = []
    stack: list[tuple[str, str, tuple[str, ...]]] = [(folder, rel, ())]
    while stack and len(out) < MAX_LISTED:
        path, prefix, folders = stack.pop()
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            entry_rel = f"{prefix}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, entry_rel, (*folders, entry.name)))
            else:
                out.append((entry_rel, entry, folders))
    return sorted(out, key=lambda item: item[0])[:MAX_LISTED]


def dossier_problems(folder: str, rel: str, keep: frozenset[str]) -> list[Problem]:
    """A unit's dossier/: PDF files only, at any depth; no link, device, hidden or odd name."""
    problems: list[Problem] = []
    for entry_rel, entry, folders in files_under(folder, rel):
        bad_name = next((p for name in (*folders, entry.name) if (p := control_name_problem(entry_rel, name))), None)
        if bad_name is not None:
            problems.append(bad_name)
            continue
        hidden = next((name for name in folders if name.startswith(".")), None)
        if entry.name in keep and hidden is None and entry.is_file(follow_symlinks=False):
            continue
        not_regular = regular_file_problem(entry.path, entry_rel)
        if not_regular is not None:
            problems.append(not_regular)
        elif hidden is not None or entry.name.startswith("."):
            problems.append(error(
                "unknown-file", f"Tệp ẩn '{hidden or entry.name}' (tên bắt đầu bằng dấu chấm) không được đặt trong "
                "thư mục dossier/.", "Xóa tệp hoặc thư mục ẩn này (thường do hệ điều hành hay phần mềm tự tạo, như "
                ".DS_Store); thư mục dossier/ chỉ chứa tài liệu PDF của hồ sơ.", path=entry_rel))
        elif not entry.name.lower().endswith(".pdf"):
            problems.append(error(
                "unknown-file", f"Tệp '{entry.name}' không phải tệp PDF; thư mục dossier/ chỉ chứa tài liệu PDF "
                "của hồ sơ.", "Chuyển tài liệu sang PDF (trong Word: Tệp > Lưu thành > PDF), "
                "tải tệp .pdf lên thư mục dossier/ và xóa tệp này.", path=entry_rel))
    return problems
