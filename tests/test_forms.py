"""Forms as data (site_builder.model.forms): the catalogue, the campaign's choice
(`documents.forms`), its configuration problems, and documents that follow a Decree 152/2025 form."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, base_repo
from test_documents import all_text

from site_builder.check.pipeline import run_check
from site_builder.model.campaign import load_campaign
from site_builder.model.forms.catalogue import BY_ID, FORMS
from site_builder.model.forms.choice import chosen, citations, form_problems
from site_builder.publish.documents.render import REPORTS, TO_TRINH, proposed_nominations, write_documents

CAMPAIGN = "cchc-2024"
TODAY = dt.date(2025, 8, 15)
PLAN_FORM = "      plan_form: Mẫu số 07 kèm theo Nghị định số 91/2017/NĐ-CP\n"
CHOSEN_98 = """  forms:
    collective: nd98-2023/pl1-mau-02
    individual: nd98-2023/pl1-mau-03
    to_trinh: nd30-2020/to-trinh
"""


def campaign_repo(root: Path, forms: str, *, replace: dict[str, str] | None = None,
                  reviews: bool = False) -> Path:
    """The example repository with campaign.yaml's `documents.forms` (and other lines) replaced."""
    base_repo(root, examples=reviews)
    folder = root / "campaigns" / CAMPAIGN
    if reviews:
        for name in ("appraisals.csv", "votes.csv", "decision.yaml"):
            shutil.copy(PROJECT / "campaigns" / CAMPAIGN / name, folder / name)
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    assert CHOSEN_98 in text
    text = text.replace(CHOSEN_98, forms)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


