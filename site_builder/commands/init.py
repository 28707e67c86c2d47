"""`thidua init DIR`: a new organisation's repository, ready to check and build.

Its workflows install thidua at a pinned version or commit, never from the repository itself:
a pull request can change data, but not the checker that judges it (docs/security.md).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path
from string import Template

from site_builder.commands import EXIT_OK
from site_builder.commands.new import SCAFFOLD, scaffold_campaign, write_campaign, write_json_schemas
from site_builder.exceptions import UsageError
from site_builder.model.problem import Problem
from site_builder.model.schema import Schemas, load_schemas
from site_builder.vietnamese.text import visible

REPOSITORY = SCAFFOLD / "repository"  # copies of the project's schema/ and workflows, and text templates
UNIT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# What a workflow may install: a released version or one commit of a git repository.
PINNED = re.compile(r"^(thidua==\d+(\.\d+)*([ab]|rc|\.post|\.dev)?\d*|git\+https://[A-Za-z0-9./_~-]+@[0-9a-f]{40})$")
INSTALL_STEP = "      - name: Cài thidua\n        run: python -m pip install .\n"
SHOWN = 5  # problems of an imported unit list printed before "and N more"


def run(root: Path, args: argparse.Namespace) -> int:
    target = Path(args.dir).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"Thư mục {args.dir} đã có nội dung; chọn một thư mục mới hoặc thư mục trống.")
    if not UNIT_ID.match(args.secretariat):
        raise UsageError(f"Mã đơn vị '{args.secretariat}' không hợp lệ: chỉ dùng chữ thường không dấu, chữ số "
                         "và dấu '-', ví dụ 'van-phong'.")
    name = " ".join(args.name.split())
    if len(name) < 2:
        raise UsageError("--name cần tên cơ quan, tổ chức.")
    spec = args.thidua or _running_version()
    if not PINNED.match(spec):
        raise UsageError(f"--thidua '{spec}' không phải một phiên bản cố định: ghi thidua==X.Y.Z hoặc "
                         "git+https://…@<mã commit đủ 40 ký tự>.")
    logins = [login.lstrip("@") if "/" not in login else login for login in args.maintainer]
    if any(not re.match(r"^@?[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)?$", login) for login in logins):
        raise UsageError("--maintainer chỉ nhận tên tài khoản (ví dụ nguyen-van-a) hoặc @tổ-chức/nhóm.")
    schemas = load_schemas(REPOSITORY)
    units = _import_units(Path(args.units), schemas) if args.units else [
        {"unit_id": args.secretariat, "name": name, "kind": "co_quan"}]
    secretariat = next((u for u in units if u["unit_id"] == args.secretariat), None)
    if secretariat is None:
        raise UsageError(f"Đơn vị thường trực '{args.secretariat}' không có trong {args.units}.")
    if logins and not secretariat.get("maintainers"):
        secretariat["maintainers"] = " ".join(logins)
    write_repository(target, name, schemas, units, args.secretariat, logins, spec)
    committed = _git_init(target)
    print(f"Đã tạo kho thi đua của {name} tại {target}" + (" (git: lần lưu đầu tiên)." if committed else ".")
          + f" Tiếp theo: cd {args.dir} && thidua check && thidua build")
    return EXIT_OK


def _running_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return f"thidua=={version('thidua')}"
    except PackageNotFoundError as exc:
        raise UsageError("Không xác định được phiên bản thidua đang chạy; ghi --thidua thidua==X.Y.Z "
                         "hoặc --thidua git+https://…@<mã commit>.") from exc


def _import_units(path: Path, schemas: Schemas) -> list[dict[str, str]]:
    """The units of a CSV or XLSX list, read and validated as the check reads registry/units.csv."""
    from site_builder.check.discover import Inputs
    from site_builder.check.findings import Findings
    from site_builder.check.parse.files import read_bytes, read_text
    from site_builder.check.parse.tables import TableRead, read_csv, read_xlsx
    from site_builder.check.validate import validate

    rel = path.name
    read: TableRead
    if path.suffix.lower() == ".csv":
        text, problems = read_text(path, rel)
        read = read_csv(text, rel, schemas["units"]) if text is not None else TableRead(problems=problems)
    elif path.suffix.lower() == ".xlsx":
        data, problems = read_bytes(path, rel)
        read = read_xlsx(data, rel, schemas["units"]) if data is not None else TableRead(problems=problems)
    else:
        raise UsageError(f"--units cần tệp .csv hoặc .xlsx, không phải '{path.name}'.")
    found = Findings(problems=list(read.problems))
    if not read.truncated:
        validate(Inputs(path.parent, schemas, {}, read), found)
    errors = [p for p in found.problems if p.severity == "error"]
    if errors:
        sys.stderr.write(_problems_text(path, errors))
        raise UsageError(f"{path}: danh mục đơn vị có {len(errors)} lỗi (liệt kê ở trên); chưa tạo kho.")
    if not read.rows:
        raise UsageError(f"{path}: không có đơn vị nào.")
    names = [f.name for f in schemas["units"].fields]
    return [{name: _text(row.values.get(name)) for name in names} for row in read.rows]


def _problems_text(path: Path, problems: list[Problem]) -> str:
    lines = [f"{path}" + (f", dòng {p.line}" if p.line else "") + (f", cột {p.field}" if p.field else "")
             + f": {visible(p.message)}\n" for p in problems[:SHOWN]]
    more = f"… và {len(problems) - SHOWN} lỗi khác.\n" if len(problems) > SHOWN else ""
    return "".join(lines) + more


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def write_repository(root: Path, name: str, schemas: Schemas, units: list[dict[str, str]], secretariat: str,
                     logins: list[str], spec: str) -> None:
    """Every file of the new repository; CODEOWNERS last, rendered as `thidua codeowners` does."""
    from site_builder.check.rules import campaign_schema
    from site_builder.check.rules.codeowners import PATH, project_maintainers, render
    from site_builder.commands import load_registry
    from site_builder.model.campaign import campaign_ids, load_campaign

    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPOSITORY / "schema", root / "schema")
    _write(root / campaign_schema.SCHEMA_PATH, campaign_schema.render())  # for editors (modeline)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f.name for f in schemas["units"].fields], lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(units)
    _write(root / "registry" / "units.csv", out.getvalue())
    _write(root / "MAINTAINERS", "# Người quản trị kho: được sửa mã nguồn, lược đồ, quy trình tự động và tài liệu\n"
           "# (docs/security.md). Mỗi dòng một tài khoản hoặc @tổ-chức/nhóm; sau khi sửa, chạy: thidua codeowners\n"
           + "".join(f"{login}\n" for login in logins))
    for workflow in sorted((REPOSITORY / "workflows").glob("*.yml")):
        _write(root / ".github" / "workflows" / workflow.name, pin_workflow(workflow.read_text(encoding="utf-8"), spec))
    year = dt.date.today().year
    values = {"name": name, "secretariat": secretariat, "year": str(year), "spec": spec,
              "campaign": f"thi-dua-{year}"}
    for template in ("README.md", "mkdocs.yml", "docs/gioi-thieu.md", "docs/lien-he.md", ".gitignore"):
        source = REPOSITORY / (template.replace(".gitignore", "gitignore.txt"))
        _write(root / template, Template(source.read_text(encoding="utf-8")).substitute(values))
    unit_name = next(u["name"] for u in units if u["unit_id"] == secretariat)
    write_campaign(root, values["campaign"], scaffold_campaign(
        "thematic", values["campaign"], secretariat=secretariat, issuer=unit_name, place="…"))
    registry = load_registry(root)
    campaigns = {cid: load_campaign(root, cid) for cid in campaign_ids(root)}
    _write(root / PATH, render(registry, campaigns, project_maintainers(root)))
    write_json_schemas(root)


def pin_workflow(text: str, spec: str) -> str:
    """The project's workflow with thidua installed at `spec` instead of from the repository."""
    if "pip install ." not in text:
        return text
    if INSTALL_STEP not in text:
        raise UsageError("Gói thidua bị lỗi: không tìm thấy bước cài đặt trong quy trình mẫu.")
    pinned = ("      # A fixed version: never the pull request's own code (docs/security.md). To upgrade,\n"
              "      # change it here, in one reviewed commit.\n"
              "      - name: Cài thidua (phiên bản cố định)\n"
              f'        run: python -m pip install "{spec}"\n')
    return text.replace(INSTALL_STEP, pinned)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _git_init(root: Path) -> bool:
    """`git init` and a first commit, when git is there; False when it is not (or fails)."""
    git = shutil.which("git")
    if git is None:
        return False
    identity: list[str] = []
    for key, fallback in (("user.name", "thidua init"), ("user.email", "thidua-init@localhost")):
        have = subprocess.run([git, "config", "--get", key], cwd=root, capture_output=True, text=True)
        if have.returncode != 0 or not have.stdout.strip():
            identity += ["-c", f"{key}={fallback}"]
    steps = [[git, "init", "-q", "-b", "main"], [git, "add", "-A"],
             [git, *identity, "commit", "-q", "-m", "Khởi tạo kho thi đua – khen thưởng (thidua init)"]]
    return all(subprocess.run(step, cwd=root, capture_output=True).returncode == 0 for step in steps)
