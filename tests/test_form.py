"""The form “Tạo hồ sơ đề nghị” (<campaign>/tao-ho-so/) in a real browser, and its round trip.

Each test fills the form in headless Chromium, reads the problems and the verdict it shows,
downloads the YAML file, puts it into a fresh repository beside the PDFs it names, runs the
real checker and asserts the checker says the same: same verdict, same criterion codes, same
messages. Needs Debian's Chromium (or THIDUA_CHROMIUM); a missing browser is a failure.
"""
from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import DESKTOP, PHONE, PROJECT, base_repo, thidua

from site_builder.vietnamese.text import slugify

FORM = "cchc-2024/tao-ho-so/"
PDF = PROJECT / "submissions" / "cchc-2024" / "xa-long-an" / "dossier" / "to-trinh.pdf"
CRITERION_CODES = {"individual-employment-type", "individual-cchc-role", "individual-rating", "individual-discipline",
                   "individual-conduct", "achievement-required", "pending-investigation", "collective-cchc-index",
                   "collective-unity", "collective-leader-discipline", "dossier-incomplete", "dossier-file"}

ELIGIBLE_PERSON = {
    "name": "Lê Thị Đào",
    "position": "Công chức Văn phòng – Thống kê: phụ trách \"một cửa\" # 1",
    "employment_type": "cong_chuc", "cchc_role": "thuc_hien", "rating": "hoan_thanh_tot", "discipline": "khong",
    "conduct_ok": True, "pending_investigation": False, "gender": "nu", "date_of_birth": "1987-09-02",
    "achievements": ["- Giải quyết 1.204 hồ sơ: 100% đúng hạn", "Số hóa 98% hồ sơ; 'kết quả' \\ điện tử 📄",
                     "key: value # không phải chú thích"],
    "initiatives": [{"title": "Đặt lịch hẹn qua Zalo OA", "description": "Dòng 1\nDòng 2: có dấu hai chấm",
                     "applied_on": "2024-06-01"}],
}


class Form:
    """The form page, plus every console error and request seen while it was open."""

    def __init__(self, browser, base: str, viewport: dict, route=None):
        self.base = base
        self.context = browser.new_context(viewport=viewport, accept_downloads=True, locale="vi-VN")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        if route:
            self.page.route(base + FORM, route)
        self.page.goto(base + FORM, wait_until="networkidle")
        self.page.wait_for_selector(".md-content[data-form-state=ready]")

    # -- filling
    def choose(self, unit: str, kind: str) -> None:
        self.page.check(f"input[name=td-kind][value={kind}]")
        self.page.select_option("#td-f-unit", unit)

    def fill(self, values: dict) -> None:
        page = self.page
        for name, value in values.items():
            if isinstance(value, bool):
                page.check(f"#td-f-{name}-{'true' if value else 'false'}")
            elif name == "initiatives":
                for i, item in enumerate(value):
                    if page.query_selector(f"#td-f-initiatives-{i}-title") is None:
                        page.click("#td-f-initiatives-add")
                    for part, text in item.items():
                        page.fill(f"#td-f-initiatives-{i}-{part}", text)
            elif isinstance(value, list):
                page.fill(f"#td-f-{name}", "\n".join(value))
            elif page.eval_on_selector(f"#td-f-{name}", "e => e.tagName") == "SELECT":
                page.select_option(f"#td-f-{name}", value)
            else:
                page.fill(f"#td-f-{name}", value)

    # -- reading
    def verdict(self) -> tuple[str, str]:
        line = self.page.locator("#td-form-verdict")
        return line.get_attribute("data-verdict"), line.locator(".td-form__verdict-label").text_content()

    def problems(self) -> list[dict]:
        return self.page.eval_on_selector_all(
            "#td-form-errors li, #td-form-pending li",
            """items => items.map(li => ({code: li.dataset.code, field: li.dataset.field,
                severity: li.closest('#td-form-pending') ? 'warning' : 'error',
                message: li.querySelector('a').textContent, meta: li.querySelector('.td-form__meta').textContent}))""")

    def download(self) -> tuple[str, str]:
        with self.page.expect_download() as info:
            self.page.click("#td-form-download")
        download = info.value
        return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")

    def foreign(self) -> list[str]:
        origin = self.base.rstrip("/")
        return [u for u in self.requests
                if not (u == origin or u.startswith(origin + "/") or u.startswith(("data:", "blob:")))]

    def assert_clean(self) -> None:
        assert not self.errors, "errors in the browser:\n" + "\n".join(self.errors)
        assert not self.foreign(), "requests leave 127.0.0.1:\n" + "\n".join(self.foreign())


