"""developer/reference/: the generated pages are fresh, and the hand-written ones keep up with the code."""
from __future__ import annotations

from conftest import PROJECT

from site_builder import reference
from site_builder.check.review import STATUS_LABELS
from site_builder.model.problem import _RECORD_FIELDS


def test_generated_pages_are_fresh() -> None:
    assert reference.stale() == [], "run: python -m site_builder.reference"


def test_json_report_page_names_every_record_field_and_status() -> None:
    page = (PROJECT / "developer" / "reference" / "json-report.md").read_text(encoding="utf-8")
    for name in (*_RECORD_FIELDS, *STATUS_LABELS):
        assert f"`{name}`" in page, name


def test_nothing_points_outside_the_repository() -> None:
    texts = [PROJECT / "README.md", *(PROJECT / "developer").rglob("*.md"), *(PROJECT / "site_builder").rglob("*.py")]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        # Spelled in pieces so that this file does not itself match a search for them.
        for outside in ("CONTRACT" ".md", "contract" " §", "contract section", ".." "/shared", "steering repository"):
            assert outside not in text, (path, outside)
