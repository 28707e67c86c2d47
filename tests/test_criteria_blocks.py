"""Criteria declared in campaign.yaml: each block passes, fails and (where it applies) waits,
through the real `thidua check` on a small repository; `when` by kind and by field; and a
misconfigured criterion is a `config-invalid` problem on its line of campaign.yaml."""
from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CASES, base_repo, overlay, thidua_in_process

from site_builder.commands.json_schemas import write_json_schemas
from site_builder.exceptions import ConfigError

CAMPAIGN = "campaigns/cchc-2024/campaign.yaml"
UNIT = "submissions/cchc-2024/xa-long-an"
DOCUMENTS = {"to_trinh": "dossier/to-trinh.pdf", "bien_ban": "dossier/bien-ban.pdf",
             "bao_cao_thanh_tich": "dossier/bao-cao.pdf"}
PERSON: dict[str, Any] = {
    "kind": "individual", "campaign": "cchc-2024", "unit_id": "xa-long-an", "name": "Nguyễn Văn An",
    "position": "Công chức Văn phòng – Thống kê", "employment_type": "cong_chuc", "cchc_role": "thuc_hien",
    "rating": "hoan_thanh_tot", "discipline": "khong", "conduct_ok": "true", "pending_investigation": "false",
    "achievements": ["Giải quyết 1.200 hồ sơ thủ tục hành chính đúng hạn."], "documents": DOCUMENTS,
}
GROUP: dict[str, Any] = {
    "kind": "collective", "campaign": "cchc-2024", "unit_id": "xa-long-an", "name": "Bộ phận Một cửa UBND xã Long An",
    "nominee_unit_id": "xa-long-an-mot-cua", "cchc_index_result": "hoan_thanh_xuat_sac", "internal_unity": "true",
    "law_compliance": "true", "leader_discipline": "khong", "pending_investigation": "false",
    "achievements": ["100% hồ sơ thủ tục hành chính được số hóa."], "documents": DOCUMENTS,
}
# Fields a yearly-titles campaign adds (optional ones, so that `missing: pending` has meaning).
EXTRA_FIELDS = [
    {"name": "proposed_title", "type": "string", "title": "Danh hiệu đề nghị",
     "constraints": {"enum": ["lao_dong_tien_tien", "chien_si_thi_dua_co_so"]},
     "labels": {"lao_dong_tien_tien": "Lao động tiên tiến", "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở"}},
    {"name": "consecutive_years", "type": "integer", "title": "Số năm liên tục đạt Lao động tiên tiến"},
    {"name": "initiative_recognised", "type": "boolean", "title": "Sáng kiến được công nhận",
     "trueValues": ["true"], "falseValues": ["false"]},
]


def texts(code: str) -> str:
    return (f"    citation: II.{len(code)}\n    title: Tiêu chí {code}.\n"
            f"    explanation: Kế hoạch yêu cầu {code}.\n    hint: Sửa {code}.\n")


def make_repo(tmp_path: Path, criteria: str, nominations: dict[str, dict[str, Any]]) -> Path:
    """The example configuration with `criteria` as its whole criteria section, and these nominations."""
    root = base_repo(tmp_path / "repo")
    overlay(CASES / "_base", root)
    schema = root / "schema" / "individual.schema.json"
    descriptor = json.loads(schema.read_text(encoding="utf-8"))
    descriptor["fields"] += EXTRA_FIELDS
    schema.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    path = root / CAMPAIGN
    text = path.read_text(encoding="utf-8")
    start, end = text.index("\ncriteria:\n") + 1, text.index("\nreview:")
    path.write_text(text[:start] + "criteria:\n" + criteria.rstrip("\n") + text[end:], encoding="utf-8")
    for slug, values in nominations.items():
        (root / UNIT / f"{slug}.yaml").write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
    # The fields changed: the editors' schemas follow. A misconfigured campaign has none
    # written (the command refuses) and none checked (its files are not judged).
    with contextlib.suppress(ConfigError):
        write_json_schemas(root)
    return root