def line_of(root: Path, needle: str) -> int:
    lines = (root / "campaigns" / CAMPAIGN / "campaign.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_catalogue_is_consistent() -> None:
    assert len(BY_ID) == len(FORMS)
    for form in FORMS:
        assert form.id == form.id.strip().lower() and "/" in form.id
        assert form.kinds and form.title and form.decree.endswith("/NĐ-CP")
        if "to_trinh" in form.kinds:
            assert form.kinds == {"to_trinh"} and not form.blocks and form.contents
        else:
            assert set(form.blocks) == set(form.kinds) == set(form.signatures), form.id
            for kind in form.kinds:
                kinds = [b.kind for b in form.blocks[kind]]
                assert kinds[0] == "section" and "awards" in kinds, form.id
    # Decree 152/2025: the Tờ trình is Mẫu số 01 (art. 33(11)); the reports' numbers were not seen.
    assert BY_ID["nd152-2025/mau-01"].citation() == "Mẫu số 01, Phụ lục kèm theo Nghị định số 152/2025/NĐ-CP"
    reports_152 = [f for f in FORMS if f.decree == "152/2025/NĐ-CP" and "to_trinh" not in f.kinds]
    assert reports_152 and all(f.number is None and "chưa đối chiếu" in f.note for f in reports_152)
    assert BY_ID["nd152-2025/chuyen-de"].citation() == (
        "mẫu báo cáo thành tích đề nghị khen thưởng thi đua theo chuyên đề tại Phụ lục kèm theo "
        "Nghị định số 152/2025/NĐ-CP")
    assert BY_ID["nd152-2025/chuyen-de"].citation("07") == "Mẫu số 07, Phụ lục kèm theo Nghị định số 152/2025/NĐ-CP"
    assert BY_ID["nd98-2023/pl1-mau-02"].citation("09") == "Mẫu số 02, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP"


def test_example_chooses_decree_98_forms() -> None:
    campaign = load_campaign(PROJECT, CAMPAIGN)
    assert form_problems(campaign) == []
    assert citations(campaign.data) == {
        "collective": "Mẫu số 02, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP",
        "individual": "Mẫu số 03, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP",
    }
    report = next(d for d in campaign.documents if d.key == "bao_cao_thanh_tich")
    assert report.forms == citations(campaign.data)             # the plan page lists them
    assert all(not d.forms for d in campaign.documents if d.key != "bao_cao_thanh_tich")
    to_trinh = chosen(campaign.data, "to_trinh")
    assert to_trinh is not None and to_trinh.form.id == "nd30-2020/to-trinh"


def test_form_problems_name_line_and_field(tmp_path: Path) -> None:
    forms = """  forms:
    collective: nd98-2023/pl1-mau-03
    individual: nd99-2099/khong-co
    to_trinh:
      id: nd152-2025/mau-01
      number: "02"
    group: nd98-2023/pl1-mau-02
  report_fields:
    collective:
      ket_qua:
        - field: cchc_index_result
    individual:
      duties:
        - text: Thiếu tên trường.
"""
    root = campaign_repo(tmp_path / "repo", forms, replace={
        "  report_fields:\n    collective:\n      results:": "  other_fields:\n    collective:\n      results:",
        PLAN_FORM: PLAN_FORM + "      forms:\n        collective: Mẫu số 02\n"})
    campaign = load_campaign(root, CAMPAIGN)
    problems = form_problems(campaign)
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {
        "documents.forms.collective", "documents.forms.individual", "documents.forms.to_trinh.number",
        "documents.forms.group", "documents.report_fields.individual.duties.0",
        "documents.required.2.forms",
    }, [p.to_dict() for p in problems]
    assert all(p.code == "config-invalid" and p.severity == "error" for p in problems)
    assert all(p.path == "campaigns/cchc-2024/campaign.yaml" and p.message and p.hint for p in problems)
    wrong_kind = by_field["documents.forms.collective"]
    assert wrong_kind.line == line_of(root, "collective: nd98-2023/pl1-mau-03")
    assert "dùng cho cá nhân, không dùng cho tập thể" in wrong_kind.message
    assert "nd98-2023/pl1-mau-02" in wrong_kind.hint and "nd152-2025/cong-trang-tap-the" in wrong_kind.hint
    unknown = by_field["documents.forms.individual"]
    assert unknown.line == line_of(root, "nd99-2099/khong-co")
    assert unknown.message == "Mẫu 'nd99-2099/khong-co' không có trong danh mục mẫu."
    number = by_field["documents.forms.to_trinh.number"]
    assert number.line == line_of(root, 'number: "02"') and "Mẫu số 01" in number.message
    assert by_field["documents.forms.group"].line == line_of(root, "group: nd98-2023")
    assert by_field["documents.report_fields.individual.duties.0"].line == line_of(root, "- text: Thiếu tên trường.")
    assert by_field["documents.required.2.forms"].line == line_of(root, "      forms:")
    # The collective choice is wrong, so its slots cannot be judged: no problem about 'ket_qua' yet.
    assert not any("ket_qua" in (p.field or "") for p in problems)
    # A wrong choice cites no form, and the documents fall back to the layout without a form.
    assert chosen(campaign.data, "collective") is None and chosen(campaign.data, "individual") is None


def test_slot_must_exist_in_the_chosen_form(tmp_path: Path) -> None:
    forms = CHOSEN_98 + "  report_fields:\n    collective:\n      ket_qua: [{field: cchc_index_result}]\n"
    root = campaign_repo(tmp_path / "repo", forms, replace={
        "  report_fields:\n    collective:\n      results:": "  other_fields:\n    collective:\n      results:"})
    problems = form_problems(load_campaign(root, CAMPAIGN))
    assert [(p.field, p.line) for p in problems] == [
        ("documents.report_fields.collective.ket_qua", line_of(root, "ket_qua: [{field"))]
    assert "không có chỗ 'ket_qua'" in problems[0].message and "results, compliance" in problems[0].hint


def test_report_fields_name_the_campaign_fields(tmp_path: Path) -> None:
    result = run_check(PROJECT)
    campaign = result.campaigns[CAMPAIGN]
    names = {kind: {f.name for f in result.schemas[kind].fields} for kind in ("individual", "collective")}
    assert form_problems(campaign, names) == []
    names["individual"].discard("cchc_role")
    problems = form_problems(campaign, names)
    assert [(p.field, p.line) for p in problems] == [
        ("documents.report_fields.individual.duties.0.field", campaign.line_of(
            "documents", "report_fields", "individual", "duties", 0, "field"))]
    assert problems[0].message == "Trường 'cchc_role' không có trong hồ sơ cá nhân của đợt thi đua."


def test_without_a_chosen_form_reports_cite_none(tmp_path: Path) -> None:
    root = campaign_repo(tmp_path / "repo", "", reviews=True)
    result = run_check(root)
    assert form_problems(result.campaigns[CAMPAIGN]) == []
    written = write_documents(result, CAMPAIGN, tmp_path / "out", today=TODAY)
    for path in written[2:]:
        text = all_text(path)
        assert "(Theo " not in text and "Ghi chú: Kế hoạch dẫn" not in text, path.name
        assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text and "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text


def test_wrong_shapes(tmp_path: Path) -> None:
    root = campaign_repo(tmp_path / "repo", "  forms: nd98-2023/pl1-mau-02\n")
    problems = form_problems(load_campaign(root, CAMPAIGN))
    assert [p.field for p in problems] == ["documents.forms"]
    assert problems[0].line == line_of(root, "forms: nd98-2023/pl1-mau-02")


FORMS_152 = """  forms:
    collective: nd152-2025/chuyen-de
    individual:
      id: nd152-2025/chuyen-de
      number: "07"
    to_trinh: nd152-2025/mau-01
"""
SETTING_152 = {
    "  name: Giấy khen\n  giver: Chủ tịch UBND huyện Long Thành\n":
    "  name: Bằng khen thử nghiệm\n  giver: Chủ tịch UBND xã Hòa Bình Thử\n",
    "  place: Long Thành\n": "  place: Hòa Bình Thử\n",
    "  - Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Thi đua, khen thưởng\n":
    "  - Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ về thi đua, khen thưởng\n",
    "  signer_title: Trưởng phòng\n": "  signer_title: Chánh Văn phòng\n  signer: Trần Văn Thử\n",
}


@pytest.fixture(scope="module")
def written_152(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], object]:
    root = campaign_repo(tmp_path_factory.mktemp("repo152") / "repo", FORMS_152, replace=SETTING_152, reviews=True)
    result = run_check(root)
    assert form_problems(result.campaigns[CAMPAIGN]) == []
    return write_documents(result, CAMPAIGN, tmp_path_factory.mktemp("out152"), today=TODAY), result


