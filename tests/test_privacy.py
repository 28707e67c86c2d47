"""One privacy boundary: publish/public.py is the only module under publish/ that reads a
nomination's values (`.values`, `.raw`) or names a private field."""
from __future__ import annotations

import ast
import json

from conftest import PROJECT

from site_builder.model.campaign import campaign_ids, campaign_schemas

PUBLISH = PROJECT / "site_builder" / "publish"
BOUNDARY = PUBLISH / "public.py"


def _private_fields() -> set[str]:
    names: set[str] = set()
    for path in (PROJECT / "schema").glob("*.schema.json"):
        names |= {f["name"] for f in json.loads(path.read_text(encoding="utf-8"))["fields"] if f.get("private")}
    for cid in campaign_ids(PROJECT):  # and every campaign's own private fields
        names |= set(campaign_schemas(PROJECT, cid).private_fields)
    return names


def _reads(tree: ast.AST) -> list[tuple[int, str]]:
    """`.values`/`.raw` read as data (a dict's `.values()` method call is not), and private names."""
    private = _private_fields()
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call) and not node.args}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("values", "raw") and id(node) not in called:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Constant) and node.value in private:
            found.append((node.lineno, repr(node.value)))
    return sorted(found)


def test_only_the_public_view_reads_a_nomination() -> None:
    offenders = {}
    for path in sorted(PUBLISH.rglob("*.py")):
        if path != BOUNDARY and (reads := _reads(ast.parse(path.read_text(encoding="utf-8")))):
            offenders[path.relative_to(PROJECT).as_posix()] = reads
    assert offenders == {}


def test_the_scan_finds_a_read() -> None:
    assert _reads(ast.parse("n.values.get('name')\nn.raw['x']\nunits.values()\nf('gender')")) == [
        (1, ".values"), (2, ".raw"), (4, "'gender'")]


def test_the_boundary_does_read() -> None:  # else the test above would prove nothing
    assert _reads(ast.parse(BOUNDARY.read_text(encoding="utf-8")))
