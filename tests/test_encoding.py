"""Tests for site_builder.vietnamese.encodings: UTF-8 decoding and legacy Vietnamese encodings."""
from __future__ import annotations

import unicodedata

import pytest

from site_builder.vietnamese.encodings import (
    ENCODING_LABELS,
    ENCODINGS,
    Decoded,
    conversion_hint,
    decode_legacy,
    decode_text,
    encode_legacy,
    legacy_font_text,
)

CSV = (
    "Họ và tên,Chức vụ\n"
    "Nguyễn Văn Đức,Chủ tịch UBND xã\n"
    "Trần Thị Mai,Công chức Tư pháp – Hộ tịch\n"
)

# Ten-plus ordinary sentences a nomination might contain, in correct Unicode.
UNICODE_SENTENCES = [
    "Đồng chí Nguyễn Văn Đức, Chủ tịch Ủy ban nhân dân xã Hòa Bình.",
    "Hoàn thành xuất sắc nhiệm vụ năm 2024, được tặng Giấy khen của Chủ tịch UBND huyện.",
    "Tập thể Phòng Tư pháp huyện Krông Búk, tỉnh Đắk Lắk đề nghị khen thưởng.",
    "Chủ trì triển khai cải cách thủ tục hành chính theo cơ chế một cửa liên thông.",
    "Không vi phạm kỷ luật, không bị điều tra, truy tố, xét xử.",
    "Sáng kiến “Số hóa hồ sơ hộ tịch” được Hội đồng khoa học cấp tỉnh công nhận.",
    "Bà Trần Thị Thủy, Phó Trưởng phòng Nội vụ, quê quán Quảng Ngãi.",
    "Ông Lê Quý Khuyến tham gia hướng dẫn nghiệp vụ cho cán bộ, công chức cấp xã.",
    "Đơn vị đạt chỉ số cải cách hành chính xếp loại tốt, đoàn kết, nhất trí cao.",
    "Người dân hài lòng với việc giải quyết hồ sơ đúng hạn, không phải đi lại nhiều lần.",
    "Gương người tốt, việc tốt được biểu dương trên Cổng thông tin điện tử của tỉnh.",
    "Xoáy nước, ngoằn ngoèo, nghiêng ngả, khuya khoắt, giường chiếu, thuở ấy, quyết tâm.",
    "NGUYỄN THỊ HOA – CHUYÊN VIÊN PHÒNG VĂN HÓA VÀ THÔNG TIN",
]


# ---------------------------------------------------------------- UTF-8 input

def test_utf8_is_decoded_and_nfc_normalised() -> None:
    nfd = unicodedata.normalize("NFD", CSV)
    assert nfd != CSV
    result = decode_text(nfd.encode("utf-8"))
    assert result == Decoded(text=CSV, encoding=None, line=None)
    assert result.ok
    assert unicodedata.is_normalized("NFC", result.text or "")


def test_utf8_bom_is_removed() -> None:
    data = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", CSV).encode("utf-8")
    result = decode_text(data)
    assert result.text == CSV
    assert result.encoding is None and result.line is None


def test_empty_and_ascii_files() -> None:
    assert decode_text(b"") == Decoded("", None, None)
    assert decode_text(b"\xef\xbb\xbf") == Decoded("", None, None)
    assert decode_text(b"id: 1\nname: Mai\n") == Decoded("id: 1\nname: Mai\n", None, None)


# ------------------------------------------------------------ table facts

def test_tcvn3_table_matches_known_code_points() -> None:
    expected = {
        "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
        "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
        "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
        "ễ": 0xD4, "ứ": 0xF8, "ỵ": 0xFE, "ộ": 0xE9, "ị": 0xDE,
    }
    for char, code in expected.items():
        assert encode_legacy(char, "tcvn3") == bytes([code]), char
    assert encode_legacy("Nguyễn Văn Đức", "tcvn3").decode("latin-1") == "NguyÔn V¨n §øc"


def test_vni_table_matches_known_sequences() -> None:
    assert encode_legacy("Nguyễn", "vni") == b"Nguye\xe3n"
    assert encode_legacy("Văn", "vni") == b"Va\xean"
    assert encode_legacy("Đức", "vni") == b"\xd1\xf6\xf9c"
    assert encode_legacy("Nguyễn Văn Đức", "vni").decode("latin-1") == "Nguyeãn Vaên Ñöùc"
    assert encode_legacy("TRƯỜNG", "vni") == b"TR\xd6\xd4\xd8NG"
    assert encode_legacy("ỵ ị ĩ ỉ ì í", "vni") == b"\xee \xf2 \xf3 \xe6 \xec \xed"