def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, criteria: str,
          nominations: dict[str, dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    root = make_repo(tmp_path, criteria, nominations)
    run = thidua_in_process(root, "check", "--format", "json", monkeypatch=monkeypatch)
    assert "Traceback" not in run.stderr, run.stderr
    return run.code, run.json()


def verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {n["id"].rsplit("/", 1)[1]: n["verdict"] for n in report["nominations"]}


def problems(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [p for p in report["problems"] if p["code"] == code]


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = {**base, **changes}
    return {k: v for k, v in out.items() if v is not None}


# --- one_of ----------------------------------------------------------------------------------

ONE_OF = """  rating-ok:
    block: one_of
    field: rating
    what: Kết quả xếp loại
    allowed: [hoan_thanh_xuat_sac, hoan_thanh_tot]
    unknown: [chua_danh_gia]
""" + texts("rating-ok")


def test_one_of_pass_fail_pending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, report = check(tmp_path, monkeypatch, ONE_OF, {
        "dat": PERSON, "khong-dat": with_(PERSON, name="Trần Thị Bình", rating="hoan_thanh"),
        "cho": with_(PERSON, name="Lê Văn Cường", rating="chua_danh_gia")})
    assert verdicts(report) == {"dat": "eligible", "khong-dat": "ineligible", "cho": "pending"}
    failed, pending = sorted(problems(report, "rating-ok"), key=lambda p: p["severity"])
    assert failed["message"] == "Kết quả xếp loại không đạt yêu cầu của kế hoạch."
    assert (failed["field"], failed["citation"], failed["hint"]) == ("rating", "II.9", "Sửa rating-ok.")
    assert pending["severity"] == "warning" and pending["message"].startswith("Chờ bổ sung thông tin: Kết quả xếp loại")
    assert code == 1


def test_one_of_missing_pending_only_when_declared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gender = "  gender-known:\n    block: one_of\n    field: gender\n    allowed: [nam, nu]\n" + texts("gender-known")
    _, report = check(tmp_path / "a", monkeypatch, gender, {"khong-ghi": PERSON, "co-ghi": with_(PERSON, gender="nu",
                                                                                                  name="Lê Thị Hoa")})
    assert verdicts(report) == {"khong-ghi": "eligible", "co-ghi": "eligible"}
    code, report = check(tmp_path / "b", monkeypatch, gender + "    missing: pending\n", {"khong-ghi": PERSON})
    assert verdicts(report) == {"khong-ghi": "pending"} and code == 0
    assert problems(report, "gender-known")[0]["message"] == (
        "Chờ bổ sung thông tin: Giới tính chưa có kết quả; hồ sơ được xét khi bổ sung.")


# --- is ----------------------------------------------------------------------------------------

def test_is_pass_fail_pending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  conduct:\n    block: is\n    fields: [conduct_ok]\n    value: true\n" + texts("conduct")
                + "  no-investigation:\n    block: is\n    fields: [pending_investigation]\n    value: false\n"
                + texts("no-investigation")
                + "  recognised:\n    block: is\n    fields: [initiative_recognised]\n    missing: pending\n"
                + texts("recognised"))
    code, report = check(tmp_path, monkeypatch, criteria, {
        "dat": with_(PERSON, initiative_recognised="true"),
        "khong-dat": with_(PERSON, name="Trần Thị Bình", conduct_ok="false", pending_investigation="true",
                           initiative_recognised="false"),
        "cho": with_(PERSON, name="Lê Văn Cường")})
    assert verdicts(report) == {"dat": "eligible", "khong-dat": "ineligible", "cho": "pending"}
    messages = {p["code"]: p["message"] for p in report["problems"] if p["severity"] == "error"}
    assert messages == {"conduct": "“Chấp hành kỷ luật, kỷ cương, đạo đức công vụ” phải là “có”.",
                        "no-investigation": "“Đang bị kiểm tra, thanh tra chưa kết luận” phải là “không”.",
                        "recognised": "“Sáng kiến được công nhận” phải là “có”."}
    [pending] = [p for p in report["problems"] if p["severity"] == "warning"]
    assert (pending["code"], pending["field"]) == ("recognised", "initiative_recognised")
    assert code == 1


# --- at_least ----------------------------------------------------------------------------------

def test_at_least_pass_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  two-items:\n    block: at_least\n    fields: [achievements, initiatives]\n    min: 2\n"
                + texts("two-items"))
    code, report = check(tmp_path, monkeypatch, criteria, {
        "dat": with_(PERSON, initiatives=[{"title": "Đặt lịch hẹn qua Zalo OA"}]),
        "khong-dat": with_(PERSON, name="Trần Thị Bình")})
    assert verdicts(report) == {"dat": "eligible", "khong-dat": "ineligible"}
    [failed] = problems(report, "two-items")
    assert failed["message"] == "Hồ sơ cần nêu ít nhất 2 mục thành tích hoặc sáng kiến, giải pháp."
    assert failed["field"] == "achievements" and code == 1


