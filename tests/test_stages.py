"""Unit tests per stage of the check, in-process on the example repository: discover, read,
validate, rules, criteria, review. Each stage records problems as data and never raises."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import base_repo

from site_builder.check.discover import Loaded, load_repository
from site_builder.check.read import load_file
from site_builder.check.review import status_of
from site_builder.check.rules.criteria import Context, apply_criteria
from site_builder.check.rules.references import check_duplicates, check_references
from site_builder.check.submissions import read_submissions
from site_builder.check.validate import validate
from site_builder.model.nomination import Nomination
from site_builder.model.registry import Registry
from site_builder.model.schema import load_schemas

UNIT = "submissions/cchc-2024/xa-long-an"
PERSON = "cchc-2024/xa-long-an/nguyen-thi-thu-ha"


def _loaded(root: Path) -> tuple[Loaded, Registry]:
    loaded = load_repository(root, load_schemas(root))
    read_submissions(loaded)
    return loaded, validate(loaded)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return base_repo(tmp_path / "repo", examples=True)


def _nomination(loaded: Loaded, nid: str = PERSON) -> Nomination:
    return next(n for n in loaded.nominations if n.id == nid)


# ------------------------------------------------------------------------------ discover


def test_discover_lists_submission_files_and_reads_only_records(example: Path) -> None:
    loaded = load_repository(example, load_schemas(example))
    rels = {job.rel for job in loaded.jobs}
    assert f"{UNIT}/nguyen-thi-thu-ha.yaml" in rels
    assert loaded.nominations == []  # listed, not read yet
    assert "registry/units.csv" in loaded.files


def test_discover_records_an_unknown_file(example: Path) -> None:
    (example / UNIT / "ghi-chu.txt").write_text("x", encoding="utf-8")
    loaded = load_repository(example, load_schemas(example))
    assert [(p.code, p.path) for p in loaded.problems if p.path and p.path.endswith("ghi-chu.txt")] == [
        ("unknown-file", f"{UNIT}/ghi-chu.txt")]


# ---------------------------------------------------------------------------------- read


def test_read_a_yaml_file_keeps_text_and_lines(example: Path) -> None:
    loaded = load_repository(example, load_schemas(example))
    job = next(j for j in loaded.jobs if j.rel.endswith("nguyen-thi-thu-ha.yaml"))
    read = load_file(loaded, job)
    [n] = read.nominations
    assert n.id == PERSON and n.kind == "individual"
    assert n.raw["name"] == "Nguyễn Thị Thu Hà" and n.lines["name"] >= 1


def test_read_broken_yaml_is_one_invalid_nomination(example: Path) -> None:
    (example / UNIT / "hong.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    loaded = load_repository(example, load_schemas(example))
    job = next(j for j in loaded.jobs if j.rel.endswith("hong.yaml"))
    [n] = load_file(loaded, job).nominations
    assert [p.code for p in n.problems] == ["yaml-syntax"] and n.verdict == "invalid"


# ------------------------------------------------------------------------------ validate


def test_validate_types_values_and_records_bad_ones(example: Path) -> None:
    path = example / UNIT / "nguyen-thi-thu-ha.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rating: hoan_thanh_xuat_sac", "rating: rat_tot"), encoding="utf-8")
    loaded, registry = _loaded(example)
    assert registry.get("xa-long-an") is not None
    n = _nomination(loaded)
    assert ("invalid-value", "rating") in {(p.code, p.field) for p in n.problems}
    assert n.verdict == "invalid"


# --------------------------------------------------------------------------------- rules


def test_references_record_an_unknown_campaign(example: Path) -> None:
    loaded, registry = _loaded(example)
    n = dataclasses.replace(_nomination(loaded), campaign="khong-co", problems=[])
    check_references([n], loaded.campaigns, registry)
    assert "unknown-campaign" in {p.code for p in n.problems}


def test_duplicates_record_the_same_person_twice(example: Path) -> None:
    loaded, _ = _loaded(example)
    first = dataclasses.replace(_nomination(loaded), problems=[])
    second = dataclasses.replace(first, slug="ban-sao", path=first.path.replace("nguyen-thi-thu-ha", "ban-sao"),
                                 problems=[])
    check_duplicates([first, second])
    assert "duplicate-nominee" in {p.code for p in first.problems + second.problems}


# ------------------------------------------------------------------------------ criteria


def test_criteria_record_a_failed_criterion(example: Path) -> None:
    loaded, _ = _loaded(example)
    n = _nomination(loaded)
    assert n.verdict == "eligible"
    n.values["rating"] = "hoan_thanh"
    apply_criteria(n, Context(example, loaded.campaigns["cchc-2024"], loaded.schemas))
    assert "individual-rating" in {p.code for p in n.problems}
    assert n.verdict == "ineligible"


# -------------------------------------------------------------------------------- review


def test_status_without_records_follows_the_verdict(example: Path) -> None:
    loaded, _ = _loaded(example)
    n = _nomination(loaded)
    assert status_of(n, None) == "received"
    n.values["rating"] = "hoan_thanh"
    apply_criteria(n, Context(example, loaded.campaigns["cchc-2024"], loaded.schemas))
    assert status_of(n, None) == "ineligible"
