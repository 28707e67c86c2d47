"""What a form is, as data: its decree, number, title, the nominee kinds it serves, and the
blocks of its text (section headings, fill-in fields, lists) that the renderer lays out."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["individual", "collective", "to_trinh"]
KINDS: tuple[Kind, ...] = ("individual", "collective", "to_trinh")
REPORT_KINDS: tuple[Kind, ...] = ("collective", "individual")

BlockKind = Literal["section", "heading", "field", "items", "blank", "awards"]

# What fills a block, from the nomination (public fields only) or the registry:
#   name, unit (the proposing unit), parent (the nominee unit's parent, left out when unknown),
#   proposing_unit (left out when it is that parent), position, female_share (label: the
#   field's title; left out when not given), achievements, initiatives,
#   slot:<key> (the campaign's own fields for that place, documents.report_fields).
SOURCES = frozenset({"", "name", "unit", "parent", "proposing_unit", "position", "female_share",
                     "achievements", "initiatives"})
SLOT = "slot:"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""                 # heading, field label, or the lead-in of a non-empty list
    source: str = ""               # see SOURCES; "" leaves the line for the unit to fill
    lower: bool = False            # slot values: "Tiêu đề: giá trị" with the value's first letter lowered
    columns: tuple[str, ...] = ()  # awards: the table's column headings

    @property
    def slot(self) -> str | None:
        return self.source[len(SLOT):] if self.source.startswith(SLOT) else None


@dataclass(frozen=True)
class Signature:
    """Who signs a report: the right column, and the left one's countersignature."""
    title: tuple[str, ...]
    note: str
    nominee_name: bool             # print the nominee's name under the right column
    left_title: tuple[str, ...] = ()
    left_note: str = ""


@dataclass(frozen=True)
class Form:
    id: str                        # stable: campaign.yaml refers to it
    decree: str                    # "98/2023/NĐ-CP"
    appendix: str                  # "Phụ lục I"
    number: str | None             # "02"; None: not confirmed, the campaign gives it (or leaves it out)
    title: str
    kinds: frozenset[Kind]
    blocks: Mapping[Kind, tuple[Block, ...]] = field(default_factory=dict)
    signatures: Mapping[Kind, Signature] = field(default_factory=dict)
    contents: tuple[str, ...] = ()  # a Tờ trình's required contents
    note: str = ""                  # what was confirmed, and what was not

    def citation(self, number: str | None = None) -> str:
        """'Mẫu số 02, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP'; without a number, the
        decree's own words: 'mẫu … tại Phụ lục kèm theo Nghị định số …'."""
        number = self.number or number
        if number:
            return f"Mẫu số {number}, {self.appendix} kèm theo Nghị định số {self.decree}"
        return f"mẫu {self.title[:1].lower()}{self.title[1:]} tại {self.appendix} kèm theo Nghị định số {self.decree}"

    def slots(self, kind: Kind) -> tuple[str, ...]:
        return tuple(s for b in self.blocks.get(kind, ()) if (s := b.slot))
