"""The README's table "How the code is laid out" lists every module of the package."""
from __future__ import annotations

import re

from conftest import PROJECT


def test_every_module_is_listed_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([\w/]+\.py)`", section))
    package = PROJECT / "site_builder"
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    modules -= {m for m in modules if m.endswith("__init__.py") and not (package / m).read_text().strip()}
    assert modules - listed == set(), "modules missing from the README"
    assert listed - modules == set(), "README lists modules that do not exist"


def test_no_campaign_is_written_into_the_code() -> None:
    """A campaign's year, place and texts are data (campaign.yaml), never Python: the next
    campaign needs no code edit."""
    package = PROJECT / "site_builder"
    for path in package.rglob("*"):
        if path.suffix in (".py", ".j2", ".js", ".html") and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8")
            for word in ("2024", "cchc-2024", "Long Thành"):
                assert word not in text, f"{path.relative_to(PROJECT)} mentions {word!r}"
