"""`registry/units.csv`: every unit that may submit."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from site_builder.vietnamese.text import nfc

UBND = re.compile(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    kind: str
    parent_id: str | None
    active_from: dt.date | None
    active_to: dt.date | None
    maintainers: tuple[str, ...]
    # The unit that took over when this one ended (a merger, a reorganisation); None if none.
    successor_id: str | None = None

    def active_during(self, start: dt.date, end: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= end) and (
            self.active_to is None or self.active_to >= start)


@dataclass(frozen=True)
class Registry:
    units: dict[str, Unit]

    def get(self, unit_id: str | None) -> Unit | None:
        return self.units.get(unit_id) if unit_id else None

    def locality(self, unit: Unit | None) -> str:
        """'huyện …', 'xã …': the locality of the nearest People's Committee up the registry, or ''."""
        seen: set[str] = set()
        while unit is not None and unit.unit_id not in seen:
            seen.add(unit.unit_id)
            match = UBND.match(nfc(unit.name))
            if match:
                return match.group(1)
            unit = self.get(unit.parent_id)
        return ""

    def short_name(self, unit_id: str) -> str:
        """The unit as a sentence names it inside its locality: 'Phòng Nội vụ' for
        'Phòng Nội vụ huyện X'; the id when the registry has no such unit."""
        unit = self.get(unit_id)
        if unit is None:
            return unit_id
        return strip_locality(nfc(unit.name), self.locality(self.get(unit.parent_id)))

    def is_within(self, unit_id: str, ancestor_id: str) -> bool:
        """True if unit_id is ancestor_id or one of its (transitive) sub-units."""
        seen: set[str] = set()
        current: str | None = unit_id
        while current and current not in seen:
            if current == ancestor_id:
                return True
            seen.add(current)
            unit = self.units.get(current)
            current = unit.parent_id if unit else None
        return False


def strip_locality(name: str, locality: str) -> str:
    if locality and name.endswith(" " + locality) and len(name) > len(locality) + 1:
        return name[: -len(locality) - 1]
    return name


def unit_from_row(row: dict[str, Any]) -> Unit:
    """Build a unit from a typed row (Frictionless has already validated it)."""
    return Unit(
        unit_id=row["unit_id"], name=row.get("name") or row["unit_id"], kind=row.get("kind") or "khac",
        parent_id=row.get("parent_id") or None, active_from=row.get("active_from"),
        active_to=row.get("active_to"), maintainers=tuple((row.get("maintainers") or "").split()),
        successor_id=row.get("successor_id") or None,
    )
