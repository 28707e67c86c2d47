"""The public site neither leaks nor misleads: private criteria, plan markup, dates, the commended list.

One repository with a git history, built once for the module: the example with nominations
failing each private criterion, a hostile plan.md, a commit with a far-past author date, a
side branch merged with --no-ff, a 5,000-character subject, and commended nominations deleted
after the decision.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, pagefind_fragments, thidua

from site_builder.model.campaign import campaign_schemas
from site_builder.publish.site.builders import BUILDER_NAMES

UNIT = "submissions/cchc-2024/xa-long-an"
INDIVIDUAL = """kind: individual
name: {name}
position: Công chức Văn phòng – Thống kê
employment_type: cong_chuc
cchc_role: thuc_hien
rating: {rating}
discipline: {discipline}
conduct_ok: true
pending_investigation: {investigation}
gender: nu
date_of_birth: 1988-04-12
achievements:
  - "Số hóa 100% hồ sơ thủ tục hành chính tiếp nhận trong năm."
documents:
  to_trinh: dossier/to-trinh.pdf
  bien_ban: dossier/bien-ban-hop-xet.pdf
  bao_cao_thanh_tich: dossier/bao-cao-tran-quoc-bao.pdf
"""
COLLECTIVE = """kind: collective
name: {name}
cchc_index_result: hoan_thanh_xuat_sac
internal_unity: true
law_compliance: true
leader_discipline: {leader}
pending_investigation: {investigation}
achievements:
  - "Giải quyết đúng hạn 100% hồ sơ thủ tục hành chính."
documents:
  to_trinh: dossier/to-trinh.pdf
  bien_ban: dossier/bien-ban-hop-xet.pdf
  bao_cao_thanh_tich: dossier/bao-cao-bo-phan-mot-cua.pdf
"""
# slug -> file text; each fails exactly one criterion that reads a private field.
PRIVATE_FAILURES = {
    "rieng-xep-loai": INDIVIDUAL.format(
        name="Đỗ Thị Xếp", rating="hoan_thanh", discipline="khong", investigation="false"
    ),
    "rieng-ky-luat": INDIVIDUAL.format(
        name="Đỗ Văn Kỷ", rating="hoan_thanh_tot", discipline="canh_cao", investigation="false"
    ),
    "rieng-thanh-tra": INDIVIDUAL.format(
        name="Đỗ Thị Tra", rating="hoan_thanh_tot", discipline="khong", investigation="true"
    ),
    "tap-the-thanh-tra": COLLECTIVE.format(
        name="Tổ Thanh tra nhân dân xã Long An", leader="khong", investigation="true"
    ),
    "tap-the-ky-luat": COLLECTIVE.format(name="Tổ Địa chính xã Long An", leader="khien_trach", investigation="false"),
}
WAIVED = INDIVIDUAL.format(name="Đỗ Văn Miễn", rating="hoan_thanh_tot", discipline="khien_trach", investigation="false")
WAIVER_REASON = "Quyết định kỷ luật khiển trách đã bị hủy bỏ"
PENDING = INDIVIDUAL.format(name="Đỗ Thị Chờ", rating="chua_danh_gia", discipline="khong", investigation="false")

HOSTILE_PLAN = """

## Phụ lục do người khác sửa

<img src=x onerror=alert(1)>

<script>alert(2)</script>

