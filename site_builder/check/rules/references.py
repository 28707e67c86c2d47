"""Stage 3b: rules about references and across files (ids, nominees, units, campaigns)."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from site_builder.check.findings import Findings
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.problem import error, warning
from site_builder.model.registry import Registry
from site_builder.vietnamese.text import DETONE, name_key


def check_references(found: Findings, campaigns: dict[str, Campaign], registry: Registry) -> None:
    """Each of `found`'s nominations against the campaigns and the registry."""
    # The newest campaign as the example of a folder to use (ids sort by year when they end with it).
    example = f"ví dụ submissions/{max(campaigns)}/" if campaigns else "submissions/<mã đợt>/"
    for n in found.nominations:
        campaign = campaigns.get(n.campaign)
        if campaign is None:
            found.record(
                error(
                    "unknown-campaign",
                    f"Không có đợt thi đua '{n.campaign}' (thiếu campaigns/{n.campaign}/campaign.yaml).",
                    f"Đặt hồ sơ trong thư mục của đợt thi đua đang mở, {example}.",
                    path=n.path,
                    line=n.line,
                    field="campaign",
                    nomination_id=n.id,
                ),
                n,
            )
        _mismatch(found, n, "campaign", n.campaign, "campaign-mismatch", "đợt thi đua")
        _mismatch(found, n, "unit_id", n.unit_id, "unit-mismatch", "đơn vị")
        unit = registry.get(n.unit_id)
        if (
            unit is not None
            and campaign is not None
            and not unit.active_during(campaign.period_start, campaign.period_end)
        ):
            found.record(error(
                "unknown-unit", f"Đơn vị '{n.unit_id}' không hoạt động trong thời gian của đợt thi đua "
                f"({campaign.period_start:%d/%m/%Y} – {campaign.period_end:%d/%m/%Y}).",
                _inactive_hint(registry, unit.successor_id, campaign),
                path=n.path, line=n.line_of("unit_id"), field="unit_id", nomination_id=n.id), n)
        nominee = n.values.get("nominee_unit_id") if n.kind == "collective" else None
        if nominee and registry.get(nominee) is not None and not registry.is_within(nominee, n.unit_id):
            found.record(
                error(
                    "collective-outside-unit",
                    f"Tập thể được đề nghị ('{nominee}') không phải là đơn vị '{n.unit_id}' hay đơn vị trực thuộc.",
                    "Mỗi đơn vị chỉ đề nghị chính mình hoặc đơn vị trực thuộc; tập thể khác do đơn vị quản lý "
                    "trực tiếp đề nghị.",
                    path=n.path,
                    line=n.line_of("nominee_unit_id"),
                    field="nominee_unit_id",
                    nomination_id=n.id,
                ),
                n,
            )


def _inactive_hint(registry: Registry, successor_id: str | None, campaign: Campaign) -> str:
    """How to fix a nomination from a unit that has ended: the recorded successor's folder, if any."""
    successor = registry.get(successor_id)
    if successor is None:
        return "Kiểm tra lại mã đơn vị; đơn vị đã giải thể hoặc sáp nhập nộp hồ sơ qua đơn vị kế thừa."
    return (f"Đơn vị đã được sắp xếp vào {successor.name} ('{successor.unit_id}'); nộp hồ sơ qua đơn vị này, "
            f"trong thư mục submissions/{campaign.id}/{successor.unit_id}/.")


def _mismatch(found: Findings, n: Nomination, field: str, folder_value: str, code: str, what: str) -> None:
    given = n.raw.get(field)
    if given is not None and given != folder_value:
        found.record(error(
            code, f"Trường '{field}' ghi '{given}' nhưng tệp nằm trong thư mục của {what} '{folder_value}'.",
            f"Sửa '{field}' thành '{folder_value}' hoặc chuyển tệp sang đúng thư mục (có thể xóa dòng này).",
            path=n.path, line=n.line_of(field), field=field, nomination_id=n.id), n)


SHOWN = 3  # other locations named in one duplicate message


