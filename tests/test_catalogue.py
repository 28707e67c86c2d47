"""The problem catalogue (model/problem.py) is complete and has nothing extra."""
from __future__ import annotations

import ast
import json

from conftest import PROJECT

from site_builder.check.rules.criteria import criteria_of
from site_builder.model.campaign import campaign_schemas, load_campaign
from site_builder.model.problem import CATALOGUE, Category

PACKAGE = PROJECT / "site_builder"
# The criterion codes of the example campaign (developer/reference/problem-codes.md), with the plan's
# sections they cite: a contract, so renaming one in campaign.yaml fails here.
EXAMPLE_CRITERIA = {
    "individual-employment-type": "II.1", "individual-cchc-role": "II.1", "individual-rating": "II.3.2",
    "individual-discipline": "II.3.2", "individual-conduct": "II.3.2", "achievement-required": "II.3.1, II.3.2",
    "pending-investigation": "II.3.1, II.3.2", "collective-cchc-index": "II.3.1", "collective-unity": "II.3.1",
    "collective-leader-discipline": "II.3.1", "dossier-incomplete": "V.3", "dossier-file": "V.3",
}


def _example_criteria() -> dict[str, str]:
    schemas = campaign_schemas(PROJECT, "cchc-2024")
    return {c.code: c.citation for c in criteria_of(load_campaign(PROJECT, "cchc-2024"), schemas)}


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
    reported = {p["code"] for report in (PROJECT / "tests" / "golden" / "reports").glob("*.json")
                for p in json.loads(report.read_text(encoding="utf-8"))["problems"]}
    assert reported - set(CATALOGUE) - set(_example_criteria()) == set()


def test_every_catalogued_code_is_produced() -> None:
    found = _literal_codes()
    never = {code for code in CATALOGUE if code not in found["called"] | found["mentioned"]}
    assert never == set()


def test_criterion_codes_are_the_campaigns() -> None:
    """Criterion codes are declared by each campaign, not catalogued; the example keeps its 12."""
    assert not [code for code, t in CATALOGUE.items() if t.category is Category.CRITERION]
    assert _example_criteria() == EXAMPLE_CRITERIA
    assert not set(EXAMPLE_CRITERIA) & set(CATALOGUE)


def test_every_code_is_described_in_vietnamese() -> None:
    for t in CATALOGUE.values():
        assert t.description and t.description.endswith((".", ")")), t
