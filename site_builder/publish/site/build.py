"""`thidua build`: check, write Markdown pages and open data, then build with MkDocs."""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from site_builder.check.pipeline import CheckResult, run_check
from site_builder.check.rules.criteria import criteria_of
from site_builder.model.schema import KIND_LABELS, NOMINATION_KINDS
from site_builder.progress import Progress
from site_builder.publish.documents.content import secretariat_name
from site_builder.publish.public import PublicNomination, women_counts
from site_builder.publish.site import archive, site_config
from site_builder.publish.site.builders import BUILDERS
from site_builder.publish.site.builders import DEFAULT as DEFAULT_BUILDER
from site_builder.publish.site.charts import bar_chart, share_chart
from site_builder.publish.site.exports import write_open_data
from site_builder.publish.site.history import head_commit, read_history
from site_builder.publish.site.pages import TEMPLATES, PageWriter
from site_builder.publish.site.safe_markdown import clean_markdown
from site_builder.publish.site.search import SEARCH_PATH, SEARCH_TITLE, index_site
from site_builder.publish.site.stamp import Stamped, fill_pages, shell_url, stamp_pages
from site_builder.publish.site.view import (
    CampaignView,
    campaign_views,
    changelog,
    criteria_groups,
    other_codes,
    status_labels,
)
from site_builder.publish.templates.form import FORM_PATH, form_context
from site_builder.publish.templates.form import TITLE as FORM_TITLE
from site_builder.publish.templates.spreadsheet import csv_template, template_fields, xlsx_template
from site_builder.publish.templates.yaml_template import render as render_yaml_template

ASSETS = Path(__file__).parent / "assets"
SITE_NAME = "Thi đua – Khen thưởng"


def build_site(root: Path, out: Path, *, today: dt.date | None = None, quiet: bool = False,
               builder: str = DEFAULT_BUILDER) -> int:
    engine = BUILDERS[builder]
    started = time.perf_counter()
    progress = Progress()
    with tempfile.TemporaryDirectory(prefix="thidua-site-") as tmp:
        config_path, writer = write_docs(root, Path(tmp), out, today=today, progress=progress)
        keep = Path(tmp) / "reused"
        keep.mkdir()
        archive.set_aside(out, writer.reused, keep)
        progress.note(f"Đang dựng {writer.count} trang bằng {engine.title}…")
        ok = engine.build(config_path, out)
        progress.done()
        if ok:
            archive.restore(out, writer.reused, keep)
    if not ok:
        return 1
    archive.write_manifest(out, writer.prints)
    fill_pages(out, writer.fills)
    for shell in writer.shells:
        stamp_pages(out, shell, [p for p in writer.stamped if p.url.startswith(shell.split("/", 1)[0] + "/")])
    if not index_site(out):
        return 1
    pages = writer.count - len(writer.shells) + len(writer.stamped)
    if not quiet:
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        sys.stderr.write(f"Đã dựng trang vào {out}: {pages} trang, {size / 2**20:.1f} MiB, "
                         f"{time.perf_counter() - started:.1f} giây.\n")
    return 0


def write_docs(root: Path, work: Path, out: Path, *, today: dt.date | None = None,
               progress: Progress | None = None) -> tuple[Path, PageWriter]:
    """Check the repository and write the Markdown pages and mkdocs.yml into `work`: the generated
    pages, then the organisation's docs/, overrides/ and mkdocs.yml merged in (site_config.py)."""
    settings = site_config.load(root)  # a broken mkdocs.yml stops the build before any work
    result = run_check(root)
    result.require_configuration()  # a campaign left out would be published as if it had no nominations
    commits = read_history(root)
    head = head_commit(root)
    version = head[1] if head else "chưa có phiên bản git"
    views = campaign_views(result, commits, today or _today(result))
    docs = work / "docs"
    writer = PageWriter(docs, progress)
    writer.out = out
    _write_pages(writer, result, views, commits, version)
    site_config.add_docs(settings, docs)
    base = _mkdocs_config(docs, out, site_config.add_overrides(settings, work))
    config = site_config.mkdocs_config(settings, base, _nav(views), version)
    config_path = work / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path, writer


def _today(result: CheckResult) -> dt.date:
    zone = next(iter(result.campaigns.values())).timezone if result.campaigns else dt.UTC
    return dt.datetime.now(zone).date()