@pytest.fixture
def form(browser, base):
    opened: list[Form] = []

    def make(viewport: dict = DESKTOP, route=None) -> Form:
        opened.append(Form(browser, base, viewport, route))
        return opened[-1]

    yield make
    for f in opened:
        f.assert_clean()
        f.context.close()


def check_file(tmp_path: Path, unit: str, file_name: str, content: str, *, pdfs: bool = True) -> tuple[int, dict]:
    """Put one YAML file and the PDFs it names into a fresh repository; run the real checker."""
    repo = base_repo(tmp_path / "repo")
    folder = repo / "submissions" / "cchc-2024" / unit
    folder.mkdir(parents=True)
    (folder / file_name).write_text(content, encoding="utf-8")
    documents = (yaml.safe_load(content) or {}).get("documents") or {}
    for rel in documents.values() if pdfs else ():
        if rel:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(PDF, folder / rel)
    run = thidua(repo, "check", "--format", "json")
    assert run.code in (0, 1), run.stderr
    report = run.json()
    assert len(report["nominations"]) == 1, report
    return run.code, report["nominations"][0]


def criterion_problems(items: list[dict]) -> set[tuple[str, str, str]]:
    return {(p["code"], p["message"], p["severity"]) for p in items if p["code"] in CRITERION_CODES}


def round_trip(f: Form, tmp_path: Path, unit: str) -> tuple[str, list[dict], int, dict, str]:
    verdict, _ = f.verdict()
    shown = f.problems()
    file_name, content = f.download()
    code, nomination = check_file(tmp_path, unit, file_name, content)
    assert nomination["verdict"] == verdict, (verdict, nomination, content)
    # Same texts: the criterion problems the form shows are the checker's, word for word.
    assert criterion_problems(shown) == criterion_problems(nomination["problems"]), (shown, nomination["problems"])
    return verdict, shown, code, nomination, content


# ---------------------------------------------------------------- 1. eligible individual

def test_eligible_individual_round_trip(form, tmp_path):
    f = form()
    f.choose("xa-long-an", "individual")
    f.fill(ELIGIBLE_PERSON)
    assert f.verdict() == ("eligible", "Hợp lệ")
    assert f.problems() == []
    assert f.page.is_hidden("#td-form-errors-wrap") and f.page.is_hidden("#td-form-pending-wrap")
    assert f.page.text_content("#td-form-path") == "submissions/cchc-2024/xa-long-an/le-thi-dao.yaml"

    verdict, _, code, nomination, content = round_trip(f, tmp_path, "xa-long-an")
    assert code == 0 and verdict == "eligible"
    assert nomination["problems"] == []
    assert nomination["id"] == "cchc-2024/xa-long-an/le-thi-dao"
    assert nomination["name"] == "Lê Thị Đào"
    # The format of `thidua new`: kind, campaign, unit_id first, then fields, documents last.
    keys = [line.split(":")[0] for line in content.splitlines() if line and not line.startswith((" ", "#"))]
    assert keys[:3] == ["kind", "campaign", "unit_id"] and keys[-1] == "documents"
    data = yaml.safe_load(content)
    assert data["kind"] == "individual" and data["campaign"] == "cchc-2024" and data["unit_id"] == "xa-long-an"
    assert data["conduct_ok"] is True and data["pending_investigation"] is False
    assert data["position"] == ELIGIBLE_PERSON["position"]
    assert data["achievements"] == ELIGIBLE_PERSON["achievements"]
    assert data["initiatives"] == [
        {
            "title": "Đặt lịch hẹn qua Zalo OA",
            "description": "Dòng 1\nDòng 2: có dấu hai chấm",
            "applied_on": "2024-06-01",
        }
    ]
    assert str(data["date_of_birth"]) == "1987-09-02"
    assert data["documents"] == {"to_trinh": "dossier/to-trinh.pdf", "bien_ban": "dossier/bien-ban-hop-xet.pdf",
                                 "bao_cao_thanh_tich": "dossier/bao-cao-le-thi-dao.pdf"}
    # The preview shows exactly the file.
    assert f.page.text_content("#td-form-yaml") == content


