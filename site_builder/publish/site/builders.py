"""The engines that turn the generated MkDocs project into HTML: MkDocs, ProperDocs or Zensical.

thidua writes the pages, stamps the nomination pages, indexes them with Pagefind and keeps the
site offline itself, outside any engine's plugin system, so every engine publishes the same
site. A builder only runs its engine on the generated `mkdocs.yml` and names what it lacks.
Engine modules are imported when a build starts, so `thidua --help` stays fast.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT = "mkdocs"
BUILDER_NAMES = ("mkdocs", "properdocs", "zensical")

# A quoted absolute address on a real host in the theme's scripts and styles is something the
# page may fetch (Mermaid, Pyodide, a polyfill, GitHub's API for repository facts); XML
# namespaces are only names, and "https://p" or example.com a base for parsing an address.
_OUTSIDE = re.compile(r"""(["'`])https?://(?!www\.w3\.org/|example\.(?:com|org|net)\b)"""
                      r"""(?:[\w-]+\.[\w.-]+|\$\{)[^"'`\s\\]*\1""")
_OFFLINE = "about:blank#offline"
_ZENSICAL_SITE = "zensical-site"  # Zensical builds here, inside the generated project


@dataclass(frozen=True)
class Builder:
    name: str
    title: str          # shown while building
    lacks: tuple[str, ...]  # features of MkDocs + Material it lacks: rows of the README's builder table
    run: Callable[[Path, Path], bool]  # (generated mkdocs.yml, output folder) -> built

    def build(self, config_path: Path, out: Path) -> bool:
        """Run the engine, then take the theme's outside addresses out of the built site."""
        if not self.run(config_path, out):
            return False
        seal_offline(out)
        return True


def seal_offline(out: Path) -> int:
    """Replace every outside address the theme's scripts and styles could fetch; the count replaced.

    Material's `offline`/`privacy` plugins did this inside MkDocs (and need the network at build
    time); done here on the built files, it holds for every builder.
    """
    replaced = 0
    for path in (out / "assets").rglob("*"):
        if not path.is_file() or path.suffix not in (".js", ".css"):
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        sealed, count = _OUTSIDE.subn(lambda m: m.group(1) + _OFFLINE + m.group(1), text)
        if count:
            path.write_text(sealed, encoding="utf-8", errors="surrogateescape")
            replaced += count
    return replaced


def _fail(engine: str, detail: object) -> bool:
    sys.stderr.write(f"thidua: dựng trang bằng {engine} thất bại: {detail}\n")
    return False


def _missing(builder: str, package: str) -> bool:
    sys.stderr.write(f"thidua: chưa cài {package} để dựng trang bằng --builder {builder} "
                     "(pip install 'thidua[builders]').\n")
    return False


def _in_process(package: str, title: str, error_name: str) -> Callable[[Path, Path], bool]:
    """MkDocs or its fork ProperDocs (same API, own package), run in this process."""

    def run(config_path: Path, out: Path) -> bool:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's notice about MkDocs 2.0
        # Not properdocs.__main__: it redirects every later `mkdocs.*` import of this process to ProperDocs.
        try:
            build = importlib.import_module(f"{package}.commands.build").build
            load_config = importlib.import_module(f"{package}.config").load_config
            error = getattr(importlib.import_module(f"{package}.exceptions"), error_name)
        except ImportError:
            return _missing(package, package)
        logging.getLogger(package).setLevel(logging.WARNING)
        try:
            build(load_config(str(config_path)))
        except error as exc:
            return _fail(title, exc)
        return True

    return run


def zensical_config(config: dict[str, Any], work: Path) -> dict[str, Any]:
    """The generated configuration as Zensical reads it.

    Zensical wants docs_dir and site_dir inside the configuration's folder, has its own search
    (off: Pagefind indexes the finished site) and a "modern" look (off: the site looks as under
    Material)."""
    docs = Path(config["docs_dir"])
    theme = {**config.get("theme", {}), "variant": "classic"}
    plugins = {"search": {"enabled": False}}
    return {**config, "docs_dir": os.path.relpath(docs, work), "site_dir": _ZENSICAL_SITE,
            "theme": theme, "plugins": plugins}


def _run_zensical(config_path: Path, out: Path) -> bool:
    import yaml

    if not _importable("zensical"):
        return _missing("zensical", "zensical")
    work = config_path.parent
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    own = work / "zensical.yml"
    own.write_text(yaml.safe_dump(zensical_config(config, work), allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    # A process of its own: Zensical is a Rust runtime whose panics are not Exceptions, and it
    # keeps the configuration in a module global. PYTHONPATH: it imports thidua's Markdown extension.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(Path(__file__).resolve().parents[3]), os.environ.get("PYTHONPATH")) if p)}
    try:
        done = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(own)],
                              cwd=work, env=env, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", check=False, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _fail("Zensical", exc)
    built = work / _ZENSICAL_SITE
    if done.returncode != 0 or not (built / "index.html").is_file():
        return _fail("Zensical", (done.stderr or done.stdout).strip()[-2000:])
    _replace_contents(out, built)
    return True


def _importable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _replace_contents(out: Path, built: Path) -> None:
    """Empty `out` as MkDocs does (hidden entries stay) and move the built site in."""
    out.mkdir(parents=True, exist_ok=True)
    for entry in out.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in built.iterdir():
        shutil.move(str(entry), str(out / entry.name))


BUILDERS: dict[str, Builder] = {
    b.name: b
    for b in (
        Builder("mkdocs", "MkDocs", (), _in_process("mkdocs", "MkDocs", "MkDocsException")),
        Builder("properdocs", "ProperDocs", (), _in_process("properdocs", "ProperDocs", "ProperDocsException")),
        Builder("zensical", "Zensical", (
            "MkDocs plugins and hooks",        # thidua uses none: its steps run before and after the builder
            "page.file in theme overrides (custom_dir)",  # MiniJinja: thidua's override tests page.content
            "sitemap.xml.gz",                  # it writes sitemap.xml only
            "site_dir anywhere",               # inside the project only: built there, moved to --out
        ), _run_zensical),
    )
}
assert tuple(BUILDERS) == BUILDER_NAMES
