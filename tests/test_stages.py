"""Unit tests per stage of the check, in-process on the example repository: discover, read,
validate, rules, criteria, review. Each stage records problems as data, through
`Findings.record`, and never raises."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import base_repo

from site_builder.check.discover import Inputs, load_repository
from site_builder.check.findings import Findings
from site_builder.check.read import load_file
from site_builder.check.review import status_of
from site_builder.check.rules.criteria import Context, apply_criteria, criteria_of
from site_builder.check.rules.references import check_duplicates, check_references
from site_builder.check.submissions import read_submissions
from site_builder.check.validate import registry_of, validate
from site_builder.model.nomination import Nomination
from site_builder.model.problem import error, warning
from site_builder.model.registry import Registry
from site_builder.model.schema import load_schemas

UNIT = "submissions/cchc-2024/xa-long-an"
PERSON = "cchc-2024/xa-long-an/nguyen-thi-thu-ha"


def _loaded(root: Path) -> tuple[Inputs, Findings, Registry]:
    found = Findings()
    inputs, jobs = load_repository(root, load_schemas(root), found)
    read_submissions(inputs, jobs, found)
    validate(inputs, found)
    return inputs, found, registry_of(inputs)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return base_repo(tmp_path / "repo", examples=True)


def _nomination(found: Findings, nid: str = PERSON) -> Nomination:
    return next(n for n in found.nominations if n.id == nid)


def _discovered(root: Path) -> tuple[Inputs, list, Findings]:
    found = Findings()
    inputs, jobs = load_repository(root, load_schemas(root), found)
    return inputs, jobs, found


# ------------------------------------------------------------------------------ recorder


def _unit_nomination(slug: str = "a") -> Nomination:
    return Nomination("cchc-2024", "xa-long-an", slug, f"{UNIT}/{slug}.yaml", "yaml", "individual", line=1)


def test_record_puts_a_nominations_problem_onto_it_and_others_onto_the_list() -> None:
    found = Findings()
    n = _unit_nomination()
    found.nominations.append(n)
    about_n = error("invalid-value", "x", "y", path=n.path, field="name")
    loose = error("unknown-file", "x", "y", path=f"{UNIT}/ghi-chu.txt")
    found.record(about_n, n)
    found.record(loose)
    assert n.problems == [about_n] and found.problems == [loose]
    assert n.problems[0] is about_n and found.problems[0] is loose  # the objects themselves: `caused` keeps ids
    assert n.verdict == "invalid"


def test_record_all_keeps_order_and_merge_appends_a_files_findings() -> None:
    n = _unit_nomination()
    file_found = Findings([n])
    first, second = (warning("duplicate-nominee", f"{i}", "y", path=n.path) for i in range(2))
    file_found.record_all([first, second], n)
    file_found.record_all(iter([first]))  # any iterable, read once
    run = Findings(problems=[second])
    run.merge(file_found)
    assert n.problems == [first, second]
    assert run.nominations == [n] and run.problems == [second, first]
    assert file_found.problems == [first]  # merged, not moved


def test_a_file_read_records_into_its_own_findings(example: Path) -> None:
    (example / UNIT / "individuals.csv").write_text("name,kind\nAn,individual\n", encoding="utf-8")
    inputs, jobs, _ = _discovered(example)
    job = next(j for j in jobs if j.rel == f"{UNIT}/individuals.csv")
    read = load_file(inputs.schemas, job)
    assert read.entry == (read.found.nominations, read.found.problems)  # what the cache keeps
    [n] = read.found.nominations
    assert "documents" in {p.field for p in n.problems}  # a row's problem goes onto its nomination
    assert all(p.nomination_id is None or p.nomination_id == n.id for p in n.problems)


# ------------------------------------------------------------------------------ discover


def test_discover_lists_submission_files_and_reads_only_records(example: Path) -> None:
    inputs, jobs, found = _discovered(example)
    rels = {job.rel for job in jobs}
    assert f"{UNIT}/nguyen-thi-thu-ha.yaml" in rels
    assert found.nominations == []  # listed, not read yet
    assert "registry/units.csv" in inputs.files


def test_discover_records_an_unknown_file(example: Path) -> None:
    (example / UNIT / "ghi-chu.txt").write_text("x", encoding="utf-8")
    _, _, found = _discovered(example)
    assert [(p.code, p.path) for p in found.problems if p.path and p.path.endswith("ghi-chu.txt")] == [
        ("unknown-file", f"{UNIT}/ghi-chu.txt")]


# ---------------------------------------------------------------------------------- read


def test_read_a_yaml_file_keeps_text_and_lines(example: Path) -> None:
    inputs, jobs, _ = _discovered(example)
    job = next(j for j in jobs if j.rel.endswith("nguyen-thi-thu-ha.yaml"))
    read = load_file(inputs.schemas, job)
    [n] = read.found.nominations
    assert n.id == PERSON and n.kind == "individual"
    assert n.raw["name"] == "Nguyễn Thị Thu Hà" and n.lines["name"] >= 1


def test_read_broken_yaml_is_one_invalid_nomination(example: Path) -> None:
    (example / UNIT / "hong.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    inputs, jobs, _ = _discovered(example)
    job = next(j for j in jobs if j.rel.endswith("hong.yaml"))
    [n] = load_file(inputs.schemas, job).found.nominations
    assert [p.code for p in n.problems] == ["yaml-syntax"] and n.verdict == "invalid"


# ------------------------------------------------------------------------------ validate


def test_validate_types_values_and_records_bad_ones(example: Path) -> None:
    path = example / UNIT / "nguyen-thi-thu-ha.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rating: hoan_thanh_xuat_sac", "rating: rat_tot"), encoding="utf-8")
    _, found, registry = _loaded(example)
    assert registry.get("xa-long-an") is not None
    n = _nomination(found)
    assert ("invalid-value", "rating") in {(p.code, p.field) for p in n.problems}
    assert n.verdict == "invalid"


# --------------------------------------------------------------------------------- rules


def test_references_record_an_unknown_campaign(example: Path) -> None:
    inputs, found, registry = _loaded(example)
    n = dataclasses.replace(_nomination(found), campaign="khong-co", problems=[])
    check_references(Findings([n]), inputs.campaigns, registry)
    assert "unknown-campaign" in {p.code for p in n.problems}


def test_duplicates_record_the_same_person_twice(example: Path) -> None:
    _, found, _ = _loaded(example)
    first = dataclasses.replace(_nomination(found), problems=[])
    second = dataclasses.replace(first, slug="ban-sao", path=first.path.replace("nguyen-thi-thu-ha", "ban-sao"),
                                 problems=[])
    check_duplicates(Findings([first, second]))
    assert "duplicate-nominee" in {p.code for p in first.problems + second.problems}


# ------------------------------------------------------------------------------ criteria


def _context(example: Path, inputs) -> Context:  # type: ignore[no-untyped-def]
    campaign = inputs.campaigns["cchc-2024"]
    return Context(example, campaign, inputs.schemas, criteria_of(campaign, inputs.schemas))


def test_criteria_record_a_failed_criterion(example: Path) -> None:
    inputs, found, _ = _loaded(example)
    n = _nomination(found)
    assert n.verdict == "eligible"
    n.values["rating"] = "hoan_thanh"
    apply_criteria(found, n, _context(example, inputs))
    assert "individual-rating" in {p.code for p in n.problems}
    assert n.verdict == "ineligible"


# -------------------------------------------------------------------------------- review


def test_status_without_records_follows_the_verdict(example: Path) -> None:
    inputs, found, _ = _loaded(example)
    n = _nomination(found)
    assert status_of(n, None) == "received"
    n.values["rating"] = "hoan_thanh"
    apply_criteria(found, n, _context(example, inputs))
    assert status_of(n, None) == "ineligible"
