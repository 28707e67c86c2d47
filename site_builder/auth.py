"""Who may change what (`--actor`): units their own folder, the secretariat the records."""
from __future__ import annotations

from .campaign import Campaign
from .problems import Problem, error
from .registry import Registry

SECRETARIAT_AREAS = ("campaigns/", "registry/")


def allowed_units(registry: Registry, actor: str) -> set[str]:
    login = actor.lstrip("@").casefold()
    return {u.unit_id for u in registry.units.values()
            if login in (m.lstrip("@").casefold() for m in u.maintainers)}


def authorization_problems(campaigns: dict[str, Campaign], registry: Registry, changed: dict[str, str],
                           actor: str, maintainers: tuple[str, ...] = ()) -> list[Problem]:
    units = allowed_units(registry, actor)
    secretariat = any(c.secretariat_unit in units for c in campaigns.values())
    maintainer = actor.lstrip("@").casefold() in {m.lstrip("@").casefold() for m in maintainers}
    problems: list[Problem] = []
    for path in sorted(changed):
        parts = path.split("/")
        if parts[0] == "submissions" and len(parts) >= 4:
            if parts[2] in units:
                continue
            why = f"chỉ người quản lý hồ sơ của đơn vị '{parts[2]}' được thay đổi thư mục này"
        elif path.startswith(SECRETARIAT_AREAS):
            if secretariat:
                continue
            why = "chỉ Phòng Nội vụ (cơ quan thường trực) được thay đổi kế hoạch, kết quả xét và danh mục đơn vị"
        else:
            if maintainer:
                continue
            why = "chỉ người quản trị dự án (tệp MAINTAINERS) được thay đổi mã nguồn, lược đồ và quy trình kiểm tra"
        problems.append(error(
            "not-authorized", f"Tài khoản '{actor}' không được thay đổi tệp này: {why}.",
            "Chỉ sửa các tệp trong thư mục của đơn vị mình (submissions/<đợt>/<mã đơn vị>/); "
            "nếu cần quyền, đề nghị Phòng Nội vụ cập nhật cột maintainers trong registry/units.csv.",
            path=path))
    return problems
