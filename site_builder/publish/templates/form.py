"""The data behind the form “Tạo hồ sơ đề nghị” (`<campaign>/tao-ho-so/`), made at build time.

The form runs in the browser with no server. Everything it knows comes from here:

- fields, Vietnamese titles, descriptions, labels, required marks and privacy from the schema;
- units from the registry;
- the criteria (code, citation, title, hint, rule) from `Criterion.export`, the same objects
  the checker runs;
- every message the form shows is produced by the checker's own code: schema messages by
  `validate.field_problem`, criterion messages by the rule export or by running the criterion's
  check on a nomination that fails it. Nothing is written twice, in Python or in JavaScript.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from site_builder.check.parse.values import display, initiative_problems
from site_builder.check.rules.criteria import Context, Criterion, criteria_of
from site_builder.check.validate import field_problem
from site_builder.model.campaign import Campaign
from site_builder.model.nomination import Nomination
from site_builder.model.registry import Registry
from site_builder.model.schema import KIND_LABELS, NOMINATION_KINDS, FieldSpec, Schemas, TableSpec
from site_builder.publish.templates.spreadsheet import BOOLEAN_CHOICES
from site_builder.publish.templates.yaml_template import DOCUMENT_DEFAULTS
from site_builder.vietnamese.collation import vi_key
from site_builder.vietnamese.text import HIDDEN

FORM_PATH = "tao-ho-so"
TITLE = "Tạo hồ sơ đề nghị"
# The verdict line, by the checker's verdict code (developer/reference/json-report.md).
VERDICTS = {"eligible": "Hợp lệ", "pending": "Chờ bổ sung thông tin",
            "ineligible": "Không đủ điều kiện", "invalid": "Chưa đủ thông tin bắt buộc"}
# Labels of an initiative's parts (the schema names them in `itemFields` only).
ITEM_TITLES = {"title": "Tên sáng kiến", "description": "Mô tả", "applied_on": "Ngày áp dụng"}
REPORT_DEFAULT = "dossier/bao-cao-{slug}.pdf"   # as `thidua new` names the achievement report
VALUE = "\ue000"                                 # stands for the user's value inside a message


def _schema_problem(f: FieldSpec, check: str) -> dict[str, str]:
    """The checker's message for one schema error of field `f`; `{value}` marks the value shown."""
    problem = field_problem(check, f, VALUE)
    shown = display(f, VALUE)
    message = problem.message.replace(shown, "{value}") if VALUE in shown else problem.message
    return {"code": problem.code, "message": message, "hint": problem.hint}


def _unit_references(spec: TableSpec) -> set[str]:
    """Fields that name a unit of the registry (foreign keys to `units`), besides unit_id."""
    return {fk["fields"][0] for fk in spec.descriptor.get("foreignKeys", [])
            if fk.get("reference", {}).get("resource") == "units" and len(fk.get("fields", ())) == 1}


def _field(spec: TableSpec, f: FieldSpec) -> dict[str, Any]:
    constraints = f.descriptor.get("constraints", {})
    out: dict[str, Any] = {
        "name": f.name, "type": f.type, "title": f.title, "description": f.description,
        "required": f.required, "private": f.private, "list": f.is_list, "group": f.group,
        "unit_ref": f.name in _unit_references(spec), "messages": {},
    }
    if f.enum:
        out["enum"] = [{"value": code, "label": f.label(code)} for code in f.enum]
    if f.item_fields:
        out["items"] = [
            {
                "name": name,
                "title": ITEM_TITLES.get(name, name),
                "type": "date" if name == "applied_on" else ("textarea" if name == "description" else "string"),
            }
            for name in f.item_fields
        ]
        nowhere = {"path": "", "line": None, "field": f.name}
        missing = initiative_problems(f, {"description": VALUE}, nowhere)[1]
        bad_date = initiative_problems(f, {"title": VALUE, "applied_on": VALUE}, nowhere)[1]
        out["messages"]["item_title"] = _plain(missing[0])
        out["messages"]["item_date"] = _plain(bad_date[0])
    for key in ("minLength", "maxLength", "minimum", "maximum"):
        if key in constraints:
            out[key] = constraints[key]
            out["messages"][key] = _schema_problem(f, key)
    if f.required:
        out["messages"]["required"] = _schema_problem(f, "required")
    if f.enum:
        out["messages"]["enum"] = _schema_problem(f, "enum")
    if f.type in ("date", "number", "integer"):
        out["messages"]["type"] = _schema_problem(f, "type")
    if f.group == "documents":
        out["default"] = DOCUMENT_DEFAULTS.get(f.name, REPORT_DEFAULT)
    return out


def _plain(problem: Any) -> dict[str, str]:
    return {"code": problem.code, "message": problem.message, "hint": problem.hint}


