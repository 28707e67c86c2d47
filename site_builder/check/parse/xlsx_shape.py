"""What an XLSX package holds, measured before openpyxl reads it.

openpyxl sizes a read-only sheet by its declared <dimension> and pads every row to it, and
builds a whole <row> in memory before yielding it: a 1.5 KB file can then cost an hour.
This pass streams every XML part through expat, counting elements (never building them),
and stops at the first thing beyond the template's shape, before any cell value is read.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

# XML elements in the whole package. A filled template of 500 rows holds about 50,000
# (cell, value, shared string); formatting and comments add a few thousand.
MAX_ELEMENTS = 200_000
# <c> elements in one row, empty formatted ones included: a template row has ~20.
MAX_ROW_CELLS = 128
# Characters in one text run: Excel itself holds at most 32,767 in a cell.
MAX_TEXT = 40_000
_CHUNK = 64 * 1024
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d*)$")
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Overflow:
    """Why the package is refused: 'columns', 'rows' (data beyond them), 'cells' (too many
    elements, even empty ones), 'text' (a text over MAX_TEXT) or 'xml' (unreadable, or a DTD)."""
    kind: str
    row: int | None = None
    column: int | None = None


class _Stop(Exception):
    def __init__(self, overflow: Overflow) -> None:
        self.overflow = overflow


def column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def scan_package(archive: zipfile.ZipFile, max_row: int, max_col: int) -> Overflow | None:
    """None if every XML part is small in elements and the first sheet's data lies within
    rows 1..max_row and columns 1..max_col (empty formatted cells beyond are allowed)."""
    budget = _Budget()
    try:
        try:
            sheet = first_sheet(archive)
        except (KeyError, ElementTree.ParseError, UnicodeDecodeError):
            sheet = None  # openpyxl will say what is wrong; the element budget still holds
        for info in archive.infolist():
            if not info.is_dir():
                _scan_part(archive, info, _SheetShape(budget, max_row, max_col) if info.filename == sheet else budget)
    except _Stop as stop:
        return stop.overflow
    return None


def first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The part openpyxl reads as `worksheets[0]`: the first worksheet in workbook order."""
    workbook = _targets(archive, "_rels/.rels", "").get("officeDocument")
    if workbook is None:
        return None
    base = posixpath.dirname(workbook[0])
    rels = _relationships(archive, f"{base}/_rels/{posixpath.basename(workbook[0])}.rels", base)
    for element in _parse_small(archive, workbook[0]).iter():
        if element.tag.rsplit("}", 1)[-1] == "sheet":
            target = rels.get(element.get(_DOC_REL, ""))
            if target and target[1] == "worksheet":
                return target[0]
    return None


def _targets(archive: zipfile.ZipFile, rels_path: str, base: str) -> dict[str, tuple[str, str]]:
    """Relationship type (last segment) -> (part, type), first of each type."""
    out: dict[str, tuple[str, str]] = {}
    for target in _relationships(archive, rels_path, base).values():
        out.setdefault(target[1], target)
    return out


def _relationships(archive: zipfile.ZipFile, rels_path: str, base: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for rel in _parse_small(archive, rels_path).iter(f"{_REL_NS}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out[rel.get("Id", "")] = (part, rel.get("Type", "").rsplit("/", 1)[-1])
    return out


def _parse_small(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    # Bounded first by the element budget: these parts are read after a budget-only scan.
    budget = _Budget()
    _scan_part(archive, archive.getinfo(name), budget)
    return ElementTree.fromstring(archive.read(name))


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_ELEMENTS
        self.text = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.left -= 1
        self.text = 0
        if self.left < 0:
            raise _Stop(Overflow("cells"))

    def characters(self, data: str) -> None:
        self.text += len(data)
        if self.text > MAX_TEXT:
            raise _Stop(Overflow("text"))

    def end(self, name: str) -> None:
        pass


class _SheetShape:
    """The first sheet: rows and cells counted as openpyxl numbers them, by `r` or by position."""

    def __init__(self, budget: _Budget, max_row: int, max_col: int) -> None:
        self.budget, self.max_row, self.max_col = budget, max_row, max_col
        self.row = 0
        self.column = 0
        self.cells = 0
        self.in_cell = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.budget.start(name, attrs)
        local = name.rsplit(":", 1)[-1]
        if local == "row":
            ref = attrs.get("r", "")
            self.row = int(ref) if ref.isdigit() else self.row + 1
            self.column = self.cells = 0
        elif local == "c":
            match = _CELL_REF.match(attrs.get("r", ""))
            self.column = _column_index(match.group(1)) if match else self.column + 1
            self.cells += 1
            self.in_cell = True
            if self.cells > MAX_ROW_CELLS:
                raise _Stop(Overflow("cells", self.row, self.column))
        elif self.in_cell and local in ("v", "is", "f"):  # the cell holds something
            if self.column > self.max_col:
                raise _Stop(Overflow("columns", self.row, self.column))
            if self.row > self.max_row:
                raise _Stop(Overflow("rows", self.row, self.column))

    def characters(self, data: str) -> None:
        self.budget.characters(data)

    def end(self, name: str) -> None:
        if name.rsplit(":", 1)[-1] == "c":
            self.in_cell = False


def _column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, handler: Any) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.characters

    def refuse_dtd(*_: Any) -> None:  # entity expansion has no place in an XLSX part
        raise _Stop(Overflow("xml"))
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    with archive.open(info) as stream:
        chunk = stream.read(_CHUNK)
        if not _looks_xml(chunk):
            return  # images and other binary parts: openpyxl does not parse them
        try:
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(_CHUNK)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _Stop(Overflow("xml")) from exc


def _looks_xml(chunk: bytes) -> bool:
    head = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") or chunk.startswith((b"\xff\xfe", b"\xfe\xff"))