def _write_pages(
    writer: PageWriter, result: CheckResult, views: list[CampaignView], commits: list[Any], version: str
) -> None:
    statuses = status_labels()
    summaries = [{**v.summary(), "secretariat": secretariat_name(result, v.id)} for v in views]
    writer.render("home.md.j2", "index.md", campaigns=summaries, base="")
    by_path: dict[str, list[PublicNomination]] = {}
    for view, c in zip(views, summaries, strict=False):
        cid = view.id
        c["documents_files"] = _office_documents(writer, result, cid)
        writer.render("overview.md.j2", f"{cid}/index.md", c=c, statuses=statuses)
        plan = view.campaign.data and (result.root / view.campaign.folder / "plan.md")
        plan_text = plan.read_text(encoding="utf-8") if plan and plan.is_file() else ""
        writer.render("plan.md.j2", f"{cid}/ke-hoach/index.md", c=c, kinds=KIND_LABELS,
                      plan_text=_markup(_demote(clean_markdown(plan_text))))
        writer.render("criteria.md.j2", f"{cid}/tieu-chi/index.md", c=c,
                      groups=criteria_groups(view.campaign, result.schemas), other_codes=other_codes())
        writer.render("form.md.j2", f"{cid}/{FORM_PATH}/index.md", c=c,
                      **form_context(view.campaign, result.schemas, result.registry))
        units = sorted({(n.unit_id, n.unit_name) for n in view.nominations}, key=lambda u: u[1])
        writer.render("status.md.j2", f"{cid}/ho-so/index.md", c=c, nominations=view.nominations,
                      units=[{"id": i, "name": name} for i, name in units], kinds=KIND_LABELS, statuses=statuses,
                      present_statuses={n.status for n in view.nominations})
        writer.fills[f"{cid}/ho-so/"] = {"THIDUA_FILL_TABLE": TEMPLATES.get_template("status_table.html.j2").render(
            nominations=view.nominations)}
        history = _history_rows(commits, view)
        writer.render("stamp.md.j2", shell_url(cid).rstrip("/") + ".md")
        writer.shells.append(shell_url(cid))
        template = TEMPLATES.get_template("nomination.html.j2")
        touching = [
            c.hash
            for c in commits
            if any(ch.path.startswith((view.campaign.folder + "/", f"submissions/{cid}/")) for ch in c.changes)
        ]
        writer.prints[cid] = archive.fingerprint(result.root, view.campaign, touching)
        reuse = archive.reusable(writer.out, view.campaign, writer.prints[cid])
        if reuse:
            writer.reused.append(cid)
        for n in view.nominations:
            by_path.setdefault(n.path, []).append(n)
            body = None if reuse else template.render(n=n, history=history.get(n.path, []),
                                                      secretariat=c["secretariat"])
            writer.stamped.append(Stamped(n.url, n.name, body))
            writer.progress.update("Đang viết trang", len(writer.stamped))
        collectives, individuals, others = view.commended(result)
        decision = view.review.decision if view.review else None
        writer.render("commended.md.j2", f"{cid}/khen-thuong/index.md", c=c, award=c["award"],
                      decision={"number": decision.number, "signed_on": decision.signed_on.strftime("%d/%m/%Y")
                                if decision.signed_on else "", "signer": decision.signer} if decision else None,
                      collectives=collectives, individuals=individuals, others=others)
        women, women_note = women_counts(result, cid)
        counts = c["counts"]
        writer.render(
            "stats.md.j2",
            f"{cid}/thong-ke/index.md",
            c=c,
            total=len(view.nominations),
            by_status=_markup(
                bar_chart(
                    "Số hồ sơ theo tình trạng",
                    [(label, counts[code]["total"]) for code, label in statuses.items() if code in counts],
                )
            ),
            by_kind=_markup(
                bar_chart("Số hồ sơ theo loại", [(KIND_LABELS[k], counts["total"][k]) for k in NOMINATION_KINDS])
            ),
            women=_markup(share_chart("Giới tính trong hồ sơ cá nhân", women)),
            women_collectives=women_note,
            by_unit=_markup(bar_chart("Số hồ sơ theo đơn vị", _per_unit(view.nominations))),
        )
    first = views[0] if views else None
    if first is not None:
        _write_guide(writer, result, first)
        tz: dt.tzinfo = first.campaign.timezone
    else:
        tz = dt.UTC
    log = changelog(commits, result, by_path, tz)
    writer.render("changelog.md.j2", "nhat-ky/index.md", commits=log)
    if log:
        writer.fills["nhat-ky/"] = {"THIDUA_FILL_LOG": TEMPLATES.get_template("changelog_table.html.j2").render(
            commits=log, base="../")}
    tables = write_open_data(writer.docs / "du-lieu", result, views, version)
    writer.render("data.md.j2", "du-lieu/index.md", tables=tables, version=version)
    writer.render("search.md.j2", f"{SEARCH_PATH}/index.md", title=SEARCH_TITLE)
    for asset in ASSETS.iterdir():
        writer.write_bytes(f"assets/{asset.name}", asset.read_bytes())