# ---------------------------------------------------------------- 2. ineligible individual

def test_ineligible_individual_shows_the_checkers_problems(form, tmp_path):
    f = form()
    f.choose("phong-tu-phap", "individual")
    f.fill({**ELIGIBLE_PERSON, "name": "Phạm Văn Kỷ", "rating": "hoan_thanh", "discipline": "canh_cao"})
    assert f.verdict() == ("ineligible", "Không đủ điều kiện")
    shown = f.problems()
    assert {p["code"] for p in shown} == {"individual-rating", "individual-discipline"}
    assert all("Căn cứ: mục II.3.2" in p["meta"] for p in shown)
    # Errors are tied to their fields for assistive technology.
    assert f.page.get_attribute("#td-f-rating", "aria-invalid") == "true"
    assert "td-f-rating-err" in f.page.get_attribute("#td-f-rating", "aria-describedby")
    assert f.page.is_visible("#td-f-rating-err")

    verdict, _, code, nomination, _ = round_trip(f, tmp_path, "phong-tu-phap")
    assert code == 1 and verdict == "ineligible"
    assert {p["code"] for p in nomination["problems"]} == {"individual-rating", "individual-discipline"}
    # Private values are never quoted, in the form as in the checker.
    assert "hoan_thanh" not in " ".join(p["message"] for p in shown)


# ---------------------------------------------------------------- 3. collectives

COLLECTIVE = {
    "name": "Bộ phận Một cửa UBND xã Long An", "nominee_unit_id": "xa-long-an-mot-cua",
    "cchc_index_result": "hoan_thanh_xuat_sac", "internal_unity": True, "law_compliance": True,
    "leader_discipline": "khong", "pending_investigation": False, "female_share": "0,75",
    "achievements": ["Giải quyết đúng và trước hạn 100% hồ sơ thủ tục hành chính năm 2024."],
}


def test_eligible_collective_with_sub_unit_round_trip(form, tmp_path):
    f = form()
    f.choose("xa-long-an", "collective")
    options = f.page.eval_on_selector_all("#td-f-nominee_unit_id option", "os => os.map(o => o.value)")
    assert options == ["", "xa-long-an-mot-cua"]  # the unit itself, or one of its sub-units
    f.fill(COLLECTIVE)
    assert f.verdict() == ("eligible", "Hợp lệ") and f.problems() == []
    verdict, _, code, nomination, content = round_trip(f, tmp_path, "xa-long-an")
    assert code == 0 and verdict == "eligible" and nomination["kind"] == "collective"
    data = yaml.safe_load(content)
    assert data["nominee_unit_id"] == "xa-long-an-mot-cua" and data["female_share"] == "0.75"
    assert "initiatives" in data and data["initiatives"] == []


def test_pending_collective_round_trip(form, tmp_path):
    f = form()
    f.choose("xa-long-duc", "collective")
    f.fill({**COLLECTIVE, "name": "UBND xã Long Đức", "nominee_unit_id": "", "cchc_index_result": "chua_co_ket_qua"})
    assert f.verdict() == ("pending", "Chờ bổ sung thông tin")
    shown = f.problems()
    assert [(p["code"], p["severity"]) for p in shown] == [("collective-cchc-index", "warning")]
    assert f.page.is_visible("#td-form-pending-wrap") and f.page.is_hidden("#td-form-errors-wrap")
    verdict, _, code, nomination, _ = round_trip(f, tmp_path, "xa-long-duc")
    assert code == 0 and verdict == "pending"


# ---------------------------------------------------------------- 4. incomplete: same problems as the checker

