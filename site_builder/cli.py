"""Command line: parse the arguments and dispatch to the command's module (site_builder/commands/)."""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from site_builder.exceptions import EXIT_USAGE

# The commands' modules, imported only when chosen: `thidua --help` stays fast.
COMMANDS = {name: f"site_builder.commands.{name.replace('-', '_')}"
            for name in ("check", "build", "serve", "codeowners", "json-schemas", "documents", "new")}
# The engines of `build --builder` (publish/site/builders.py; a test keeps the two lists equal).
BUILDERS = ("mkdocs", "properdocs", "zensical")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"thidua: lỗi cú pháp lệnh: {message}\n")
        raise SystemExit(EXIT_USAGE)


def find_root(start: Path) -> Path:
    """The repository root: the nearest folder holding schema/ and registry/ or campaigns/."""
    for folder in (start, *start.parents):
        if (folder / "schema").is_dir() and ((folder / "registry").is_dir() or (folder / "campaigns").is_dir()):
            return folder
    return start


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="thidua", description="Kiểm tra và công bố hồ sơ thi đua – khen thưởng.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="kiểm tra hồ sơ")
    check.add_argument("paths", nargs="*", metavar="PATH", help="tệp hoặc thư mục cần kiểm tra (mặc định: cả kho)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    check.add_argument("--changed-since", metavar="REV")
    check.add_argument("--actor", metavar="LOGIN")
    check.add_argument("--now", metavar="DATETIME")
    build = sub.add_parser("build", help="kiểm tra rồi dựng trang thông tin công khai")
    build.add_argument("--out", default="site", metavar="DIR")
    build.add_argument("--builder", choices=BUILDERS, default=BUILDERS[0],
                       help="công cụ dựng trang (mặc định: mkdocs, MkDocs + Material)")
    serve = sub.add_parser("serve", help="xem trước trang trên máy này, tự tải lại khi tệp thay đổi")
    serve.add_argument("--port", type=int, default=8000, metavar="N", help="cổng (mặc định 8000)")
    serve.add_argument("--host", default="127.0.0.1", metavar="H", help="địa chỉ (mặc định 127.0.0.1, chỉ máy này)")
    sub.add_parser("codeowners", help="viết .github/CODEOWNERS từ danh mục đơn vị và MAINTAINERS")
    sub.add_parser("json-schemas", help="viết lược đồ JSON của tệp hồ sơ YAML (schema/json/) cho trình soạn thảo")
    documents = sub.add_parser("documents", help="tạo tờ trình, danh sách và báo cáo thành tích (Word)")
    documents.add_argument("--campaign", metavar="ID")
    documents.add_argument("--out", default="van-ban", metavar="DIR")
    new = sub.add_parser("new", help="tạo tệp hồ sơ mẫu")
    new.add_argument("kind", choices=("individual", "collective"))
    new.add_argument("--unit", required=True, metavar="UNIT_ID")
    new.add_argument("--name", required=True, metavar="NAME")
    new.add_argument("--campaign", metavar="ID")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from site_builder.exceptions import ConfigError, UsageError  # after parsing: `--help` stays fast
    from site_builder.vietnamese.text import visible

    root = find_root(Path.cwd())
    try:
        return int(importlib.import_module(COMMANDS[args.command]).run(root, args))
    except (UsageError, ConfigError) as exc:
        sys.stderr.write(f"thidua: {visible(str(exc))}\n")  # may quote a revision or a path: one line
        return EXIT_USAGE