Đoạn có [liên kết độc](javascript:alert(3)), [liên kết mã hóa](jav&#x61;script:alert(4)),
![ảnh](data:image/png;base64,AAAA), ![ảnh ngoài](https://evil.example/x.png) và
<span onclick="alert(5)">chữ</span> <a href="javascript:alert(6)">bấm</a>.
{: onclick="alert(7)" }

Dòng một<br>dòng hai; xem [Cổng Dịch vụ công](https://dichvucong.gov.vn/).

<iframe src="//evil.example"></iframe><!-- <script>alert(8)</script> -->
"""
SHORT_TITLE = "Thi đua CCHC [năm 2024](javascript:alert(9))"

BRANCH_NAME = "Đỗ Thị Nhánh"
LONG_SUBJECT = "Sửa chức vụ \x1b[31m" + "x" * 5000
BOGUS_ID = "cchc-2024/xa-long-an/khong-bao-gio-co"


def _git(root: Path, *args: str, author: str = "2025-01-05T09:30:00+07:00",
         committer: str | None = None) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_AUTHOR_NAME": "Nguyễn Văn Thư", "GIT_AUTHOR_EMAIL": "thu@example.invalid",
           "GIT_COMMITTER_NAME": "Máy chủ", "GIT_COMMITTER_EMAIL": "ci@example.invalid",
           "GIT_AUTHOR_DATE": author, "GIT_COMMITTER_DATE": committer or author, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(root), "-c", "commit.gpgsign=false", *args], check=True,
                   capture_output=True, env=env)


def _make_repo(root: Path) -> Path:
    for folder in ("schema", "registry", "campaigns", "submissions"):
        shutil.copytree(PROJECT / folder, root / folder)
    plan = root / "campaigns/cchc-2024/plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + HOSTILE_PLAN, encoding="utf-8")
    campaign = root / "campaigns/cchc-2024/campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(re.sub(r"(?m)^short_title: .*$", f"short_title: {json.dumps(SHORT_TITLE, ensure_ascii=False)}",
                               text), encoding="utf-8")
    for slug, body in {**PRIVATE_FAILURES, "rieng-mien": WAIVED, "rieng-cho": PENDING}.items():
        (root / UNIT / f"{slug}.yaml").write_text(body, encoding="utf-8")
    (root / "campaigns/cchc-2024/exceptions.csv").write_text(
        "nomination_id,code,reason,approved_on,approved_by\n"
        f"cchc-2024/xa-long-an/rieng-mien,individual-discipline,{WAIVER_REASON},2025-01-18,Trưởng phòng Nội vụ\n",
        encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    # Authored "in 2001", put on main on 05/01/2025.
    _git(root, "commit", "-q", "-m", "Khởi tạo kho dữ liệu", author="2001-01-01T08:00:00+07:00",
         committer="2025-01-05T09:30:00+07:00")
    # A side branch, merged with --no-ff; the merge itself claims the branch's early author date.
    _git(root, "checkout", "-q", "-b", "pr-7")
    (root / UNIT / "nhanh.yaml").write_text(
        INDIVIDUAL.format(name=BRANCH_NAME, rating="hoan_thanh_tot", discipline="khong", investigation="false"),
        encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Nhánh: thêm hồ sơ", author="2025-01-06T08:00:00+07:00")
    _git(root, "checkout", "-q", "main")
    _git(root, "merge", "-q", "--no-ff", "-m", "Hợp nhất yêu cầu số 7", "pr-7", author="2025-01-06T08:00:00+07:00",
         committer="2025-01-08T15:45:00+07:00")
    position = root / "submissions/cchc-2024/van-phong-hdnd-ubnd/bui-thi-kim-oanh.yaml"
    position.write_text(position.read_text(encoding="utf-8").replace("position:", "position: Chuyên viên –", 1),
                        encoding="utf-8")
    _git(root, "commit", "-q", "-am", LONG_SUBJECT, author="2025-01-09T10:00:00+07:00")
    # After the decision: a commended YAML file deleted, a commended row removed from a CSV,
    # and an id added to the decision that never existed.
    (root / UNIT / "tran-quoc-bao.yaml").unlink()
    table = root / "submissions/cchc-2024/thi-tran-long-thanh/individuals.csv"
    head, *rows = re.split(r"\n(?=[^\n]*,(?:cong_chuc|vien_chuc|can_bo),)", table.read_text(encoding="utf-8"))
    kept = [r for r in rows if not r.startswith("Lê Minh Tuấn,")]
    assert len(kept) == len(rows) - 1
    table.write_text("\n".join([head, *kept]), encoding="utf-8")
    decision = root / "campaigns/cchc-2024/decision.yaml"
    decision.write_text(decision.read_text(encoding="utf-8") + f"  - {BOGUS_ID}\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Dọn hồ sơ", author="2025-02-15T08:00:00+07:00")
    return root


@pytest.fixture(scope="module", params=BUILDER_NAMES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Built by each builder: what the site must never show holds whatever engine renders it."""
    root = _make_repo(tmp_path_factory.mktemp("integrity") / "repo")
    out = root.parent / "site"
    run = thidua(root, "build", "--out", str(out), "--builder", request.param, timeout=300)
    assert run.code == 0, run.stderr
    return root, out


def _read(out: Path, address: str) -> str:
    return (out / address).read_text(encoding="utf-8")


def _content(page: str) -> str:
    return page.split('class="md-content"', 1)[1].split("</article>", 1)[0]


def _private_criteria() -> list[tuple[str, str, tuple[str, ...]]]:
    """(code, citation, private field names) of every criterion reading a field the schema marks private."""
    from site_builder.check.rules.criteria import criteria_of
    from site_builder.model.campaign import load_campaign

    private = {f.name for kind in ("individual", "collective")
               for f in campaign_schemas(PROJECT, "cchc-2024")[kind].fields if f.private}
    criteria = criteria_of(load_campaign(PROJECT, "cchc-2024"), campaign_schemas(PROJECT, "cchc-2024"))
    found = [(k.code, k.citation, tuple(sorted(private & set(k.fields)))) for k in criteria if private & set(k.fields)]
    assert {code for code, _, _ in found} >= {"pending-investigation", "individual-rating", "individual-discipline",
                                              "collective-leader-discipline"}
    return found


def _private_words() -> set[str]:
    words: set[str] = set()
    for kind in ("individual", "collective"):
        for f in campaign_schemas(PROJECT, "cchc-2024")[kind].fields:
            if f.private:
                words |= {f.name, f.title}
    for code, citation, _ in _private_criteria():
        words |= {code, f"mục {citation}"}
    return words


def _reasons(page: str) -> str:
    found = re.search(r'<div class="admonition note"><p class="admonition-title">Lý do</p>.*?</div>', page, re.S)
    assert found, "the page gives no reason"
    return found.group(0)


# --- 1. private criteria: one sentence, no code, section or field ----------------------------

def test_every_private_criterion_gets_one_and_the_same_public_sentence(built: tuple[Path, Path]) -> None:
    _, out = built
    failing = {slug: _read(out, f"cchc-2024/ho-so/xa-long-an/{slug}/index.html") for slug in PRIVATE_FAILURES}
    reasons = {slug: _reasons(page) for slug, page in failing.items()}
    assert len(set(reasons.values())) == 1, reasons
    only = next(iter(reasons.values()))
    assert "Chưa đáp ứng tiêu chuẩn" in only and "gửi riêng cho đơn vị" in only
    assert "mục" not in only and not re.search(r"\b[IVX]+\.\d", only)  # no section that differs between criteria
    statuses = {slug: re.search(r'td-status--(\w+)', _content(page)).group(1) for slug, page in failing.items()}
    assert set(statuses.values()) == {"ineligible"}, statuses


def test_private_criteria_reveal_nothing_on_pages_open_data_or_search(built: tuple[Path, Path]) -> None:
    _, out = built
    slugs = [*PRIVATE_FAILURES, "rieng-mien", "rieng-cho"]
    words = _private_words()
    for slug in slugs:
        content = _content(_read(out, f"cchc-2024/ho-so/xa-long-an/{slug}/index.html"))
        leaked = sorted(w for w in words if w in content)
        assert not leaked, (slug, leaked)
    waived = _content(_read(out, "cchc-2024/ho-so/xa-long-an/rieng-mien/index.html"))
    assert "Miễn áp dụng một tiêu chuẩn" in waived and WAIVER_REASON not in waived
    pending = _reasons(_read(out, "cchc-2024/ho-so/xa-long-an/rieng-cho/index.html"))
    assert "Chờ bổ sung thông tin" in pending and "gửi riêng cho đơn vị" in pending
    status = _content(_read(out, "cchc-2024/ho-so/index.html"))
    open_data = "".join(
        _read(out, f"du-lieu/{name}") for name in ("nominations.csv", "commended.csv", "datapackage.json")
    )
    fragments = pagefind_fragments(out)  # the search index's text of each nomination page and open data
    entries = "\n".join(text for url, text in fragments.items() if url.startswith(("/cchc-2024/ho-so/", "/du-lieu/")))
    assert all(f"/cchc-2024/ho-so/xa-long-an/{slug}/" in fragments for slug in slugs)
    assert "Không đủ điều kiện" in entries  # a nomination is indexed by name, unit and status; not its reasons
    log = _content(_read(out, "nhat-ky/index.html"))
    for where, text in (("status page", status), ("open data", open_data), ("search index", entries), ("log", log)):
        for code, _, _ in _private_criteria():
            assert code not in text, (where, code)
        assert WAIVER_REASON not in text, where


# --- 2. Markdown from data files: no raw HTML, no script links ---------------------------------

def _plan_region(out: Path) -> str:
    page = _read(out, "cchc-2024/ke-hoach/index.html")
    return page.split('id="toan-van-ke-hoach"', 1)[1].split("</article>", 1)[0]


def test_plan_markdown_runs_no_markup_or_script(built: tuple[Path, Path]) -> None:
    import markdown

    _, out = built
    region = _plan_region(out)
    # The real plan renders as before: every heading, table, list item and bold text.
    real = markdown.markdown((PROJECT / "campaigns/cchc-2024/plan.md").read_text(encoding="utf-8"),
                             extensions=["tables"])
    for tag in ("<table", "<li", "<td", "<strong"):
        assert region.count(tag) == real.count(tag), tag
    for heading in re.findall(r"<h\d>(.*?)</h\d>", real):
        assert re.search(rf"<h\d id=\"[^\"]*\">{re.escape(heading)}</h\d>", region), heading
    # The hostile appendix: text stays, markup and script go.
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "data:image", "evil.example", "alert("):
        assert bad not in region, bad
    assert "liên kết độc" in region and "chữ" in region and "bấm" in region  # the text stays, the markup goes
    assert '<a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công</a>' in region
    assert "Dòng một<br>dòng hai" in region
    pages = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*(?:(?:javascript|data|vbscript)\s*:|jav&)""", pages, re.I)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=\s*[\"']?alert", pages, re.I)
    for address in ("cchc-2024/index.html", "cchc-2024/ke-hoach/index.html"):  # campaign.yaml text in a heading
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", _content(_read(out, address)), re.S).group(1)
        assert "<a" not in heading and "năm 2024" in heading


@pytest.mark.parametrize("markdown_text, kept, gone", [
    ("a < b và 3<5, <3", "a < b và 3<5, <3", ""),
    ("<IMG SRC=x OnError=alert(1)>x", "x", "OnError"),
    ("<img\nsrc=x\nonerror=alert(1)>y", "y", "onerror"),
    ("<scr<script>ipt>alert(1)</script>", "&lt;scr", "<script"),
    ("<!-- <script>alert(1)</script> -->z", "z", "script"),
    ("<a href=x>chữ</a><sup>2</sup><br/>", "chữ<sup>2</sup><br>", "href"),
    ("Đoạn\n{: onclick=\"alert(1)\" }", "Đoạn", "onclick"),
    ("<div onclick=x", "&lt;div onclick=x", "<div"),
])
def test_clean_markdown(markdown_text: str, kept: str, gone: str) -> None:
    from site_builder.publish.site.safe_markdown import clean_markdown

    cleaned = clean_markdown(markdown_text)
    assert kept in cleaned and (not gone or gone not in cleaned), cleaned


@pytest.mark.parametrize("url, outside, safe", [
    ("javascript:alert(1)", True, False), ("JaVaScRiPt:alert(1)", True, False), ("java\tscript:x", True, False),
    ("jav&#x61;script:x", True, False), ("javascript&colon;x", True, False), ("\x01javascript:x", True, False),
    ("data:text/html,x", True, False), ("vbscript:x", True, False), ("https://example.org/", True, True),
    ("mailto:a@b.vn", True, True), ("../tieu-chi/", True, True), ("https://example.org/a.png", False, False),
    ("//evil.example/a.png", False, False), ("anh/a.png", False, True),
])
def test_safe_url(url: str, outside: bool, safe: bool) -> None:
    from site_builder.publish.site.safe_markdown import safe_url

    assert safe_url(url, outside=outside) is safe


# --- 3. dates are when a change reached main; subjects are cut and clean -----------------------

def test_change_log_shows_when_changes_reached_main(built: tuple[Path, Path]) -> None:
    _, out = built
    log = _content(_read(out, "nhat-ky/index.html"))
    assert "09:30 ngày 05/01/2025" in log and "2001" not in log  # committer date, not the author's 2001
    assert "15:45 ngày 08/01/2025" in log and "08:00 ngày 06/01/2025" not in log  # the merge's date
    assert "thời điểm thay đổi được đưa vào nhánh chính" in log
    assert "Hợp nhất yêu cầu số 7" in log and "Nhánh: thêm hồ sơ" not in log
    page = _content(_read(out, "cchc-2024/ho-so/xa-long-an/nhanh/index.html"))
    assert "08/01/2025" in page and "06/01/2025" not in page


def test_change_log_subject_is_cut_and_has_no_control_characters(built: tuple[Path, Path]) -> None:
    _, out = built
    log = _content(_read(out, "nhat-ky/index.html"))
    row = next(r for r in re.findall(r"<tr>.*?</tr>", log, re.S) if "Sửa chức vụ" in r)
    subject = re.findall(r"<td>(.*?)</td>", row, re.S)[3].split("<br>", 1)[0]
    assert subject.startswith("Sửa chức vụ") and subject.endswith("…") and len(subject) <= 100
    assert "\x1b" not in log and "x" * 200 not in _read(out, "nhat-ky/index.html")
    assert "x" * 200 not in _read(out, "cchc-2024/ho-so/van-phong-hdnd-ubnd/bui-thi-kim-oanh/index.html")


# --- 4. the commended list follows the decision --------------------------------------------------

def test_commended_list_follows_the_decision_not_the_files(built: tuple[Path, Path]) -> None:
    from frictionless import Package

    _, out = built
    page = _content(_read(out, "cchc-2024/khen-thuong/index.html"))
    for name, position in (("Trần Quốc Bảo", "Phó Chủ tịch UBND xã Long An"),
                           ("Lê Minh Tuấn", "Công chức Tư pháp – Hộ tịch")):
        row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if name in r)
        assert "Hồ sơ không còn trong kho dữ liệu" in row and position in row, row
        assert "<a " not in row  # no page to link to
    assert BOGUS_ID in page and "xem Quyết định số 456/QĐ-UBND" in page
    assert "<strong>10 cá nhân</strong>" in page  # the decision's ten individuals, not the eight files left
    descriptor = out / "du-lieu/datapackage.json"
    report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = Package(str(descriptor)).get_resource("commended").read_rows()
    ids = {r["nomination_id"] for r in rows}
    assert {"cchc-2024/xa-long-an/tran-quoc-bao", "cchc-2024/thi-tran-long-thanh/le-minh-tuan", BOGUS_ID} <= ids
    assert len(rows) == 16
    bao = next(r for r in rows if r["nomination_id"] == "cchc-2024/xa-long-an/tran-quoc-bao")
    assert bao["name"] == "Trần Quốc Bảo" and bao["kind"] == "individual" and bao["note"]
    site = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".csv"))
    assert "1979-11-02" not in site and "02/11/1979" not in site  # his private date of birth stays in git


def test_no_git_when_no_commended_nomination_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from site_builder.check.pipeline import run_check
    from site_builder.publish.site import commended
    from site_builder.publish.site.view import campaign_views

    result = run_check(PROJECT)
    view = campaign_views(result, [], dt.date(2025, 3, 1))[0]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("git was run although nothing is missing")

    monkeypatch.setattr(commended.subprocess, "run", refuse)
    monkeypatch.setattr(commended.subprocess, "Popen", refuse)
    collectives, individuals, others = commended.commended_list(view, result)
    assert (len(collectives), len(individuals), others) == (5, 10, [])


def test_missing_nominations_cost_one_git_log_and_one_blob_reader(built: tuple[Path, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from site_builder import git
    from site_builder.check.pipeline import run_check
    from site_builder.publish.site import commended
    from site_builder.publish.site.view import campaign_views

    root, _ = built
    result = run_check(root)
    view = campaign_views(result, [], dt.date(2025, 3, 1))[0]
    calls: list[str] = []
    real = commended.git_command

    def command(root: Path, *args: str) -> list[str]:
        calls.append(args[0])
        return real(root, *args)

    monkeypatch.setattr(commended, "git_command", command)
    monkeypatch.setattr(git, "git_command", command)  # the blob reader's own process
    collectives, individuals, others = view.commended(result)
    assert calls == ["log", "cat-file"]
    assert len(individuals) == 10 and [e.id for e in others] == [BOGUS_ID]
    view.commended(result)
    assert calls == ["log", "cat-file"]  # computed once for the page and the open data
