"""Vietnamese dictionary order (site_builder.vietnamese.collation)."""
from __future__ import annotations

import unicodedata

from site_builder.vietnamese.collation import person_key, vi_key


def ordered(words: list[str]) -> bool:
    keys = [vi_key(w) for w in words]
    return all(a < b for a, b in zip(keys, keys[1:], strict=False))


def test_d_sorts_before_dd() -> None:
    assert vi_key("Dung") < vi_key("Đào")
    assert ordered(["Duy", "Dương", "Đa", "Đào", "Đức", "E"])


def test_letters_compare_before_tones() -> None:
    assert ordered(["Anh", "Ánh", "Ăn"])
    assert ordered(["An", "Ăn", "Ân", "Bà"])


def test_tone_order_within_a_syllable() -> None:
    # ngang < huyền < hỏi < ngã < sắc < nặng, and all of them before a longer syllable
    assert ordered(["ba", "bà", "bả", "bã", "bá", "bạ", "bác"])


def test_tones_compared_left_to_right_only_after_letters() -> None:
    assert ordered(["bá con", "ba da"])         # letters decide: c < d
    assert ordered(["bà ba", "bà bá", "bá ba"])  # same letters: first syllable's tone first


def test_alphabet_places_of_modified_letters() -> None:
    assert ordered(["a", "ă", "â", "b"])
    assert ordered(["e", "ê", "f", "g"])
    assert ordered(["o", "ô", "ơ", "p"])
    assert ordered(["Uz", "Ư", "V"])
    assert ordered(["Uyên", "Ưng", "Vân"])
    assert ordered(["ư", "v", "w", "x", "y", "z"])  # f j w z keep their Latin places


def test_case_is_only_a_last_tie_break() -> None:
    assert ordered(["an", "An", "AN", "anh", "Bình"])
    assert vi_key("an")[:2] == vi_key("AN")[:2]


def test_nfd_input_gives_the_nfc_key() -> None:
    for name in ["Nguyễn Thị Ngọc Ánh", "Đặng Văn Ưng", "Phường Ỷ La", "Trương Thị Hậu", "Lưu Quốc Việt"]:
        assert vi_key(unicodedata.normalize("NFD", name)) == vi_key(name)
        assert person_key(unicodedata.normalize("NFD", name)) == person_key(name)
    # marks typed in non-canonical order (circumflex before dot below) still read as "ậ"
    assert vi_key("Ha\u0302\u0323u") == vi_key("Hậu")


def test_two_tone_placements_differ_only_in_the_last_tie_break() -> None:
    # "Hoà" (new style) and "Hòa" (old style): the tone belongs to the syllable,
    # so the keys tie on letters and tones; the text itself keeps the order stable.
    assert vi_key("Hoà")[:3] == vi_key("Hòa")[:3]
    assert vi_key("Hoà") != vi_key("Hòa")
    assert ordered(["Hoa", "Hoà", "Hoả", "Hóa", "Hoan"])


def test_whitespace_digits_and_eth() -> None:
    assert vi_key("  Nguyễn   Văn\tA ") == vi_key("Nguyễn Văn A")
    assert ordered(["Tổ 2", "Tổ 10", "Tổ A"])
    assert ordered(["An Bình", "An-Bình", "Anh"])
    assert vi_key("\u00d0ào")[:2] == vi_key("Đào")[:2]  # eth typed for Đ


def test_person_key_example_from_the_brief() -> None:
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Ánh", "Đặng Văn Ba", "Phạm Đức An"]
    assert sorted(names, key=person_key) == [
        "Phạm Đức An", "Nguyễn Thị An", "Lê Ánh", "Đặng Văn Ba", "Trần Văn Bình"]


def test_realistic_list_of_people() -> None:
    # Derived by hand: given name first (An < Anh < Ánh < Bắc < Bích < Dung < Đức < Hà < Hải
    # < Hạnh < Uyên < Vinh), then middle name (Minh < Thị; Thị Ngọc < Văn), then family name.
    expected = [
        "Nguyễn Văn An", "Nguyễn Thị Ngọc Anh", "Lê Văn Anh", "Trần Thị Ánh", "Hoàng Văn Bắc",
        "Phạm Thị Bích", "Đỗ Thị Dung", "Vũ Văn Đức", "Trịnh Minh Hà", "Bùi Thị Hà", "Mai Thị Hà",
        "Ngô Văn Hải", "Đặng Thị Hạnh", "Hồ Thị Uyên", "Lý Văn Vinh",
    ]
    shuffled = expected[7:] + expected[:7][::-1]
    assert sorted(shuffled, key=person_key) == expected


def test_realistic_list_of_units() -> None:
    expected = [
        "Ban Chỉ huy Quân sự huyện", "Phòng Tài chính - Kế hoạch", "Phòng Tư pháp",
        "Trường THCS Dương Xuân Hội", "Trường THCS Đông Thạnh", "Ủy ban nhân dân xã An Thạnh",
        "Ủy ban nhân dân xã Ân Phú",
    ]
    assert sorted(reversed(expected), key=vi_key) == expected


def test_single_and_empty_names() -> None:
    assert sorted(["Ánh", "", "An"], key=person_key) == ["", "An", "Ánh"]


def test_key_of_a_long_text() -> None:  # that it is linear: benchmarks/timing.py
    text = "Nguyễn Thị Ngọc Ánh " * 20_000
    assert vi_key(text)


def test_mixed_word_list_in_dictionary_order() -> None:
    # Letters first (a < ă, d < đ, u < ư), then tones (none, huyền, hỏi, ngã, sắc, nặng), then length.
    expected = ["Anh", "Ánh", "Ăn", "ba", "bà", "bả", "bã", "bá", "bạ", "bác", "Dung", "Đào", "Uyên", "Ưng", "Vân"]
    assert sorted(reversed(expected), key=vi_key) == expected