def test_missing_fields_same_verdict_and_messages(form, tmp_path):
    f = form()
    f.choose("xa-tam-an", "individual")
    f.fill({"name": "Võ Văn Thiếu", "employment_type": "nguoi_lao_dong", "conduct_ok": False, "bao_cao_thanh_tich": ""})
    assert f.verdict() == ("invalid", "Chưa đủ thông tin bắt buộc")
    shown = f.problems()
    verdict, _, code, nomination, _ = round_trip(f, tmp_path, "xa-tam-an")
    assert code == 1 and verdict == "invalid"
    # Every problem, not only the criteria: same codes and the same words.
    assert {(p["code"], p["message"]) for p in shown} == {(p["code"], p["message"]) for p in nomination["problems"]}
    assert {"missing-field", "individual-employment-type", "individual-conduct", "achievement-required",
            "dossier-incomplete"} <= {p["code"] for p in shown}


def test_too_short_name_uses_the_checkers_message(form, tmp_path):
    f = form()
    f.choose("xa-tam-an", "individual")
    f.fill({**ELIGIBLE_PERSON, "name": "Ấ"})
    assert f.verdict()[0] == "invalid"
    shown = f.problems()
    assert [p["code"] for p in shown] == ["invalid-value"]
    _, _, _, nomination, _ = round_trip(f, tmp_path, "xa-tam-an")
    assert [p["message"] for p in shown] == [
        p["message"] for p in nomination["problems"] if p["code"] == "invalid-value"
    ]


@pytest.mark.parametrize("share, code", [("1,5", "invalid-value"), ("nhiều", "invalid-value"), ("0,6", None)])
def test_number_field_same_message_as_the_checker(form, tmp_path, share, code):
    f = form()
    f.choose("xa-long-an", "collective")
    f.fill({**COLLECTIVE, "female_share": share})
    shown = f.problems()
    assert [p["code"] for p in shown] == ([code] if code else [])
    _, _, _, nomination, _ = round_trip(f, tmp_path, "xa-long-an")
    assert [(p["code"], p["message"]) for p in shown] == [(p["code"], p["message"]) for p in nomination["problems"]]


def test_any_text_is_safe_yaml(form):
    """Whatever is typed comes back from the checker's YAML reader exactly (NFC, trimmed), less the
    invisible control and bidi characters the checker refuses, which the form drops."""
    from site_builder.check.parse.yaml_strict import load_yaml
    from site_builder.vietnamese.text import HIDDEN

    odd = ("Tab\there · \u202eRLO \u2028LS \u2029PS \u0085NEL \ufeffBOM \x7fDEL \x01SOH "
           "'q' \"dq\" \\ #c &a *b !t %p @x `b` 😀 e\u0301")
    f = form()
    f.choose("xa-long-an", "individual")
    f.fill({**ELIGIBLE_PERSON, "position": odd, "achievements": ["- " + odd, "null", "true", "~", "[1, 2]", "{a: b}"],
            "initiatives": [{"title": "yes: no", "description": odd + "\n" + odd}]})
    _, content = f.download()
    doc = load_yaml(content, "x.yaml")
    assert doc.problems == []
    value = doc.value
    typed = HIDDEN.sub("", unicodedata.normalize("NFC", odd)).strip()
    assert "\u2028" not in typed and "\x01" not in typed and "\ufeff" not in typed and "\t" in typed
    assert value["position"] == typed
    assert value["achievements"] == ["- " + typed, "null", "true", "~", "[1, 2]", "{a: b}"]
    assert value["initiatives"][0]["title"] == "yes: no"
    assert value["initiatives"][0]["description"] == typed + "\n" + typed


# ---------------------------------------------------------------- 5. forge button, file names

def test_forge_button_prefills_the_new_file_page(form, tmp_path):
    template = "https://forge.example/org/repo/new/main/{path}?filename={filename}&value={value}"

    def with_forge(route):
        # As if campaign.yaml had `forge: {new_file_url: …}`: the page's embedded data says so.
        response = route.fetch()
        body = response.text().replace('"forge":null', '"forge":{"new_file_url":"' + template + '","name":"GitHub"}')
        body = body.replace('<button type="button" class="md-button md-button--primary" id="td-form-download"',
                            '<a class="md-button" id="td-form-forge" target="_blank">GitHub</a>'
                            '<button type="button" class="md-button md-button--primary" id="td-form-download"')
        route.fulfill(response=response, body=body)

    f = form(route=with_forge)
    assert f.page.get_attribute("#td-form-forge", "href") is None  # nothing to open before unit and name
    f.choose("xa-long-an", "individual")
    f.fill({**ELIGIBLE_PERSON, "name": "Đặng Thị Ánh"})
    href = f.page.get_attribute("#td-form-forge", "href")
    parts = urlsplit(href)
    assert parts.netloc == "forge.example"
    assert unquote(parts.path) == "/org/repo/new/main/submissions/cchc-2024/xa-long-an/"
    query = parse_qs(parts.query)
    assert query["filename"] == ["dang-thi-anh.yaml"]
    _, content = f.download()
    assert query["value"] == [content]


