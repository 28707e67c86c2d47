"""The organisation's `mkdocs.yml`, `docs/` and `overrides/`, merged with what thidua needs.

The organisation owns the top-level `mkdocs.yml` (name, address, logo, colours, its own pages and
Markdown extensions); thidua owns its generated pages and nav, its assets, `language: vi`, the
page addresses and a site that makes no request outside itself. The organisation's setting wins
wherever it cannot break that; a setting that would is a ConfigError naming mkdocs.yml, the key
and its line (exit 2), before anything is built.

Why not `INHERIT:` for thidua's part: MkDocs merges inherited files key by key but *replaces*
lists, and nav, markdown_extensions, theme.features and extra_css are exactly the lists both sides
contribute to. So thidua merges explicitly; the organisation's own file may still use `INHERIT:`
(and `!ENV`), read by MkDocs' own loader, with YAML's safe tags only.
"""
from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_builder.exceptions import ConfigError

FILE = "mkdocs.yml"
DOCS, SITE = "docs", "site"
THIDUA_OVERRIDES = Path(__file__).parent / "overrides"
# Material's `extends "base.html"` in the organisation's main.html is pointed at thidua's layer
# (thidua.html), which marks the page content for Pagefind and itself extends base.html.
_EXTENDS_BASE = re.compile(r"""(\{%-?\s*extends\s+)(["'])base\.html\2""")
_URL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
_PLUGIN_REASONS = {
    "offline": "plugin offline của Material đổi mọi địa chỉ trang thành tệp .html và tải mã từ unpkg.com; "
               "trang của thidua đã dùng được mà không cần mạng",
    "search": "tìm kiếm của trang là Pagefind, thidua tự tạo sau khi dựng trang",
}


@dataclass
class Settings:
    """The organisation's settings as MkDocs reads them (INHERIT resolved); empty without a file."""

    root: Path
    data: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the file's own text, for line numbers

    @property
    def exists(self) -> bool:
        return bool(self.text)

    def error(self, key: str, message: str, value: str | None = None) -> ConfigError:
        line = _line_of(self.text, key.split("."), value)
        where = f"{FILE}, dòng {line}" if line else FILE
        return ConfigError(f"{where}, mục “{key}”: {message}")

    @property
    def theme(self) -> dict[str, Any]:
        theme = self.data.get("theme") or {}
        return {"name": theme} if isinstance(theme, str) else dict(theme)

    @property
    def docs(self) -> Path:
        return self.root / DOCS

    @property
    def overrides(self) -> Path | None:
        custom = self.theme.get("custom_dir")
        return (self.root / str(custom)).resolve() if custom else None


def load(root: Path) -> Settings:
    """Read and check `mkdocs.yml`; a missing file is today's defaults."""
    path = root / FILE
    if not path.is_file():
        return Settings(root)
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    text = path.read_text(encoding="utf-8", errors="replace") or "\n"
    try:
        with path.open("rb") as handle:
            data = yaml_load(handle, loader=get_yaml_loader(yaml.SafeLoader))
    except (ConfigurationError, yaml.YAMLError, OSError) as exc:
        raise ConfigError(f"{FILE}: không đọc được tệp cấu hình trang ({' '.join(str(exc).split())}).") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{FILE}: tệp phải là một bảng các mục (site_name: …, theme: …).")
    settings = Settings(root, data, text)
    _check(settings)
    return settings


