"""`thidua build`: pages at the contract's addresses, open data, privacy, escaping, change log."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, base_repo, pagefind_fragments, pagefind_text, thidua

ADDRESSES = ["index.html", "cchc-2024/index.html", "cchc-2024/ke-hoach/index.html", "cchc-2024/tieu-chi/index.html",
             "cchc-2024/ho-so/index.html", "cchc-2024/khen-thuong/index.html", "huong-dan/index.html",
             "nhat-ky/index.html", "du-lieu/datapackage.json"]
GIT_ENV = {"GIT_AUTHOR_NAME": "Nguyễn Văn Thư", "GIT_AUTHOR_EMAIL": "thu@example.invalid",
           "GIT_COMMITTER_NAME": "Nguyễn Văn Thư", "GIT_COMMITTER_EMAIL": "thu@example.invalid"}


def git(root: Path, *args: str, date: str = "2025-01-05T09:30:00+07:00") -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def all_text(
    folder: Path, suffixes: tuple[str, ...] = (".html", ".json", ".csv", ".js", ".xml", ".txt", ".yaml")
) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*")
                     if p.is_file() and p.suffix in suffixes)


@pytest.fixture(scope="module")
def example_site(site: Path) -> Path:
    """The bundled example, built once per session by conftest's `site`."""
    return site


def test_contract_addresses_exist(example_site: Path) -> None:
    for address in ADDRESSES:
        assert (example_site / address).is_file(), address


def test_open_data_validates_and_links_pages(example_site: Path) -> None:
    from frictionless import Package

    descriptor = example_site / "du-lieu" / "datapackage.json"
    report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [r["name"] for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]]
    assert names == ["units", "nominations", "commended"]
    rows = Package(str(descriptor)).get_resource("nominations").read_rows()
    assert len(rows) >= 20
    for row in rows:
        assert (example_site / row["url"] / "index.html").is_file(), row["url"]
    commended = Package(str(descriptor)).get_resource("commended").read_rows()
    assert len(commended) == 15


