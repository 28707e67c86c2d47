"""What the documents say: who is proposed, who issues them, and the text drawn from the
nominations (public fields only)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from site_builder.check.pipeline import CheckResult
from site_builder.model.forms.choice import Chosen
from site_builder.model.nomination import Nomination
from site_builder.model.registry import UBND, Registry, Unit, strip_locality
from site_builder.publish.documents.layout import BLANK
from site_builder.publish.public import public_value
from site_builder.vietnamese.collation import person_key, vi_key
from site_builder.vietnamese.text import fold, nfc

TO_TRINH = "to-trinh-de-nghi-khen-thuong.docx"
DANH_SACH = "danh-sach-de-nghi-khen-thuong.docx"
REPORTS = "bao-cao-thanh-tich"

# Statuses of the nominations a Tờ trình proposes, in order of preference.
PROPOSED = frozenset({"selected", "commended"})
FALLBACK = frozenset({"appraised"})

_LOCALITY = re.compile(r"^(?:xã|phường|thị trấn|thị xã|huyện|quận|thành phố|tỉnh)\s+(.+)$", re.IGNORECASE)
_DECREE = re.compile(r"Nghị định số\s+(\S+)")


def upper(text: str) -> str:
    return nfc(text).upper()





def proposed_nominations(result: CheckResult, campaign_id: str) -> list[Nomination]:
    """Collectives in dictionary order, then individuals by given name: the list to propose."""
    mine = [n for n in result.nominations if n.campaign == campaign_id]
    chosen = [n for n in mine if n.status in PROPOSED] or [n for n in mine if n.status in FALLBACK]
    collectives = sorted((n for n in chosen if n.kind == "collective"), key=lambda n: (vi_key(n.name), n.id))
    individuals = sorted((n for n in chosen if n.kind != "collective"), key=lambda n: (person_key(n.name), n.id))
    return collectives + individuals


@dataclass(frozen=True)
class _Issuer:
    """Who a document comes from, as its header block and signature show it."""
    governing: str               # line 1 of the header block (cơ quan chủ quản), may be ""
    lines: tuple[str, ...]       # the issuing body, uppercase, bold
    place: str                   # for "<place>, ngày … tháng … năm …"


@dataclass(frozen=True)
class _Setting:
    campaign_id: str
    data: dict[str, Any]
    title: str
    movement: str                # "phong trào thi đua …"
    award: str                   # "Giấy khen"
    giver: str                   # "Chủ tịch UBND huyện …"
    proposed_by: str             # "Ban Chỉ đạo CCHC huyện"
    plan: str                    # "Kế hoạch số …/KH-BCĐ năm … của Ban Chỉ đạo …"
    superior: str                # "Ủy ban nhân dân huyện …": the addressee
    secretariat: str             # "Phòng Nội vụ huyện …"
    secretariat_short: str       # "Phòng Nội vụ"
    abbreviation: str            # "PNV"
    issuer: _Issuer
    signer_title: str
    signer: str


def _text(value: Any) -> str:
    return nfc(value.strip()) if isinstance(value, str) else ""


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _abbreviation(short_name: str) -> str:
    words = [w for w in fold(short_name).split() if w.lower() not in ("va", "-", "–")]
    return "".join(w[0].upper() for w in words if w[0].isalnum()) or "VT"


def _issuer_of(unit: Unit | None, registry: Registry, fallback_place: str) -> _Issuer:
    if unit is None:
        return _Issuer("", (), fallback_place or BLANK)
    name = nfc(unit.name)
    own = UBND.match(name)
    if own:                                  # a People's Committee: no governing line
        locality = own.group(1)
        place = _LOCALITY.match(locality)
        return _Issuer("", ("ỦY BAN NHÂN DÂN", upper(locality)),
                       place.group(1) if place else fallback_place or BLANK)
    parent = registry.get(unit.parent_id)
    locality = registry.locality(parent)
    governing = upper(f"UBND {locality}") if locality else upper(parent.name) if parent else ""
    place = _LOCALITY.match(locality) if locality else None
    return _Issuer(governing, (upper(strip_locality(name, locality)),),
                   place.group(1) if place else fallback_place or BLANK)


def secretariat_name(result: CheckResult, campaign_id: str) -> str:
    """The secretariat as a sentence names it: its registry name without the locality
    ('Phòng Nội vụ', 'Phòng Văn hóa – Xã hội')."""
    return _setting(result, campaign_id).secretariat_short


def _setting(result: CheckResult, campaign_id: str) -> _Setting:
    """Who proposes what to whom: the campaign's `award`, `issuer` and `documents` (signer,
    abbreviation), the registry's secretariat unit and its People's Committee."""
    campaign = result.campaigns[campaign_id]
    data = campaign.data
    issuer = _mapping(data.get("issuer"))
    award = _mapping(data.get("award"))
    documents = _mapping(data.get("documents"))
    get = result.registry.get
    unit = get(campaign.secretariat_unit)
    secretariat = nfc(unit.name) if unit else campaign.secretariat_unit
    parent = get(unit.parent_id) if unit else None
    locality = result.registry.locality(parent)
    superior = nfc(parent.name) if parent else (f"Ủy ban nhân dân {locality}" if locality else "Ủy ban nhân dân")
    short = strip_locality(secretariat, locality)
    title = nfc(campaign.title)
    movement = re.sub(r"^Phát động\s+", "", title)
    movement = f"phong trào {movement[:1].lower()}{movement[1:]}" if movement != title else f"đợt {title}"
    plan = _text(issuer.get("document"))
    if plan and _text(issuer.get("name")):
        plan = f"{plan} của {_text(issuer['name'])}"
    place = _text(issuer.get("place"))
    header = _issuer_of(unit, result.registry, place)
    return _Setting(
        campaign_id=campaign_id, data=data, title=title, movement=movement,
        award=_text(award.get("name")) or BLANK,
        giver=_text(award.get("giver")) or BLANK,
        proposed_by=_text(award.get("proposed_by")) or _text(issuer.get("name")),
        plan=plan or f"Kế hoạch {title}", superior=superior, secretariat=secretariat, secretariat_short=short,
        abbreviation=_text(documents.get("abbreviation")) or _abbreviation(short),
        issuer=replace(header, place=place) if place else header,
        signer_title=_text(documents.get("signer_title")) or BLANK, signer=_text(documents.get("signer")))


def _public(n: Nomination, result: CheckResult, name: str) -> Any:
    """A field's typed value, or None when the schema marks it private (or it is absent)."""
    return public_value(n, result.schemas, name)