def test_windows_1258_uses_combining_tones() -> None:
    assert encode_legacy("Nguyễn", "windows-1258") == b"Nguy\xea\xden"
    assert encode_legacy("Đức", "windows-1258") == b"\xd0\xfd\xecc"
    assert encode_legacy("Họ và", "windows-1258") == b"Ho\xf2 v\xe0"


def _all_letters() -> list[str]:
    out = []
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"):
            out.append(unicodedata.normalize("NFC", base + tone))
    return out + ["đ"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip_every_letter(encoding: str) -> None:
    lower = "".join(_all_letters())
    cases = [lower, CSV]
    if encoding != "tcvn3":  # TCVN3 has no capital toned letters
        cases.append(lower.upper())
    else:
        cases.append("ĂÂÊÔƠƯĐ")
    for text in cases:
        assert decode_legacy(encode_legacy(text, encoding), encoding) == text


def test_tcvn3_writes_capital_toned_letters_in_lower_case() -> None:
    assert encode_legacy("Ấ", "tcvn3") == encode_legacy("ấ", "tcvn3")


def test_encode_legacy_rejects_unrepresentable_characters() -> None:
    for encoding in ENCODINGS:
        with pytest.raises(UnicodeEncodeError):
            encode_legacy("Nguyễn 漢", encoding)
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("ç", "tcvn3")  # its cp1252 byte means "ộ" in TCVN3
    with pytest.raises(ValueError):
        encode_legacy("a", "latin-1")


# ------------------------------------------------------------ legacy detection

@pytest.mark.parametrize("encoding", ENCODINGS)
def test_legacy_csv_is_detected(encoding: str) -> None:
    result = decode_text(encode_legacy(CSV, encoding))
    assert result == Decoded(text=None, encoding=encoding, line=1)
    assert not result.ok


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_first_bad_line_is_reported(encoding: str) -> None:
    text = "ho_ten,chuc_vu\n# danh sach de nghi\r\n" + CSV.split("\n", 1)[1]
    result = decode_text(encode_legacy(text, encoding))
    assert result.encoding == encoding
    assert result.line == 3


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_legacy_yaml_is_detected(encoding: str) -> None:
    text = (
        "id: cn-001\n"
        "ho_ten: Phạm Thị Hường\n"
        "chuc_vu: Phó Chủ tịch Hội đồng nhân dân phường\n"
        "thanh_tich: Hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận\n"
    )
    result = decode_text(encode_legacy(text, encoding))
    assert (result.encoding, result.line) == (encoding, 2)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_one_legacy_name_is_enough(encoding: str) -> None:
    result = decode_text(b"name,unit\n" + encode_legacy("Đặng Thùy Trâm,Hà Nội\n", encoding))
    assert (result.encoding, result.line) == (encoding, 2)


def test_undetectable_bytes_are_unknown() -> None:
    cases = [
        "Café Renée,Zürich\n".encode("latin-1"),
        bytes(range(128, 256)) * 4,
        # UTF-8 with one stray Windows-1252 dash: no legacy reading makes sense.
        "Nguyễn Văn Đức\n".encode() + b"Tr\xe1\xba\xa7n Th\xe1\xbb\x8b Mai \x96 H\xe1\xbb\x99 t\xe1\xbb\x8bch\n",
    ]
    for data in cases:
        result = decode_text(data)
        assert result.text is None
        assert result.encoding == "unknown", data
    assert decode_text(cases[-1]).line == 2


def test_utf16_with_a_bom_is_read() -> None:
    """Excel's "Unicode Text": the byte-order mark makes UTF-16 unambiguous."""
    assert decode_text(b"\xff\xfeh\x00i\x00") == Decoded(text="hi", encoding=None, line=None)


# ------------------------------------------------------- legacy-font text

def test_legacy_font_text_detects_tcvn3_lookalikes() -> None:
    assert legacy_font_text("NguyÔn V¨n §øc") == "tcvn3"
    assert legacy_font_text(encode_legacy(CSV, "tcvn3").decode("cp1252")) == "tcvn3"
    assert legacy_font_text("Chñ tÞch UBND x·") == "tcvn3"


def test_legacy_font_text_detects_vni_lookalikes() -> None:
    assert legacy_font_text("Nguyeãn Vaên Ñöùc") == "vni"
    assert legacy_font_text(encode_legacy(CSV, "vni").decode("cp1252")) == "vni"
    assert legacy_font_text("TRAÀN THÒ MAI") == "vni"


def test_legacy_font_text_finds_a_legacy_name_in_a_unicode_file() -> None:
    text = "\n".join(UNICODE_SENTENCES) + "\nho_ten: Nguyeãn Vaên Ñöùc\n"
    assert legacy_font_text(text) == "vni"


def test_legacy_font_text_needs_more_than_one_odd_word_in_unicode_text() -> None:
    assert legacy_font_text("§øc") == "tcvn3"  # a lone field: nothing else to go by
    text = "\n".join(UNICODE_SENTENCES)
    assert legacy_font_text(text + "\nHµ") is None
    assert legacy_font_text(text + "\nHµ Néi") == "tcvn3"


@pytest.mark.parametrize("sentence", UNICODE_SENTENCES)
def test_legacy_font_text_ignores_unicode_vietnamese(sentence: str) -> None:
    assert legacy_font_text(sentence) is None
    assert legacy_font_text(unicodedata.normalize("NFD", sentence)) is None


def test_legacy_font_text_ignores_whole_unicode_document() -> None:
    assert legacy_font_text("\n".join(UNICODE_SENTENCES)) is None
    assert legacy_font_text(CSV) is None


@pytest.mark.parametrize("text", [
    "",
    "Plain ASCII, nothing to see: id-001, 2024-05-01.",
    "Café Renée",
    "José Nguyễn, Zoë Müller, Hélène Dupont, François Lê",
    "Ông André Nguyễn học tại Université de Genève.",
    "Straße, naïve, façade, crème brûlée, Ångström, São Paulo",
    "Giá 1.000 €, nhiệt độ 25 °C, ± 5 %, © 2024",
])
def test_legacy_font_text_ignores_other_text(text: str) -> None:
    assert legacy_font_text(text) is None


# ------------------------------------------------------------------- labels

def test_labels_and_hints_are_vietnamese_nfc() -> None:
    assert set(ENCODING_LABELS) == {*ENCODINGS, "unknown"}
    assert ENCODING_LABELS["tcvn3"] == "TCVN3 (ABC, phông .VnTime)"
    assert ENCODING_LABELS["vni"] == "VNI (phông VNI-Times)"
    assert ENCODING_LABELS["windows-1258"] == "Windows-1258 (CP1258)"
    assert ENCODING_LABELS["unknown"] == "không xác định"
    for encoding in ENCODING_LABELS:
        hint = conversion_hint(encoding)
        assert unicodedata.is_normalized("NFC", hint)
        assert "UTF-8" in hint
        assert "CSV UTF-8 (Comma delimited)" in hint
    for encoding, source in (("tcvn3", "TCVN3 (ABC)"), ("vni", "VNI Windows")):
        hint = conversion_hint(encoding)
        assert "Ctrl+Shift+F6" in hint and "Công cụ chuyển mã" in hint
        assert f"Nguồn: {source}, Đích: Unicode" in hint
    assert "Lưu thành" in conversion_hint("windows-1258")
    for label in ENCODING_LABELS.values():
        assert unicodedata.is_normalized("NFC", label)


# ------------------------------------------- large inputs (their speed: benchmarks/timing.py)

MIB = 1 << 20


def _timed(func, *args):  # type: ignore[no-untyped-def]
    """The result; how fast is measured by benchmarks/timing.py on the same inputs."""
    return func(*args), 0.0


def _repeat_to(data: bytes, size: int = MIB) -> bytes:
    return (data * (size // len(data) + 1))[:size]


def test_one_mib_utf8_is_fast() -> None:
    data = _repeat_to(unicodedata.normalize("NFD", CSV * 3).encode("utf-8"))
    data = data[: data.rindex(b"\n") + 1]
    result, seconds = _timed(decode_text, data)
    assert result.text is not None and result.encoding is None


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_one_mib_legacy_is_fast(encoding: str) -> None:
    data = _repeat_to(encode_legacy(CSV, encoding))
    result, seconds = _timed(decode_text, data)
    assert (result.encoding, result.line) == (encoding, 1)


def test_one_mib_worst_cases_are_fast() -> None:
    # One huge line, the only non-ASCII byte at the very end.
    data = b"a" * (MIB - 1) + b"\xff"
    result, seconds = _timed(decode_text, data)
    assert (result.encoding, result.line) == ("unknown", 1)
    # Every line has a non-ASCII byte but no non-ASCII word (cp1252 dashes).
    data = _repeat_to(b"Nguyen Van Duc \x96 Chu tich UBND xa\n")
    result, seconds = _timed(decode_text, data)
    assert result.encoding == "unknown"
    # Legacy text only after 1 MiB of ASCII lines.
    data = _repeat_to(b"id,name\n") + encode_legacy(CSV, "vni")
    result, seconds = _timed(decode_text, data)
    assert result.encoding == "vni" and result.line == MIB // 8 + 1


def test_one_mib_legacy_font_text_is_fast() -> None:
    text = ("\n".join(UNICODE_SENTENCES) * 200)[:MIB]
    result, seconds = _timed(legacy_font_text, text)
    assert result is None
    text = ("Plain English words only. " * 50000)[:MIB] + "NguyÔn V¨n §øc"
    result, seconds = _timed(legacy_font_text, text)
    assert result == "tcvn3"
