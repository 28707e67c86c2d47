"""Per-campaign fields (campaign.yaml `fields:`) and configuration problems (`config-invalid`)."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, base_repo, thidua

from site_builder.model.campaign import campaign_schemas
from site_builder.publish.templates.spreadsheet import csv_template

SECOND = "thu-nghiem-2025"
UNIT = "xa-long-an"
# The second campaign's own fields: one public, one private.
EXTRA_FIELDS = """
    - name: so_nam_lien_tuc
      type: integer
      title: Số năm liên tục đạt Lao động tiên tiến
      description: Số năm liền đạt danh hiệu, tính đến năm xét.
      constraints: {required: true, minimum: 0}
    - name: ghi_chu_rieng
      type: string
      title: Ghi chú riêng của đơn vị
      private: true
"""


def second_campaign(root: Path, extra: str = EXTRA_FIELDS) -> Path:
    """A copy of cchc-2024 named SECOND, whose individuals carry EXTRA_FIELDS too."""
    folder = root / "campaigns" / SECOND
    shutil.copytree(root / "campaigns" / "cchc-2024", folder)
    text = (folder / "campaign.yaml").read_text(encoding="utf-8").replace("id: cchc-2024", f"id: {SECOND}")
    text = text.replace("fields:\n  individual:\n", "fields:\n  individual:\n" + extra.strip("\n") + "\n", 1)
    (folder / "campaign.yaml").write_text(text, encoding="utf-8")
    return folder / "campaign.yaml"


def nomination(root: Path, campaign: str, slug: str, extra: str = "") -> Path:
    """The example Nguyễn Thị Thu Hà, moved into `campaign`, with `extra` lines."""
    text = (PROJECT / "submissions/cchc-2024/xa-long-an/nguyen-thi-thu-ha.yaml").read_text(encoding="utf-8")
    text = text.replace("campaign: cchc-2024", f"campaign: {campaign}").replace("gender: nu", "gender: nu\n" + extra)
    unit = root / "submissions" / campaign / UNIT
    (unit / "dossier").mkdir(parents=True, exist_ok=True)
    for pdf in (PROJECT / "submissions/cchc-2024/xa-long-an/dossier").iterdir():
        shutil.copy(pdf, unit / "dossier" / pdf.name)
    path = unit / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(run, code: str) -> list[dict]:
    return [p for p in run.json()["problems"] if p["code"] == code]


@pytest.fixture
def two(tmp_path: Path) -> Path:
    root = base_repo(tmp_path / "repo")
    second_campaign(root)
    assert thidua(root, "json-schemas").code == 0
    return root


def test_cchc_fields_come_from_its_campaign_in_the_old_order() -> None:
    base = json.loads((PROJECT / "schema/individual.schema.json").read_text(encoding="utf-8"))
    assert "rating" not in {f["name"] for f in base["fields"]}
    assert not any("2024" in f["title"] for kind in ("individual", "collective")
                   for f in json.loads((PROJECT / f"schema/{kind}.schema.json").read_text(encoding="utf-8"))["fields"])
    schemas = campaign_schemas(PROJECT, "cchc-2024")
    assert schemas["individual"].names == (
        "campaign", "unit_id", "slug", "name", "position", "employment_type", "cchc_role", "rating", "discipline",
        "conduct_ok", "achievements", "initiatives", "pending_investigation", "to_trinh", "bien_ban",
        "bao_cao_thanh_tich", "gender", "date_of_birth")
    assert schemas["collective"].names[4:9] == (
        "nominee_unit_id", "cchc_index_result", "internal_unity", "law_compliance", "leader_discipline")
    rating = schemas["individual"].by_name["rating"]
    assert rating.private and rating.required and rating.title == "Xếp loại năm 2024"
    assert rating.labels["hoan_thanh_tot"] == "Hoàn thành tốt nhiệm vụ"
    conduct = schemas["individual"].by_name["conduct_ok"]
    assert conduct.descriptor["trueValues"] == ["true"] and conduct.type == "boolean"


def test_a_campaign_field_is_known_in_its_campaign_only(two: Path) -> None:
    nomination(two, SECOND, "co-truong", "so_nam_lien_tuc: 3\nghi_chu_rieng: Chỉ đơn vị biết\n")
    nomination(two, "cchc-2024", "co-truong", "so_nam_lien_tuc: 3\n")
    run = thidua(two, "check", "--format", "json")
    assert run.code == 1, run.stdout + run.stderr
    unknown = problems(run, "unknown-field")
    assert [(p["path"], p["field"]) for p in unknown] == [
        (f"submissions/cchc-2024/{UNIT}/co-truong.yaml", "so_nam_lien_tuc")]
    verdicts = {n["id"]: n["verdict"] for n in run.json()["nominations"]}
    assert verdicts[f"{SECOND}/{UNIT}/co-truong"] == "eligible"
    assert "Chỉ đơn vị biết" not in run.stdout  # a private value is never quoted back


def test_a_campaign_field_is_checked_against_its_descriptor(two: Path) -> None:
    nomination(two, SECOND, "thieu")  # the required field is missing
    nomination(two, SECOND, "am", "so_nam_lien_tuc: -1\n")
    run = thidua(two, "check", "--format", "json")
    found = {(p["path"].rsplit("/", 1)[1], p["code"], p["field"]) for p in run.json()["problems"]}
    assert ("thieu.yaml", "missing-field", "so_nam_lien_tuc") in found
    assert ("am.yaml", "invalid-value", "so_nam_lien_tuc") in found


def test_templates_follow_the_campaign(two: Path) -> None:
    for campaign, name in ((SECOND, "Lê Văn Mới"), ("cchc-2024", "Lê Văn Cũ")):
        run = thidua(two, "new", "individual", "--unit", UNIT, "--name", name, "--campaign", campaign)
        assert run.code == 0, run.stderr
    new = (two / f"submissions/{SECOND}/{UNIT}/le-van-moi.yaml").read_text(encoding="utf-8")
    old = (two / f"submissions/cchc-2024/{UNIT}/le-van-cu.yaml").read_text(encoding="utf-8")
    assert "so_nam_lien_tuc:" in new and "Số năm liên tục đạt Lao động tiên tiến" in new
    assert "so_nam_lien_tuc" not in old
    assert new.index("so_nam_lien_tuc:") < new.index("achievements:")
    header = csv_template(campaign_schemas(two, SECOND)["individual"]).decode("utf-8-sig")
    assert "Số năm liên tục đạt Lao động tiên tiến" in header and "Ghi chú riêng của đơn vị" in header
    assert "Số năm liên tục" not in csv_template(campaign_schemas(two, "cchc-2024")["individual"]).decode("utf-8-sig")
    # The same header in an Excel-style CSV reads back into the campaign's field.
    unit = two / f"submissions/{SECOND}/{UNIT}"
    spec = campaign_schemas(two, SECOND)["individual"]
    values = {"name": "Phạm Thị Cúc", "position": "Công chức", "so_nam_lien_tuc": "4", "employment_type": "Công chức",
              "cchc_role": "thuc_hien", "rating": "hoan_thanh_tot", "discipline": "khong", "conduct_ok": "có",
              "achievements": "Thành tích", "pending_investigation": "không", "to_trinh": "dossier/to-trinh.pdf",
              "bien_ban": "dossier/bien-ban-hop-xet.pdf", "bao_cao_thanh_tich": "dossier/bao-cao-nguyen-thi-thu-ha.pdf"}
    titles = next(csv.reader(io.StringIO(header)))
    by_title = {f.title: f.name for f in spec.fields}
    buffer = io.StringIO()
    csv.writer(buffer).writerow([values.get(by_title[t], "") for t in titles])
    (unit / "individuals.csv").write_text(header + buffer.getvalue(), encoding="utf-8")
    run = thidua(two, "check", "--format", "json", f"submissions/{SECOND}/{UNIT}/individuals.csv")
    assert not [p for p in run.json()["problems"] if p["code"] in ("unknown-field", "invalid-value")], run.stdout


def test_a_change_of_a_campaign_field_invalidates_the_cache(two: Path) -> None:
    nomination(two, SECOND, "co-truong", "so_nam_lien_tuc: 3\n")
    first = thidua(two, "check", "--format", "json")
    assert not problems(first, "invalid-value"), first.stdout
    assert (two / ".thidua-cache/check-v1.pickle").is_file()
    path = two / "campaigns" / SECOND / "campaign.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{required: true, minimum: 0}",
                                                             "{required: true, minimum: 5}"), encoding="utf-8")
    again = thidua(two, "check", "--format", "json")
    assert [p["field"] for p in problems(again, "invalid-value")] == ["so_nam_lien_tuc"], again.stdout


@pytest.mark.slow
def test_a_private_campaign_field_stays_off_the_site_and_open_data(two: Path, tmp_path: Path) -> None:
    nomination(two, SECOND, "co-truong", "so_nam_lien_tuc: 3\nghi_chu_rieng: Bí mật nội bộ XYZ\n")
    out = tmp_path / "site"
    run = thidua(two, "build", "--out", str(out), timeout=300)
    assert run.code == 0, run.stderr
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
             if p.is_file() and p.suffix in (".html", ".json", ".csv", ".js", ".yaml", ".md")]
    assert not any("Bí mật nội bộ XYZ" in t for t in texts)
    package = json.loads((out / "du-lieu/datapackage.json").read_text(encoding="utf-8"))
    columns = {f["name"] for r in package["resources"] if r["name"] == "nominations" for f in r["schema"]["fields"]}
    assert "so_nam_lien_tuc" in columns and "ghi_chu_rieng" not in columns and "rating" not in columns
    page = (out / f"{SECOND}/ho-so/{UNIT}/co-truong/index.html").read_text(encoding="utf-8")
    assert "Số năm liên tục đạt Lao động tiên tiến" in page and "Ghi chú riêng" not in page


# --- configuration problems ----------------------------------------------------------------------


def _broken(root: Path, old: str, new: str) -> None:
    path = root / "campaigns" / SECOND / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(root: Path, pattern: str) -> int:
    lines = (root / "campaigns" / SECOND / "campaign.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if re.search(pattern, line))


BROKEN = {
    # name: (replace, with, field, pattern of the expected line)
    "yaml-syntax": ("short_title: Thi đua", "short_title: [Thi đua", None, r"^short_title"),
    "missing-deadline": ("  before: \"2025-01-10\"\n", "", "deadline.before", r"^deadline:"),
    "bad-date": ("  end: \"2024-12-31\"", "  end: \"2024-12-32\"", "period.end", r"^  end:"),
    "bad-type": ("      type: integer", "      type: so", "fields.individual[0].type", r"type: so"),
    "enum-not-a-list": ("      title: Ghi chú riêng của đơn vị", "      title: Ghi chú riêng của đơn vị\n"
                        "      constraints: {enum: mot_gia_tri}", "fields.individual[1].constraints.enum",
                        r"enum: mot_gia_tri"),
    "private-not-boolean": ("      private: true\n", "      private: có lẽ\n", "fields.individual[1].private",
                            r"private: có lẽ"),
    "clash-with-base": ("    - name: ghi_chu_rieng", "    - name: position", "fields.individual[1].name",
                        r"name: position"),
    "duplicate-name": ("    - name: ghi_chu_rieng", "    - name: so_nam_lien_tuc", "fields.individual[1].name", ""),
    "id-mismatch": (f"id: {SECOND}", "id: khac-2025", "id", r"^id:"),
    "vote-threshold": ("vote_threshold: 0.5", "vote_threshold: quá nửa", "review.vote_threshold", r"vote_threshold"),
    "form-unknown": ("    individual: nd98-2023/pl1-mau-03", "    individual: khong-co-mau",
                     "documents.forms.individual", r"individual: khong-co-mau"),
    "timeline-date": ('  - date: "2025-01-20"', '  - date: "20/01/2025"', "timeline[3].date", r'date: "20/01/2025"'),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_campaign_yaml_is_a_problem_with_its_line(two: Path, case: str) -> None:
    old, new, field_name, pattern = BROKEN[case]
    _broken(two, old, new)
    nomination(two, SECOND, "khong-xet")
    nomination(two, "cchc-2024", "sai", "mot_truong_la: 1\n")  # the other campaign is still checked
    run = thidua(two, "check", "--format", "json")
    assert run.code == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    config = problems(run, "config-invalid")
    where = f"campaigns/{SECOND}/campaign.yaml"
    assert config and all(p["path"] == where and p["severity"] == "error" and p["hint"] for p in config)
    told = [p for p in config if p.get("field") == field_name and "chưa được kiểm tra" not in p["message"]]
    assert told, config
    if case == "duplicate-name":  # the second declaration of the name
        lines = (two / "campaigns" / SECOND / "campaign.yaml").read_text(encoding="utf-8").splitlines()
        expected = [i for i, line in enumerate(lines, start=1) if "- name: so_nam_lien_tuc" in line][1]
    else:
        expected = _line(two, pattern)
    if case == "yaml-syntax":  # where the parser finds the bracket unclosed: the next line
        expected += 1
        assert f"dòng {expected}" in told[0]["message"]
    assert told[0]["line"] == expected, told
    assert any("chưa được kiểm tra" in p["message"] for p in config)  # its nominations: not judged, and told
    ids = {n["id"] for n in run.json()["nominations"]}
    assert f"cchc-2024/{UNIT}/sai" in ids and not any(i.startswith(SECOND) for i in ids)
    assert any(p["field"] == "mot_truong_la" for p in problems(run, "unknown-field"))


def test_configuration_problems_in_every_format(two: Path) -> None:
    _broken(two, "  end: \"2024-12-31\"", "  end: \"ngay-mai\"")
    line = _line(two, r"^  end:")
    text = thidua(two, "check")
    assert text.code == 2 and f"campaigns/{SECOND}/campaign.yaml" in text.stdout and "period.end" in text.stdout
    github = thidua(two, "check", "--format", "github")
    assert github.code == 2
    assert f"file=campaigns/{SECOND}/campaign.yaml,line={line}" in github.stdout, github.stdout
    # Out of a path's scope, still told: nothing is judged until it is fixed.
    scoped = thidua(two, "check", "--format", "json", "submissions/cchc-2024/")
    assert scoped.code == 2 and problems(scoped, "config-invalid")
    build = thidua(two, "build", "--out", str(two / "site"))
    assert build.code == 2 and "period.end" not in build.stdout and "campaign.yaml" in build.stderr
    assert "Traceback" not in build.stderr
    new = thidua(two, "new", "individual", "--unit", UNIT, "--name", "A B", "--campaign", SECOND)
    assert new.code == 2 and f"campaigns/{SECOND}/campaign.yaml:{line}" in new.stderr and "Traceback" not in new.stderr


# --- JSON Schemas of nomination YAML files -------------------------------------------------------

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def validates(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_committed_json_schemas_are_fresh() -> None:
    from site_builder.check.discover import load_repository
    from site_builder.check.findings import Findings
    from site_builder.check.rules.json_schemas import rendered
    from site_builder.model.schema import load_schemas

    inputs, _ = load_repository(PROJECT, load_schemas(PROJECT), Findings())
    expected = rendered(inputs.schemas, inputs.campaigns)
    assert {f"schema/json/cchc-2024/{kind}.schema.json" for kind in ("individual", "collective")} <= set(expected)
    committed = {p.relative_to(PROJECT).as_posix() for p in (PROJECT / "schema/json").glob("*/*.schema.json")}
    assert committed == set(expected), "run: thidua json-schemas"
    for rel, text in expected.items():
        assert (PROJECT / rel).read_text(encoding="utf-8") == text, f"{rel} is stale: run thidua json-schemas"


def test_a_stale_or_missing_json_schema_is_reported(two: Path) -> None:
    _broken(two, "      title: Ghi chú riêng của đơn vị", "      title: Ghi chú của đơn vị")
    (two / "schema/json/cchc-2024/collective.schema.json").unlink()
    run = thidua(two, "check", "--format", "json")
    assert run.code == 1
    stale = {p["path"]: p for p in problems(run, "json-schema-stale")}
    assert set(stale) == {f"schema/json/{SECOND}/individual.schema.json",
                          "schema/json/cchc-2024/collective.schema.json"}
    assert "thidua json-schemas" in stale["schema/json/cchc-2024/collective.schema.json"]["hint"]
    assert thidua(two, "json-schemas").code == 0
    assert not problems(thidua(two, "check", "--format", "json"), "json-schema-stale")


def test_json_schemas_accept_every_example_and_reject_wrong_files(two: Path, tmp_path: Path) -> None:
    assert len(sorted((PROJECT / "submissions").rglob("*.yaml"))) >= 10
    for campaign in sorted((PROJECT / "submissions").iterdir()):  # each against its campaign's schemas
        examples = sorted(campaign.rglob("*.yaml"))
        for kind in ("individual", "collective"):
            files = [p for p in examples if f"kind: {kind}" in p.read_text(encoding="utf-8")]
            done = validates(PROJECT / f"schema/json/{campaign.name}/{kind}.schema.json", *files)
            assert files and done.returncode == 0, done.stdout + done.stderr
    example = PROJECT / "submissions/cchc-2024/xa-long-an/nguyen-thi-thu-ha.yaml"
    # What the checker accepts beside the codes: Vietnamese labels, có/không, dd/mm/yyyy.
    labelled = tmp_path / "nhan.yaml"
    labelled.write_text(example.read_text(encoding="utf-8")
                        .replace("employment_type: cong_chuc", "employment_type: Công chức")
                        .replace("conduct_ok: true", "conduct_ok: có")
                        .replace("date_of_birth: 1988-03-14", "date_of_birth: 14/03/1988"), encoding="utf-8")
    individual = PROJECT / "schema/json/cchc-2024/individual.schema.json"
    assert "Công chức" in labelled.read_text(encoding="utf-8")
    assert validates(individual, labelled).returncode == 0
    for old, new in (("rating: hoan_thanh_xuat_sac", "rating: gioi"), ("conduct_ok: true", "conduct_ok: co the"),
                     ("kind: individual", "kind: collective"), ("gender: nu", "gender: nu\nxep_hang: 1"),
                     ("  to_trinh:", "  to_trinh_2:"), ("name: Nguyễn Thị Thu Hà\n", "")):
        wrong = tmp_path / "sai.yaml"
        wrong.write_text(example.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert old in example.read_text(encoding="utf-8"), old
        assert validates(individual, wrong).returncode == 1, (old, new)
    # The second campaign's own field: in its schema, not in cchc-2024's.
    own = nomination(two, SECOND, "co-truong", "so_nam_lien_tuc: 3\n")
    assert validates(two / f"schema/json/{SECOND}/individual.schema.json", own).returncode == 0
    assert validates(two / "schema/json/cchc-2024/individual.schema.json", own).returncode == 1


def test_yaml_templates_point_at_their_json_schema(two: Path) -> None:
    for kind in ("individual", "collective"):
        run = thidua(two, "new", kind, "--unit", UNIT, "--name", f"Mẫu {kind}", "--campaign", SECOND)
        assert run.code == 0, run.stderr
        path = two / f"submissions/{SECOND}/{UNIT}/mau-{kind}.yaml"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../../schema/json/{SECOND}/{kind}.schema.json"
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def test_a_name_private_in_one_campaign_is_private_in_all() -> None:
    from site_builder.model.nomination import Nomination
    from site_builder.model.schema import SAMPLE_DATE, load_schemas
    from site_builder.publish.public import public_value

    note = {"name": "ghi_chu", "type": "string", "title": "Ghi chú"}
    schemas = load_schemas(PROJECT).with_campaigns({"a": ({"individual": ({**note, "private": True},)}, SAMPLE_DATE),
                                                    "b": ({"individual": (note,)}, SAMPLE_DATE)})
    assert schemas.of("a")["individual"].by_name["ghi_chu"].private
    assert not schemas.of("b")["individual"].by_name["ghi_chu"].private
    assert "ghi_chu" in schemas.private_fields
    n = Nomination("b", "don-vi", "ho-so", "", "yaml", "individual", values={"ghi_chu": "x", "position": "y"})
    assert public_value(n, schemas, "ghi_chu") is None and public_value(n, schemas, "position") == "y"
