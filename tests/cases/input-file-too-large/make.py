def make(root):
    p = root / "submissions/cchc-2024/xa-long-an/nguyen-van-an.yaml"
    p.write_text("kind: individual\nname: Nguyễn Văn An\nachievements:\n" + "  - Thành tích rất dài\n" * 60000, encoding="utf-8")
