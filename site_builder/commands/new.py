"""`thidua new`: a commented nomination template in the unit's folder."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from site_builder.commands import EXIT_OK, choose_campaign, load_registry
from site_builder.exceptions import UsageError
from site_builder.model.campaign import campaign_schemas, load_campaign
from site_builder.model.schema import load_schemas
from site_builder.publish.templates.yaml_template import write_template


def run(root: Path, args: argparse.Namespace) -> int:
    cid = choose_campaign(root, args.campaign)
    schemas = load_schemas(root)
    if load_registry(root, schemas).get(args.unit) is None:
        raise UsageError(f"Mã đơn vị '{args.unit}' không có trong registry/units.csv.")
    campaign = load_campaign(root, cid, schemas)
    spec = campaign_schemas(root, cid)[args.kind]
    try:
        path = write_template(root, args.kind, spec, campaign, args.unit, args.name)
    except FileExistsError as exc:
        raise UsageError(f"Tệp {exc.args[0]} đã có; sửa tệp đó hoặc dùng tên khác.") from exc
    print(f"Đã tạo {os.path.relpath(path)}. Điền các giá trị còn trống rồi chạy: "
          f"thidua check {os.path.relpath(path.parent)}")
    return EXIT_OK
