def make(root):
    # Excel's "Unicode Text (*.txt)" renamed .csv: UTF-16 LE with a BOM, tabs, CRLF, a cell of
    # two lines in quotes (LF inside). The second person is row 3 of the sheet, line 4 of the file.
    rows = [
        ["Họ và tên", "Chức vụ", "Đối tượng", "Vai trò trong CCHC", "Xếp loại năm 2024", "Kỷ luật trong năm",
         "Chấp hành kỷ luật, kỷ cương, đạo đức công vụ", "Đang bị kiểm tra, thanh tra chưa kết luận", "Ngày sinh",
         "Thành tích", "Tờ trình", "Biên bản họp xét", "Báo cáo thành tích"],
        ["Trần Thị Mai", "Công chức Tư pháp", "Công chức", "Thực hiện", "Hoàn thành tốt nhiệm vụ", "Không", "có",
         "không", "14/03/1988", '"Giải quyết hồ sơ đúng hạn.\nSố hóa sổ hộ tịch."',
         "dossier/to-trinh.pdf", "dossier/bien-ban.pdf", "dossier/bao-cao.pdf"],
        ["Lê Văn Bình", "Chủ tịch UBND xã", "Cán bộ", "Trực tiếp chỉ đạo", "Hoàn thành nhiệm vụ", "Không", "có",
         "không", "02/01/1975", "Chỉ đạo CCHC.", "dossier/to-trinh.pdf", "dossier/bien-ban.pdf", "dossier/bao-cao.pdf"],
    ]
    text = "".join("\t".join(row) + "\r\n" for row in rows)
    path = root / "submissions/cchc-2024/xa-long-an/individuals.csv"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
