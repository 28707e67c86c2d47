"""Small text helpers shared by loading, rules and pages."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """ASCII-fold Vietnamese: 'Nguyễn Văn Đức' -> 'Nguyen Van Duc'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", fold(text).lower()).strip("-")


def squash(text: str) -> str:
    """Collapse whitespace; used to compare names and headers."""
    return _SPACES.sub(" ", text).strip()


def header_key(text: str) -> str:
    """Key to match a CSV/XLSX header against field names and Vietnamese titles."""
    return squash(nfc(text)).casefold()
