"""Generate a synthetic thidua repository for benchmarks.

    python benchmarks/generate.py OUT --nominations 10000 --units 100 [--seed 0]

The repository holds the project's schemas and the cchc-2024 campaign (plan and
`campaign.yaml`, no review records), a registry of synthetic communes (`xa-0001` …)
grouped under a few synthetic districts, plus the real secretariat (`phong-noi-vu` and
its parent), and N nominations spread evenly over the communes: about 60 % one YAML file
each, 40 % rows of `individuals.csv` / `collectives.csv`; about 80 % individuals.
Names are Vietnamese, unique per unit (after folding diacritics) and with no name +
date of birth pair repeated anywhere, so the only errors a correct checker reports are
the deliberately ineligible (~10 %) and pending (~3 %) values. Every unit has one tiny
PDF that all of its nominations cite for all three documents.

Everything is committed in one commit on branch `main`. Output is a pure function of
(n, units, seed).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CAMPAIGN = "cchc-2024"
SECRETARIAT = "phong-noi-vu"
PDF_NAME = "ho-so-de-nghi.pdf"
DOC_PATH = f"dossier/{PDF_NAME}"

# --- Vietnamese vocabulary -------------------------------------------------------------

FAMILY = [  # (name, weight in %) — roughly the national distribution
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4), ("Phan", 4),
    ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Trương", 1), ("Đinh", 1), ("Lâm", 1), ("Mai", 1), ("Cao", 1), ("Tạ", 1), ("Lương", 1),
]
MIDDLE = {
    "nam": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Hoàng", "Thành",
            "Trọng", "Đình", "Quang", "Tuấn", "Anh"],
    "nu": ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Bích", "Mỹ", "Thùy", "Hồng", "Phương", "Minh",
           "Diệu", "Hoài", "Khánh", "Tuyết", "Lan"],
}
SECOND_MIDDLE = {  # "Nguyễn Thị Thu Hà": a second middle name, sometimes
    "nam": ["Minh", "Quốc", "Thanh", "Hoàng", "Gia", "Nhật", "Trung", "Bảo"],
    "nu": ["Thu", "Ngọc", "Thanh", "Kim", "Bảo", "Mai", "Hồng", "Như"],
}
GIVEN = {
    "nam": ["Anh", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
            "Khang", "Khải", "Khoa", "Kiên", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân", "Phong",
            "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn",
            "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ"],
    "nu": ["An", "Anh", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
           "Hoa", "Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Ngân", "Nga", "Nhung",
           "Oanh", "Phượng", "Quyên", "Tâm", "Thảo", "Thủy", "Trâm", "Trang", "Trinh", "Tuyết", "Uyên",
           "Vân", "Vy", "Xuân", "Yến"],
}
PLACE_A = ["An", "Bình", "Phước", "Long", "Tân", "Hòa", "Thạnh", "Vĩnh", "Mỹ", "Phú", "Xuân", "Đông",
           "Tây", "Hưng", "Thái", "Quang"]
PLACE_B = ["Hưng", "Thạnh", "Lợi", "Hiệp", "Đông", "Tây", "Sơn", "Hải", "Lộc", "Điền", "Thới", "Khánh",
           "Phú", "Bình", "Hòa", "Trung"]

# (position, employment_type, cchc_role); ~ how a commune's staff is made up.
POSITIONS = [
    ("Chủ tịch UBND xã", "can_bo", "chi_dao"),
    ("Phó Chủ tịch UBND xã", "can_bo", "chi_dao"),
    ("Công chức Văn phòng – Thống kê, phụ trách Bộ phận Một cửa", "cong_chuc", "thuc_hien"),
    ("Công chức Văn phòng – Thống kê, tham mưu công tác cải cách hành chính", "cong_chuc", "tham_muu"),
    ("Công chức Tư pháp – Hộ tịch", "cong_chuc", "thuc_hien"),
    ("Công chức Địa chính – Xây dựng – Đô thị và Môi trường", "cong_chuc", "thuc_hien"),
    ("Công chức Tài chính – Kế toán", "cong_chuc", "thuc_hien"),
    ("Công chức Văn hóa – Xã hội", "cong_chuc", "thuc_hien"),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "cong_chuc", "thuc_hien"),
    ("Viên chức Trạm Y tế xã", "vien_chuc", "thuc_hien"),
    ("Viên chức Trung tâm Văn hóa – Thể thao và Học tập cộng đồng", "vien_chuc", "thuc_hien"),
    ("Công chức Văn phòng HĐND và UBND xã, phụ trách chuyển đổi số", "cong_chuc", "tham_muu"),
]
COLLECTIVE_KINDS = [
    "Bộ phận Một cửa UBND xã {place}",
    "Công an xã {place}",
    "Ban Chỉ huy Quân sự xã {place}",
    "Trạm Y tế xã {place}",
    "Tổ công nghệ số cộng đồng ấp {k}, xã {place}",
    "Ban điều hành ấp {k}, xã {place}",
    "Chi hội Phụ nữ ấp {k}, xã {place}",
    "Chi đoàn Thanh niên ấp {k}, xã {place}",
    "Trường Tiểu học {place} {k}",
    "Trường Mầm non {place} {k}",
]

ACHIEVEMENTS = [
    "Tiếp nhận và giải quyết {n} hồ sơ thủ tục hành chính năm 2024, {p}% đúng và trước hạn, không có hồ sơ trễ hạn.",
    "Số hóa {p}% hồ sơ và kết quả giải quyết thủ tục hành chính tiếp nhận trong năm trên Hệ thống thông tin "
    "giải quyết thủ tục hành chính tỉnh.",
    "Hướng dẫn người dân nộp hồ sơ trực tuyến, nâng tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình lên {p}%.",
    "Giải quyết {n} hồ sơ hộ tịch, chứng thực năm 2024, 100% đúng hạn; {p}% kết quả được số hóa.",
    "Tham mưu ban hành và triển khai đúng tiến độ Kế hoạch cải cách hành chính và Kế hoạch tuyên truyền cải "
    "cách hành chính năm 2024.",
    "Tổ chức {k} buổi tuyên truyền về cải cách hành chính và dịch vụ công trực tuyến tại các ấp, khu phố.",
    "Mức độ hài lòng của người dân, doanh nghiệp đạt {p},{d}% theo đánh giá trên Hệ thống thông tin giải quyết "
    "thủ tục hành chính tỉnh.",
    "Thanh toán trực tuyến phí, lệ phí đạt {p}% số hồ sơ có thu phí, lệ phí.",
    "Hỗ trợ {n} người dân kích hoạt tài khoản định danh điện tử mức độ 2, góp phần hoàn thành chỉ tiêu Đề án 06.",
    "Số hóa {n} hồ sơ địa chính lưu trữ, phục vụ tra cứu và giải quyết thủ tục hành chính lĩnh vực đất đai, xây dựng.",
    "100% văn bản đi được ký số và gửi nhận qua hệ thống quản lý văn bản điều hành, trừ văn bản mật.",
    "Rà soát, công khai đầy đủ 100% thủ tục hành chính thuộc thẩm quyền cấp xã tại Bộ phận Một cửa và trên Cổng "
    "Dịch vụ công.",
    "Thực hiện liên thông đăng ký khai sinh – đăng ký thường trú – cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi, "
    "đạt {p}% số hồ sơ khai sinh.",
    "Hoàn thành báo cáo tự chấm điểm và hồ sơ minh chứng chỉ số cải cách hành chính năm 2024 đầy đủ, đúng hạn.",
]
INITIATIVES = [
    (
        "Đặt lịch hẹn và nhận hướng dẫn nộp hồ sơ qua Zalo OA của UBND xã",
        "Người dân đặt lịch, nhận danh mục giấy tờ và hướng dẫn nộp hồ sơ trực tuyến, giảm thời gian chờ tại Bộ "
        "phận Một cửa.",
    ),
    (
        "Tiếp nhận hồ sơ thủ tục hành chính lưu động tại các ấp vào chiều thứ Năm hằng tuần",
        "Tổ công tác mang máy tính, máy quét đến nhà văn hóa ấp, tiếp nhận hồ sơ và hướng dẫn người cao tuổi.",
    ),
    (
        "Nhắc lịch đăng ký khai sinh qua tin nhắn cho gia đình có trẻ mới sinh",
        "Trạm Y tế báo danh sách trẻ mới sinh; công chức tư pháp nhắn tin nhắc và hướng dẫn đăng ký trực tuyến.",
    ),
    ("Số hóa sổ hộ tịch lưu trữ giai đoạn 1990–2015 để tra cứu và cấp bản sao nhanh", None),
    (
        "Trả kết quả thủ tục hành chính qua dịch vụ bưu chính công ích tại nhà cho người cao tuổi",
        "Người từ 70 tuổi trở lên được nhận kết quả tại nhà, không mất phí.",
    ),
    ("Mã QR tra cứu thủ tục hành chính dán tại nhà văn hóa các ấp", None),
]

# Values that fail one criterion (ineligible) or leave a value unknown (pending).
INELIGIBLE = {
    "individual": [("employment_type", "nguoi_lao_dong"), ("cchc_role", "khong"), ("rating", "hoan_thanh"),
                   ("discipline", "khien_trach"), ("conduct_ok", False), ("pending_investigation", True)],
    "collective": [("cchc_index_result", "hoan_thanh_tot"), ("internal_unity", False), ("law_compliance", False),
                   ("leader_discipline", "canh_cao"), ("pending_investigation", True)],
}
PENDING = {"individual": ("rating", "chua_danh_gia"), "collective": ("cchc_index_result", "chua_co_ket_qua")}

INDIVIDUAL_COLUMNS = ["slug", "name", "position", "employment_type", "cchc_role", "rating", "discipline",
                      "conduct_ok", "pending_investigation", "gender", "date_of_birth", "achievements",
                      "initiatives", "to_trinh", "bien_ban", "bao_cao_thanh_tich"]
COLLECTIVE_COLUMNS = ["slug", "name", "nominee_unit_id", "cchc_index_result", "internal_unity", "law_compliance",
                      "leader_discipline", "pending_investigation", "female_share", "achievements", "initiatives",
                      "to_trinh", "bien_ban", "bao_cao_thanh_tich"]
DOC_KEYS = ("to_trinh", "bien_ban", "bao_cao_thanh_tich")


def fold(text: str) -> str:
    """ASCII-fold Vietnamese the way the checker compares names and makes slugs."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    out, dash = [], False
    for ch in fold(text).lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def tiny_pdf(title: str) -> bytes:
    """A minimal, valid one-page PDF (correct xref offsets)."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 12 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents "
        b"4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- the data --------------------------------------------------------------------------

class _Names:
    """Unique person names per unit (folded) and unique (name, birth date) across the repository."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.families = [f for f, _ in FAMILY]
        self.weights = [w for _, w in FAMILY]
        self.pairs: set[tuple[str, str]] = set()

    def person(self, taken: set[str]) -> tuple[str, str, str]:
        rng = self.rng
        for attempt in range(10_000):
            gender = "nu" if rng.random() < 0.52 else "nam"
            parts = [rng.choices(self.families, self.weights)[0], rng.choice(MIDDLE[gender])]
            if rng.random() < 0.3 or attempt > 100:
                parts.append(rng.choice(SECOND_MIDDLE[gender]))
            parts.append(rng.choice(GIVEN[gender]))
            name = " ".join(parts)
            key = fold(name).casefold()
            if key in taken or len(set(parts[1:])) < len(parts) - 1:
                continue
            dob = f"{rng.randint(1964, 2001)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if (key, dob) in self.pairs:
                continue
            taken.add(key)
            self.pairs.add((key, dob))
            return name, gender, dob
        raise RuntimeError("could not find a unique name; too many nominations per unit")