def _label(n: Nomination, result: CheckResult, name: str) -> str:
    value = _public(n, result, name)
    if value in (None, ""):
        return ""
    spec = result.schemas[n.kind or "individual"].by_name.get(name)
    return nfc(spec.label(value) if spec else str(value))


def _unit_name(result: CheckResult, unit_id: str | None) -> str:
    unit = result.registry.get(unit_id)
    return nfc(unit.name) if unit else (unit_id or "")


def _achievements(n: Nomination, result: CheckResult) -> list[str]:
    items = _public(n, result, "achievements") or []
    return [nfc(a.strip()) for a in items if isinstance(a, str) and a.strip()]


def _initiatives(n: Nomination, result: CheckResult) -> list[dict[str, str]]:
    items = _public(n, result, "initiatives") or []
    out = []
    for item in items:
        if isinstance(item, dict) and _text(item.get("title")):
            out.append({"title": _text(item.get("title")), "description": _text(item.get("description")),
                        "applied_on": _date_text(item.get("applied_on"))})
    return out


def _date_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return nfc(value.strip())
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else ""


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…", ";", ":")) else text + "."


def _initiative_text(item: dict[str, str]) -> str:
    text = item["title"]
    if item["description"]:
        text = f"{text.rstrip('.')}: {item['description']}"
    text = text.rstrip().rstrip(".")
    if item["applied_on"]:
        text += f" (áp dụng từ ngày {item['applied_on']})"
    return text + "."


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def _summary(n: Nomination, result: CheckResult) -> str:
    parts = []
    achievements = _achievements(n, result)
    if achievements:
        parts.append(_sentence(_shorten(achievements[0], 220)))
    for item in _initiatives(n, result)[:2]:
        parts.append(f"Sáng kiến: {_sentence(_shorten(item['title'], 160))}")
    return " ".join(parts)


def _two(count: int) -> str:
    return f"{count:02d}"


def _form_note(form: Chosen | None, plan_form: str) -> tuple[str, str]:
    """('Mẫu số 03, Phụ lục I …', note on the plan's outdated form) for the chosen form."""
    if form is None:
        return "", ""
    citation = nfc(form.citation)
    plan_form = nfc(plan_form or "")
    note = ""
    if plan_form and plan_form != citation:
        old = _DECREE.search(plan_form)
        if old and old.group(1) != form.form.decree:
            note = (f"Kế hoạch dẫn “{plan_form}”; Nghị định số {old.group(1)} đã được thay thế bởi "
                    f"Nghị định số {form.form.decree}, nên báo cáo này được lập theo "
                    f"{citation[:1].lower()}{citation[1:]}.")
        else:
            note = f"Kế hoạch dẫn “{plan_form}”; báo cáo này được lập theo mẫu hiện hành nêu trên."
    return citation, note