def test_no_outside_requests(example_site: Path) -> None:
    outside = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
    for page in example_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            assert not outside.search(m.group(0)), (page, m.group(0))
    for css in example_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text(encoding="utf-8")), css
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_every_page_shows_data_version(example_site: Path) -> None:
    head = subprocess.run(
        ["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    for address in ADDRESSES[:-1]:
        assert f"Phiên bản dữ liệu {head}" in (example_site / address).read_text(encoding="utf-8"), address


def test_criteria_page_lists_the_checker_rules(example_site: Path) -> None:
    from site_builder.check.rules.criteria import criteria_of
    from site_builder.model.campaign import campaign_schemas, load_campaign

    campaign = load_campaign(PROJECT, "cchc-2024")
    page = (example_site / "cchc-2024/tieu-chi/index.html").read_text(encoding="utf-8")
    applied = criteria_of(campaign, campaign_schemas(PROJECT, "cchc-2024"))
    assert len(applied) == 12
    for k in applied:
        assert f'id="{k.code}"' in page and f"mục {k.citation}" in page and k.hint.split(";")[0][:30] in page


def test_commended_list_in_vietnamese_order(example_site: Path) -> None:
    from site_builder.vietnamese.collation import person_key

    page = (example_site / "cchc-2024/khen-thuong/index.html").read_text(encoding="utf-8")
    assert "456/QĐ-UBND" in page and "10/02/2025" in page
    section = page.split('id="ca-nhan"', 1)[1]
    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', section)
    assert len(names) == 10
    assert names == sorted(names, key=person_key)
    assert names[0] == "Trần Quốc Bảo"  # given name Bảo sorts first


def test_golden_criteria_markdown(tmp_path: Path) -> None:
    from site_builder.publish.site.build import write_docs

    write_docs(PROJECT, tmp_path, tmp_path / "site", today=dt.date(2025, 3, 1))
    for page, golden in (
        ("cchc-2024/tieu-chi/index.md", "tieu-chi.md"),
        ("cchc-2024/khen-thuong/index.md", "khen-thuong.md"),
        ("cchc-2024/index.md", "tong-quan.md"),
    ):
        actual = (tmp_path / "docs" / page).read_text(encoding="utf-8")
        path = PROJECT / "tests" / "golden" / golden
        if os.environ.get("UPDATE_GOLDEN"):
            path.write_text(actual, encoding="utf-8")
        assert actual == path.read_text(encoding="utf-8"), (
            f"{page} differs from tests/golden/{golden} (UPDATE_GOLDEN=1 to accept)"
        )


HOSTILE_NAME = 'Lê <script>alert("x")</script> *Văn* [Hùng](javascript:alert(1)) {: onclick="x" }'


def _hostile_repo(root: Path) -> Path:
    base_repo(root)
    unit = root / "submissions/cchc-2024/xa-long-an"
    (unit / "dossier").mkdir(parents=True)
    for name in ("to-trinh.pdf", "bien-ban.pdf", "bao-cao.pdf"):
        shutil.copy(PROJECT / "submissions/cchc-2024/xa-long-an/dossier/to-trinh.pdf", unit / "dossier" / name)
    (unit / "le-van-hung.yaml").write_text(
        "kind: individual\n"
        f"name: {json.dumps(HOSTILE_NAME, ensure_ascii=False)}\n"
        'position: "<img src=x onerror=alert(2)>"\n'
        "employment_type: cong_chuc\ncchc_role: thuc_hien\n"
        "rating: hoan_thanh_tot\ndiscipline: khong\nconduct_ok: true\npending_investigation: false\n"
        "gender: nu\ndate_of_birth: 1961-02-03\n"
        'achievements:\n  - "=HYPERLINK(\\"http://evil.example\\")"\n  - "<iframe src=\'//evil.example\'></iframe>"\n'
        "documents:\n  to_trinh: dossier/to-trinh.pdf\n  bien_ban: dossier/bien-ban.pdf\n"
        "  bao_cao_thanh_tich: dossier/bao-cao.pdf\n",
        encoding="utf-8",
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Xã Long An nộp hồ sơ <b>CCHC</b>")
    return root


def test_private_values_and_markup_never_reach_the_site(tmp_path: Path) -> None:
    root = _hostile_repo(tmp_path / "repo")
    out = tmp_path / "site"
    run = thidua(root, "build", "--out", str(out))
    assert run.code == 0, run.stderr
    text = all_text(out)
    index = pagefind_text(out)  # the search index, decompressed: public text only
    assert "*Văn*" in index and "/cchc-2024/ho-so/xa-long-an/le-van-hung/" in index
    for secret in ("1961-02-03", "03/02/1961", "1961"):
        assert secret not in text, secret
        assert secret not in index, secret
    fragment = pagefind_fragments(out)["/cchc-2024/ho-so/xa-long-an/le-van-hung/"]  # the page's indexed text
    for label in ("Xếp loại năm 2024", "Kỷ luật trong năm", "Giới tính", "Ngày sinh", "Đang bị kiểm tra"):
        assert label not in fragment, label
    page = (out / "cchc-2024/ho-so/xa-long-an/le-van-hung/index.html").read_text(encoding="utf-8")
    for label in ("Xếp loại năm 2024", "Kỷ luật trong năm", "Giới tính", "Ngày sinh", "Đang bị kiểm tra"):
        assert label not in page.split('class="md-content"', 1)[1], label
    html = all_text(out, (".html", ".json", ".js", ".xml"))  # the CSV holds the text as data
    for markup in ("<script>alert", "<img src=x", "<iframe", 'href="javascript:', 'onclick="x"', "<b>CCHC</b>"):
        assert markup not in html, markup
    assert "&lt;script&gt;" in page and "*Văn*" in page  # shown as typed, not interpreted
    csv_text = (out / "du-lieu/nominations.csv").read_text(encoding="utf-8-sig")
    assert ",\"'=HYPERLINK" in csv_text  # a cell starting with '=' is neutralised for Excel
    assert "gender" not in csv_text and "date_of_birth" not in csv_text and "rating" not in csv_text
    check = thidua(root, "check")
    assert "1961" not in check.stdout + check.stderr


def test_change_log_and_history_from_git(tmp_path: Path) -> None:
    root = _hostile_repo(tmp_path / "repo")
    path = root / "submissions/cchc-2024/xa-long-an/le-van-hung.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thuc_hien", "tham_muu"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Sửa vai trò", date="2025-01-09T17:30:00Z")
    out = tmp_path / "site"
    assert thidua(root, "build", "--out", str(out)).code == 0
    log = (out / "nhat-ky/index.html").read_text(encoding="utf-8")
    first, second = log.index("Sửa vai trò"), log.index("Xã Long An nộp hồ sơ")
    assert first < second  # newest first
    assert "00:30 ngày 10/01/2025" in log and "09:30 ngày 05/01/2025" in log and "Nguyễn Văn Thư" in log
    assert "thu@example.invalid" not in all_text(out)
    page = (out / "cchc-2024/ho-so/xa-long-an/le-van-hung/index.html").read_text(encoding="utf-8")
    assert page.count("<code>") >= 2 and "Sửa vai trò" in page


def test_build_without_git_or_submissions(repo: Path, tmp_path: Path) -> None:
    run = thidua(repo, "build", "--out", str(tmp_path / "site"))
    assert run.code == 0, run.stderr
    assert "Chưa có quyết định khen thưởng" in (tmp_path / "site/cchc-2024/khen-thuong/index.html").read_text(
        encoding="utf-8"
    )


def test_archived_campaign_pages_reused_until_inputs_change(tmp_path: Path) -> None:
    repo = base_repo(tmp_path / "repo", examples=True)
    campaign = repo / "campaigns/cchc-2024/campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "archived: true\n", encoding="utf-8")
    out = tmp_path / "site"
    page = out / "cchc-2024/ho-so/xa-long-an/nguyen-thi-thu-ha/index.html"
    assert thidua(repo, "build", "--out", str(out)).code == 0
    first = page.stat().st_ino, page.stat().st_mtime_ns
    assert thidua(repo, "build", "--out", str(out)).code == 0
    assert (page.stat().st_ino, page.stat().st_mtime_ns) == first  # reused, not rewritten
    assert "/cchc-2024/ho-so/xa-long-an/nguyen-thi-thu-ha/" in pagefind_text(out)  # reused pages are indexed too
    assert (out / "cchc-2024/ho-so/index.html").is_file() and not (out / "cchc-2024/ho-so/khung-trang").exists()
    source = repo / "submissions/cchc-2024/xa-long-an/nguyen-thi-thu-ha.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Zalo OA", "Zalo OA chính thức"), encoding="utf-8")
    assert thidua(repo, "build", "--out", str(out)).code == 0
    assert "Zalo OA chính thức" in page.read_text(encoding="utf-8")


def test_archived_campaign_keeps_its_nomination_pages_until_an_input_changes(tmp_path: Path) -> None:
    root = base_repo(tmp_path / "repo", examples=True)
    campaign = root / "campaigns" / "cchc-2024" / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "archived: true\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Lưu trữ đợt thi đua")
    out = tmp_path / "site"
    page = out / "cchc-2024" / "ho-so" / "xa-long-an" / "nguyen-thi-thu-ha" / "index.html"
    mark = "<!-- giữ nguyên từ lần dựng trước -->"

    def build_and_mark() -> None:
        run = thidua(root, "build", "--out", str(out))
        assert run.code == 0, run.stderr
        assert "Nguyễn Thị Thu Hà" in page.read_text(encoding="utf-8")

    build_and_mark()
    assert json.loads((out / ".thidua-build.json").read_text(encoding="utf-8"))["cchc-2024"]
    page.write_text(page.read_text(encoding="utf-8") + mark, encoding="utf-8")
    build_and_mark()
    assert page.read_text(encoding="utf-8").endswith(mark), "unchanged archived campaign: page must be reused"
    assert (out / "cchc-2024" / "ho-so" / "index.html").is_file() and (out / "index.html").is_file()

    submission = root / "submissions" / "cchc-2024" / "xa-long-an" / "tran-quoc-bao.yaml"
    submission.write_text(submission.read_text(encoding="utf-8").replace("Trần Quốc Bảo", "Trần Quốc Bảo Anh"),
                          encoding="utf-8")
    build_and_mark()
    assert mark not in page.read_text(encoding="utf-8"), "a changed input must rebuild the campaign's pages"
    assert "Trần Quốc Bảo Anh" in (out / "cchc-2024" / "ho-so" / "index.html").read_text(encoding="utf-8")
