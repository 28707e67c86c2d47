"""The strict YAML loader keeps text as written and refuses what PyYAML lets through."""
from __future__ import annotations

import time

from site_builder.check.parse.yaml_strict import MAX_DEPTH, load_yaml


def test_scalars_stay_text() -> None:
    doc = load_yaml("a: no\nb: 001203004567\nc: 0912345678\nd: 2024-01-01\ne: 1.50\nf: on\n", "f.yaml")
    assert doc.problems == []
    assert doc.value == {"a": "no", "b": "001203004567", "c": "0912345678", "d": "2024-01-01", "e": "1.50", "f": "on"}


def test_nulls_only_when_plain() -> None:
    doc = load_yaml('a: ~\nb: "~"\nc:\nd: ""\n', "f.yaml")
    assert doc.value == {"a": None, "b": "~", "c": None, "d": ""}


def test_line_numbers_per_key_and_item() -> None:
    doc = load_yaml("name: A\nlist:\n  - x\n  - title: y\n    description: z\n", "f.yaml")
    assert doc.lines[("name",)] == 1
    assert doc.lines[("list", 1)] == 4
    assert doc.lines[("list", 1, "description")] == 5


def test_text_is_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n"
    doc = load_yaml(f"name: {decomposed}\n", "f.yaml")
    assert doc.value["name"] == "Nguyễn"


def test_alias_bomb_refused_fast() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    start = time.perf_counter()
    doc = load_yaml(bomb, "bomb.yaml")
    assert time.perf_counter() - start < 0.1
    assert [p.code for p in doc.problems] == ["yaml-alias"]
    assert doc.problems[0].line == 1


def test_duplicate_key_names_both_lines() -> None:
    doc = load_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    (problem,) = doc.problems
    assert problem.code == "yaml-duplicate-key" and problem.line == 3 and "dòng 1" in problem.message


def test_tags_and_several_documents_refused() -> None:
    assert load_yaml("a: !!python/object:os.system x\n", "f").problems[0].code == "yaml-syntax"
    assert load_yaml("a: 1\n---\nb: 2\n", "f").problems[0].line == 2


def test_deep_nesting_bounded() -> None:
    deep = "[" * 5000 + "]" * 5000
    start = time.perf_counter()
    doc = load_yaml(f"a: {deep}\n", "f.yaml")
    assert time.perf_counter() - start < 1
    assert doc.problems[0].code == "yaml-syntax"  # libyaml's own depth limit
    shallow = load_yaml("a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n", "f.yaml")
    assert str(MAX_DEPTH) in shallow.problems[0].message


def test_syntax_error_has_line() -> None:
    doc = load_yaml("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    assert doc.problems[0].code == "yaml-syntax" and doc.problems[0].line in (2, 3)