def test_at_least_one_is_the_example_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = "  some:\n    block: at_least\n    fields: [achievements, initiatives]\n" + texts("some")
    _, report = check(tmp_path, monkeypatch, criteria, {"trong": with_(PERSON, achievements=None)})
    assert problems(report, "some")[0]["message"] == "Hồ sơ chưa nêu thành tích hay sáng kiến, giải pháp nào."


# --- number ------------------------------------------------------------------------------------

def test_number_pass_fail_pending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  women:\n    block: number\n    field: female_share\n    min: 0.5\n    max: 1\n"
                "    missing: pending\n" + texts("women"))
    code, report = check(tmp_path / "a", monkeypatch, criteria, {
        "dat": with_(GROUP, female_share="0.6"),
        "khong-dat": with_(GROUP, name="UBND xã Long An", nominee_unit_id="xa-long-an", female_share="0.4")})
    assert verdicts(report) == {"dat": "eligible", "khong-dat": "ineligible"} and code == 1
    [failed] = problems(report, "women")
    assert (failed["message"], failed["field"]) == ("Tỷ lệ nữ phải từ 0,5 đến 1.", "female_share")
    code, report = check(tmp_path / "b", monkeypatch, criteria, {"cho": GROUP})
    assert verdicts(report) == {"cho": "pending"} and code == 0
    assert problems(report, "women")[0]["message"] == (
        "Chờ bổ sung thông tin: Tỷ lệ nữ chưa có kết quả; hồ sơ được xét khi bổ sung.")


def test_number_at_least_or_at_most(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  years:\n    block: number\n    field: consecutive_years\n    min: 2\n" + texts("years")
                + "  not-too-many:\n    block: number\n    field: consecutive_years\n    max: 10\n"
                + "    what: Số năm\n" + texts("not-too-many"))
    _, report = check(tmp_path, monkeypatch, criteria, {
        "mot-nam": with_(PERSON, consecutive_years="1"),
        "muoi-mot": with_(PERSON, name="Trần Thị Bình", consecutive_years="11"),
        "ba-nam": with_(PERSON, name="Lê Văn Cường", consecutive_years="3")})
    assert verdicts(report) == {"mot-nam": "ineligible", "muoi-mot": "ineligible", "ba-nam": "eligible"}
    assert {p["message"] for p in report["problems"]} == {
        "Số năm liên tục đạt Lao động tiên tiến phải từ 2 trở lên.", "Số năm phải không quá 10."}


# --- documents and a named criterion ---------------------------------------------------------

