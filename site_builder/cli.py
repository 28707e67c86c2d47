"""Command line: parse arguments, call the library, choose the exit code."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


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


def parse_now(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--now '{text}' không phải thời điểm ISO 8601 (ví dụ 2025-01-09T17:00:00+07:00).") from exc


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
    sub.add_parser("codeowners", help="viết .github/CODEOWNERS từ danh mục đơn vị và MAINTAINERS")
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
    from site_builder.model.schema import ConfigError  # after parsing: `--help` stays fast
    from site_builder.vietnamese.text import visible

    root = find_root(Path.cwd())
    try:
        if args.command == "check":
            return _check(root, args)
        if args.command == "build":
            return _build(root, args)
        if args.command == "codeowners":
            return _codeowners(root)
        if args.command == "documents":
            return _documents(root, args)
        return _new(root, args)
    except (UsageError, ConfigError) as exc:
        sys.stderr.write(f"thidua: {visible(str(exc))}\n")  # may quote a revision or a path: one line
        return EXIT_USAGE


def _relative(root: Path, raw: str) -> str:
    path = Path(raw).resolve() if not Path(raw).is_absolute() else Path(raw)
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError as exc:
        raise UsageError(f"'{raw}' nằm ngoài kho dữ liệu {root}.") from exc
    return rel.as_posix() if rel.parts else "."


def _check(root: Path, args: argparse.Namespace) -> int:
    from site_builder.check.pipeline import CheckOptions, run_check
    from site_builder.report import REPORTERS

    if args.actor and not args.changed_since:
        raise UsageError("--actor chỉ dùng cùng --changed-since.")
    options = CheckOptions(
        paths=tuple(_relative(root, p) for p in args.paths), changed_since=args.changed_since,
        actor=args.actor, now=parse_now(args.now) if args.now else None)
    result = run_check(root, options)
    REPORTERS[args.format](result, sys.stdout)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _build(root: Path, args: argparse.Namespace) -> int:
    from site_builder.publish.site.build import build_site

    out = Path(args.out)
    return build_site(root, out if out.is_absolute() else Path.cwd() / out)


def _new(root: Path, args: argparse.Namespace) -> int:
    from site_builder.check.discover import load_repository
    from site_builder.check.validate import validate
    from site_builder.model.campaign import campaign_ids, load_campaign
    from site_builder.model.schema import load_schemas
    from site_builder.publish.templates.yaml_template import write_template

    ids = campaign_ids(root)
    cid = args.campaign or (ids[-1] if ids else None)
    if cid not in ids:
        raise UsageError(f"Không có đợt thi đua '{cid}'. Các đợt hiện có: {', '.join(ids) or '(chưa có)'}.")
    schemas = load_schemas(root)
    registry = validate(load_repository(root, schemas))
    if registry.get(args.unit) is None:
        raise UsageError(f"Mã đơn vị '{args.unit}' không có trong registry/units.csv.")
    try:
        path = write_template(root, args.kind, schemas[args.kind], load_campaign(root, cid), args.unit, args.name)
    except FileExistsError as exc:
        raise UsageError(f"Tệp {exc.args[0]} đã có; sửa tệp đó hoặc dùng tên khác.") from exc
    print(
        f"Đã tạo {os.path.relpath(path)}. Điền các giá trị còn trống rồi chạy: thidua check "
        f"{os.path.relpath(path.parent)}"
    )
    return EXIT_OK


def _codeowners(root: Path) -> int:
    from site_builder.check.discover import load_repository
    from site_builder.check.rules.codeowners import PATH, project_maintainers, render
    from site_builder.check.validate import validate
    from site_builder.model.campaign import campaign_ids, load_campaign
    from site_builder.model.schema import load_schemas

    registry = validate(load_repository(root, load_schemas(root)))
    campaigns = {cid: load_campaign(root, cid) for cid in campaign_ids(root)}
    target = root / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(registry, campaigns, project_maintainers(root)), encoding="utf-8")
    print(f"Đã viết {PATH}.")
    return EXIT_OK


def _documents(root: Path, args: argparse.Namespace) -> int:
    from site_builder.check.pipeline import run_check
    from site_builder.model.campaign import campaign_ids
    from site_builder.publish.documents.render import write_documents

    ids = campaign_ids(root)
    cid = args.campaign or (ids[-1] if ids else None)
    if cid not in ids:
        raise UsageError(f"Không có đợt thi đua '{cid}'. Các đợt hiện có: {', '.join(ids) or '(chưa có)'}.")
    out = Path(args.out)
    try:
        paths = write_documents(run_check(root), cid, out if out.is_absolute() else Path.cwd() / out)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(f"Đã tạo {len(paths)} văn bản trong {args.out}/:")
    for path in paths:
        print(f"  {os.path.relpath(path)}")
    return EXIT_OK
