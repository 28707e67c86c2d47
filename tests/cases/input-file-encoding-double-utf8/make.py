from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "clerk"


def make(root):
    # The UTF-8 file opened by LibreOffice as Windows-1252 and saved again as UTF-8.
    data = (DATA / "individuals-libreoffice-mojibake.csv").read_bytes()
    (root / "submissions/cchc-2024/xa-long-an/individuals.csv").write_bytes(data)
