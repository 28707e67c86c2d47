def make(root):
    # a sparse 21 MiB PDF: over the plan's 20 MiB limit, costs no disk
    p = root / "submissions/cchc-2024/xa-long-an/dossier/lon.pdf"
    with open(p, "wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(21 * 1024 * 1024)