def _check(s: Settings) -> None:
    data = s.data
    for key, wanted in (("docs_dir", DOCS), ("site_dir", SITE)):
        if key in data and (s.root / str(data[key])).resolve() != (s.root / wanted).resolve():
            raise s.error(key, f"phải là “{wanted}” (hoặc bỏ trống); thidua đọc trang từ {DOCS}/ và "
                               f"ghi trang vào thư mục của lệnh (mặc định {SITE}/, đổi bằng --out).")
    if data.get("use_directory_urls", True) is not True:
        raise s.error("use_directory_urls", "phải để true: địa chỉ các trang (…/ho-so/…) là cố định.")
    for key in ("plugins", "hooks"):
        if data.get(key):
            names = [next(iter(p)) if isinstance(p, dict) else str(p) for p in _as_list(data[key])]
            reason = next((_PLUGIN_REASONS[n] for n in names if n in _PLUGIN_REASONS),
                          "thidua dựng trang không qua plugin hay hook của MkDocs (để đổi được công cụ dựng "
                          "trang và không tải gì từ mạng)")
            raise s.error(key, f"bỏ mục này ({', '.join(names)}): {reason}.")
    theme = s.theme
    if theme.get("name", "material") != "material":
        raise s.error("theme.name", "giao diện phải là “material” (thidua dựng trang với Material for MkDocs).")
    if theme.get("language", "vi") != "vi":
        raise s.error("theme.language", "ngôn ngữ giao diện phải là “vi”: trang công khai bằng tiếng Việt.")
    if theme.get("font", False) is not False:
        raise s.error("theme.font", "phải là false: phông chữ Google Fonts tải từ mạng ngoài; trang dùng phông "
                                    "của máy, hiển thị tiếng Việt tốt.")
    for key in ("logo", "favicon"):
        if _is_url(theme.get(key)):
            raise s.error(f"theme.{key}", "phải là tệp trong docs/ (ví dụ assets/logo.png), không phải địa chỉ "
                                          "mạng: trang không tải gì từ bên ngoài.", str(theme[key]))
    custom = s.overrides
    if custom is not None and not (custom.is_relative_to(s.root.resolve()) and custom.is_dir()):
        raise s.error("theme.custom_dir", "phải là một thư mục có sẵn trong kho, ví dụ overrides/.")
    for key in ("extra_css", "extra_javascript"):
        for item in _as_list(data.get(key)):
            target = item.get("path") if isinstance(item, dict) else item
            if _is_url(target):
                raise s.error(key, "chỉ ghi tệp trong docs/, không ghi địa chỉ mạng: trang không tải gì từ "
                                   "bên ngoài.", str(target))
    if "nav" in data and not isinstance(data["nav"], list):
        raise s.error("nav", "phải là một danh sách các trang, ví dụ “- Giới thiệu: gioi-thieu.md”.")
    for item in _as_list(data.get("markdown_extensions")):
        if not isinstance(item, str | dict):
            raise s.error("markdown_extensions", "mỗi mục là tên một phần mở rộng, có thể kèm tùy chọn.")


def mkdocs_config(s: Settings, base: dict[str, Any], nav: list[Any], version: str) -> dict[str, Any]:
    """thidua's configuration `base` with the organisation's settings merged in.

    `nav` is thidua's: its first entry (the home page) stays first, the organisation's entries follow
    it, then the campaigns and the rest."""
    config = dict(base)
    data = s.data
    for key, value in data.items():
        if key in ("docs_dir", "site_dir", "use_directory_urls", "plugins", "hooks", "nav", "theme",
                   "extra", "extra_css", "extra_javascript", "markdown_extensions", "copyright"):
            continue
        config[key] = value
    theme = {**base["theme"], **{k: v for k, v in s.theme.items() if k not in ("custom_dir", "features")}}
    theme["features"] = list(dict.fromkeys([*base["theme"].get("features", []), *(s.theme.get("features") or [])]))
    config["theme"] = theme
    config["extra"] = {**base.get("extra", {}), **(data.get("extra") or {})}
    for key in ("extra_css", "extra_javascript"):
        config[key] = [*base.get(key, []), *_as_list(data.get(key))]
    config["markdown_extensions"] = _extensions(base["markdown_extensions"], _as_list(data.get("markdown_extensions")))
    config["copyright"] = f"Phiên bản dữ liệu {version} · " + str(data.get("copyright") or
                                                                    "Dữ liệu mở theo giấy phép CC BY 4.0")
    config["nav"] = [*nav[:1], *(data.get("nav") or []), *nav[1:]]
    return config


def _extensions(ours: list[Any], theirs: list[Any]) -> list[Any]:
    """thidua's extensions, the organisation's options winning for the same one; new ones before the
    last of ours (safe_markdown, which cleans what every page's Markdown generates)."""
    def name(item: Any) -> str:
        return next(iter(item)) if isinstance(item, dict) else str(item)

    by_name = {name(i): i for i in theirs}
    merged = [by_name.pop(name(i), i) for i in ours]
    return [*merged[:-1], *by_name.values(), merged[-1]]


