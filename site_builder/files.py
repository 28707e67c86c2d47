"""Reading one submitted file safely: regular files only, size caps, UTF-8 only."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .encoding import ENCODING_LABELS, conversion_hint, decode_text, describe, legacy_font_text
from .problems import Problem, error

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
        return None, [error("file-encoding", "Tệp chứa ký tự NUL, không phải tệp văn bản.",
                            "Lưu lại tệp dạng văn bản UTF-8.", path=rel, line=decoded.text.count("\n", 0, decoded.text.index("\x00")) + 1)]
    return decoded.text, []


def read_text(abs_path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    data, problems = read_bytes(abs_path, rel)
    if data is None:
        return None, problems
    return decode(data, rel)