def test_documents_and_dossier_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  papers:\n    block: documents\n" + texts("papers")
                + "  pdf:\n    use: dossier-file\n    max_size_mib: 5\n" + texts("pdf"))
    code, report = check(tmp_path, monkeypatch, criteria, {
        "du": PERSON,
        "thieu": with_(PERSON, name="Trần Thị Bình", documents={**DOCUMENTS, "bien_ban": None}),
        "sai-tep": with_(PERSON, name="Lê Văn Cường", documents={**DOCUMENTS, "bien_ban": "dossier/khong-co.pdf"})})
    assert verdicts(report) == {"du": "eligible", "thieu": "ineligible", "sai-tep": "ineligible"}
    [missing] = problems(report, "papers")
    assert missing["message"] == "Thiếu tài liệu “Biên bản họp xét” (bien_ban)."
    [absent] = problems(report, "pdf")
    assert absent["message"] == "Tài liệu “Biên bản họp xét” (dossier/khong-co.pdf): không tìm thấy tệp."
    assert code == 1


# --- when ----------------------------------------------------------------------------------------

def test_when_by_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  groups-two-items:\n    block: at_least\n    when: {kind: collective}\n"
                "    fields: [achievements, initiatives]\n    min: 2\n" + texts("groups-two-items"))
    _, report = check(tmp_path, monkeypatch, criteria, {"ca-nhan": PERSON, "tap-the": GROUP})
    assert verdicts(report) == {"ca-nhan": "eligible", "tap-the": "ineligible"}


def test_when_by_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  csttcs-years:\n    block: number\n    field: consecutive_years\n    min: 3\n"
                "    when: {field: proposed_title, in: [chien_si_thi_dua_co_so]}\n" + texts("csttcs-years"))
    _, report = check(tmp_path, monkeypatch, criteria, {
        "ldtt": with_(PERSON, proposed_title="lao_dong_tien_tien", consecutive_years="1"),
        "csttcs": with_(PERSON, name="Trần Thị Bình", proposed_title="chien_si_thi_dua_co_so", consecutive_years="2"),
        "csttcs-du": with_(PERSON, name="Lê Văn Cường", proposed_title="chien_si_thi_dua_co_so",
                           consecutive_years="3")})
    assert verdicts(report) == {"ldtt": "eligible", "csttcs": "ineligible", "csttcs-du": "eligible"}


# --- misconfiguration ----------------------------------------------------------------------------