def _number(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high):,}".replace(",", ".")


def _achievements(rng: random.Random) -> list[str]:
    picked = rng.sample(ACHIEVEMENTS, rng.choice((1, 2, 2, 3, 3)))
    return [t.format(n=_number(rng, 120, 6200), p=rng.randint(80, 100), d=rng.randint(0, 9), k=rng.randint(2, 12))
            for t in picked]


def _initiatives(rng: random.Random) -> list[dict[str, str]]:
    if rng.random() >= 0.3:
        return []
    title, description = rng.choice(INITIATIVES)
    item = {"title": title}
    if description:
        item["description"] = description
    if rng.random() < 0.7:
        item["applied_on"] = f"2024-{rng.randint(5, 11):02d}-{rng.randint(1, 28):02d}"
    return [item]


def _criteria_values(rng: random.Random, kind: str, values: dict) -> None:
    roll = rng.random()
    if roll < 0.10:
        field, value = rng.choice(INELIGIBLE[kind])
        values[field] = value
    elif roll < 0.13:
        field, value = PENDING[kind]
        values[field] = value


def _individual(rng: random.Random, names: _Names, taken: set[str]) -> dict:
    name, gender, dob = names.person(taken)
    position, employment, role = rng.choice(POSITIONS)
    values = {
        "kind": "individual", "name": name, "position": position, "employment_type": employment,
        "cchc_role": role, "rating": rng.choice(("hoan_thanh_xuat_sac", "hoan_thanh_xuat_sac", "hoan_thanh_tot")),
        "discipline": "khong", "conduct_ok": True, "pending_investigation": False,
        "gender": gender, "date_of_birth": dob,
    }
    _criteria_values(rng, "individual", values)
    values["achievements"] = _achievements(rng)
    values["initiatives"] = _initiatives(rng)
    return values


