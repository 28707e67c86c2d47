from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "clerk"


def make(root):
    # LibreOffice's CSV export in "Western Europe (Windows-1252)": '?' for every letter it lacks.
    data = (DATA / "individuals-libreoffice-cp1252.csv").read_bytes()
    (root / "submissions/cchc-2024/xa-long-an/individuals.csv").write_bytes(data)