BROKEN = [
    ("unknown-block", "  x:\n    block: one_off\n    field: rating\n" + texts("x"), "criteria.x.block",
     "block: one_off"),
    ("unknown-field", "  x:\n    block: one_of\n    field: ratting\n    allowed: [hoan_thanh]\n" + texts("x"),
     "criteria.x.field", "field: ratting"),
    ("value-not-in-enum", "  x:\n    block: one_of\n    field: rating\n    allowed:\n      - hoan_thanh_tot\n"
     "      - xuat_sac\n" + texts("x"), "criteria.x.allowed[1]", "- xuat_sac"),
    ("unknown-not-in-enum", "  x:\n    block: one_of\n    field: rating\n    allowed: [hoan_thanh_tot]\n"
     "    unknown: [chua_biet]\n" + texts("x"), "criteria.x.unknown[0]", "unknown: [chua_biet]"),
    ("number-on-text", "  x:\n    block: number\n    field: position\n    min: 1\n" + texts("x"),
     "criteria.x.field", "field: position"),
    ("number-not-a-number", "  x:\n    block: number\n    field: consecutive_years\n    min: hai\n" + texts("x"),
     "criteria.x.min", "min: hai"),
    ("is-on-text", "  x:\n    block: is\n    fields: [rating]\n" + texts("x"), "criteria.x.fields[0]",
     "fields: [rating]"),
    ("missing-title", "  x:\n    block: documents\n    citation: V.3\n    explanation: a\n    hint: b\n",
     "criteria.x.title", "  x:"),
    ("missing-citation", "  x:\n    block: documents\n    title: a\n    explanation: a\n    hint: b\n",
     "criteria.x.citation", "  x:"),
    ("missing-hint", "  x:\n    block: documents\n    citation: V.3\n    title: a\n    explanation: a\n",
     "criteria.x.hint", "  x:"),
    ("missing-block-key", "  x:\n    block: one_of\n    allowed: [khong]\n" + texts("x"), "criteria.x.field", "  x:"),
    ("unknown-key", "  x:\n    block: documents\n    fields: [rating]\n" + texts("x"), "criteria.x.fields",
     "fields: [rating]"),
    ("bad-when", "  x:\n    block: documents\n    when: {title: lao_dong_tien_tien}\n" + texts("x"),
     "criteria.x.when", "when: {title"),
    ("when-unknown-field", "  x:\n    block: documents\n    when: {field: title, in: [a]}\n" + texts("x"),
     "criteria.x.when.field", "when: {field: title"),
    ("when-value-not-in-enum", "  x:\n    block: documents\n    when:\n      field: proposed_title\n"
     "      in: [lao_dong_xuat_sac]\n" + texts("x"), "criteria.x.when.in[0]", "in: [lao_dong_xuat_sac]"),
    ("missing-pending-on-documents", "  x:\n    block: documents\n    missing: pending\n" + texts("x"),
     "criteria.x.missing", "missing: pending"),
    ("block-and-use", "  x:\n    block: documents\n    use: dossier-file\n" + texts("x"), "criteria.x", "  x:"),
    ("unknown-named", "  x:\n    use: dossier-files\n" + texts("x"), "criteria.x.use", "use: dossier-files"),
    ("code-of-the-checker", "  unknown-field:\n    block: documents\n" + texts("unknown-field"),
     "criteria.unknown-field", "  unknown-field:"),
    ("kinds", "  x:\n    block: documents\n    kinds: [person]\n" + texts("x"), "criteria.x.kinds", "kinds: [person]"),
    ("field-of-one-kind-only", "  x:\n    block: one_of\n    kinds: [individual, collective]\n    field: rating\n"
     "    allowed: [hoan_thanh_tot]\n" + texts("x"), "criteria.x.field", "field: rating"),
]


@pytest.mark.parametrize("criteria, field, marker", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_misconfigured_criterion_is_a_config_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     criteria: str, field: str, marker: str) -> None:
    ok = "  fine:\n    block: one_of\n    field: rating\n    allowed: [hoan_thanh_xuat_sac]\n" + texts("fine")
    code, report = check(tmp_path, monkeypatch, ok + criteria, {"a": PERSON})
    text = (tmp_path / "repo" / CAMPAIGN).read_text(encoding="utf-8").splitlines()
    section = text.index("criteria:")
    line = next(i for i, row in enumerate(text, 1) if i > section + 9 and marker in row)
    [problem] = [p for p in problems(report, "config-invalid") if "field" in p]
    assert (problem["path"], problem["field"], problem["line"]) == (CAMPAIGN, field, line), problem
    assert problem["severity"] == "error" and problem["message"] and problem["hint"]
    assert code == 2
    # A campaign is not judged by criteria it cannot read, and nobody passes by default: its
    # nominations are left unjudged, and one problem says so.
    assert not problems(report, "fine") and verdicts(report) == {}
    assert any("chưa được kiểm tra" in p["message"] for p in problems(report, "config-invalid"))


def test_a_misconfigured_text_report_names_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path, "  x:\n    block: one_off\n" + texts("x"), {})
    run = thidua_in_process(root, "check", monkeypatch=monkeypatch)
    assert run.code == 2 and "config-invalid" in run.stdout and CAMPAIGN in run.stdout
    assert "Traceback" not in run.stderr


def test_every_misconfiguration_is_listed_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    criteria = ("  x:\n    block: number\n    field: position\n    min: 2\n    colour: red\n"
                "    citation: V\n    title: t\n    explanation: e\n")
    code, report = check(tmp_path, monkeypatch, criteria, {"a": PERSON})
    assert code == 2
    assert {p["field"] for p in problems(report, "config-invalid") if "field" in p} == {
        "criteria.x.field", "criteria.x.colour", "criteria.x.hint"}