def add_docs(s: Settings, docs: Path) -> None:
    """Copy the organisation's `docs/` next to the generated pages in `docs`; check its nav.

    A page or folder at an address thidua generates would silently replace one: an error instead."""
    generated = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    reserved = {g.split("/", 1)[0] for g in generated if "/" in g} - {"assets"} | {"pagefind"}
    urls = {_url(g) for g in generated if g.endswith(".md")}
    own: set[str] = set()
    if s.docs.is_dir():
        for path in sorted(s.docs.rglob("*")):
            rel = path.relative_to(s.docs).as_posix()
            if path.is_symlink() or not path.is_file() or any(p.startswith(".") for p in rel.split("/")):
                continue  # links could publish files from outside docs/; MkDocs skips hidden files too
            top = rel.split("/", 1)[0]
            if rel in generated or (rel.endswith(".md") and _url(rel) in urls):
                raise ConfigError(f"{DOCS}/{rel}: trùng địa chỉ một trang hoặc tệp thidua tự tạo "
                                  f"(“{_url(rel) if rel.endswith('.md') else rel}”); đổi tên hoặc chuyển tệp này.")
            if top in reserved and "/" in rel:
                raise ConfigError(f"{DOCS}/{rel}: trùng thư mục “{top}/” của các trang thidua tự tạo; đổi tên tệp.")
            copy = docs / rel
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
            own.add(rel)
    for target in _nav_targets(s.data.get("nav") or []):
        if _is_url(target):
            continue
        rel = posixpath.normpath(target.lstrip("/")).removeprefix("./")
        if rel in generated or (rel.endswith(".md") and _url(rel) in urls) or rel.split("/", 1)[0] in reserved:
            raise s.error("nav", f"“{target}” là trang thidua tự tạo và tự đưa vào mục lục; chỉ ghi các trang "
                                 f"của {DOCS}/.", target)
        if rel not in own:
            raise s.error("nav", f"không có trang “{DOCS}/{rel}”; mục lục chỉ ghi các tệp .md trong {DOCS}/ "
                                 "(hoặc một địa chỉ https://…).", target)


def add_overrides(s: Settings, work: Path) -> Path:
    """One `custom_dir` for MkDocs: thidua's templates, then the organisation's `overrides/` on top."""
    target = work / "overrides"
    shutil.copytree(THIDUA_OVERRIDES, target)
    if s.overrides is None:
        return target
    for path in sorted(s.overrides.rglob("*")):
        rel = path.relative_to(s.overrides)
        if path.is_symlink() or not path.is_file():
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        if rel.as_posix() == "main.html":
            text = path.read_text(encoding="utf-8")
            (target / rel).write_text(_EXTENDS_BASE.sub(r"\1\2thidua.html\2", text), encoding="utf-8")
        else:
            shutil.copyfile(path, target / rel)
    return target


def watched(s: Settings) -> list[Path]:
    """What `thidua serve` watches besides the data: the file itself, docs/ and the overrides."""
    return [p for p in (s.root / FILE, s.docs, s.overrides) if p is not None and p.exists()]


def _url(rel: str) -> str:
    """The address MkDocs gives a Markdown file with directory URLs."""
    parent, name = posixpath.split(rel.removesuffix(".md"))
    if name in ("index",) or name.lower() == "readme":
        return f"{parent}/" if parent else ""
    return posixpath.join(parent, name) + "/"


def _nav_targets(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [t for item in nav for t in _nav_targets(item)]
    if isinstance(nav, dict):
        return [t for value in nav.values() for t in _nav_targets(value)]
    return []


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL.match(value.strip()))


def _line_of(text: str, keys: list[str], value: str | None) -> int | None:
    """The line (1-based) of a key path in the file's text, or of `value` under it; None when absent
    (an inherited key) or unreadable."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if found is None:
            return None
        key_node, node = found
    if value is not None:
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, yaml.ScalarNode) and current.value == value:
                return current.start_mark.line + 1
            if isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
            elif isinstance(current, yaml.MappingNode):
                stack.extend(v for pair in current.value for v in pair)
    return key_node.start_mark.line + 1
