"""Strict YAML: libyaml events built into plain values, every scalar kept as text.

Anchors, aliases, explicit tags, duplicate keys and several documents are refused; line
numbers are kept per key path. Building values from the C parser's events (instead of
PyYAML's constructors) is what keeps `no`, `001203004567` and `2025-01-01` as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from sys import intern
from typing import Any
from unicodedata import normalize

import yaml
from yaml import events as ev

try:  # libyaml; the pure-Python parser has the same interface
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - only without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)

from site_builder.model.problem import Problem, error
from site_builder.vietnamese.text import nfc

MAX_DEPTH = 16
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
Path = tuple[str | int, ...]

SYNTAX_HINT = (
    "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab, các trường cùng cấp thẳng hàng), "
    "dấu hai chấm và dấu cách sau tên trường, và đặt nội dung có dấu ':' hoặc '#' trong "
    "ngoặc kép. Có thể dán tệp vào một trình kiểm tra YAML để xem dòng lỗi."
)


@dataclass
class YamlDocument:
    value: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def load_yaml(text: str, path: str) -> YamlDocument:
    doc = YamlDocument()
    parser = _Parser(text)
    try:
        doc.value = _Builder(parser, path, doc).stream()
    except _Refused as refused:
        doc.value = None
        doc.problems.append(refused.problem)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc)
        doc.value = None
        doc.problems.append(error(
            "yaml-syntax", f"Tệp YAML sai cú pháp{_at(line)} (chi tiết: {detail}).",
            SYNTAX_HINT, path=path, line=line))
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return doc


def _at(line: int | None) -> str:
    return f" ở dòng {line}" if line else ""


class _Builder:
    def __init__(self, parser: Any, path: str, doc: YamlDocument) -> None:
        self.parser, self.path, self.doc = parser, path, doc
        self.next = parser.get_event  # bound once: called for every event of every file

    def refuse(self, code: str, message: str, hint: str, event: Any) -> _Refused:
        line = event.start_mark.line + 1
        return _Refused(error(code, message, hint, path=self.path, line=line))

    def stream(self) -> Any:
        self.next()  # StreamStart
        event = self.next()
        if isinstance(event, ev.StreamEndEvent):
            return None
        value = self.node(self.next(), (), 0)
        self.next()  # DocumentEnd
        event = self.next()
        if not isinstance(event, ev.StreamEndEvent):
            raise self.refuse(
                "yaml-syntax", f"Tệp chứa nhiều hơn một tài liệu YAML (dấu '---' ở dòng {event.start_mark.line + 1}).",
                "Mỗi tệp chỉ chứa một hồ sơ: xóa dấu '---' và phần phía sau, hoặc tách ra tệp khác.", event)
        return value

    def node(self, event: Any, path: Path, depth: int) -> Any:
        # Scalars, most events: a plain or quoted one with no anchor, no tag, not too deep is a
        # value; any other scalar is refused by the checks below.
        if type(event) is ev.ScalarEvent and event.anchor is None and event.tag in (None, "!") and depth <= MAX_DEPTH:
            if event.implicit[0] and event.value in _NULLS:  # plain, unquoted
                return None
            return nfc(event.value)
        if isinstance(event, ev.AliasEvent):
            raise self.refuse(
                "yaml-alias", f"Tệp dùng bí danh YAML '*{event.anchor}', không được chấp nhận.",
                "Viết đầy đủ nội dung tại chỗ thay cho '&tên' và '*tên'.", event)
        if getattr(event, "anchor", None) is not None:
            raise self.refuse(
                "yaml-alias", f"Tệp dùng neo YAML '&{event.anchor}', không được chấp nhận.",
                "Xóa '&tên' và viết đầy đủ nội dung tại mỗi chỗ dùng.", event)
        if getattr(event, "tag", None) is not None and not _implicit_str(event):
            raise self.refuse(
                "yaml-syntax", f"Tệp dùng thẻ kiểu YAML '{event.tag}', không được chấp nhận.",
                "Xóa phần bắt đầu bằng '!' trước giá trị; giá trị được đọc theo lược đồ.", event)
        if depth > MAX_DEPTH:
            raise self.refuse(
                "yaml-syntax", f"Cấu trúc lồng quá sâu (hơn {MAX_DEPTH} cấp).",
                "Hồ sơ chỉ có vài cấp: kiểm tra lại thụt lề.", event)
        if isinstance(event, ev.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(event := self.next(), ev.SequenceEndEvent):
                item_path = (*path, len(items))
                self.doc.lines[item_path] = event.start_mark.line + 1
                items.append(self.node(event, item_path, depth + 1))
            return items
        if isinstance(event, ev.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not isinstance(key_event := self.next(), ev.MappingEndEvent):
                if not isinstance(key_event, ev.ScalarEvent) or key_event.anchor or key_event.tag:
                    raise self.refuse(
                        "yaml-syntax", "Tên trường phải là một chữ đơn giản.",
                        "Viết mỗi trường dạng 'ten_truong: giá trị'.", key_event)
                # Interned: the same few field names in thousands of files become one object,
                # which pickling (the cache, the second process) then stores once.
                key = intern(nfc(key_event.value))
                line = key_event.start_mark.line + 1
                if key in mapping:
                    first = self.doc.lines.get((*path, key))
                    raise _Refused(error(
                        "yaml-duplicate-key",
                        f"Trường '{key}' xuất hiện hai lần (dòng {first} và dòng {line}).",
                        "Giữ một dòng duy nhất cho mỗi trường; gộp nội dung nếu cần.",
                        path=self.path, line=line, field=_dotted((*path, key))))
                key_path = (*path, key)
                self.doc.lines[key_path] = line
                event = self.next()
                if type(event) is ev.ScalarEvent and event.anchor is None and event.tag is None and depth < MAX_DEPTH:
                    # The common case, inlined: a plain or quoted scalar value.
                    mapping[key] = (
                        None if event.implicit[0] and event.value in _NULLS else normalize("NFC", event.value)
                    )
                else:
                    mapping[key] = self.node(event, key_path, depth + 1)
            return mapping
        raise self.refuse("yaml-syntax", "Cấu trúc YAML không được hỗ trợ.", SYNTAX_HINT, event)


def _implicit_str(event: Any) -> bool:
    # libyaml reports the non-specific tag '!' for some quoted scalars; that is not a real tag.
    return event.tag == "!"


def dotted_path(path: Path) -> str:
    """('fields', 'individual', 2, 'type') -> 'fields.individual[2].type'."""
    return _dotted(path)


def _dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
