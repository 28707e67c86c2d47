import zipfile
def make(root):
    # 100 MiB of zeros packs into ~100 KiB: refused before anything is inflated
    with zipfile.ZipFile(root / "submissions/cchc-2024/xa-long-an/individuals.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(100):
                f.write(chunk)
