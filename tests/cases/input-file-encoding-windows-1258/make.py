from site_builder.vietnamese.encodings import encode_legacy
def make(root):
    text = (root / "submissions/cchc-2024/xa-long-an/individuals.csv.txt").read_text(encoding="utf-8")
    (root / "submissions/cchc-2024/xa-long-an/individuals.csv.txt").unlink()
    (root / "submissions/cchc-2024/xa-long-an/individuals.csv").write_bytes(encode_legacy(text, "windows-1258"))
