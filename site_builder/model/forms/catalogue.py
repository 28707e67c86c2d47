"""The catalogue of forms a campaign can choose (campaign.yaml `documents.forms`), by id.

Decree 98/2023/NĐ-CP: the achievement reports the documents have followed so far,
Mẫu số 02 (collective) and Mẫu số 03 (individual) of Phụ lục I, as the example campaign
cited them; their blocks are the sections and fill-in lines the reports have carried. Their
titles here are short descriptions (only the number is printed), not re-read from the decree.
The secretariat's Tờ trình has no commendation form under Decree 98/2023 in these documents:
it is an administrative document with a type name (Decree 30/2020/NĐ-CP, Phụ lục I layout).

Decree 152/2025/NĐ-CP (14/6/2025, in force 01/7/2025, art. 59; it ends Decree 98/2023),
checked against its text as published on vbpl.vn (copy read: leanhvu-ktnn/DANANG_CQ2Cap_KTNN,
04-Vanbanquydinh/TW/Nghi_dinh/2025/152-2025-NĐ-CP/toan-van.md):
- art. 33(11): "Các nội dung chi tiết của Tờ trình đề nghị khen thưởng thực hiện theo Mẫu số 01
  của Phụ lục kèm theo Nghị định này" (contents: căn cứ pháp lý; nội dung, hình thức, thành tích
  đề nghị khen thưởng; ý kiến của cơ quan, địa phương liên quan; ý kiến thẩm định);
- art. 33(9): "Báo cáo thành tích … thể hiện theo mẫu tại Phụ lục kèm theo Nghị định này"
  (one appendix, "Phụ lục", no Roman numeral), without naming the report forms' numbers;
- art. 33(6): "Văn bản xác nhận theo Mẫu số 13 của Phụ lục".
The report forms' titles come from a secondary list of the appendix ("11 mẫu báo cáo thành
tích theo Nghị định 152/2025", thuvienphapluat.vn, copy in tnt305/tai_lieu_noi_bo); their
numbers and their sections were NOT seen: `number` is None (the campaign may give it) and
the blocks are those of Decree 98/2023's reports, for the unit to complete from the appendix.
Art. 6(2)(c) leaves the dossier of Giấy khen, Lao động tiên tiến, Chiến sĩ thi đua cơ sở and
Tập thể lao động tiên tiến to the ministry or province: such a campaign cites its rule in
`legal_basis` and may give the form number it prescribes.
"""
from __future__ import annotations

from site_builder.model.forms.form import Block, Form, Kind, Signature

_AWARDS = (
    Block("heading", "1. Danh hiệu thi đua"),
    Block("awards", columns=("Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định công nhận danh hiệu "
                                                          "thi đua; cơ quan ban hành quyết định")),
    Block("heading", "2. Hình thức khen thưởng"),
    Block("awards", columns=("Năm", "Hình thức khen thưởng", "Số, ngày, tháng, năm của quyết định khen thưởng; "
                                                              "cơ quan ban hành quyết định")),
)

