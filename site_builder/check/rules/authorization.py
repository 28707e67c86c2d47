"""Who may change what (`--actor`): units their own folder, the secretariat the records, the
project's maintainers the rest.

Rights are read from the comparison point (`--changed-since REV`), never from the change
being checked: a pull request that adds its author to a unit's maintainers, to MAINTAINERS
or names its own unit as a campaign's secretariat gets those rights only once it is merged.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from site_builder.check.findings import Findings
from site_builder.check.parse.tables import RECORD_ROWS, read_csv
from site_builder.check.parse.yaml_strict import load_yaml
from site_builder.check.rules.codeowners import MAINTAINERS_FILE, parse_maintainers
from site_builder.check.rules.codeowners import PATH as CODEOWNERS
from site_builder.git import blob_ids, read_at
from site_builder.model.campaign import Campaign
from site_builder.model.problem import error
from site_builder.model.schema import Schemas

SECRETARIAT_AREAS = ("campaigns/", "registry/")
REGISTRY = "registry/units.csv"


@dataclass(frozen=True)
class Rights:
    """Who may change what, as one revision of the repository says."""
    units: dict[str, tuple[frozenset[str], dt.date | None]]  # unit id -> (logins, active_to)
    secretariat_units: frozenset[str]
    maintainers: frozenset[str]


def _login(name: str) -> str:
    return name.lstrip("@").casefold()


def rights_at(root: Path, rev: str, schemas: Schemas) -> Rights:
    """The rights recorded at `rev`: its registry, MAINTAINERS and campaigns' secretariats.

    Read with the checker's own strict readers; a file that cannot be read grants nothing."""
    campaign_files = [p for p in blob_ids(root, rev, "campaigns")
                      if p.count("/") == 2 and p.endswith("/campaign.yaml")]
    files = read_at(root, rev, [MAINTAINERS_FILE, REGISTRY, *campaign_files])
    maintainers = frozenset(_login(m) for m in parse_maintainers(_text(files.get(MAINTAINERS_FILE))))
    units: dict[str, tuple[frozenset[str], dt.date | None]] = {}
    for row in read_csv(_text(files.get(REGISTRY)), REGISTRY, schemas["units"], RECORD_ROWS).rows:
        unit_id = row.cells.get("unit_id")  # text, as read: typing is not needed for two columns
        if isinstance(unit_id, str) and unit_id:
            logins = frozenset(_login(m) for m in str(row.cells.get("maintainers") or "").split())
            units[unit_id] = (logins, _date(row.cells.get("active_to")))
    secretariat = set()
    for path in campaign_files:
        data = load_yaml(_text(files.get(path)), path).value
        if isinstance(data, dict) and isinstance(data.get("secretariat_unit"), str):
            secretariat.add(data["secretariat_unit"])
    return Rights(units, frozenset(secretariat), maintainers)


def _text(data: bytes | None) -> str:
    try:
        return data.decode("utf-8-sig") if data else ""
    except UnicodeDecodeError:
        return ""


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def check_authorization(found: Findings, rights: Rights, campaigns: dict[str, Campaign], changed: dict[str, str],
                        actor: str, now: dt.datetime) -> None:
    """Each changed path that `actor` may not change, as `rights` say."""
    login = _login(actor)
    units = {unit_id for unit_id, (logins, _) in rights.units.items() if login in logins}
    secretariat = bool(units & rights.secretariat_units)
    for path in sorted(changed):
        parts = path.split("/")
        hint = ("Chỉ sửa các tệp trong thư mục của đơn vị mình (submissions/<đợt>/<mã đơn vị>/); "
                "nếu cần quyền, đề nghị Phòng Nội vụ cập nhật cột maintainers trong registry/units.csv.")
        if parts[0] == "submissions" and len(parts) >= 4:
            unit_id = parts[2]
            if unit_id in units:
                ended = rights.units[unit_id][1]
                campaign = campaigns.get(parts[1])
                today = now.astimezone(campaign.timezone).date() if campaign else now.date()
                if ended is None or today <= ended:
                    continue
                why = (f"đơn vị '{unit_id}' đã ngừng hoạt động từ sau ngày {ended:%d/%m/%Y} "
                       f"(cột active_to trong {REGISTRY}), nên không còn thay đổi được hồ sơ của mình")
                hint = ("Hồ sơ của đơn vị đã ngừng hoạt động do Phòng Nội vụ quản lý; "
                        "liên hệ Phòng Nội vụ nếu cần sửa hoặc rút hồ sơ.")
            else:
                why = f"chỉ người quản lý hồ sơ của đơn vị '{unit_id}' được thay đổi thư mục này"
        elif path.startswith(SECRETARIAT_AREAS) or path == CODEOWNERS:
            # CODEOWNERS too: its only acceptable content is the one generated from the
            # registry (`codeowners-stale` otherwise), which the secretariat changes.
            if secretariat or (path == CODEOWNERS and login in rights.maintainers):
                continue
            why = "chỉ Phòng Nội vụ (cơ quan thường trực) được thay đổi kế hoạch, kết quả xét và danh mục đơn vị"
        else:
            if login in rights.maintainers:
                continue
            why = "chỉ người quản trị dự án (tệp MAINTAINERS) được thay đổi mã nguồn, lược đồ và quy trình kiểm tra"
        found.record(error(
            "not-authorized", f"Tài khoản '{actor}' không được thay đổi tệp này: {why}.",
            f"{hint} Quyền được xét theo danh mục đơn vị, tệp MAINTAINERS và kế hoạch ở mốc so sánh "
            "(trước thay đổi): quyền mà chính yêu cầu hợp nhất này cấp chỉ có hiệu lực sau khi được hợp nhất.",
            path=path))
