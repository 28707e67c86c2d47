"""`thidua build`: check, then build the public site."""
from __future__ import annotations

import argparse
from pathlib import Path

from site_builder.publish.site.build import build_site


def run(root: Path, args: argparse.Namespace) -> int:
    out = Path(args.out)
    return build_site(root, out if out.is_absolute() else Path.cwd() / out, builder=args.builder)
