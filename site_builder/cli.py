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
            for name in ("check", "build", "serve", "codeowners", "json-schemas", "documents", "new",
                         "init")}
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
    new = sub.add_parser("new", help="tạo tệp hồ sơ mẫu, hoặc một đợt thi đua mới (new campaign ID)")
    new.add_argument("kind", choices=("individual", "collective", "campaign"))
    new.add_argument("id", nargs="?", metavar="ID", help="mã đợt thi đua mới (chỉ với campaign)")
    new.add_argument("--unit", metavar="UNIT_ID", help="mã đơn vị (hồ sơ)")
    new.add_argument("--name", metavar="NAME", help="họ và tên hoặc tên tập thể (hồ sơ)")
    new.add_argument("--campaign", metavar="ID", help="đợt thi đua của hồ sơ (mặc định: đợt mới nhất của đơn vị)")
    source = new.add_mutually_exclusive_group()
    source.add_argument("--from", dest="source", metavar="EXISTING", help="sao chép đợt thi đua đã có")
    source.add_argument("--kind", dest="scaffold", choices=("thematic", "yearly-titles"),
                        help="mẫu đợt thi đua: chuyên đề hoặc danh hiệu hằng năm (mặc định: thematic)")
    init = sub.add_parser("init", help="tạo kho dữ liệu thi đua cho một cơ quan, tổ chức mới")
    init.add_argument("dir", metavar="DIR", help="thư mục mới (chưa có hoặc trống)")
    init.add_argument("--name", required=True, metavar="NAME", help="tên cơ quan, tổ chức")
    init.add_argument("--secretariat", required=True, metavar="UNIT_ID",
                      help="mã đơn vị thường trực thi đua – khen thưởng")
    init.add_argument("--units", metavar="FILE", help="danh mục đơn vị nhập từ tệp .csv hoặc .xlsx")
    init.add_argument("--maintainer", action="append", default=[], metavar="LOGIN",
                      help="tài khoản người quản trị kho (có thể ghi nhiều lần)")
    init.add_argument("--thidua", metavar="SPEC",
                      help="phiên bản thidua cố định cho quy trình tự động: thidua==X.Y.Z hoặc "
                           "git+https://…@<mã commit 40 ký tự> (mặc định: phiên bản đang chạy)")
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