COLLECTIVE_BLOCKS = (
    Block("section", "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"),
    Block("heading", "1. Đặc điểm, tình hình"),
    Block("field", "Tên tập thể", "name"),
    Block("field", "Trực thuộc", "parent"),
    Block("field", "Đơn vị đề nghị khen thưởng", "proposing_unit"),
    Block("field", "Địa điểm trụ sở chính, điện thoại; địa chỉ trang tin điện tử"),
    Block("field", "Quá trình thành lập và phát triển"),
    Block("field", "Những đặc điểm chính (cơ cấu tổ chức, cơ sở vật chất, tổng số cán bộ, công chức, "
                   "viên chức, người lao động)"),
    Block("field", source="female_share"),
    Block("heading", "2. Chức năng, nhiệm vụ"),
    Block("blank"),
    Block("section", "II. THÀNH TÍCH ĐẠT ĐƯỢC"),
    Block("heading", "1. Kết quả thực hiện nhiệm vụ được giao"),
    Block("items", source="slot:results"),
    Block("items", source="achievements"),
    Block("blank"),
    Block("heading", "2. Những biện pháp hoặc nguyên nhân đạt được thành tích; các sáng kiến, giải pháp, "
                     "đổi mới công tác quản lý"),
    Block("items", source="initiatives"),
    Block("blank"),
    Block("heading", "3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước"),
    Block("items", source="slot:compliance"),
    Block("blank"),
    Block("heading", "4. Hoạt động của tổ chức đảng, đoàn thể"),
    Block("blank"),
    Block("section", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
    *_AWARDS,
)

INDIVIDUAL_BLOCKS = (
    Block("section", "I. SƠ LƯỢC LÝ LỊCH"),
    Block("field", "Họ và tên", "name"),
    Block("field", "Đơn vị công tác", "unit"),
    Block("field", "Chức vụ (Đảng, chính quyền, đoàn thể)", "position"),
    Block("field", "Trình độ chuyên môn, nghiệp vụ"),
    Block("field", "Học hàm, học vị, danh hiệu, giải thưởng"),
    Block("section", "II. THÀNH TÍCH ĐẠT ĐƯỢC"),
    Block("heading", "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận"),
    Block("items", source="position"),
    Block("items", source="slot:duties", lower=True),
    Block("blank"),
    Block("heading", "2. Thành tích đạt được của cá nhân"),
    Block("items", source="achievements"),
    Block("items", "Sáng kiến, giải pháp:", "initiatives"),
    Block("blank"),
    Block("section", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG (nếu có)"),
    *_AWARDS,
)

COLLECTIVE_SIGNATURE = Signature(("THỦ TRƯỞNG ĐƠN VỊ",), "(Ký, đóng dấu)", False,
                                 ("THỦ TRƯỞNG CƠ QUAN", "CẤP TRÊN TRỰC TIẾP", "NHẬN XÉT, XÁC NHẬN"), "(Ký, đóng dấu)")
INDIVIDUAL_SIGNATURE = Signature(("NGƯỜI BÁO CÁO THÀNH TÍCH",), "(Ký, ghi rõ họ và tên)", True,
                                 ("THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ"), "(Ký, đóng dấu)")
# Both kinds: for forms that serve both, and for a campaign that chose no form (no form cited).
BOTH_BLOCKS: dict[Kind, tuple[Block, ...]] = {"collective": COLLECTIVE_BLOCKS, "individual": INDIVIDUAL_BLOCKS}
BOTH_SIGNATURES: dict[Kind, Signature] = {"collective": COLLECTIVE_SIGNATURE, "individual": INDIVIDUAL_SIGNATURE}

_ND98 = "98/2023/NĐ-CP"
_ND152 = "152/2025/NĐ-CP"
_UNSEEN = ("Số mẫu và bố cục chưa đối chiếu được với Phụ lục của Nghị định: số mẫu do đợt thi đua ghi "
           "(documents.forms.<loại>.number); bố cục tạm theo mẫu tương ứng của Nghị định số 98/2023/NĐ-CP, "
           "đơn vị hoàn thiện theo mẫu của Phụ lục.")

FORMS: tuple[Form, ...] = (
    Form("nd98-2023/pl1-mau-02", _ND98, "Phụ lục I", "02",
         "Báo cáo thành tích đề nghị khen thưởng cho tập thể", frozenset({"collective"}),
         {"collective": COLLECTIVE_BLOCKS}, {"collective": COLLECTIVE_SIGNATURE},
         note="Mẫu báo cáo thành tích của tập thể mà các văn bản đã dùng từ trước."),
    Form("nd98-2023/pl1-mau-03", _ND98, "Phụ lục I", "03",
         "Báo cáo thành tích đề nghị khen thưởng cho cá nhân", frozenset({"individual"}),
         {"individual": INDIVIDUAL_BLOCKS}, {"individual": INDIVIDUAL_SIGNATURE},
         note="Mẫu báo cáo thành tích của cá nhân mà các văn bản đã dùng từ trước."),
    Form("nd30-2020/to-trinh", "30/2020/NĐ-CP", "Phụ lục I", None,
         "Tờ trình (văn bản hành chính có tên loại)", frozenset({"to_trinh"}),
         contents=("Căn cứ", "Kết quả tổ chức thi đua, tiếp nhận và thẩm định hồ sơ", "Đề nghị khen thưởng"),
         note="Tờ trình của cơ quan thường trực lập theo thể thức văn bản hành chính; không ghi số mẫu."),
    Form("nd152-2025/mau-01", _ND152, "Phụ lục", "01",
         "Tờ trình đề nghị khen thưởng", frozenset({"to_trinh"}),
         contents=("Căn cứ pháp lý", "Nội dung, hình thức, thành tích đề nghị khen thưởng",
                   "Ý kiến của cơ quan, địa phương liên quan", "Ý kiến thẩm định"),
         note="Điều 33 khoản 11 Nghị định số 152/2025/NĐ-CP: nội dung chi tiết của Tờ trình theo Mẫu số 01."),
    Form("nd152-2025/cong-trang-tap-the", _ND152, "Phụ lục", None,
         "Báo cáo thành tích đề nghị khen thưởng công trạng cho tập thể", frozenset({"collective"}),
         {"collective": COLLECTIVE_BLOCKS}, {"collective": COLLECTIVE_SIGNATURE}, note=_UNSEEN),
    Form("nd152-2025/cong-trang-ca-nhan", _ND152, "Phụ lục", None,
         "Báo cáo thành tích đề nghị khen thưởng công trạng cho cá nhân", frozenset({"individual"}),
         {"individual": INDIVIDUAL_BLOCKS}, {"individual": INDIVIDUAL_SIGNATURE}, note=_UNSEEN),
    Form("nd152-2025/chuyen-de", _ND152, "Phụ lục", None,
         "Báo cáo thành tích đề nghị khen thưởng thi đua theo chuyên đề", frozenset({"collective", "individual"}),
         BOTH_BLOCKS, BOTH_SIGNATURES, note=_UNSEEN),
    Form("nd152-2025/dot-xuat", _ND152, "Phụ lục", None,
         "Báo cáo thành tích đề nghị khen thưởng đột xuất", frozenset({"collective", "individual"}),
         BOTH_BLOCKS, BOTH_SIGNATURES, note=_UNSEEN),
)

BY_ID: dict[str, Form] = {f.id: f for f in FORMS}
