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
