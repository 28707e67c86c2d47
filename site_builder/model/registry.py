"""`registry/units.csv`: every unit that may submit."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


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


def unit_from_row(row: dict[str, Any]) -> Unit:
    """Build a unit from a typed row (Frictionless has already validated it)."""
    return Unit(
        unit_id=row["unit_id"], name=row.get("name") or row["unit_id"], kind=row.get("kind") or "khac",
        parent_id=row.get("parent_id") or None, active_from=row.get("active_from"),
        active_to=row.get("active_to"), maintainers=tuple((row.get("maintainers") or "").split()),
        successor_id=row.get("successor_id") or None,
    )
