"""`thidua serve`: the public site on localhost, rebuilt and reloaded in the browser on every change.

MkDocs' own live-reload server (`mkdocs.livereload.LiveReloadServer`) watches the folders, serves
the built site and reloads open pages once a rebuild is done; the rebuild is `thidua build` into a
temporary folder, the same steps (check, pages, builder, stamping, Pagefind) as the published site.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from site_builder.exceptions import ConfigError, UsageError
from site_builder.publish.site import site_config
from site_builder.publish.site.build import build_site

WATCHED = ("submissions", "campaigns", "registry", "schema")


def run(root: Path, args: argparse.Namespace) -> int:
    from mkdocs.livereload import LiveReloadServer

    settings = site_config.load(root)  # a broken mkdocs.yml: exit 2 before serving anything
    with tempfile.TemporaryDirectory(prefix="thidua-serve-") as tmp:
        out = Path(tmp) / "site"
        code = build_site(root, out)
        if code:
            return code

        def rebuild() -> None:
            try:
                failed = build_site(root, out)
            except ConfigError as exc:
                failed = 2
                sys.stderr.write(f"thidua: {exc}\n")
            if failed:  # the server keeps the last good site and waits for the next change
                raise SystemExit("thidua: chưa dựng lại được trang; sửa lỗi rồi lưu tệp, trang sẽ tự tải lại.")

        class Server(LiveReloadServer):
            def server_activate(self) -> None:  # listening: only now is the address worth giving
                super().server_activate()
                sys.stderr.write(f"Trang xem trước: mở {self.url} trong trình duyệt. Trang tự tải lại khi hồ sơ, "
                                 "kế hoạch, danh mục đơn vị, docs/ hay mkdocs.yml thay đổi. Dừng: Ctrl+C.\n")
                sys.stderr.flush()

        server = Server(builder=rebuild, host=args.host, port=args.port, root=str(out))
        server.error_handler = lambda status: _error_page(out, status)
        for path in [*(root / name for name in WATCHED), *site_config.watched(settings)]:
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()
        except OSError as exc:  # the port is taken, or the host is not this machine's
            raise UsageError(f"Không mở được trang xem trước tại {args.host}:{args.port}: {exc.strerror or exc}. "
                             "Chọn cổng khác bằng --port.") from None
        except KeyboardInterrupt:
            sys.stderr.write("Đã dừng trang xem trước.\n")
        finally:
            server.shutdown()
    return 0


def _error_page(out: Path, status: int) -> bytes | None:
    page = out / f"{status}.html"
    return page.read_bytes() if page.is_file() else None
