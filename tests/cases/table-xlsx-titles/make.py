import datetime as dt
import openpyxl
def make(root):
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["Họ và tên", "Chức vụ", "Đối tượng", "Vai trò trong CCHC", "Xếp loại năm 2024", "Kỷ luật trong năm",
               "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ", "Đang bị kiểm tra, thanh tra chưa kết luận",
               "Ngày sinh", "Thành tích", "Tờ trình", "Biên bản họp xét", "Báo cáo thành tích"])
    ws.append(["Trần Thị Mai", "Công chức Tư pháp", "cong_chuc", "thuc_hien", "hoan_thanh_tot", "khong", "có", False,
               dt.datetime(1988, 3, 14), "Giải quyết hồ sơ đúng hạn.\nSố hóa sổ hộ tịch.",
               "dossier/to-trinh.pdf", "dossier/bien-ban.pdf", "dossier/bao-cao.pdf"])
    wb.save(root / "submissions/cchc-2024/xa-long-an/individuals.xlsx")