def test_decree_152_reports_cite_their_form(written_152) -> None:
    written, result = written_152
    kinds = {f"{n.unit_id}--{n.slug}.docx": n.kind for n in proposed_nominations(result, CAMPAIGN)}
    seen = set()
    for path in written:
        if path.parent.name != REPORTS:
            continue
        text = all_text(path)
        kind = kinds[path.name]
        seen.add(kind)
        if kind == "collective":      # no number in the catalogue, none given: the decree's own words
            assert ("(Theo mẫu báo cáo thành tích đề nghị khen thưởng thi đua theo chuyên đề tại Phụ lục "
                    "kèm theo Nghị định số 152/2025/NĐ-CP)") in text, path.name
        else:                         # the number the campaign gave
            assert "(Theo Mẫu số 07, Phụ lục kèm theo Nghị định số 152/2025/NĐ-CP)" in text, path.name
        assert "98/2023" not in text
        assert ("Nghị định số 91/2017/NĐ-CP đã được thay thế bởi Nghị định số 152/2025/NĐ-CP" in text), path.name
        assert "Đề nghị tặng Bằng khen thử nghiệm của Chủ tịch UBND xã Hòa Bình Thử" in text
        assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text and "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
    assert seen == {"collective", "individual"}


def test_decree_152_to_trinh_takes_the_campaign_setting(written_152) -> None:
    written, result = written_152
    text = all_text(written[0])
    assert written[0].name == TO_TRINH
    assert "Hòa Bình Thử, ngày … tháng … năm 20…" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ về thi đua, khen thưởng;" in text
    assert "98/2023" not in text
    assert "đề nghị Chủ tịch UBND xã Hòa Bình Thử tặng Bằng khen thử nghiệm" in text
    assert "CHÁNH VĂN PHÒNG" in text and "Trần Văn Thử" in text and "TRƯỞNG PHÒNG" not in text