def test_no_forge_setting_hides_the_button_and_explains_upload(form):
    f = form()
    assert f.page.query_selector("#td-form-forge") is None
    assert "Upload files" in f.page.text_content("#td-form-upload-help")
    assert f.page.is_disabled("#td-form-download")
    f.choose("xa-binh-an", "individual")
    assert "submissions/cchc-2024/xa-binh-an/" in f.page.text_content("#td-form-upload-help")


def test_forge_link_defaults_to_the_github_repository_being_built():
    from site_builder.model.campaign import load_campaign
    from site_builder.publish.templates.form import forge_settings

    campaign = load_campaign(PROJECT, "cchc-2024")
    assert "forge" not in campaign.data
    assert forge_settings(campaign, {}) is None
    actions = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "long-thanh/thidua",
               "GITHUB_REF_NAME": "main"}
    assert forge_settings(campaign, actions) == {
        "new_file_url": "https://github.com/long-thanh/thidua/new/main/{path}?filename={filename}&value={value}",
        "name": "GitHub"}
    # Another server (Forgejo sets the same variables) or a strange value: no guess.
    assert forge_settings(campaign, {**actions, "GITHUB_SERVER_URL": "https://git.dongnai.gov.vn"}) is None
    assert forge_settings(campaign, {**actions, "GITHUB_REPOSITORY": "a/b?x=<y>"}) is None
    assert forge_settings(campaign, {**actions, "GITHUB_REF_NAME": "../x"})["new_file_url"].startswith(
        "https://github.com/long-thanh/thidua/new/main/")


@pytest.mark.parametrize("name", ["Nguyễn Văn Đức", "ĐẶNG THỊ HỒNG ÁNH", "Lê  Thị-Mỹ   Dung (Út)", "Ông Ngọc Ẩn 2"])
def test_file_name_is_the_checkers_slug(form, name):
    f = form()
    f.choose("xa-long-an", "individual")
    f.fill({"name": name})
    assert f.page.text_content("#td-form-path") == f"submissions/cchc-2024/xa-long-an/{slugify(name)}.yaml"
    assert f.page.input_value("#td-f-bao_cao_thanh_tich") == f"dossier/bao-cao-{slugify(name)}.pdf"


# ---------------------------------------------------------------- 6. the form itself: labels, kinds, phone

def test_every_control_is_labelled_and_described(form):
    f = form()
    for kind in ("individual", "collective"):
        f.choose("xa-long-an", kind)
        missing = f.page.eval_on_selector_all(
            ".td-form input, .td-form select, .td-form textarea",
            """cs => cs.filter(c => {
                 const labelled = c.labels && c.labels.length > 0;
                 const described = (c.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
                   .every(id => document.getElementById(id));
                 return !labelled || !described;
               }).map(c => c.id || c.name)""")
        assert missing == [], f"{kind}: controls without a label or with a dangling aria-describedby: {missing}"
    # Private fields say so; required fields are marked.
    f.choose("xa-long-an", "individual")
    assert "thông tin riêng, không công bố" in f.page.text_content("#td-f-rating-help")
    assert f.page.get_attribute("#td-f-name", "aria-required") == "true"
    assert f.page.text_content("label[for=td-f-employment_type]").startswith("Đối tượng")
    labels = f.page.eval_on_selector_all("#td-f-employment_type option", "os => os.map(o => o.textContent)")
    assert "Công chức" in labels and "Viên chức" in labels
    assert f.page.get_attribute("#td-form-verdict", "aria-live") == "polite"
    # Table-only and folder fields are not asked.
    for name in ("slug", "campaign", "unit_id"):
        assert f.page.query_selector(f"#td-f-{name}") is None


