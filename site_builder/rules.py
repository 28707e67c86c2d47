"""Stage 3b: rules about references and across files (ids, nominees, units, campaigns)."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from .campaign import Campaign
from .model import Nomination
from .problems import error
from .registry import Registry
from .text import fold, squash


def check_references(nominations: Iterable[Nomination], campaigns: dict[str, Campaign], registry: Registry) -> None:
    for n in nominations:
        campaign = campaigns.get(n.campaign)
        if campaign is None:
            n.add(error("unknown-campaign", f"Không có đợt thi đua '{n.campaign}' (thiếu campaigns/{n.campaign}/campaign.yaml).",
                        "Đặt hồ sơ trong thư mục của đợt thi đua đang mở, ví dụ submissions/cchc-2024/.",
                        path=n.path, line=n.line, field="campaign", nomination_id=n.id))
        _mismatch(n, "campaign", n.campaign, "campaign-mismatch", "đợt thi đua")
        _mismatch(n, "unit_id", n.unit_id, "unit-mismatch", "đơn vị")
        unit = registry.get(n.unit_id)
        if unit is not None and campaign is not None and not unit.active_during(campaign.period_start, campaign.period_end):
            n.add(error("unknown-unit", f"Đơn vị '{n.unit_id}' không hoạt động trong thời gian của đợt thi đua "
                        f"({campaign.period_start:%d/%m/%Y} – {campaign.period_end:%d/%m/%Y}).",
                        "Kiểm tra lại mã đơn vị; đơn vị đã giải thể hoặc sáp nhập nộp hồ sơ qua đơn vị kế thừa.",
                        path=n.path, line=n.line_of("unit_id"), field="unit_id", nomination_id=n.id))
        nominee = n.values.get("nominee_unit_id") if n.kind == "collective" else None
        if nominee and registry.get(nominee) is not None and not registry.is_within(nominee, n.unit_id):
            n.add(error("collective-outside-unit",
                        f"Tập thể được đề nghị ('{nominee}') không phải là đơn vị '{n.unit_id}' hay đơn vị trực thuộc.",
                        "Mỗi đơn vị chỉ đề nghị chính mình hoặc đơn vị trực thuộc; tập thể khác do đơn vị quản lý trực tiếp đề nghị.",
                        path=n.path, line=n.line_of("nominee_unit_id"), field="nominee_unit_id", nomination_id=n.id))


def _mismatch(n: Nomination, field: str, folder_value: str, code: str, what: str) -> None:
    given = n.raw.get(field)
    if given is not None and given != folder_value:
        n.add(error(code, f"Trường '{field}' ghi '{given}' nhưng tệp nằm trong thư mục của {what} '{folder_value}'.",
                    f"Sửa '{field}' thành '{folder_value}' hoặc chuyển tệp sang đúng thư mục (có thể xóa dòng này).",
                    path=n.path, line=n.line_of(field), field=field, nomination_id=n.id))


SHOWN = 3  # other locations named in one duplicate message


def check_duplicates(nominations: list[Nomination]) -> None:
    """Same id, or the same nominee twice in a campaign. Linear: each group is reported once
    per member, naming at most SHOWN others, so a thousand copies stay a thousand problems."""
    by_id: dict[str, list[Nomination]] = defaultdict(list)
    for n in nominations:
        by_id[n.id].append(n)
    for group in by_id.values():
        firsts = group[:SHOWN + 1]
        for n in group if len(group) > 1 else ():
            others = _others([o for o in firsts if o is not n][:SHOWN], len(group) - 1)
            n.add(error("duplicate-id", f"Mã hồ sơ '{n.id}' trùng với hồ sơ ở {others}.",
                        "Đổi tên tệp YAML hoặc cột slug để mỗi hồ sơ có một mã riêng; nếu là cùng một người, xóa bản trùng.",
                        path=n.path, line=n.line, field="slug" if n.source != "yaml" else None, nomination_id=n.id))

    by_key: dict[tuple[str, ...], list[Nomination]] = defaultdict(list)
    for n in nominations:
        name = squash(fold(n.name)).casefold()
        if not name or n.kind is None:
            continue
        by_key[(n.campaign, n.kind, "unit", n.unit_id, name)].append(n)
        dob = n.values.get("date_of_birth")
        if n.kind == "individual" and dob:
            by_key[(n.campaign, n.kind, "dob", str(dob), name)].append(n)
        nominee = n.values.get("nominee_unit_id")
        if n.kind == "collective" and nominee:
            by_key[(n.campaign, n.kind, "nominee", nominee)].append(n)
    reported: set[int] = set()  # one duplicate-nominee problem per nomination is enough
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        per_id = Counter(n.id for n in group)
        if len(per_id) < 2:  # copies under one id are duplicate-id's business
            continue
        firsts = _first_of_each_id(group)
        why = {"unit": "cùng tên trong cùng đơn vị", "dob": "cùng họ tên và ngày sinh",
               "nominee": "cùng đơn vị được đề nghị"}[key[2]]
        for n in group:
            if id(n) in reported:
                continue
            reported.add(id(n))
            others = _others([o for o in firsts if o.id != n.id][:SHOWN], len(group) - per_id[n.id])
            n.add(error("duplicate-nominee", f"“{n.name}” có thể bị đề nghị hai lần ({why}): trùng với {others}.",
                        "Mỗi tập thể, cá nhân chỉ được đề nghị một lần trong một đợt; xóa hồ sơ trùng "
                        "hoặc ghi rõ họ tên để phân biệt hai người khác nhau.",
                        path=n.path, line=n.line_of("name"), field="name", nomination_id=n.id))


def _first_of_each_id(group: list[Nomination]) -> list[Nomination]:
    firsts: dict[str, Nomination] = {}
    for n in group:
        firsts.setdefault(n.id, n)
        if len(firsts) > SHOWN:
            break
    return list(firsts.values())


def _others(shown: list[Nomination], count: int) -> str:
    """Where the other members of a group are: a few, then how many more."""
    more = f" và {count - len(shown)} hồ sơ khác" if count > len(shown) else ""
    return "; ".join(_where(o) for o in shown) + more


def _where(n: Nomination) -> str:
    return f"{n.path}" + (f" dòng {n.line}" if n.source != "yaml" and n.line else "")
