def make(root):
    unit = root / "submissions/cchc-2024/xa-long-an"
    template = (unit / "nguyen-van-an.yaml.txt").read_text(encoding="utf-8")
    (unit / "nguyen-van-an.yaml.txt").unlink()
    ids = []
    for i in range(11):
        slug = f"nguoi-so-{i}"
        (unit / f"{slug}.yaml").write_text(template.replace("Nguyễn Văn An", f"Người Số {i}"), encoding="utf-8")
        ids.append(f"cchc-2024/xa-long-an/{slug}")
    camp = root / "campaigns/cchc-2024"
    (camp / "appraisals.csv").write_text("nomination_id,result,appraised_on,note\n" + "".join(f"{i},dat,2025-01-15,\n" for i in ids), encoding="utf-8")
    (camp / "decision.yaml").write_text("number: 123/QĐ-UBND\nsigned_on: 2025-02-10\nsigner: Chủ tịch UBND huyện\ncommended:\n" + "".join(f"  - {i}\n" for i in ids), encoding="utf-8")
