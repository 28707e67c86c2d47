"""`thidua documents`: the office's Word files for one campaign."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from site_builder.check.pipeline import run_check
from site_builder.commands import EXIT_OK, choose_campaign
from site_builder.exceptions import UsageError
from site_builder.publish.documents.render import write_documents


def run(root: Path, args: argparse.Namespace) -> int:
    cid = choose_campaign(root, args.campaign)
    out = Path(args.out)
    result = run_check(root)
    result.require_configuration()
    try:
        paths = write_documents(result, cid, out if out.is_absolute() else Path.cwd() / out)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(f"Đã tạo {len(paths)} văn bản trong {args.out}/:")
    for path in paths:
        print(f"  {os.path.relpath(path)}")
    return EXIT_OK
