import os
def make(root):
    os.symlink("/etc/passwd", root / "submissions/cchc-2024/xa-long-an/dossier/lien-ket.pdf")