def _office_documents(writer: PageWriter, result: CheckResult, cid: str) -> list[dict[str, str]]:
    """The secretariat's Word files (public fields only), linked from the overview page."""
    from site_builder.publish.documents.render import write_documents

    folder = writer.docs / cid / "van-ban"
    try:
        paths = write_documents(result, cid, folder)
    except ValueError:
        return []  # nobody to propose yet
    return [{"file": p.relative_to(writer.docs / cid).as_posix(), "name": p.stem} for p in paths]


def _per_unit(nominations: list[PublicNomination]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for n in nominations:
        counts[n.unit_name] = counts.get(n.unit_name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _history_rows(commits: list[Any], view: CampaignView) -> dict[str, list[dict[str, str]]]:
    from site_builder.publish.site.history import file_history, format_vn

    tz = view.campaign.timezone
    return {path: [{"when": format_vn(c.date, tz), "short": c.short, "author": c.author, "subject": c.subject}
                   for c in items] for path, items in file_history(commits).items()}


def _write_guide(writer: PageWriter, result: CheckResult, view: CampaignView) -> None:
    c = {**view.summary(), "secretariat": secretariat_name(result, view.id)}
    templates = []
    criteria_lines = [f"- {k.title} (mục {k.citation})" for k in criteria_of(view.campaign, result.schemas)]
    for kind in NOMINATION_KINDS:
        spec = result.schemas.of(view.id)[kind]
        label = KIND_LABELS[kind].lower()
        instructions = [f"{spec.title} — {view.campaign.short_title}",
                        "Mỗi dòng của trang “Hồ sơ” là một hồ sơ. Chọn giá trị trong danh sách thả xuống; "
                        "ô nhiều mục (thành tích, sáng kiến) ghi mỗi mục một dòng (Alt+Enter).",
                        f"Lưu với tên {kind}s.xlsx và tải lên thư mục submissions/{view.id}/<mã đơn vị>/; "
                        "tệp PDF tải vào thư mục con dossier/.",
                        f"Hạn nộp: {view.campaign.deadline_text}.", "Tiêu chí của kế hoạch:", *criteria_lines]
        writer.write_bytes(f"huong-dan/mau/{kind}s.xlsx", xlsx_template(spec, instructions))
        writer.write_bytes(f"huong-dan/mau/{kind}s.csv", csv_template(spec))
        writer.write(f"huong-dan/mau/mau-{kind}.yaml",
                     render_yaml_template(kind, spec, view.campaign, "ma-don-vi",
                                          "Nguyễn Văn A" if kind == "individual" else "Tên tập thể"))
        templates += [
            {
                "file": f"mau/{kind}s.xlsx",
                "title": f"Mẫu Excel hồ sơ {label} ({kind}s.xlsx)",
                "note": "có danh sách chọn giá trị và trang hướng dẫn; cách dễ nhất",
            },
            {
                "file": f"mau/{kind}s.csv",
                "title": f"Mẫu CSV hồ sơ {label} ({kind}s.csv)",
                "note": "chỉ có dòng tiêu đề",
            },
            {
                "file": f"mau/mau-{kind}.yaml",
                "title": f"Mẫu YAML hồ sơ {label}",
                "note": "mỗi hồ sơ một tệp, có chú thích từng trường",
            },
        ]
    field_tables = []
    for kind in NOMINATION_KINDS:
        spec = result.schemas.of(view.id)[kind]
        rows = []
        for f in template_fields(spec):
            values = (
                "; ".join(f"{code} ({f.labels.get(code, code)})" for code in f.enum)
                if f.enum
                else {"boolean": "có / không", "date": "ngày", "number": "số từ 0 đến 1", "array": "nhiều dòng"}.get(
                    f.type, "văn bản"
                )
            )
            rows.append({"title": f.title, "name": f.name, "required": "Có" if f.required else "", "choices": values,
                         "description": f.description, "private": f.private})
        field_tables.append({"kind": kind, "title": spec.title, "fields": rows})
    # The units that may submit to this campaign (active in its period), with their successors.
    period = (view.campaign.period_start, view.campaign.period_end)
    units = sorted((u for u in result.registry.units.values() if u.active_during(*period)), key=lambda u: u.unit_id)
    names = {u.unit_id: u.name for u in result.registry.units.values()}
    # The examples name a unit that really submits to this campaign (a commune first: the
    # guide's reader is a commune clerk) and a date of the campaign's year.
    local = ("xa", "phuong", "thi_tran")
    submitting = sorted({n.unit_id for n in view.nominations}, key=lambda u: (
        getattr(result.registry.units.get(u), "kind", "") not in local, u))
    example = submitting[0] if submitting else view.campaign.secretariat_unit
    writer.render(
        "guide.md.j2",
        "huong-dan/index.md",
        c=c,
        base="../",
        example_unit=example,
        example_unit_name=result.registry.units[example].name if example in result.registry.units else example,
        example_year=view.campaign.period_start.year,
        templates=templates,
        field_tables=field_tables,
        units=[
            {
                "id": u.unit_id,
                "name": u.name,
                "parent": names.get(u.parent_id or "", ""),
                "successor": f"{names[u.successor_id]} (từ {u.active_to:%d/%m/%Y})"
                if u.successor_id in names and u.active_to else "",
            }
            for u in units
        ],
    )


def _demote(markdown: str) -> str:
    """Nest the plan's own headings under the page's 'full text' heading."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.splitlines()) + "\n"


def _markup(text: str) -> Any:
    from markupsafe import Markup
    return Markup(text)


def _nav(views: list[CampaignView]) -> list[Any]:
    nav: list[Any] = [{"Trang chủ": "index.md"}]
    for view in views:
        cid = view.id
        nav.append({view.campaign.short_title: [
            {"Tổng quan": f"{cid}/index.md"}, {"Kế hoạch": f"{cid}/ke-hoach/index.md"},
            {"Tiêu chí": f"{cid}/tieu-chi/index.md"}, {FORM_TITLE: f"{cid}/{FORM_PATH}/index.md"},
            {"Tình trạng hồ sơ": f"{cid}/ho-so/index.md"},
            {"Danh sách khen thưởng": f"{cid}/khen-thuong/index.md"}, {"Thống kê": f"{cid}/thong-ke/index.md"}]})
    nav += [{SEARCH_TITLE: f"{SEARCH_PATH}/index.md"},
            {"Hướng dẫn nộp hồ sơ": "huong-dan/index.md"}, {"Nhật ký thay đổi": "nhat-ky/index.md"},
            {"Dữ liệu mở": "du-lieu/index.md"}]
    return nav


def _mkdocs_config(docs: Path, out: Path, custom_dir: Path) -> dict[str, Any]:
    """thidua's defaults: the whole configuration when there is no mkdocs.yml."""
    return {
        "site_name": SITE_NAME,
        "docs_dir": str(docs),
        "site_dir": str(out),
        "use_directory_urls": True,
        "strict": True,
        "theme": {
            "name": "material",
            "language": "vi",
            "font": False,
            "custom_dir": str(custom_dir),
            "features": ["navigation.prune", "navigation.top", "navigation.tracking"],
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        },
        "extra": {"generator": False},
        "extra_css": ["assets/thidua.css"],
        "extra_javascript": ["assets/thidua.js"],
        "plugins": [],  # no lunr search: Pagefind indexes the finished site (search.py)
        "markdown_extensions": [
            "tables",
            "admonition",
            {"toc": {"permalink": False}},
            "site_builder.publish.site.safe_markdown",
        ],
        "validation": {"omitted_files": "ignore", "absolute_links": "warn", "unrecognized_links": "warn"},
    }