def _failing_messages(criterion: Criterion, rule: dict[str, Any], campaign: Campaign,
                      schemas: Schemas) -> dict[str, str]:
    """Run the criterion's own check on a nomination that fails it; its messages by field."""
    kinds = [k for k in criterion.kinds if all(name in schemas[k].by_name for name in rule["fields"])]
    values: dict[str, Any] = {}
    if rule["type"] == "equals":
        values = {name: not rule["value"] for name in rule["fields"]}
    nomination = Nomination(campaign.id, "don-vi", "ho-so", "", "yaml", (kinds or list(criterion.kinds))[0],
                            values=values)
    ctx = Context(Path("."), campaign, schemas)
    # As Criterion.evaluate words a finding: its detail, or else the criterion's title.
    found = {f.field: f.detail or criterion.title for f in criterion.check(nomination, ctx, criterion.params)
             if f.field}
    return {name: found.get(name, criterion.title) for name in rule["fields"]}


def _criteria(campaign: Campaign, schemas: Schemas) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(checked in the browser, checked only when submitted)."""
    browser, server = [], []
    for criterion in criteria_of(campaign, schemas):
        exported = criterion.export(campaign, schemas)
        rule = exported["rule"]
        if rule is None:
            server.append(exported)
            continue
        if rule["type"] in ("equals", "present"):
            rule = {**rule, "messages": _failing_messages(criterion, rule, campaign, schemas)}
        browser.append({**exported, "rule": rule})
    return browser, server


def _units(campaign: Campaign, registry: Registry, schemas: Schemas) -> list[dict[str, Any]]:
    """Units that may submit in this campaign, grouped by kind, in Vietnamese order."""
    active = [u for u in registry.units.values() if u.active_during(campaign.period_start, campaign.period_end)]
    kind_field = schemas["units"].by_name.get("kind")
    order = list(kind_field.enum or ()) if kind_field else []
    groups: list[dict[str, Any]] = []
    for kind in order + sorted({u.kind for u in active} - set(order)):
        members = sorted((u for u in active if u.kind == kind), key=lambda u: vi_key(u.name))
        if not members:
            continue
        groups.append({"label": kind_field.label(kind) if kind_field else kind, "units": [
            {"id": u.unit_id, "name": u.name,
             "sub": [s.unit_id for s in sorted(active, key=lambda s: vi_key(s.name))
                     if s.unit_id != u.unit_id and registry.is_within(s.unit_id, u.unit_id)]}
            for u in members]})
    return groups


_GITHUB_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_BRANCH = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_./-]*$")


def forge_settings(campaign: Campaign, env: Mapping[str, str] = os.environ) -> dict[str, str] | None:
    """Where the forge's "new file" page is: the `forge` setting of campaign.yaml, else, when
    built by GitHub Actions (deploy.yml), the repository being built."""
    forge = campaign.data.get("forge")
    if not isinstance(forge, dict):
        return _github_from_actions(env)
    url = forge.get("new_file_url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    return {"new_file_url": url, "name": str(forge.get("name") or "kho dữ liệu")}


def _github_from_actions(env: Mapping[str, str]) -> dict[str, str] | None:
    repository, branch = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_REF_NAME", "")
    if env.get("GITHUB_SERVER_URL") != "https://github.com" or not _GITHUB_REPOSITORY.match(repository):
        return None
    branch = branch if _BRANCH.match(branch) and ".." not in branch else "main"
    return {"new_file_url": f"https://github.com/{repository}/new/{branch}/{{path}}?filename={{filename}}&value={{value}}",
            "name": "GitHub"}


def form_data(campaign: Campaign, schemas: Schemas, registry: Registry) -> dict[str, Any]:
    schemas = schemas.of(campaign.id)  # the campaign's own fields
    browser, server = _criteria(campaign, schemas)
    kinds = {}
    for kind in NOMINATION_KINDS:
        spec = schemas[kind]
        fields = [_field(spec, f) for f in spec.fields if f.name not in ("campaign", "unit_id") and not f.table_only]
        kinds[kind] = {"label": KIND_LABELS[kind], "title": spec.title, "fields": fields,
                       "criteria": [c["code"] for c in browser if kind in c["kinds"]]}
    return {
        "campaign": {"id": campaign.id, "title": campaign.short_title},
        "kinds": kinds,
        "criteria": browser,
        "server_criteria": [{k: c[k] for k in ("code", "citation", "title", "hint")} for c in server],
        "units": _units(campaign, registry, schemas),
        "verdicts": VERDICTS,
        "booleans": {"true": BOOLEAN_CHOICES[0].capitalize(), "false": BOOLEAN_CHOICES[1].capitalize()},
        "forge": forge_settings(campaign),
        # Invisible control and bidi characters the checker refuses: the form drops them as typed.
        "hidden": "".join(c if " " < c < "\x7f" else f"\\u{{{ord(c):x}}}" for c in HIDDEN.pattern),
    }


def script_json(data: Any) -> Markup:
    """JSON safe inside <script type="application/json"> (no '<', '>' or '&' left)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def form_context(campaign: Campaign, schemas: Schemas, registry: Registry) -> dict[str, Any]:
    """What form.md.j2 needs besides the campaign summary."""
    data = form_data(campaign, schemas, registry)
    return {"form_json": script_json(data), "units": data["units"], "kinds": KIND_LABELS,
            "forge": data["forge"], "server_criteria": data["server_criteria"], "title": TITLE}
