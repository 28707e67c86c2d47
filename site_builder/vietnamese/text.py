"""Small text helpers shared by loading, rules and pages."""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_SPACES = re.compile(r"\s+")
# Invisible characters no Vietnamese text needs: C0/C1 controls but tab and line breaks,
# format characters (bidirectional overrides and isolates, zero-width ones, BOM, soft hyphen),
# line/paragraph separators and Unicode tags. They hide or reorder what a reader sees.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Unicode categories Cc, Cf, Zl, Zp (Unicode 14, Python 3.11) and lone surrogates (bytes of a
# file name that are not UTF-8): every character that
# moves, hides or reorders text, line breaks and tabs included. Never printed raw.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
                     "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd"
                     "\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
                     "\U000e0020-\U000e007f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def hidden_character(text: str) -> str | None:
    """The first invisible control or format character in ``text``, as 'U+202E', or None."""
    found = HIDDEN.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def visible(text: str) -> str:
    """`text` with every control, format or line-separator character written as an escape
    ('\\n', '\\x1b', '\\u202e'): one line, and what a reader sees is what is there."""
    return CONTROL.sub(_escape_control, text) if CONTROL.search(text) else text


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else
                                f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x1F00):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code) and base.isascii() and base:
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """ASCII-fold Vietnamese: 'Nguyễn Văn Đức' -> 'Nguyen Van Duc' (one C-level translate)."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)  # rare: marks the table does not cover
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """Who a name is: NFC, case-folded, spaces collapsed. 'Hùng' and 'Hưng' stay two names
    (ư, ơ, ă, â, ê, ô, đ are letters), unlike `fold`, which is for search."""
    return squash(nfc(text)).casefold()


# The five tone marks; the shape marks (breve, circumflex, horn) and đ are kept.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _detone_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(code))
        kept = nfc("".join(c for c in decomposed if c not in _TONE_MARKS))
        if kept != chr(code) and len(kept) == 1:
            table[code] = kept
    return table


DETONE = _detone_table()


def toneless_key(text: str) -> str:
    """`name_key` without tone marks: 'Lê Thị Hoà' and 'Lê Thị Hòa' meet, 'Hùng' and 'Hưng' do not."""
    return name_key(text).translate(DETONE)  # one C-level pass: NFC letters to their toneless form


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", fold(text).lower()).strip("-")


def squash(text: str) -> str:
    """Collapse whitespace; used to compare names and headers."""
    return _SPACES.sub(" ", text).strip()


def header_key(text: str) -> str:
    """Key to match a CSV/XLSX header against field names and Vietnamese titles."""
    return squash(nfc(text)).casefold()


def nfc_path(root: Path, rel: str) -> str | None:
    """`rel` as it is spelled on disk when a folder or file name differs only in Unicode
    normalisation (a PDF named in decomposed Unicode on macOS or by UniKey's "Unicode tổ hợp"),
    else None. Symbolic links to folders are not followed."""
    parts = rel.split("/")
    found: list[str] = []
    for i, part in enumerate(parts):
        listing = _nfc_listing(str(root.joinpath(*found)), last=i == len(parts) - 1)
        name = listing.get(nfc(part)) if listing is not None else None
        if name is None:
            return None
        found.append(name)
    return "/".join(found)


def _nfc_listing(folder: str, last: bool) -> dict[str, str] | None:
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    return _listing(folder, info.st_mtime_ns, info.st_ino, last)


@lru_cache(maxsize=1024)
def _listing(folder: str, _mtime: int, _inode: int, last: bool) -> dict[str, str] | None:
    """A folder's names by their NFC form; keyed by modification time, so a change is seen."""
    try:
        with os.scandir(folder) as entries:
            return {nfc(e.name): e.name for e in entries if last or e.is_dir(follow_symlinks=False)}
    except OSError:
        return None