def check_duplicates(found: Findings) -> None:
    """Same id, or the same nominee twice in a campaign, among `found`'s nominations. Linear:
    each group is reported once per member, naming at most SHOWN others, so a thousand copies
    stay a thousand problems."""
    nominations = found.nominations
    by_id: dict[str, list[Nomination]] = defaultdict(list)
    for n in nominations:
        by_id[n.id].append(n)
    for group in by_id.values():
        firsts = group[:SHOWN + 1]
        for n in group if len(group) > 1 else ():
            others = _others([o for o in firsts if o is not n][:SHOWN], len(group) - 1)
            found.record(
                error(
                    "duplicate-id",
                    f"Mã hồ sơ '{n.id}' trùng với hồ sơ ở {others}.",
                    "Đổi tên tệp YAML hoặc cột slug để mỗi hồ sơ có một mã riêng; nếu là cùng một người, xóa "
                    "bản trùng.",
                    path=n.path,
                    line=n.line,
                    field="slug" if n.source != "yaml" else None,
                    nomination_id=n.id,
                ),
                n,
            )

    # Same person: the same name (NFC, case, spaces) and birth dates that do not differ (equal,
    # or one unknown), in one unit or, with the same date, in two; the same collective unit.
    # A name that differs only in tone marks ('Hoà'/'Hòa') is a warning, never an error.
    same: dict[tuple[str, ...], list[Nomination]] = defaultdict(list)
    near: dict[tuple[str, ...], list[Nomination]] = defaultdict(list)
    nominees: dict[tuple[str, ...], list[Nomination]] = defaultdict(list)
    for n in nominations:
        name = name_key(n.name)
        if not name or n.kind is None:
            continue
        toneless = name.translate(DETONE)  # `toneless_key` of a name already keyed
        same[(n.campaign, n.kind, n.unit_id, name)].append(n)
        near[(n.campaign, n.kind, n.unit_id, toneless)].append(n)
        dob = _birth_date(n)
        if dob:
            same[(n.campaign, n.kind, "", name, dob)].append(n)
            near[(n.campaign, n.kind, "", toneless, dob)].append(n)
        nominee = n.values.get("nominee_unit_id")
        if n.kind == "collective" and nominee:
            nominees[(n.campaign, n.kind, nominee)].append(n)
    reported: set[int] = set()  # one duplicate-nominee problem per nomination is enough
    id_of = _identity_of("id")
    for key, group in same.items():
        if len(group) > 1:
            why = "cùng họ tên và ngày sinh" if len(key) == 5 else "cùng tên trong cùng đơn vị"
            for members, pool in _clusters(group, id_of):
                _report(found, members, pool, id_of, reported, why, tone=False)
    for group in nominees.values():
        if len(group) > 1:
            pool = [_Segment(group, id_of)]
            _report(found, group, pool, id_of, reported, "cùng đơn vị được đề nghị", tone=False)
    name_of = _identity_of("name")
    warned = set(reported)
    for group in near.values():
        if len(group) > 1:
            for members, pool in _clusters(group, name_of):
                _report(found, members, pool, name_of, warned, "tên chỉ khác dấu thanh", tone=True)


def _birth_date(n: Nomination) -> str:
    """The typed birth date, or '' when unknown (missing or not a date)."""
    dob = n.values.get("date_of_birth") if n.kind == "individual" else None
    return str(dob) if dob else ""


def _identity_of(what: str) -> Callable[[Nomination], str]:
    """What makes two members of a group different nominations: the id (errors), or the
    written name (warnings about names that differ only in tone marks)."""
    return (lambda n: n.id) if what == "id" else (lambda n: name_key(n.name))


class _Segment:
    """Part of a group, with its count per identity and its first few identities (computed once)."""

    def __init__(self, members: list[Nomination], identity: Callable[[Nomination], str]) -> None:
        self.members = members
        self.count = Counter(identity(n) for n in members)
        self.firsts = _first_of_each(members, identity)


def _clusters(group: list[Nomination], identity: Callable[[Nomination], str]
              ) -> Iterator[tuple[list[Nomination], list[_Segment]]]:
    """Who may be whom inside a group: members with a birth date meet those with the same date
    and those without one; those without meet everyone. Linear: segments are shared."""
    unknown: list[Nomination] = []
    dated: dict[str, list[Nomination]] = defaultdict(list)
    for n in group:
        dob = _birth_date(n)
        (dated[dob] if dob else unknown).append(n)
    unknown_segment = _Segment(unknown, identity) if unknown else None
    segments = {dob: _Segment(members, identity) for dob, members in dated.items()}
    for dob, members in dated.items():
        yield members, [segments[dob], *([unknown_segment] if unknown_segment else [])]
    if unknown_segment is not None:
        yield unknown, [*segments.values(), unknown_segment]


def _report(found: Findings, members: list[Nomination], pool: list[_Segment], identity: Callable[[Nomination], str],
            reported: set[int], why: str, tone: bool) -> None:
    firsts = _first_of_each([n for segment in pool for n in segment.firsts], identity)
    if len(firsts) < 2:  # copies under one id are duplicate-id's business
        return
    total = sum(len(segment.members) for segment in pool)
    for n in members:
        if id(n) in reported:
            continue
        reported.add(id(n))
        me = identity(n)
        others = _others([o for o in firsts if identity(o) != me][:SHOWN],
                         total - sum(segment.count[me] for segment in pool))
        if tone:
            found.record(warning(
                "duplicate-nominee", f"“{n.name}” có thể là cùng một người với hồ sơ ở {others} ({why}).",
                "Nếu là cùng một người, xóa hồ sơ trùng và ghi họ tên đúng chính tả; nếu là hai người "
                "khác nhau, ghi ngày sinh của từng người để phân biệt.",
                path=n.path, line=n.line_of("name"), field="name", nomination_id=n.id), n)
        else:
            found.record(error(
                "duplicate-nominee", f"“{n.name}” có thể bị đề nghị hai lần ({why}): trùng với {others}.",
                "Mỗi tập thể, cá nhân chỉ được đề nghị một lần trong một đợt; xóa hồ sơ trùng "
                "hoặc ghi rõ họ tên để phân biệt hai người khác nhau.",
                path=n.path, line=n.line_of("name"), field="name", nomination_id=n.id), n)


def _first_of_each(group: list[Nomination], identity: Callable[[Nomination], str]) -> list[Nomination]:
    firsts: dict[str, Nomination] = {}
    for n in group:
        firsts.setdefault(identity(n), n)
        if len(firsts) > SHOWN:
            break
    return list(firsts.values())


def _others(shown: list[Nomination], count: int) -> str:
    """Where the other members of a group are: a few, then how many more."""
    more = f" và {count - len(shown)} hồ sơ khác" if count > len(shown) else ""
    return "; ".join(_where(o) for o in shown) + more


def _where(n: Nomination) -> str:
    return f"{n.path}" + (f" dòng {n.line}" if n.source != "yaml" and n.line else "")
