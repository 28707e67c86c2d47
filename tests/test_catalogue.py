"""The problem catalogue (model/problem.py) is complete and has nothing extra."""
from __future__ import annotations

import ast
import json

from conftest import PROJECT

from site_builder.check.rules.criteria import CRITERIA
from site_builder.model.problem import CATALOGUE, Category

PACKAGE = PROJECT / "site_builder"


def _literal_codes() -> dict[str, set[str]]:
    """Codes written in the checker's source: the first argument of error()/warning()/Problem(),
    and every string literal equal to a catalogued code (codes passed on through helpers)."""
    called: set[str] = set()
    mentioned: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "problem.py" and path.parent.name == "model":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("error", "warning", "Problem") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                called.add(node.args[0].value)
            elif isinstance(node, ast.Constant) and node.value in CATALOGUE:
                mentioned.add(node.value)
    return {"called": called, "mentioned": mentioned}


def test_every_code_used_is_catalogued() -> None:
    found = _literal_codes()
    assert found["called"] - set(CATALOGUE) == set()
    assert {c.code for c in CRITERIA} - set(CATALOGUE) == set()
    reported = {p["code"] for report in (PROJECT / "tests" / "golden" / "reports").glob("*.json")
                for p in json.loads(report.read_text(encoding="utf-8"))["problems"]}
    assert reported - set(CATALOGUE) == set()


def test_every_catalogued_code_is_produced() -> None:
    found = _literal_codes()
    criteria = {c.code for c in CRITERIA}
    never = {code for code in CATALOGUE if code not in found["called"] | found["mentioned"] | criteria}
    assert never == set()


def test_criterion_codes_are_the_criteria() -> None:
    catalogued = {code for code, t in CATALOGUE.items() if t.category is Category.CRITERION}
    assert catalogued == {c.code for c in CRITERIA}


def test_every_other_code_is_described_in_vietnamese() -> None:
    for t in CATALOGUE.values():
        if t.category is not Category.CRITERION:
            assert t.description and t.description.endswith((".", ")")), t
