"""The organisation's mkdocs.yml, docs/ and overrides/ in the built site; settings that would break
the site are refused (exit 2, naming mkdocs.yml and the key) before anything is built."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, thidua, thidua_in_process

from site_builder.publish.site.builders import BUILDER_NAMES

pytestmark = pytest.mark.slow  # each test builds the example site

ORG = ("mkdocs.yml", "docs", "overrides")


def example(root: Path, *, org: bool = True) -> Path:
    """A copy of the example repository (no git history), with or without the organisation's files."""
    for name in ("schema", "registry", "campaigns", "submissions", *(ORG[1:] if org else ())):
        shutil.copytree(PROJECT / name, root / name)
    for name in ("MAINTAINERS", *(ORG[:1] if org else ())):
        shutil.copy(PROJECT / name, root / name)
    return root


def settings(root: Path) -> dict:
    return yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))


def write_settings(root: Path, data: dict) -> None:
    (root / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_example_ships_its_own_pages(tmp_path: Path) -> None:
    root = example(tmp_path / "repo")
    assert thidua(root, "build", "--out", str(tmp_path / "site")).code == 0
    home = read(tmp_path / "site", "index.html")
    assert 'href="gioi-thieu/"' in home and 'href="lien-he/"' in home
    intro = read(tmp_path / "site", "gioi-thieu/index.html")
    assert "<h1" in intro and "Giới thiệu" in intro and "data-pagefind-body" in intro
    assert 'lang="vi"' in intro and "Dữ liệu mở theo giấy phép CC BY 4.0" in intro
    assert "ví dụ" in read(tmp_path / "site", "lien-he/index.html")


@pytest.mark.parametrize("builder", BUILDER_NAMES)
def test_site_name_page_and_block_override_show_up(builder: str, tmp_path: Path) -> None:
    root = example(tmp_path / "repo")
    data = settings(root)
    data["site_name"] = "Cổng thi đua xã Mẫu"
    data["nav"].append({"Câu hỏi thường gặp": "cau-hoi/thuong-gap.md"})
    data["copyright"] = "Văn phòng UBND xã Mẫu"
    data["theme"]["features"] = ["navigation.footer"]
    write_settings(root, data)
    (root / "docs/cau-hoi").mkdir()
    (root / "docs/cau-hoi/thuong-gap.md").write_text("# Câu hỏi thường gặp\n\nHỏi: nộp ở đâu?\n", encoding="utf-8")
    (root / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Thông báo của xã Mẫu{% endblock %}\n', encoding="utf-8")
    site = tmp_path / "site"
    run = thidua(root, "build", "--out", str(site), "--builder", builder)
    assert run.code == 0, run.stderr
    home = read(site, "index.html")
    assert "<title>Trang chủ - Cổng thi đua xã Mẫu</title>" in home
    # Zensical writes the same relative address as "./cau-hoi/thuong-gap/"
    assert re.search(r'href="(\./)?cau-hoi/thuong-gap/"', home) and "Câu hỏi thường gặp" in home
    assert "Hỏi: nộp ở đâu?" in read(site, "cau-hoi/thuong-gap/index.html")
    nomination = read(site, "cchc-2024/ho-so/xa-long-an/nguyen-thi-thu-ha/index.html")
    for page in (home, nomination):
        assert "Thông báo của xã Mẫu" in page  # the organisation's block
        assert "data-pagefind-body" in page  # thidua's layer under it is kept
        assert "Văn phòng UBND xã Mẫu" in page and "Phiên bản dữ liệu" in page
    assert "md-footer__link" in home  # the organisation's extra theme feature


def test_missing_mkdocs_yml_builds_with_defaults(tmp_path: Path) -> None:
    root = example(tmp_path / "repo", org=False)
    run = thidua(root, "build", "--out", str(tmp_path / "site"))
    assert run.code == 0, run.stderr
    home = read(tmp_path / "site", "index.html")
    assert "<title>Trang chủ - Thi đua – Khen thưởng</title>" in home and "gioi-thieu" not in home
    assert not (tmp_path / "site/gioi-thieu").exists()


BREAKING = {
    "theme.language": ({"theme": {"name": "material", "language": "en"}}, "“vi”"),
    "plugins": ({"plugins": ["offline"]}, "offline"),
    "hooks": ({"hooks": ["hooks.py"]}, "hook"),
    "docs_dir": ({"docs_dir": "../elsewhere"}, "docs"),
    "site_dir": ({"site_dir": "/tmp/elsewhere"}, "site"),
    "use_directory_urls": ({"use_directory_urls": False}, "địa chỉ"),
    "theme.font": ({"theme": {"font": {"text": "Roboto"}}}, "Google Fonts"),
    "theme.logo": ({"theme": {"logo": "https://example.org/logo.png"}}, "mạng"),
    "extra_css": ({"extra_css": ["https://cdn.example.org/x.css"]}, "mạng"),
    "nav": ({"nav": [{"Hồ sơ": "cchc-2024/ho-so/index.md"}]}, "cchc-2024/ho-so/index.md"),
}


@pytest.mark.parametrize("key", BREAKING)
def test_breaking_setting_is_a_clear_error(key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = example(tmp_path / "repo")
    data = settings(root)
    change, words = BREAKING[key]
    for name, value in change.items():
        data[name] = {**data[name], **value} if isinstance(value, dict) and name in data else value
    write_settings(root, data)
    run = thidua_in_process(root, "build", "--out", str(tmp_path / "site"), monkeypatch=monkeypatch)
    assert run.code == 2, run.stderr
    assert "mkdocs.yml" in run.stderr and f"“{key}”" in run.stderr and words in run.stderr, run.stderr
    assert "dòng " in run.stderr  # the line of the key in mkdocs.yml
    assert not (tmp_path / "site").exists()


def test_error_is_one_vietnamese_line_from_the_real_command(tmp_path: Path) -> None:
    root = example(tmp_path / "repo")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8")
                                     .replace("language: vi", "language: en"), encoding="utf-8")
    run = thidua(root, "build")
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("thidua: mkdocs.yml, dòng ") and "“theme.language”" in run.stderr


@pytest.mark.parametrize(("name", "shown"), [("index.md", "docs/index.md"), ("huong-dan.md", "docs/huong-dan.md"),
                                             ("cchc-2024/ghi-chu.md", "cchc-2024/"),
                                             ("assets/thidua.css", "docs/assets/thidua.css")])
def test_page_at_a_generated_address_is_refused(name: str, shown: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = example(tmp_path / "repo")
    (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (root / "docs" / name).write_text("# Trùng\n", encoding="utf-8")
    run = thidua_in_process(root, "build", "--out", str(tmp_path / "site"), monkeypatch=monkeypatch)
    assert run.code == 2 and shown in run.stderr and "thidua tự tạo" in run.stderr, run.stderr


def test_nav_to_a_missing_page_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = example(tmp_path / "repo")
    data = settings(root)
    data["nav"].append({"Văn bản": "van-ban.md"})
    write_settings(root, data)
    run = thidua_in_process(root, "build", "--out", str(tmp_path / "site"), monkeypatch=monkeypatch)
    assert run.code == 2 and "“nav”" in run.stderr and "docs/van-ban.md" in run.stderr, run.stderr


def test_inherit_and_env_are_read_as_mkdocs_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = example(tmp_path / "repo")
    (root / "base.yml").write_text("site_name: Tên từ tệp chung\nsite_description: !ENV [THIDUA_TEST_DESC, x]\n",
                                   encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\n" + text.replace("site_name:", "# site_name:"),
                                     encoding="utf-8")
    site = tmp_path / "site"
    run = thidua(root, "build", "--out", str(site), env={"THIDUA_TEST_DESC": "Mô tả từ biến môi trường"})
    assert run.code == 0, run.stderr
    home = read(site, "index.html")
    assert "Tên từ tệp chung" in home and 'content="Mô tả từ biến môi trường"' in home

    (root / "base.yml").write_text("plugins:\n  - search\n", encoding="utf-8")  # an inherited key: no line
    run = thidua_in_process(root, "build", "--out", str(tmp_path / "again"), monkeypatch=monkeypatch)
    assert run.code == 2 and "mkdocs.yml, mục “plugins”" in run.stderr and "Pagefind" in run.stderr, run.stderr