def _collective(rng: random.Random, place: str, taken: set[str]) -> dict:
    for attempt in range(10_000):
        template = rng.choice(COLLECTIVE_KINDS)
        k = rng.randint(1, 12 + attempt // 50)
        name = template.format(place=place, k=k)
        key = fold(name).casefold()
        if key not in taken:
            taken.add(key)
            break
    else:
        raise RuntimeError("could not find a unique collective name")
    values = {
        "kind": "collective", "name": name, "cchc_index_result": "hoan_thanh_xuat_sac",
        "internal_unity": True, "law_compliance": True, "leader_discipline": "khong",
        "pending_investigation": False, "female_share": round(rng.uniform(0.15, 0.85), 2),
    }
    _criteria_values(rng, "collective", values)
    values["achievements"] = _achievements(rng)
    values["initiatives"] = _initiatives(rng)
    return values


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _yaml(values: dict, unit_id: str) -> str:
    kind = values["kind"]
    label = "cá nhân" if kind == "individual" else "tập thể"
    lines = [f"# Hồ sơ đề nghị khen thưởng {label} – thi đua CCHC năm 2024 (dữ liệu tổng hợp để đo hiệu năng).",
             f"kind: {kind}", f"campaign: {CAMPAIGN}", f"unit_id: {unit_id}"]
    for key, value in values.items():
        if key in ("kind", "achievements", "initiatives"):
            continue
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif key in ("date_of_birth", "female_share") or (isinstance(value, str) and value.isascii()
                                                            and value.replace("_", "").isalnum()):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {_q(str(value))}")
    lines.append("achievements:")
    lines += [f"  - {_q(a)}" for a in values["achievements"]]
    if values["initiatives"]:
        lines.append("initiatives:")
        for item in values["initiatives"]:
            lines.append(f"  - title: {_q(item['title'])}")
            if "description" in item:
                lines.append(f"    description: {_q(item['description'])}")
            if "applied_on" in item:
                lines.append(f"    applied_on: {item['applied_on']}")
    lines.append("documents:")
    lines += [f"  {key}: {DOC_PATH}" for key in DOC_KEYS]
    return "\n".join(lines) + "\n"


def _table(rows: list[dict], columns: list[str], titles: dict[str, str] | None) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([titles.get(c, c) if titles else c for c in columns])
    for values in rows:
        cells = []
        for column in columns:
            if column == "slug":
                value = slugify(values["name"])
            elif column in DOC_KEYS:
                value = DOC_PATH
            elif column == "achievements":
                value = "\n".join(values["achievements"])
            elif column == "initiatives":
                value = "\n".join(i["title"] for i in values["initiatives"])
            else:
                value = values.get(column, "")
                if isinstance(value, bool):
                    value = ("có" if value else "không") if titles else ("true" if value else "false")
            cells.append(value)
        writer.writerow(cells)
    return buffer.getvalue()


def _titles(kind: str) -> dict[str, str]:
    schema = json.loads((PROJECT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return {f["name"]: f["title"] for f in schema["fields"] if f["name"] != "slug"}


def _registry(units: int, rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """registry/units.csv text and the communes as (unit_id, place name)."""
    with open(PROJECT / "registry" / "units.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        real = {row["unit_id"]: row for row in reader}
    kept, current = [], SECRETARIAT      # the secretariat and its ancestors, parents first
    while current and current in real and current not in {r["unit_id"] for r in kept}:
        kept.insert(0, real[current])
        current = real[current]["parent_id"]

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    districts = max(1, units // 25)
    for d in range(1, districts + 1):
        writer.writerow({"unit_id": f"huyen-{d:03d}", "name": f"UBND huyện Tổng Hợp {d}", "kind": "co_quan",
                         "parent_id": "", "active_from": "2020-01-01", "active_to": "",
                         "maintainers": f"huyen-{d:03d}-vanthu"})
    communes = []
    places = [f"{a} {b}" for a in PLACE_A for b in PLACE_B if a != b]
    rng.shuffle(places)
    for i in range(1, units + 1):
        unit_id = f"xa-{i:04d}"
        place = places[(i - 1) % len(places)] + ("" if i <= len(places) else f" {(i - 1) // len(places) + 1}")
        parent = "" if i % 10 == 0 else f"huyen-{(i - 1) % districts + 1:03d}"
        writer.writerow({"unit_id": unit_id, "name": f"UBND xã {place}", "kind": "xa", "parent_id": parent,
                         "active_from": "2020-01-01", "active_to": "" if i % 3 else "2025-06-30",
                         "maintainers": f"{unit_id}-vanthu"})
        communes.append((unit_id, place))
    return buffer.getvalue(), communes


def generate(root: Path, n: int, units: int, seed: int = 0) -> None:
    """Write a complete synthetic repository with `n` nominations over `units` communes at `root`, committed."""
    if units < 1 or n < 0:
        raise ValueError("need at least one unit and a non-negative number of nominations")
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} exists and is not empty")
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)

    shutil.copytree(PROJECT / "schema", root / "schema")
    campaign = root / "campaigns" / CAMPAIGN
    campaign.mkdir(parents=True)
    for name in ("campaign.yaml", "plan.md"):
        shutil.copyfile(PROJECT / "campaigns" / CAMPAIGN / name, campaign / name)
    registry_text, communes = _registry(units, rng)
    (root / "registry").mkdir()
    (root / "registry" / "units.csv").write_text(registry_text, encoding="utf-8")

    titles = {"individual": _titles("individual"), "collective": _titles("collective")}
    names = _Names(rng)
    base = root / "submissions" / CAMPAIGN
    per_unit, extra = divmod(n, units)
    for index, (unit_id, place) in enumerate(communes):
        folder = base / unit_id
        (folder / "dossier").mkdir(parents=True)
        (folder / "dossier" / PDF_NAME).write_bytes(tiny_pdf(f"Ho so de nghi khen thuong - {unit_id}"))
        taken: set[str] = set()
        tables: dict[str, list[dict]] = {"individual": [], "collective": []}
        for _ in range(per_unit + (1 if index < extra else 0)):
            kind = "individual" if rng.random() < 0.8 else "collective"
            values = _individual(rng, names, taken) if kind == "individual" else _collective(rng, place, taken)
            if rng.random() < 0.6:
                (folder / f"{slugify(values['name'])}.yaml").write_text(_yaml(values, unit_id), encoding="utf-8")
            else:
                tables[kind].append(values)
        use_titles = index % 3 == 2           # a third of the units write Vietnamese column titles
        for kind, rows in tables.items():
            if rows:
                columns = INDIVIDUAL_COLUMNS if kind == "individual" else COLLECTIVE_COLUMNS
                (folder / f"{kind}s.csv").write_text(
                    _table(rows, columns, titles[kind] if use_titles else None), encoding="utf-8")

    _commit(root)


def _commit(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Benchmark", "GIT_AUTHOR_EMAIL": "benchmark@example.invalid",
           "GIT_COMMITTER_NAME": "Benchmark", "GIT_COMMITTER_EMAIL": "benchmark@example.invalid",
           "GIT_AUTHOR_DATE": "2025-01-05T09:00:00+07:00", "GIT_COMMITTER_DATE": "2025-01-05T09:00:00+07:00"}
    quiet = {"check": True, "env": env, "stdout": subprocess.DEVNULL}
    git = ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "-C", str(root)]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], **quiet)
    subprocess.run([*git, "add", "-A"], **quiet)
    subprocess.run([*git, "commit", "-q", "--no-verify", "-m", "Synthetic benchmark repository"], **quiet)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic thidua repository for benchmarks.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--nominations", "-n", type=int, required=True)
    parser.add_argument("--units", "-u", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.out, args.nominations, args.units, args.seed)
    sys.stderr.write(f"{args.out}: {args.nominations} nominations over {args.units} units "
                     f"in {time.perf_counter() - started:.1f} s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