def test_switching_kind_keeps_shared_values(form):
    f = form()
    f.choose("xa-long-an", "individual")
    f.fill({"name": "Tổ Một cửa", "achievements": ["Một thành tích"]})
    f.page.check("input[name=td-kind][value=collective]")
    assert f.page.input_value("#td-f-name") == "Tổ Một cửa"
    assert f.page.input_value("#td-f-achievements") == "Một thành tích"
    assert f.page.query_selector("#td-f-rating") is None and f.page.query_selector("#td-f-cchc_index_result")


def test_keyboard_only(form, tmp_path):
    f = form()
    page = f.page
    page.focus("#td-f-unit")
    page.keyboard.press("ArrowDown")   # the first unit
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "td-kind"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "td-f-name"
    page.keyboard.type("Hồ Văn Phím")
    # A problem's link moves the focus to its field.
    page.click("#td-form-errors a[href='#td-f-position']")
    assert page.evaluate("document.activeElement.id") == "td-f-position"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_fits_and_screenshots(form, viewport, tmp_path):
    f = form(viewport)
    f.choose("xa-long-an", "individual")
    f.fill({"name": "Trương Thị Mẫu", "rating": "chua_danh_gia", "discipline": "khien_trach"})
    f.page.click("#td-form-download")  # shows every field's message
    width = f.page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"the form scrolls sideways at {viewport['width']}px: {width}"
    shot = tmp_path / f"form-{viewport['width']}.png"
    f.page.screenshot(path=str(shot), full_page=True)
    print("screenshot", shot)
    assert shot.stat().st_size > 10_000


def test_axe_no_serious_violations(form):
    from axe_playwright_python.sync_playwright import Axe

    f = form()
    f.choose("xa-long-an", "individual")
    f.fill({"name": "A", "rating": "hoan_thanh"})
    f.page.click("#td-form-download")
    # The page's own content; the theme's header and search are the site's (tests/test_browser.py).
    violations = Axe().run(f.page, context={"include": [[".md-content"]]}).response["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']} [{v['impact']}] {v['help']}: {[n['target'] for n in v['nodes'][:4]]}"
                              for v in bad)


# ---------------------------------------------------------------- 7. the data, without a browser

def test_form_data_comes_from_schema_and_criteria():
    from site_builder.check.rules.criteria import criteria_of
    from site_builder.model.campaign import campaign_schemas, load_campaign
    from site_builder.model.registry import Registry
    from site_builder.publish.templates.form import forge_settings, form_data

    schemas = campaign_schemas(PROJECT, "cchc-2024")
    campaign = load_campaign(PROJECT, "cchc-2024")
    data = form_data(campaign, schemas, Registry({}))
    for kind in ("individual", "collective"):
        spec = schemas[kind]
        names = [f["name"] for f in data["kinds"][kind]["fields"]]
        assert names == [f.name for f in spec.fields if f.name not in ("campaign", "unit_id") and not f.table_only]
        for f in data["kinds"][kind]["fields"]:
            s = spec.by_name[f["name"]]
            assert (f["title"], f["description"], f["required"], f["private"]) == (
                s.title,
                s.description,
                s.required,
                s.private,
            )
            if s.enum:
                assert [(o["value"], o["label"]) for o in f["enum"]] == [(c, s.labels[c]) for c in s.enum]
    exported = {c.code for c in criteria_of(campaign, schemas)}
    assert {c["code"] for c in data["criteria"]} | {c["code"] for c in data["server_criteria"]} == exported
    assert {c["code"] for c in data["server_criteria"]} == {"dossier-file"}
    assert data["forge"] is None
    forged = load_campaign(PROJECT, "cchc-2024")
    object.__setattr__(forged, "data", {**forged.data, "forge": {"new_file_url": "https://x.example/new/{path}"}})
    assert forge_settings(forged) == {"new_file_url": "https://x.example/new/{path}", "name": "kho dữ liệu"}
    object.__setattr__(forged, "data", {**forged.data, "forge": {"new_file_url": "javascript:alert(1)"}})
    assert forge_settings(forged) is None
