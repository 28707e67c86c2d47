"""Decode submitted text files and recognise legacy Vietnamese encodings.

Submissions must be UTF-8.  When they are not, the error report should say *which*
legacy encoding the file most likely uses, so the sender knows what to convert from:

* ``windows-1258`` -- Windows "Vietnamese" ANSI code page (Excel "CSV (Comma delimited)"
  on a Vietnamese-locale Windows).  Tones are separate combining bytes after the vowel.
* ``tcvn3`` -- TCVN 5712:1993 VN3, a.k.a. "ABC", used with the ``.VnTime`` fonts.
  Single byte per letter; there are no upper-case toned letters (``.VnTimeH`` fonts
  draw the lower-case codes as capitals).
* ``vni`` -- VNI Windows, used with the ``VNI-Times`` fonts.  A vowel is written as the
  base letter followed by a modifier byte ("Nguyễn" = ``b"Nguye\\xe3n"``).

A second, subtler case is text that *is* valid UTF-8 but was typed with a legacy font
(Excel/Word show it correctly only with ``.VnTime``/``VNI-Times``, so the saved characters
are Latin-1 look-alikes such as ``NguyÔn V¨n §øc``).  :func:`legacy_font_text` spots it.

Detection decodes each candidate and counts how many words become well-formed Vietnamese
syllables: Vietnamese letters only, lower/UPPER/Title case, at most one tone mark placed on
the right vowel, a valid initial + vowel nucleus + final with the spelling rules (gh/ngh/k
before i/e/ê, -ch/-nh after a/ê/i/y, no final after ai/ao/ưa..., a final after ă/â/iê...),
and only the sắc/nặng tones before a final c/ch/p/t.  A wrong table produces
impossible syllables (``Vaên``, ``Nguyờịn``, ``§øc``), so the right table wins clearly.
Only lines containing non-ASCII bytes are examined and at most ``_MAX_TOKENS`` words are
scored, so the work is linear in the file size (a 1 MiB file takes milliseconds).

Table sources, cross-checked against each other:

* TCVN3: the VN3 (ABC) subset of TCVN 5712:1993.  Checked letter by letter against the
  TCVN table of xvnkb (``tcvn.h``, Dao Hai Lam) and an independent TCVN3->Unicode
  converter table; the VN1 capitals that xvnkb adds sit exactly in the slots VN3 leaves
  empty (0xAF, 0xB0-0xB4, 0xBA, 0xBF, 0xC0-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF),
  which are not decoded as letters here.  Only facts (code positions) are used.
* VNI: xvnkb ``vni.h`` (base letter + modifier byte per tone/shape).
* Windows-1258: Python's ``cp1258`` codec.

Standard library only.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = [
    "Decoded",
    "describe",
    "ENCODINGS",
    "ENCODING_LABELS",
    "conversion_hint",
    "decode_legacy",
    "decode_text",
    "encode_legacy",
    "legacy_font_text",
]

#: Damage :func:`decode_text` can name on a file whose bytes decode: letters replaced by
#: "?" when saved in Windows-1252; UTF-8 read as Windows-1252 and saved again; UTF-16
#: where it is not taken (YAML) or without its byte-order mark.
DAMAGE: Final = ("replaced", "double-encoded", "utf-16", "utf-16-no-bom")

#: Encodings :func:`decode_text` can name, plus "unknown".
ENCODINGS: Final = ("windows-1258", "tcvn3", "vni")

ENCODING_LABELS: Final[dict[str, str]] = {
    "windows-1258": "Windows-1258 (CP1258)",
    "tcvn3": "TCVN3 (ABC, phông .VnTime)",
    "vni": "VNI (phông VNI-Times)",
    "unknown": "không xác định",
}


@dataclass(frozen=True)
class Decoded:
    """Result of :func:`decode_text`.

    ``text`` is the NFC-normalised text without BOM when the file is UTF-8, else None.
    ``encoding`` is None for UTF-8, else one of ``ENCODINGS`` or ``"unknown"``.
    ``line`` is the 1-based line of the first byte that is not valid UTF-8, else None.
    """

    text: str | None
    encoding: str | None
    line: int | None
    #: Why a file that decodes is still unusable: one of ``DAMAGE`` (then ``text`` is None).
    damage: str | None = None
    #: Double encoding: the first damaged line as saved, and as it was before (when exact).
    seen: str | None = None
    meant: str | None = None

    @property
    def ok(self) -> bool:
        return self.text is not None


# --------------------------------------------------------------------------- tables

_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
#: Tone order used by the tables below (TCVN3 stores each row in this order).
_TONES: Final = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# TCVN3 (VN3/ABC): base letter -> (code of the untoned letter or None if ASCII,
#                                   grave, hook, tilde, acute, dot)
_TCVN3_ROWS: Final[dict[str, tuple[int | None, int, int, int, int, int]]] = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_OTHER: Final[dict[int, str]] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xAE: "đ",
}


def _build_tcvn3() -> dict[int, str]:
    table = dict(_TCVN3_OTHER)
    for base, (plain, *toned) in _TCVN3_ROWS.items():
        if plain is not None:
            table[plain] = base
        for code, tone in zip(toned, _TONES, strict=False):
            table[code] = _toned(base, tone)
    return table


_TCVN3_DECODE: Final[dict[int, str]] = _build_tcvn3()

# VNI Windows: modifier bytes (lower-case forms; upper-case forms are 0x20 lower).
_VNI_TONE: Final[dict[str, int]] = {_ACUTE: 0xF9, _GRAVE: 0xF8, _HOOK: 0xFB, _TILDE: 0xF5, _DOT: 0xEF}
_VNI_CIRC: Final[dict[str, int]] = {"": 0xE2, _ACUTE: 0xE1, _GRAVE: 0xE0, _HOOK: 0xE5, _TILDE: 0xE3, _DOT: 0xE4}
_VNI_BREVE: Final[dict[str, int]] = {"": 0xEA, _ACUTE: 0xE9, _GRAVE: 0xE8, _HOOK: 0xFA, _TILDE: 0xFC, _DOT: 0xEB}
# Letters that are a single byte in VNI (lower-case code; upper-case is 0x20 lower).
_VNI_SINGLE: Final[dict[str, int]] = {
    "đ": 0xF1, "ơ": 0xF4, "ư": 0xF6,
    "í": 0xED, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2, "ỵ": 0xEE,
}


def _build_vni() -> dict[str, bytes]:
    """Unicode letter (NFC) -> VNI bytes, both cases."""
    enc: dict[str, bytes] = {}

    def add(lower: str, lower_bytes: bytes) -> None:
        enc[lower] = lower_bytes
        upper_bytes = bytes(b - 0x20 if b >= 0xC0 else ord(chr(b).upper()) for b in lower_bytes)
        enc[lower.upper()] = upper_bytes

    for letter, code in _VNI_SINGLE.items():
        add(letter, bytes([code]))
    for base in "aeouy":
        for tone, code in _VNI_TONE.items():
            if base == "y" and tone == _DOT:
                continue  # ỵ is a single byte
            add(_toned(base, tone), bytes([ord(base), code]))
    for base, lead in (("ơ", 0xF4), ("ư", 0xF6)):
        for tone, code in _VNI_TONE.items():
            add(_toned(base, tone), bytes([lead, code]))
    for base, shaped, mods in (("a", "â", _VNI_CIRC), ("e", "ê", _VNI_CIRC),
                               ("o", "ô", _VNI_CIRC), ("a", "ă", _VNI_BREVE)):
        for tone, code in mods.items():
            add(_toned(shaped, tone) if tone else shaped, bytes([ord(base), code]))
    return enc


_VNI_ENCODE: Final[dict[str, bytes]] = _build_vni()
# Latin-1 view of the VNI bytes -> Unicode.
_VNI_DECODE: Final[dict[str, str]] = {b.decode("latin-1"): u for u, b in _VNI_ENCODE.items()}
_VNI_MODIFIERS: Final = frozenset(
    chr(c) for m in (_VNI_TONE, _VNI_CIRC, _VNI_BREVE) for v in m.values() for c in (v, v - 0x20)
)
_VNI_BASES: Final = "aAeEoOuUyY\xf4\xd4\xf6\xd6"
_VNI_SINGLES: Final = frozenset(k for k in _VNI_DECODE if len(k) == 1)
_VNI_RE: Final = re.compile(
    "[%s][%s]|[%s]" % (
        re.escape(_VNI_BASES),
        re.escape("".join(sorted(_VNI_MODIFIERS))),
        re.escape("".join(sorted(_VNI_MODIFIERS | _VNI_SINGLES))),
    )
)

_CP1258_TONES: Final[frozenset[str]] = frozenset(_TONES)
_REPLACEMENT: Final = "\ufffd"


def _cp1252_char(byte: int) -> str:
    return bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)


def _tcvn3_view(strict: bool) -> str:
    """256-char translation table from the Latin-1 view of TCVN3 bytes to Unicode.

    ``strict`` maps high bytes that are not TCVN3 letters to U+FFFD (for scoring); otherwise
    they show as the Windows-1252 character the .VnTime font would draw for them.
    """
    chars = []
    for byte in range(256):
        if byte in _TCVN3_DECODE:
            chars.append(_TCVN3_DECODE[byte])
        elif byte < 0x80 or (0x80 <= byte <= 0xA0) or not strict:
            chars.append(_cp1252_char(byte))
        else:
            chars.append(_REPLACEMENT)
    return "".join(chars)


_TCVN3_STRICT: Final = _tcvn3_view(strict=True)
_C1_TO_CP1252: Final[dict[int, str]] = {b: _cp1252_char(b) for b in range(0x80, 0xA0)}
_TCVN3_DISPLAY: Final = _tcvn3_view(strict=False)


def _tcvn3_from_latin1(s: str, strict: bool) -> str:
    return s.translate(_TCVN3_STRICT if strict else _TCVN3_DISPLAY)


def _vni_from_latin1(s: str, strict: bool) -> str:
    def repl(m: re.Match[str]) -> str:
        chunk = m.group()
        hit = _VNI_DECODE.get(chunk)
        if hit is not None:
            return hit
        if len(chunk) == 2:
            # Base + modifier with the other case ("Aù"), or an impossible pair ("uâ").
            hit = _VNI_DECODE.get(chunk[0] + chunk[1].swapcase())
            if hit is not None:
                hit = hit.upper() if chunk[0].isupper() else hit.lower()
                return hit
            return repl_one(chunk[0]) + repl_one(chunk[1])
        return repl_one(chunk)

    def repl_one(ch: str) -> str:
        hit = _VNI_DECODE.get(ch)
        if hit is not None:
            return hit
        if ch in _VNI_MODIFIERS:  # a modifier with nothing to modify
            return _REPLACEMENT if strict else ch
        return ch

    return _VNI_RE.sub(repl, s)


def _cp1258_from_latin1(s: str) -> str:
    return unicodedata.normalize("NFC", s.encode("latin-1").decode("cp1258", errors="replace"))


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode ``data`` from a legacy encoding to NFC Unicode (best effort, never raises).

    Bytes that are not letters of the encoding come out as the Windows-1252 character the
    legacy font would show (TCVN3/VNI) or U+FFFD (Windows-1258 undefined bytes).
    """
    if encoding == "windows-1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    view = data.decode("latin-1")
    if encoding == "tcvn3":
        return unicodedata.normalize("NFC", _tcvn3_from_latin1(view, strict=False))
    if encoding == "vni":
        # Bytes 0x80-0x9F are Windows-1252 punctuation in VNI fonts.
        view = view.translate(_C1_TO_CP1252)
        return unicodedata.normalize("NFC", _vni_from_latin1(view, strict=False))
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


