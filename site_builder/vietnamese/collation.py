"""Vietnamese dictionary order for names of people and units.

Alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with
f j w z in their Latin places for foreign words.  Keys compare in three
levels, like a dictionary:

1. primary: base letters, case-insensitive (ă â đ ê ô ơ ư are letters of
   their own, so "Anh" < "Ánh" < "Ăn" and "Dung" < "Đào");
2. secondary: tones, one per syllable, left to right:
   ngang < huyền < hỏi < ngã < sắc < nặng;
3. tertiary: lowercase before uppercase; the NFC text itself breaks any
   remaining tie, so distinct strings never get equal keys.

Both tone placements ("Hoà" and "Hòa") give the same primary and secondary
key, because the tone belongs to the syllable, not to a letter; they differ
only in the last tie-break.  Runs of digits compare as numbers
("Tổ 2" < "Tổ 10"); whitespace sorts before punctuation, punctuation before
digits, digits before letters.  Input may be NFC or NFD; the key is the same.
"""
from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

# Ranges of primary weights; each class sorts before the next.
_SPACE = 0
_PUNCT = 1                # + code point
_DIGITS = 0x120000        # followed by the numeric value of the digit run
_LETTER = 0x130000        # + index in _ALPHABET
_OTHER = 0x140000         # + code point, for letters of other alphabets

_RANK = {letter: _LETTER + i for i, letter in enumerate(_ALPHABET)}
_RANK["ð"] = _RANK["đ"]   # eth (Ð/ð) is often typed or converted in place of Đ/đ

# Combining marks that make a new letter of the preceding base letter.
_MODIFIED = {
    ("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư",
}
# Tone marks: huyền, hỏi, ngã, sắc, nặng (ngang, no mark, is 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

VnKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


def vi_key(text: str) -> VnKey:
    """Sort key for Vietnamese text; one pass over the string."""
    nfc = " ".join(unicodedata.normalize("NFC", text).split())
    primary: list[int] = []
    tones: list[int] = []       # one entry per syllable (run of letters)
    cases: list[int] = []       # one entry per letter
    base = ""                   # lowercase base of the letter just read, "" outside a syllable
    number: int | None = None   # value of the digit run being read
    for ch in unicodedata.normalize("NFD", nfc):
        if unicodedata.combining(ch):
            if not base:
                continue        # stray mark: only the final tie-break sees it
            modified = _MODIFIED.get((base, ch))
            if modified:
                base = modified
                primary[-1] = _RANK[modified]
            elif ch in _TONES and tones[-1] == 0:
                tones[-1] = _TONES[ch]
            continue
        digit = unicodedata.digit(ch, None)
        if digit is not None:
            number = digit if number is None else number * 10 + digit
            base = ""
            continue
        if number is not None:
            primary += (_DIGITS, number)
            number = None
        if ch.isalpha():
            lower = ch.lower()
            if len(lower) != 1:
                lower = ch
            if not base:
                tones.append(0)
            base = lower
            primary.append(_RANK.get(lower, _OTHER + ord(lower)))
            cases.append(1 if ch != lower else 0)
        else:
            base = ""
            primary.append(_SPACE if ch == " " else _PUNCT + ord(ch))
    if number is not None:
        primary += (_DIGITS, number)
    return tuple(primary), tuple(tones), tuple(cases), nfc


def person_key(full_name: str) -> tuple[VnKey, VnKey, VnKey, VnKey]:
    """Sort key for a person's full name: given name, then middle name(s), then family name.

    "Phạm Đức An" < "Nguyễn Thị An" < "Lê Ánh".  The first word is taken as
    the family name and the last as the given name; two-word family names
    ("Tôn Nữ", "Âu Dương") are not detected and count as middle names.
    """
    words = full_name.split()
    given = words[-1] if words else ""
    middle = " ".join(words[1:-1])
    family = words[0] if len(words) > 1 else ""
    return vi_key(given), vi_key(middle), vi_key(family), vi_key(full_name)