# Reverse tables -----------------------------------------------------------------

def _build_tcvn3_encode() -> dict[str, int]:
    enc = {u: b for b, u in _TCVN3_DECODE.items()}
    # VN3 has no upper-case toned letters: write them with the lower-case code, as
    # converters do for the all-capitals .VnTimeH fonts.
    for base, (_plain, *toned) in _TCVN3_ROWS.items():
        for code, tone in zip(toned, _TONES, strict=False):
            enc.setdefault(_toned(base, tone).upper(), code)
    return enc


_TCVN3_ENCODE: Final[dict[str, int]] = _build_tcvn3_encode()
_TCVN3_USED: Final = frozenset(_TCVN3_DECODE)
_VNI_USED: Final = frozenset(b for v in _VNI_ENCODE.values() for b in v if b >= 0x80)


def _encode_error(encoding: str, text: str, i: int) -> UnicodeEncodeError:
    return UnicodeEncodeError(encoding, text, i, i + 1, "character has no code in this encoding")


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode Unicode ``text`` into ``"windows-1258"``, ``"tcvn3"`` or ``"vni"``.

    The inverse of :func:`decode_legacy`, for producing test fixtures and samples.
    Characters other than Vietnamese letters fall back to Windows-1252 when that byte is
    free in the target encoding.  TCVN3 has no upper-case toned letters; they are written
    with the lower-case code (as for the .VnTimeH capitals fonts), so that is lossy.
    Raises UnicodeEncodeError for characters the encoding cannot represent.
    """
    text = unicodedata.normalize("NFC", text)
    out = bytearray()
    if encoding == "windows-1258":
        for i, ch in enumerate(text):
            try:
                out += ch.encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
            decomposed = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in decomposed if c in _CP1258_TONES)
            rest = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _CP1258_TONES))
            try:
                out += (rest + tones).encode("cp1258")
            except UnicodeEncodeError:
                raise _encode_error(encoding, text, i) from None
        return bytes(out)
    if encoding == "tcvn3":
        table, used = {k: bytes([v]) for k, v in _TCVN3_ENCODE.items()}, _TCVN3_USED
    elif encoding == "vni":
        table, used = _VNI_ENCODE, _VNI_USED
    else:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    for i, ch in enumerate(text):
        code = table.get(ch)
        if code is None:
            try:
                code = ch.encode("cp1252")
            except UnicodeEncodeError:
                raise _encode_error(encoding, text, i) from None
            if code[0] in used:
                raise _encode_error(encoding, text, i)
        out += code
    return bytes(out)


# ----------------------------------------------------------------- syllable check

_VOWEL_BASES: Final = "aăâeêioôơuưy"
_CONSONANTS: Final = "bcdđghklmnpqrstvx"


def _build_letters() -> dict[str, tuple[str, int]]:
    """Lower-case Vietnamese letter -> (letter without tone, tone number 0-5)."""
    letters: dict[str, tuple[str, int]] = {c: (c, 0) for c in _CONSONANTS}
    for base in _VOWEL_BASES:
        letters[base] = (base, 0)
        for n, tone in enumerate(_TONES, start=1):
            letters[_toned(base, tone)] = (base, n)
    return letters


_LETTERS: Final = _build_letters()
_ACUTE_N, _DOT_N = _TONES.index(_ACUTE) + 1, _TONES.index(_DOT) + 1

# Vowel nuclei: nucleus -> (coda rule, positions the tone mark may take without a final
# consonant, positions with one).  Coda rule: "open" takes no final consonant ("mai",
# "mưa"), "closed" needs one ("ăn", "tiếng"), "free" either.  Tone positions follow
# the spelling rules, accepting both old and new style for oa/oe/uy ("hòa"/"hoà").
_OPEN, _CLOSED, _FREE = "open", "closed", "free"
_NucleusInfo = tuple[str, frozenset[int], frozenset[int]]


def _build_nuclei() -> dict[str, _NucleusInfo]:
    groups: tuple[tuple[str, str, tuple[tuple[int, ...], tuple[int, ...]]], ...] = (
        ("a e ê i o ô ơ u ư y", _FREE, ((0,), (0,))),
        ("ă â", _CLOSED, ((), (0,))),
        ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu", _OPEN, ((0,), ())),
        ("uơ", _OPEN, ((1,), ())),
        ("iêu yêu oai oao oay oeo uây uôi ươi ươu uyu", _OPEN, ((1,), ())),
        ("uya", _OPEN, ((1, 2), ())),
        ("iê yê uô ươ oă uâ", _CLOSED, ((), (1,))),
        ("uyê", _CLOSED, ((), (2,))),
        ("oa oe uy", _FREE, ((0, 1), (1,))),
        ("uê", _FREE, ((1,), (1,))),
    )
    return {
        nucleus: (rule, frozenset(open_pos), frozenset(closed_pos))
        for names, rule, (open_pos, closed_pos) in groups
        for nucleus in names.split()
    }


_NUCLEI: Final[dict[str, _NucleusInfo]] = _build_nuclei()
_INITIALS: Final = [
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
] + [""]
_CODAS: Final = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "k")
_CHECKED: Final = frozenset(("c", "ch", "p", "t", "k"))  # only sắc/nặng tones before these


def _parse_ok(plain: str, tone_at: int, tone: int) -> bool:
    """Does toneless ``plain`` split into initial + nucleus + final with valid spelling?"""
    for initial in _INITIALS:
        if not plain.startswith(initial):
            continue
        rest = plain[len(initial):]
        for coda in (*_CODAS, ""):
            if coda and not rest.endswith(coda):
                continue
            nucleus = rest[: len(rest) - len(coda)]
            info = _NUCLEI.get(nucleus)
            if info is None:
                continue
            rule, open_pos, closed_pos = info
            if (rule == _OPEN and coda) or (rule == _CLOSED and not coda):
                continue
            if tone:
                if tone_at - len(initial) not in (closed_pos if coda else open_pos):
                    continue
                if coda in _CHECKED and tone not in (_ACUTE_N, _DOT_N):
                    continue
            first = nucleus[0]
            if initial in ("gh", "ngh") and first not in "ieê":
                continue
            if initial == "k" and first not in "ieêy" or initial == "c" and first in "ieêy":
                continue
            if initial in ("g", "ng") and first in "eê" or initial == "ng" and first == "i":
                continue
            if initial == "qu" and first in "ouư":
                continue
            if coda in ("ch", "nh") and nucleus[-1] not in "aêiy":
                continue
            if coda in ("c", "ng") and nucleus in ("i", "ê", "y", "uy", "uê"):
                continue  # these take -ch/-nh instead
            return True
    return False


@lru_cache(maxsize=8192)
def _is_syllable(word: str) -> bool:
    """True if ``word`` (NFC) is a well-formed Vietnamese syllable.

    Letter case must be lower, UPPER or Title ("NguyÔn" is a misread, not a name).
    """
    if len(word) > 8 or not (
        word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
        or len(word) == 1
    ):
        return False
    bases = []
    tone = tone_at = 0
    for i, ch in enumerate(word.lower()):
        entry = _LETTERS.get(ch)
        if entry is None:
            return False
        base, t = entry
        if t:
            if tone:
                return False  # two tone marks
            tone, tone_at = t, i
        bases.append(base)
    return _parse_ok("".join(bases), tone_at, tone)


# Words in the Latin-1 view of legacy bytes: ASCII letters and 0xA1-0xFF (TCVN3 letters
# include symbols such as ¨ § µ ¸).  0x80-0xA0 are punctuation/space in every candidate.
_BYTE_WORD_RE: Final = re.compile("[A-Za-z\xa1-\xff]+")
# Words in Unicode text: letters, combining marks and the Latin-1 symbols of TCVN3.
_TEXT_WORD_RE: Final = re.compile("(?:[^\\W\\d_]|[\xa1-\xff\u0300-\u036f])+")
_MAX_TOKENS: Final = 3000


def _legacy_views(word: str) -> dict[str, str]:
    """Latin-1 view of a word -> its reading in each legacy encoding (for scoring)."""
    return {
        "windows-1258": _cp1258_from_latin1(word),
        "tcvn3": unicodedata.normalize("NFC", _tcvn3_from_latin1(word, strict=True)),
        "vni": unicodedata.normalize("NFC", _vni_from_latin1(word, strict=True)),
    }


@lru_cache(maxsize=8192)
def _score_word(word: str) -> tuple[bool, bool, bool]:
    views = _legacy_views(word)
    return tuple(_is_syllable(views[e]) for e in ENCODINGS)  # type: ignore[return-value]


def _score_bytes(data: bytes) -> dict[str, tuple[int, int]]:
    """(valid, invalid) word counts for each candidate encoding."""
    valid = dict.fromkeys(ENCODINGS, 0)
    invalid = dict.fromkeys(ENCODINGS, 0)
    seen = 0
    for line in data.splitlines():
        if line.isascii():
            continue
        for m in _BYTE_WORD_RE.finditer(line.decode("latin-1")):
            word = m.group()
            if word.isascii():
                continue
            for enc, ok in zip(ENCODINGS, _score_word(word), strict=False):
                if ok:
                    valid[enc] += 1
                else:
                    invalid[enc] += 1
            seen += 1
            if seen >= _MAX_TOKENS:
                return {e: (valid[e], invalid[e]) for e in ENCODINGS}
    return {e: (valid[e], invalid[e]) for e in ENCODINGS}


def _guess_encoding(data: bytes) -> str:
    scores = _score_bytes(data)
    best = max(ENCODINGS, key=lambda e: (scores[e][0] - scores[e][1], scores[e][0]))
    good, bad = scores[best]
    if good == 0 or good <= bad:
        return "unknown"
    return best


def _line_of(data: bytes, offset: int) -> int:
    newline = b"\n" if b"\n" in data else b"\r"
    return data.count(newline, 0, offset) + 1


def decode_text(data: bytes, utf16: bool = True) -> Decoded:
    """Decode a submitted file.  UTF-8 (with or without BOM) and, if ``utf16``, UTF-16 with a
    BOM (Excel's "Unicode Text", for tables) give NFC text; anything else gives ``text=None``,
    the likely legacy ``encoding`` and the ``line`` of the first bad byte, or the ``damage``.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        if not utf16:
            return Decoded(text=None, encoding=None, line=1, damage="utf-16")
        try:
            text = data.decode("utf-16")  # the BOM says which byte order
        except UnicodeDecodeError as exc:
            return Decoded(text=None, encoding="unknown", line=_line_of_text(data, exc.start))
        return _checked_text(text[1:] if text.startswith("\ufeff") else text)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_utf16(data):
            return Decoded(text=None, encoding=None, line=None, damage="utf-16-no-bom")
        line = _line_of(data, exc.start)
        # Control characters mean a binary file, where "?" between letters means nothing.
        replaced = (
            None if _CONTROL_RE.search(data, 0, 4096) else _replaced_line(data.decode("cp1252", errors="replace"))
        )
        if replaced is not None:
            return Decoded(text=None, encoding=None, line=replaced[0], damage="replaced", seen=replaced[1])
        return Decoded(text=None, encoding=_guess_encoding(data), line=line)
    if text.startswith("\ufeff"):
        text = text[1:]
    return _checked_text(text)


def _line_of_text(data: bytes, offset: int) -> int:
    return data[:offset].decode("utf-16", errors="replace").count("\n") + 1


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text shows as a zero byte beside every character."""
    head = data[:2000]
    if len(head) < 8:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # Zeros on one side only: a zip or other binary file has them on both.
    return max(even, odd) * 5 >= len(head) and min(even, odd) * 20 <= len(head)


# A letter, "?", a letter: what Windows-1252 writes for a letter it has no code for
# ("Nguy?n V?n ?ức"); a web address ("?id=") is not counted.
_REPLACED_RE: Final = re.compile(r"[^\W\d_]\?(?=[^\W\d_])")
_REPLACED_MIN: Final = 3
_CONTROL_RE: Final = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_WORDS_RE: Final = re.compile(r"(?:[^\W\d_]|\?)+(?:\s+(?:[^\W\d_]|\?)+)*")


def _replaced_line(text: str) -> tuple[int, str] | None:
    """The first line where letters were replaced by "?" and the words there, if the file has several."""
    if text.count("?") < _REPLACED_MIN:
        return None
    hits, first = 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        if "?" not in line or "://" in line:
            continue
        found = len(_REPLACED_RE.findall(line))
        if found and first is None:
            words = next(m.group() for m in _WORDS_RE.finditer(line) if _REPLACED_RE.search(m.group()))
            first = (number, words)
        hits += found
        if hits >= _REPLACED_MIN:
            return first
    return None


# UTF-8 lead bytes of Vietnamese letters (C3-C6, E1, E2 for "–" and quotes) read as
# Windows-1252, then a continuation byte (0x80-0xBF) read the same way; LibreOffice shows
# the five bytes Windows-1252 leaves undefined as U+F181..U+F19D, Windows as U+0081..U+009D.
_CONTINUATION: Final = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                                        for b in range(0x80, 0xC0)}))
_DOUBLE_RE: Final = re.compile("[\u00c2-\u00c6\u00e1\u00e2][%s\uf181\uf18d\uf18f\uf190\uf19d]"
                               % re.escape(_CONTINUATION))
# Substrings every double-encoded Vietnamese text has; `in` finds them far faster than the regex.
_DOUBLE_MARKS: Final = ("Ã", "Ä", "Æ", "áº", "á»")
_UNDEFINED_1252: Final = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_TO_1252_BYTE: Final[dict[int, int]] = {
    **{ord(bytes([b]).decode("cp1252")): b for b in range(0x80, 0x100) if b not in _UNDEFINED_1252},
    **{0xF100 + b: b for b in _UNDEFINED_1252}, **{b: b for b in range(0x80, 0xA0)},
}


_CELL_SPLIT: Final = re.compile('[,;\t"]')


def _undo_double(line: str) -> str | None:
    """The line as it was before UTF-8 was read as Windows-1252, or None if that is not exact."""
    out = bytearray()
    for ch in line:
        code = ord(ch)
        if code < 0x80:
            out.append(code)
        elif (byte := _TO_1252_BYTE.get(code)) is not None:
            out.append(byte)
        else:
            return None
    try:
        return unicodedata.normalize("NFC", out.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _checked_text(text: str) -> Decoded:
    """Text that decodes may still have been damaged by an earlier save."""
    if any(mark in text for mark in _DOUBLE_MARKS) and _DOUBLE_RE.search(text):
        lines = text.splitlines()
        marked = [(n, line) for n, line in enumerate(lines, start=1) if _DOUBLE_RE.search(line)]
        if len(marked) >= 2 or len(_DOUBLE_RE.findall(marked[0][1])) >= 3:
            number, line = marked[0]
            cells = [c.strip() for c in _CELL_SPLIT.split(line) if _DOUBLE_RE.search(c)]
            repaired = [(c, meant) for c in cells if (meant := _undo_double(c)) is not None]
            cell, meant = repaired[0] if repaired else (cells[0], None)
            return Decoded(text=None, encoding=None, line=number, damage="double-encoded",
                           seen=cell, meant=meant)
    if "?" in text:
        replaced = _replaced_line(text)
        if replaced is not None:
            return Decoded(text=None, encoding=None, line=replaced[0], damage="replaced", seen=replaced[1])
    return Decoded(text=unicodedata.normalize("NFC", text), encoding=None, line=None)


# ------------------------------------------------------------ legacy-font text

# Fast pre-check, O(n) in C: Latin-1 characters that never occur in Vietnamese (TCVN3 and
# VNI look-alike text nearly always contains some: ă â ê ô ơ ư đ and most tones land
# there), or an ASCII capital directly followed by a capital toned Latin-1 vowel (VNI
# capitals such as "TRAÀN"). Text with neither is not scored word by word; the price is
# missing a tiny fragment like "Nguyeãn Vaên" with no other legacy word around it.
_VIETNAMESE_LATIN1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_CAPITAL_TONED = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_FOREIGN_LATIN1 = "".join(re.escape(chr(c)) for c in range(0xA0, 0x100) if chr(c) not in _VIETNAMESE_LATIN1)
_LEGACY_MARKERS = re.compile(f"[{_FOREIGN_LATIN1}]|[A-Z][{_CAPITAL_TONED}]")
# One character class: found by a fast scan, while the alternation above is tried at
# every position. Text without any of these characters has no marker.
_MARKER_CHARACTERS = re.compile(f"[{_FOREIGN_LATIN1}{_CAPITAL_TONED}]")


def legacy_font_text(text: str) -> str | None:
    """Return ``"tcvn3"`` or ``"vni"`` if valid Unicode ``text`` was typed with a legacy font.

    Typed with ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) and saved as Unicode, Vietnamese
    comes out as Latin-1 look-alikes: ``NguyÔn V¨n §øc`` or ``Nguyeãn Vaên Ñöùc``.  A word
    counts as evidence when it is *not* a Vietnamese syllable as written but becomes one
    when its Latin-1 characters are read as TCVN3/VNI bytes.  The text is flagged when the
    best reading repairs at least half of the malformed words (and at least two of them
    when some other word is correct Unicode only), so correct Unicode
    Vietnamese, English and foreign names ("Café Renée") are not flagged, while a legacy
    name inside an otherwise correct file is.  Call it per field for precise locations.
    """
    if text.isascii() or not _MARKER_CHARACTERS.search(text) or not _LEGACY_MARKERS.search(text):
        return None
    text = unicodedata.normalize("NFC", text)
    broken = 0
    repaired = dict.fromkeys(("tcvn3", "vni"), 0)
    # Correct words that the legacy reading would break: evidence the text is Unicode.
    unicode_only = dict.fromkeys(("tcvn3", "vni"), 0)
    seen = 0
    for m in _TEXT_WORD_RE.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        seen += 1
        if seen > _MAX_TOKENS:
            break
        valid = _is_syllable(word)
        if max(word) > "\xff":  # not a Latin-1 look-alike
            if valid:
                unicode_only["tcvn3"] += 1
                unicode_only["vni"] += 1
            else:
                broken += 1
            continue
        _cp, tcvn_ok, vni_ok = _score_word(word)
        if valid:
            unicode_only["tcvn3"] += not tcvn_ok
            unicode_only["vni"] += not vni_ok
        else:
            broken += 1
            repaired["tcvn3"] += tcvn_ok
            repaired["vni"] += vni_ok
    best = max(("tcvn3", "vni"), key=lambda e: repaired[e])  # tcvn3 wins a tie
    if repaired[best] == 0 or 2 * repaired[best] < broken:
        return None
    if repaired[best] == 1 and unicode_only[best]:
        return None  # one odd word among correct Unicode words is more likely a typo
    return best


# ---------------------------------------------------------------------- hints

_UNIKEY_NAMES: Final[dict[str, str]] = {
    "windows-1258": "Vietnamese locale CP 1258",
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI Windows",
}


def conversion_hint(encoding: str) -> str:
    """Vietnamese instructions to convert a file from ``encoding`` to UTF-8 (NFC)."""
    save = (
        "Sau đó lưu lại dưới dạng UTF-8: trong Excel chọn Tệp > Lưu thành > "
        "CSV UTF-8 (Comma delimited) (*.csv); trong Notepad chọn Tệp > Lưu thành… "
        "(Save as…) và chọn Mã hóa (Encoding): UTF-8."
    )
    if encoding in ("tcvn3", "vni"):
        source = _UNIKEY_NAMES[encoding]
        font = "Times New Roman"
        hint = (
            f"Tệp được gõ bằng bảng mã {ENCODING_LABELS[encoding]}, cần chuyển sang Unicode. "
            "Mở tệp, chọn toàn bộ nội dung và sao chép (Ctrl+C); bấm Ctrl+Shift+F6 để mở "
            f"Công cụ chuyển mã của UniKey, chọn Nguồn: {source}, Đích: Unicode, "
            "bấm «Chuyển mã», rồi dán lại (Ctrl+V) và đổi phông chữ sang "
            f"{font} hoặc Arial. {save}"
        )
    elif encoding == "windows-1258":
        hint = (
            "Tệp được lưu theo bảng mã Windows-1258 (CP1258) thay vì UTF-8. "
            "Mở tệp bằng Excel rồi chọn Tệp > Lưu thành > CSV UTF-8 (Comma delimited) "
            "(*.csv), hoặc mở bằng Notepad, chọn Tệp > Lưu thành… (Save as…) và chọn "
            "Mã hóa (Encoding): UTF-8. Nếu chữ vẫn lỗi, dùng Công cụ chuyển mã của UniKey "
            f"(Ctrl+Shift+F6) với Nguồn: {_UNIKEY_NAMES['windows-1258']}, Đích: Unicode."
        )
    else:
        hint = (
            "Không nhận ra bảng mã của tệp; tệp phải được lưu theo UTF-8. "
            "Trong Excel chọn Tệp > Lưu thành > CSV UTF-8 (Comma delimited) (*.csv); "
            "trong Notepad chọn Tệp > Lưu thành… (Save as…) và chọn Mã hóa (Encoding): "
            "UTF-8. Nếu văn bản được gõ bằng phông .VnTime hoặc VNI-Times, dùng Công cụ "
            "chuyển mã của UniKey (Ctrl+Shift+F6) để chuyển sang Unicode trước."
        )
    return unicodedata.normalize("NFC", hint)


# ------------------------------------------------------------------ messages

# Where to choose UTF-8 when saving, in the two programs clerks use.
SAVE_UTF8: Final = unicodedata.normalize("NFC", (
    "Trong Excel: Tệp › Lưu thành (File › Save As), chọn kiểu tệp “CSV UTF-8 (Comma delimited) (*.csv)”. "
    "Trong LibreOffice Calc: Tệp › Lưu thành (File › Save As), chọn kiểu tệp “Văn bản CSV (.csv)” "
    "(Text CSV), đánh dấu “Sửa thiết lập bộ lọc” (Edit filter settings), bấm Lưu, rồi trong hộp "
    "thoại Xuất tệp văn bản (Export Text File) chọn Bộ ký tự (Character set): “Unicode (UTF-8)”."))
_SHOWN: Final = 60


def _quote(text: str) -> str:
    text = text.strip()
    return f"“{text[:_SHOWN]}…”" if len(text) > _SHOWN else f"“{text}”"


def describe(decoded: Decoded) -> tuple[str, str]:
    """Vietnamese message and hint for a file :func:`decode_text` could not use."""
    if decoded.damage == "replaced":
        message = ("Các chữ tiếng Việt trong tệp đã bị thay bằng dấu “?” khi tệp được lưu theo bảng mã "
                   "Western Europe (Windows-1252), bảng mã không có các chữ này")
        if decoded.seen:
            message += f" (dòng {decoded.line}: {_quote(decoded.seen)})"
        message += ". Các chữ đó đã mất, không chuyển mã lại được."
        hint = ("Mở tệp gốc (tệp Excel hoặc LibreOffice đã nhập liệu, không phải tệp CSV này) và lưu lại "
                f"theo bảng mã UTF-8. {SAVE_UTF8} Nếu không còn tệp gốc, phải gõ lại các chữ bị mất.")
    elif decoded.damage == "double-encoded":
        message = ("Tệp bị lỗi mã hóa kép: tệp UTF-8 đã bị mở như bảng mã Western Europe (Windows-1252) rồi "
                   "lưu lại, nên chữ tiếng Việt thành chuỗi ký tự lạ")
        if decoded.seen is not None and decoded.meant is not None:
            message += f" (dòng {decoded.line}: {_quote(decoded.seen)} đúng ra là {_quote(decoded.meant)})"
        message += "."
        hint = ("Dùng lại tệp gốc trước lần lưu đó, hoặc lưu lại từ tệp Excel/LibreOffice đã nhập liệu theo "
                f"UTF-8. {SAVE_UTF8} Khi mở tệp CSV, chọn Bộ ký tự “Unicode (UTF-8)” trong hộp thoại Nhập "
                "văn bản (Text Import) của LibreOffice; trong Excel dùng Dữ liệu › Từ Văn bản/CSV "
                "(Data › From Text/CSV) với Nguồn gốc tệp (File Origin) “65001: Unicode (UTF-8)”.")
    elif decoded.damage == "utf-16":
        message = "Tệp được lưu theo bảng mã UTF-16 (Unicode); tệp hồ sơ YAML phải lưu theo UTF-8."
        hint = ("Trong Notepad chọn Tệp › Lưu thành (File › Save As), chọn Mã hóa (Encoding): “UTF-8” rồi lưu; "
                "hoặc tạo lại hồ sơ bằng biểu mẫu “Tạo hồ sơ đề nghị” hay lệnh thidua new.")
    elif decoded.damage == "utf-16-no-bom":
        message = "Tệp được lưu theo bảng mã UTF-16 nhưng thiếu dấu BOM ở đầu tệp, không xác định được thứ tự byte."
        hint = f"Lưu lại tệp theo UTF-8. {SAVE_UTF8}"
    else:
        encoding = decoded.encoding or "unknown"
        message = f"Tệp không dùng bảng mã UTF-8 (có vẻ là {ENCODING_LABELS.get(encoding, encoding)})."
        hint = conversion_hint(encoding)
    return unicodedata.normalize("NFC", message), unicodedata.normalize("NFC", hint)
