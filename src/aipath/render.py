"""Turn results into output: JSON-able dicts, CSV text and rich renderables.

rich is imported inside the table functions so JSON and CSV output never pay for it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._layout import Stack, fits, styled, wrap
from ._text import csv_cell, json_safe
from .models import (
    RECOGNITIONS,
    WARN_STATUSES,
    All,
    AnyOf,
    Catalog,
    ClassOf,
    Condition,
    Credential,
    Experience,
    NOf,
    Ref,
    Text,
    catalog_to_data,
    condition_to_data,
    credential_to_data,
    experience_words,
    is_open,
    named_routes,
    satisfied,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .estimates import Figure
    from .lint import LintReport
    from .planner import Plan, PlanStep

__all__ = [
    "JSON_SCHEMA_VERSION",
    "catalog_json",
    "condition_lines",
    "credentials_csv",
    "credentials_json",
    "credentials_table",
    "dumps",
    "envelope",
    "lint_json",
    "lint_table",
    "money",
    "months_text",
    "plan_json",
    "plan_table",
    "plan_tree",
    "roles_json",
    "roles_table",
    "show_json",
    "show_renderable",
    "skills_json",
    "skills_table",
    "totals_sentences",
]

JSON_SCHEMA_VERSION = 2  # 2: plan totals keep known and estimated figures apart


def dumps(doc: Any, *, ascii_only: bool = False) -> str:
    """Deterministic, human-readable JSON with a trailing newline; no raw control characters.

    ``ascii_only`` escapes every non-ASCII character, for a stdout that cannot encode them.
    """
    text = json.dumps(doc, indent=2, ensure_ascii=ascii_only, allow_nan=False)
    return json_safe(text) + "\n"


def envelope(catalog: Catalog, **body: Any) -> dict[str, Any]:
    """Every JSON document starts with the schema version and the catalogue it came from."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "catalog": {
            "path": catalog.path,
            "sha256": catalog.sha256,
            "credentials": len(catalog.credentials),
        },
        **body,
    }


def _cred_json(c: Credential) -> dict[str, Any]:
    data = credential_to_data(c)
    data["verified_on"] = c.verified_on
    return data


# --- formatting helpers ---------------------------------------------------------------


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def money(lo: float | None, hi: float | None) -> str:
    """``$270–395`` / ``$0`` / ``unknown``."""
    if lo is None or hi is None:
        return "unknown"
    return f"${_num(lo)}" if lo == hi else f"${_num(lo)}–{_num(hi)}"


def months_text(lo: float | None, hi: float | None) -> str:
    """``3–6 mo`` rounded sensibly, or ``unknown``."""
    if lo is None or hi is None:
        return "unknown"

    def r(x: float) -> str:
        return f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"

    return f"{r(lo)} mo" if r(lo) == r(hi) else f"{r(lo)}–{r(hi)} mo"


def _cost_text(c: Credential) -> str:
    if c.cost is None:
        return "unknown"
    text = money(c.cost.usd_min, c.cost.usd_max)
    return f"~{text}" if c.cost.approximate else text


def _duration_text(c: Credential) -> str:
    d = c.duration
    if d is None:
        return "unknown"
    lo, hi = _num(d.min), _num(d.max)
    return f"{lo} {d.unit}" if lo == hi else f"{lo}–{hi} {d.unit}"


def route_note(cond: Condition, today: str | None) -> str:
    """`` (open until 2025-12-31: closed)`` for a dated route, else ``""``."""
    if cond.open_from is None and cond.open_until is None:
        return ""
    bits = []
    if cond.open_from is not None:
        bits.append(f"from {cond.open_from}")
    if cond.open_until is not None:
        bits.append(f"until {cond.open_until}")
    state = "" if today is None else (": open" if is_open(cond, today) else ": closed")
    return f" (open {' '.join(bits)}{state})"


def class_text(name: str, catalog: Catalog) -> str:
    """``an informatics master's or doctorate (e.g. ms-health-informatics, ...)``."""
    members = catalog.members(name)
    label = catalog.classes[name].label if name in catalog.classes else name
    shown = ", ".join(members[:4]) + (f" and {len(members) - 4} more" if len(members) > 4 else "")
    return f"{label} ({shown})" if members else f"{label} (nothing in this catalogue counts)"


def condition_lines(
    cond: Condition, catalog: Catalog, indent: int = 0, today: str | None = None
) -> list[str]:
    """The condition as an indented "all of / one of / N of" outline (plain text)."""
    pad = "  " * indent
    label = f"{cond.label}: " if cond.label else ""
    note = route_note(cond, today)
    if isinstance(cond, Ref):
        name = catalog.by_id[cond.id].name if cond.id in catalog.by_id else "?"
        also = catalog.members(cond.id)
        extra = f"; also met by {', '.join(also)}" if also else ""
        return [f"{pad}- {cond.id} ({name}{extra})"]
    if isinstance(cond, ClassOf):
        return [f"{pad}- {label}{class_text(cond.name, catalog)}{note}"]
    if isinstance(cond, Text):
        kind = "must already hold" if cond.must_hold else "check"
        return [f"{pad}- {label}{kind}: {cond.text}{note}"]
    if isinstance(cond, Experience):
        return [f"{pad}- {label}check: {experience_words(cond)}{note}"]
    head = {All: "all of:", AnyOf: "one of:"}.get(type(cond))
    if head is None and isinstance(cond, NOf):
        head = f"{cond.n} of:"
    lines = [f"{pad}{label}{head}{note}"]
    for item in cond.items:  # type: ignore[union-attr]
        lines.extend(condition_lines(item, catalog, indent + 1, today))
    return lines


# --- layout -----------------------------------------------------------------------------
# A table is used only when every column fits at its least width: ids and figures whole, and
# prose columns at least as wide as their longest word and a readable TEXT_MIN. Otherwise each
# item is stacked: the id on a line of its own, then its details indented (as gh does).

TEXT_MIN = 30  # below this a prose column reads as a word per line
GAP = 3  # a SIMPLE_HEAD table without edges: padding, rule, padding


def _longest(cells: Iterable[str], *, words: bool = False) -> int:
    """The widest cell line, or (``words``) the widest word: a column's least width."""
    from rich.cells import cell_len

    parts = (p for c in cells for p in (c.split() if words else c.split("\n")))
    return max((cell_len(p) for p in parts), default=0)


def _table(**kwargs: Any) -> Any:
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, **kwargs)


def _rendered_width(renderable: Any, width: int) -> int:
    """How wide ``renderable`` prints at ``width``: rich may lay a table out wider than its
    columns' least widths add up to (it narrows the widest columns first, then restores any
    below its least width), so a table that ``fits`` on paper is checked as printed."""
    from rich.console import Console
    from rich.segment import Segment

    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    lines = Segment.split_lines(console.render(renderable, console.options))
    return max((Segment.get_line_length(line) for line in lines), default=0)


def _join_ids(ids: Iterable[str]) -> str:
    return ", ".join(ids)


# --- list -------------------------------------------------------------------------------


def credentials_json(
    catalog: Catalog, creds: tuple[Credential, ...], query: dict[str, Any]
) -> dict[str, Any]:
    """``aipath list --format json``."""
    return envelope(
        catalog, query=query, count=len(creds), credentials=[_cred_json(c) for c in creds]
    )


CSV_COLUMNS = (
    "id", "name", "provider", "type", "recognition", "level", "delivery", "status", "roles", "skills",
    "cost_usd_min", "cost_usd_max", "cost_year", "duration_min", "duration_max", "duration_unit",
    "prerequisites", "url", "verified_on",
)


def credentials_csv(creds: tuple[Credential, ...]) -> str:
    """``aipath list --format csv``: one row per credential, lists joined with ``;``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)  # cells pass csv_cell: no formulas, no control characters
    for c in creds:
        row = (
            c.id, c.name, c.provider, c.type, c.recognition or "", c.level, c.delivery, c.status,
            ";".join(c.roles), ";".join(c.skills),
            "" if c.cost is None else _num(c.cost.usd_min).replace(",", ""),
            "" if c.cost is None else _num(c.cost.usd_max).replace(",", ""),
            "" if c.cost is None or c.cost.year is None else c.cost.year,
            "" if c.duration is None else f"{c.duration.min:g}",
            "" if c.duration is None else f"{c.duration.max:g}",
            "" if c.duration is None else c.duration.unit,
            ";".join(c.prerequisites), c.url or "", c.verified_on or "",
        )
        w.writerow([csv_cell(x) for x in row])
    return buf.getvalue()


def credentials_table(
    creds: tuple[Credential, ...], title: str, width: int = 100
) -> RenderableType:
    """``aipath list``: a table if it fits ``width``, else one stacked entry per credential."""
    from rich.console import Group

    from ._text import markup as escape

    kinds = [(c.type, c.recognition or "") for c in creds]
    costs = [_cost_text(c) for c in creds]
    lengths = [_duration_text(c) for c in creds]
    columns = [
        max(_longest(c.id for c in creds), _longest((c.name for c in creds), words=True)),
        _longest(k for pair in kinds for k in pair), _longest(costs), _longest(lengths),
        _longest(c.status for c in creds),
    ]
    heads = ("credential", "type · recognition", "cost", "duration", "status")
    if creds and fits(width, [max(n, len(h)) for n, h in zip(columns, heads)], GAP):
        t = _table(title=title, title_justify="left", show_lines=True)
        t.add_column("credential", min_width=columns[0])
        t.add_column("type · recognition", no_wrap=True)
        t.add_column("cost", justify="right", no_wrap=True)
        t.add_column("duration", justify="right", no_wrap=True)
        t.add_column("status", no_wrap=True)
        for c, cost, length in zip(creds, costs, lengths):
            t.add_row(
                f"[bold]{c.id}[/]\n{escape(c.name)}",
                c.type + (f"\n[dim]{c.recognition}[/]" if c.recognition else ""),
                cost, length, c.status,
            )
        return t
    out = Stack(width).line(title)
    for c, cost, length in zip(creds, costs, lengths):
        facts = [c.type, c.recognition, "cost unknown" if c.cost is None else cost,
                 "duration unknown" if c.duration is None else length, c.status]
        out.line(styled((c.id, "bold")))
        out.line(c.name, indent=2, hang=2)
        out.line(styled((" · ".join(f for f in facts if f), "dim")), indent=2, hang=2)
    return Group(out.renderable())


# --- show -------------------------------------------------------------------------------


def _recognition_text(c: Credential) -> str:
    if c.recognition is None:
        return "not stated in this catalogue"
    return f"{c.recognition}: {RECOGNITIONS[c.recognition]}"


def entry_open(c: Credential, today: str) -> bool:
    """Whether some route into ``c`` is still open on ``today`` (holdings aside)."""
    return satisfied(c.entry, lambda _name: True, today)


def show_json(catalog: Catalog, c: Credential, *, today: str) -> dict[str, Any]:
    """``aipath show ID --format json``: routes are judged open or closed on ``today``."""
    return envelope(
        catalog,
        today=today,
        credential=_cred_json(c),
        recognition=None if c.recognition is None else {
            "kind": c.recognition, "description": RECOGNITIONS[c.recognition],
        },
        prerequisites=None if c.entry is None else condition_to_data(c.entry),
        entry_open=entry_open(c, today),
        routes=[
            {
                "path": list(path),
                "label": cond.label,
                "open_from": cond.open_from,
                "open_until": cond.open_until,
                "open": is_open(cond, today),
            }
            for path, cond in named_routes(c.entry)
        ],
        unlocks=list(catalog.unlocks(c.id)),
        **_estimates_json(catalog, c),
    )


def _figures(catalog: Catalog, c: Credential) -> tuple[Figure | None, Figure | None]:
    """The estimated cost and months of ``c`` (None where published), at 10 hours a week."""
    from .estimates import Figures

    fig = Figures(catalog)
    cost, months = fig.cost(c.id), fig.months(c.id)
    return (None if cost.known else cost), (None if months.known else months)


def _estimates_json(catalog: Catalog, c: Credential) -> dict[str, Any]:
    """Keyed like a plan step's: the estimates and the credentials each came from."""
    cost, months = _figures(catalog, c)
    return {
        "cost_estimate": None if cost is None else _range(cost.lo, cost.hi, digits=0),
        "months_estimate": None if months is None else _range(months.lo, months.hi),
        "estimate_from": {
            "cost": None if cost is None else list(cost.source),
            "duration": None if months is None else list(months.source),
        },
    }


def _tree_add(node: Any, cond: Condition, catalog: Catalog, today: str | None) -> None:
    from ._text import markup as escape

    label = f"[bold]{escape(cond.label)}[/]: " if cond.label else ""
    note = route_note(cond, today)
    closed = today is not None and not is_open(cond, today)
    style = "[dim]" if closed else ""
    if isinstance(cond, (All, AnyOf, NOf)):
        head = (
            "all of" if isinstance(cond, All)
            else "one of" if isinstance(cond, AnyOf)
            else f"{cond.n} of"
        )
        branch = node.add(f"{style}{label}[bold]{head}[/]{escape(note)}")
        for item in cond.items:
            _tree_add(branch, item, catalog, today)
    else:
        node.add(f"{style}{label}{_leaf_text(cond, catalog)}{escape(note)}")


def _leaf_text(cond: Condition, catalog: Catalog) -> str:
    from ._text import markup as escape

    if isinstance(cond, Ref):
        also = catalog.members(cond.id)
        extra = f" [dim](also met by {', '.join(also)})[/]" if also else ""
        return f"[cyan]{cond.id}[/] {escape(catalog.by_id[cond.id].name)}{extra}"
    if isinstance(cond, ClassOf):
        return f"[cyan]any[/] {escape(class_text(cond.name, catalog))}"
    if isinstance(cond, Text):
        if cond.must_hold:  # a credential outside the catalogue: never planned, never assumed
            return f"[yellow]must already hold:[/] {escape(cond.text)}"
        return f"[yellow]check:[/] {escape(cond.text)}"
    assert isinstance(cond, Experience)
    return f"[yellow]check:[/] {escape(experience_words(cond))}"


def show_renderable(
    catalog: Catalog, c: Credential, *, today: str, width: int = 100
) -> RenderableType:
    """``aipath show ID``: facts, evidence, prerequisite tree, what it unlocks."""
    from rich.console import Group
    from rich.tree import Tree

    from ._text import markup as escape

    cost, months = _figures(catalog, c)
    rows = [
        ("id", styled((c.id, "bold"))),
        ("provider", c.provider),
        ("type", c.type + (f" ({c.subtype})" if c.subtype else "")),
        ("recognition", _recognition_text(c)),
        ("level", c.level),
        ("delivery", c.delivery),
        ("status", c.status),
        ("roles", _join_ids(c.roles)),
        ("skills", _join_ids(c.skills)),
        ("cost", _cost_text(c) + _cost_detail(c) + _estimate_text(cost, "usd")),
        ("duration", _duration_text(c) + _duration_note(c) + _estimate_text(months, "months")),
    ]
    if c.renewal is not None:
        r = c.renewal
        bits = []
        if r.every_years is not None:
            bits.append(f"every {r.every_years:g} years")
        if r.ce_hours is not None:
            bits.append(f"{r.ce_hours:g} CE hours")
        if r.usd is not None:
            bits.append(money(r.usd, r.usd) + (f" ({r.year})" if r.year else ""))
        if r.note:
            bits.append(r.note)
        rows.append(("renewal", "; ".join(bits)))
    if c.counts_as:
        rows.append(("counts as", _join_ids(c.counts_as)))
    if c.successor is not None:
        rows.append(("successor", f"{c.successor} ({catalog.by_id[c.successor].name})"))
    if c.entry is not None:
        closed = [cond for _, cond in named_routes(c.entry) if not is_open(cond, today)]
        state = "open" if entry_open(c, today) else "CLOSED: no route is open"
        if closed:
            names = ", ".join(f"'{x.label}'" if x.label else "one route" for x in closed)
            state += f"; closed: {names}"
        rows.append(("routes", f"{state} (as of {today})"))
    rows.append(("url", c.url or "none"))
    if c.recalled_fields:
        rows.append(("recalled", ", ".join(c.recalled_fields) + " (from general knowledge)"))
    if c.notes:
        rows.append(("notes", c.notes))
    facts = Stack(width).line(styled((c.name, "bold"))).fields(rows)

    # Drawn here rather than as a rich Tree, which would cut a URL longer than the line.
    ev = Stack(width).line(styled(("evidence", "bold")))
    for i, e in enumerate(c.evidence):
        last = i == len(c.evidence) - 1
        ev.extend(wrap(
            styled(f"{e.kind}, verified {e.verified_on}: ", e.url or "general knowledge",
                   f" ({e.note})" if e.note else ""),
            width, "└── " if last else "├── ", "    " if last else "│   ",
        ))

    pre = Tree("[bold]prerequisites[/]")
    if c.entry is None:
        pre.add("none")
    else:
        _tree_add(pre, c.entry, catalog, today)

    unl = Tree("[bold]unlocks[/]")
    unlocks = catalog.unlocks(c.id)
    for u in unlocks:
        unl.add(f"[cyan]{u}[/] {escape(catalog.by_id[u].name)}")
    if not unlocks:
        unl.add("nothing in this catalogue")
    return Group(facts.renderable(), ev.renderable(), pre, unl)


def _duration_note(c: Credential) -> str:
    return f" ({c.duration.note})" if c.duration and c.duration.note else ""


def _estimate_text(fig: Figure | None, unit: str) -> str:
    """``; estimated $299–581 from 18 exams at level professional: abii-ciip, ...``."""
    return "" if fig is None else f"; {fig.text(unit)}: {_join_ids(fig.source)}"


def _cost_detail(c: Credential) -> str:
    if c.cost is None:
        return ""
    bits = [str(c.cost.year)] if c.cost.year else []
    if c.cost.basis:
        bits.append(c.cost.basis)
    return f" ({'; '.join(bits)})" if bits else ""


# --- roles ------------------------------------------------------------------------------


def roles_json(catalog: Catalog) -> dict[str, Any]:
    """``aipath roles --format json``."""
    return envelope(
        catalog,
        roles=[
            {
                "id": b.id,
                "label": b.label,
                "holds": [{"id": h, "name": catalog.by_id[h].name} for h in b.holds],
                "target_skills": [
                    {"tag": t, "description": catalog.skills[t]} for t in b.target_skills
                ],
                "based_on": b.based_on,
                "signature": [
                    {
                        "ref": g.ref,
                        "kind": "class" if g.is_class else "credential",
                        "name": (
                            catalog.classes[g.ref].label if g.is_class
                            else catalog.by_id[g.ref].name
                        ),
                        "why": g.why,
                        "source": g.source,
                        "verified_on": g.verified_on,
                    }
                    for g in b.signature
                ],
                "note": b.note,
            }
            for b in catalog.backgrounds.values()
        ],
    )


def roles_table(catalog: Catalog, width: int = 100) -> RenderableType:
    """``aipath roles``: each background stacked, for its prose never fits a table's cell."""
    from rich.console import Group

    out = Stack(width).line("Backgrounds (use with --role)")
    for b in catalog.backgrounds.values():
        out.blank().line(styled((b.id, "bold"), "  ", (b.label, "dim")), hang=4)
        rows: list[tuple[str, Any]] = []
        if b.based_on:
            rows.append(("based on", b.based_on))
        rows.append(("holds", _join_ids(b.holds) or "nothing"))
        rows.append(("target skills", _join_ids(b.target_skills)))
        rows.append(("recognised", [
            styled(("any " if g.is_class else "") + g.ref, ": " + g.why) for g in b.signature
        ] or "none named"))
        if b.note:
            rows.append(("why", b.note))
        out.fields(rows, indent=2, hang=2)
    return Group(out.renderable())


# --- skills -----------------------------------------------------------------------------


def _skill_rows(catalog: Catalog, role: str | None) -> list[dict[str, Any]]:
    rows = []
    for tag, description in catalog.skills.items():
        teaching = [c for c in catalog.credentials if tag in c.skills
                    and (role is None or catalog.open_to(c, role))]
        rows.append({
            "tag": tag,
            "description": description,
            "credentials": len(teaching),
            "certified_by": sum(c.recognition not in (None, "course-certificate") for c in teaching),
            "targeted_by": [b.id for b in catalog.backgrounds.values() if tag in b.target_skills],
        })
    return rows


def skills_json(catalog: Catalog, role: str | None) -> dict[str, Any]:
    """``aipath skills --format json``."""
    return envelope(catalog, role=role, skills=_skill_rows(catalog, role))


def skills_table(catalog: Catalog, role: str | None, width: int = 100) -> RenderableType:
    """``aipath skills``: every tag, what it covers, how many credentials teach it."""
    from rich.console import Group

    from ._text import markup as escape

    title = "Skill tags" + (f" (credentials open to {role})" if role else "")
    rows = _skill_rows(catalog, role)
    taught = [f"{r['credentials']} ({r['certified_by']} certify)" for r in rows]
    targets = [_join_ids(r["targeted_by"]) or "-" for r in rows]
    columns = [
        max(5, _longest(r["tag"] for r in rows)),
        max(TEXT_MIN, _longest((r["description"] for r in rows), words=True)),
        max(9, _longest(taught)),
        max(9, _longest(targets, words=True)),
    ]
    if fits(width, columns, GAP):
        t = _table(title=title, title_justify="left")
        t.add_column("skill", no_wrap=True)
        t.add_column("what it covers", min_width=columns[1])
        t.add_column("taught by", justify="right", no_wrap=True)
        t.add_column("target of", min_width=columns[3])
        for row, n, roles in zip(rows, taught, targets):
            t.add_row(escape(row["tag"]), escape(row["description"]), n, escape(roles))
        return t
    out = Stack(width).line(title)
    for row, n, roles in zip(rows, taught, targets):
        out.blank().line(styled((row["tag"], "bold")))
        out.line(row["description"], indent=2)
        out.line(styled((f"taught by {n}; target of {roles}", "dim")), indent=2)
    return Group(out.renderable())


# --- lint -------------------------------------------------------------------------------


def _coverage_dict(report: LintReport) -> dict[str, Any]:
    cov = report.coverage
    return {
        "credentials": cov.credentials,
        "active": cov.active,
        "with_cost": cov.with_cost,
        "with_duration": cov.with_duration,
        "with_official_evidence": cov.with_official_evidence,
        "stale_evidence": cov.stale_evidence,
        "share_cost": round(cov.share(cov.with_cost), 4),
        "share_duration": round(cov.share(cov.with_duration), 4),
        "share_official_evidence": round(cov.share(cov.with_official_evidence), 4),
        "share_stale_evidence": round(cov.share(cov.stale_evidence), 4),
        "with_recognition": cov.with_recognition,
        "share_recognition": round(cov.share(cov.with_recognition), 4),
        "recognition": dict(cov.by_recognition),
    }


def lint_json(catalog: Catalog, report: LintReport) -> dict[str, Any]:
    """``aipath lint --format json``."""
    return envelope(
        catalog,
        today=report.today,
        stale_months=report.stale_months,
        warnings=[
            {"code": w.code, "credential": w.credential, "message": w.message}
            for w in report.warnings
        ],
        coverage=_coverage_dict(report),
    )


def lint_table(report: LintReport, width: int = 100) -> RenderableType:
    """``aipath lint`` as rich renderables: warnings then coverage."""
    from rich.console import Group

    from ._text import markup as escape

    cov = report.coverage
    c = _table(title="Coverage", title_justify="left")
    c.add_column("figure")
    c.add_column("count", justify="right")
    c.add_column("share", justify="right")
    for label, n in (
        ("cost known", cov.with_cost),
        ("duration known", cov.with_duration),
        ("official evidence", cov.with_official_evidence),
        (f"evidence older than {report.stale_months} months", cov.stale_evidence),
        ("recognition stated", cov.with_recognition),
        *((f"  recognised as {kind}", n) for kind, n in cov.by_recognition if n),
    ):
        c.add_row(label, f"{n} / {cov.credentials}", f"{cov.share(n):.0%}")
    if not report.warnings:
        return Group("No warnings.", c)
    n = len(report.warnings)
    title = f"{n} warning{'' if n == 1 else 's'}"
    ws = report.warnings
    columns = [
        max(10, _longest(w.credential or "" for w in ws)), max(4, _longest(w.code for w in ws)),
        max(TEXT_MIN, _longest((w.message for w in ws), words=True)),
    ]
    if fits(width, columns, GAP):
        w = _table(title=title, title_justify="left")
        w.add_column("credential", no_wrap=True)
        w.add_column("code", no_wrap=True)
        w.add_column("message", min_width=columns[2])
        for item in ws:
            w.add_row(item.credential or "", item.code, escape(item.message))
        return Group(w, "", c)
    out = Stack(width).line(title)
    for item in ws:
        out.line(styled((item.credential or "catalogue", "bold"), "  ", (item.code, "dim")), hang=4)
        out.line(item.message, indent=2)
    return Group(out.renderable(), "", c)


# --- export -----------------------------------------------------------------------------


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """``aipath export --format json``: the catalogue in its own file format."""
    return catalog_to_data(catalog)


# --- plan -------------------------------------------------------------------------------


def _range(lo: float | None, hi: float | None, digits: int = 2) -> dict[str, float] | None:
    if lo is None or hi is None:
        return None
    return {"min": round(lo, digits), "max": round(hi, digits)}


def _step_json(s: PlanStep) -> dict[str, Any]:
    c = s.credential
    cost = None
    if c.cost is not None:
        cost = {
            "usd_min": c.cost.usd_min,
            "usd_max": c.cost.usd_max,
            "year": c.cost.year,
            "basis": c.cost.basis,
            "approximate": c.cost.approximate,
        }
    duration = None
    if c.duration is not None and s.months is not None:
        duration = {
            "min": c.duration.min,
            "max": c.duration.max,
            "unit": c.duration.unit,
            "months_min": round(s.months[0], 2),
            "months_max": round(s.months[1], 2),
        }
    return {
        "order": s.order,
        "id": c.id,
        "name": c.name,
        "type": c.type,
        "recognition": c.recognition,
        "part": s.part,
        "reason": s.reason,
        "satisfies": [{"step": x.step, "requirement": x.requirement} for x in s.satisfies],
        "alternatives": [
            {"option": a.option, "reason": a.reason,
             "adds_usd": None if a.cost_usd is None else round(a.cost_usd, 2),
             "adds_months": None if a.months is None else round(a.months, 2)}
            for a in s.alternatives
        ],
        "cost": cost,
        "cost_estimate": None if s.cost_estimate is None else _range(*s.cost_estimate, digits=0),
        "duration": duration,
        "months_estimate": None if s.months_estimate is None else _range(*s.months_estimate),
        "imputed": list(s.imputed),
        "estimate_from": {
            "cost": None if s.cost_figure is None else list(s.cost_figure.source),
            "duration": None if s.months_figure is None else list(s.months_figure.source),
        },
        "manual_checks": list(s.manual_checks),
        "start_month": s.start_month,
        "finish_month": s.finish_month,
        "wait_months": s.wait_months,
        "verified_on": c.verified_on,
        "stale": s.stale,
        "warnings": list(s.warnings),
        "after": list(s.after),
        "url": c.url,
    }


def plan_json(catalog: Catalog, plan: Plan, query: dict[str, Any]) -> dict[str, Any]:
    """``aipath plan --format json``: known and estimated figures apart, null where none."""
    t = plan.totals
    n = len(plan.steps)
    known_cost = n - t.unknown_cost_steps
    known_months = n - t.unknown_duration_steps
    return envelope(
        catalog,
        query=query,
        holdings=[
            {"id": h.id, "name": catalog.by_id[h.id].name, "source": h.source,
             "earned": h.earned}
            for h in plan.holdings
        ],
        renewals=[
            {"id": r.id, "earned": r.earned, "every_years": r.every_years,
             "first_due": r.first_due, "next_due": r.next_due,
             "overdue_cycles": r.overdue_cycles, "due_soon": r.due_soon,
             "cannot_renew": r.cannot_renew, "successor": r.successor}
            for r in plan.renewals
        ],
        core=plan.core,
        steps=[_step_json(s) for s in plan.steps],
        totals={
            "steps": n,
            "cost": {
                "known": _range(t.cost_usd_min, t.cost_usd_max) if known_cost else None,
                "estimated": (
                    _range(t.estimated_cost_min, t.estimated_cost_max, 0)
                    if t.unknown_cost_steps else None
                ),
                "unknown_steps": t.unknown_cost_steps,
            },
            "months": {
                "timeline": _range(t.months_min, t.months_max),
                "known_only": (
                    _range(t.known_months_min, t.known_months_max) if known_months else None
                ),
                "experience_wait": round(t.wait_months, 2),
                "unknown_steps": t.unknown_duration_steps,
            },
        },
        skills={
            "target": list(plan.target_skills),
            "covered": list(plan.covered),
            "missing": list(plan.missing),
        },
        notes=list(plan.notes),
        approximate=plan.approximate,
        optimality_gap=round(plan.optimality_gap, 4),
        warnings=list(plan.warnings),
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def totals_sentences(plan: Plan) -> list[str]:
    """Totals in words: what is known, what is estimated, and the waits."""
    t = plan.totals
    n = len(plan.steps)
    if t.unknown_cost_steps == 0:
        cost = f"Cost: {money(t.cost_usd_min, t.cost_usd_max)} (all {n} steps have a published price)"
    elif t.unknown_cost_steps == n:
        cost = (
            f"Cost: no step has a published price (estimated "
            f"{money(t.estimated_cost_min, t.estimated_cost_max)} from similar credentials)"
        )
    else:
        cost = (
            f"Cost: at least {money(t.cost_usd_min, t.cost_usd_max)} known, plus "
            f"{_plural(t.unknown_cost_steps, 'step')} without a published price (estimated "
            f"{money(t.estimated_cost_min, t.estimated_cost_max)})"
        )
    time = f"Time: about {months_text(t.months_min, t.months_max)}, steps that do not depend on each other overlapping"
    extra = []
    if t.wait_months > 0:
        extra.append(f"including about {t.wait_months:.0f} months gaining the experience a step asks for")
    if t.unknown_duration_steps:
        extra.append(f"{_plural(t.unknown_duration_steps, 'step')} with no published length estimated")
    if extra:
        time += " (" + "; ".join(extra) + ")"
    return [cost, time]


def _question(check: str) -> str:
    """A manual check as a question the person can answer."""
    amount, _, rest = check.partition(" ")
    number = amount.replace(".", "").replace(",", "")
    if number.isdigit() and rest.startswith(("years of ", "h of ")):
        return f"Do you have {check}?"
    return f"Can you show: {check}?"


def _figure_cell(known: str, estimate: tuple[float, float] | None, kind: str) -> str:
    if estimate is None:
        return known
    if kind == "cost":
        return f"est. {money(*estimate)}"
    return f"est. {months_text(*estimate).removesuffix(' mo')}"


def _plan_sections(plan: Plan, out: Stack) -> None:
    """Totals, skills and the free-text sections; a wrapped line keeps its item's indent."""
    for sentence in totals_sentences(plan):
        out.line(sentence, hang=2)
    out.line(f"Skills covered: {_join_ids(plan.covered) or 'none'}", hang=2)
    if plan.missing:
        out.line(f"Skills missing: {_join_ids(plan.missing)}", hang=2)
    if plan.notes:
        heading = "What your profession recognises but this plan leaves out:"
        out.blank().line(styled((heading, "bold")))
        for note in plan.notes:
            out.line(note, indent=2, hang=2)
    checks = [s for s in plan.steps if s.manual_checks]
    if checks:
        out.blank().line(styled(("Before you pay, check:", "bold")))
        for s in checks:
            out.line(f"{s.order}. {s.credential.id}:", indent=2, hang=3)
            for check in s.manual_checks:
                out.line(f"- {_question(check)}", indent=5, hang=2)
    choices = [s for s in plan.steps if s.alternatives]
    if choices:
        out.blank().line(styled(("Why this and not that:", "bold")))
        for s in choices:
            out.line(f"{s.order}. {s.credential.id}", indent=2, hang=3)
            for a in s.alternatives[:3]:
                out.line(f"- rather than {a.option}: {a.reason}", indent=5, hang=2)
    if plan.renewals:
        out.blank().line(styled(("Renewals of what you hold:", "bold")))
        for r in plan.renewals:
            urgent = r.due_soon or r.overdue_cycles or r.cannot_renew
            out.line(styled((r.sentence(), "yellow")) if urgent else r.sentence(),
                     indent=2, hang=2)
    if plan.warnings:
        out.blank().line(styled(("Warnings:", "yellow")))
        for w in plan.warnings:
            out.line(w, indent=2, hang=2)


def _step_notes(s: PlanStep, order: dict[str, int]) -> list[Any]:
    """What follows a step's reason: recognition, what it opens, estimates' sources, any wait."""
    c = s.credential
    notes: list[Any] = []
    recognised = RECOGNITIONS.get(c.recognition or "")
    if recognised:
        notes.append(styled((f"Recognition: {recognised}", "dim")))
    opens = [f"{x.step} (step {order[x.step]})" for x in s.satisfies if x.step in order]
    if opens:
        notes.append(styled((f"Qualifies you for: {', '.join(opens)}", "dim")))
    for what, fig in (("Price", s.cost_figure), ("Length", s.months_figure)):
        if fig is not None:
            notes.append(styled((f"{what} estimated from {fig.basis}", "dim")))
    if s.wait_months > 0:
        notes.append(styled(
            (f"Eligible after about {s.wait_months:.0f} more months of experience", "yellow")
        ))
    return notes


def _step_flags(s: PlanStep) -> list[str]:
    flags = []
    if s.stale:
        flags.append("check: facts may be old")
    if s.credential.status in WARN_STATUSES:
        flags.append(s.credential.status)
    return flags


def plan_table(catalog: Catalog, plan: Plan, width: int = 100) -> RenderableType:
    """``aipath plan``: holdings, ordered steps, totals in words, choices, checks, warnings.

    The steps are a table when it fits ``width`` with room for the reasons, else stacked.
    """
    from rich.console import Group
    from rich.text import Text

    req = plan.request
    held = _join_ids(h.id for h in plan.holdings) or "nothing"
    head = Stack(width)
    head.line(styled((f"Plan for role {req.role.id}", "bold"),
                     f" ({req.role.label}), optimizing {req.optimize}"), hang=2)
    head.line(f"Holding: {held}", hang=2)
    if plan.core_held and plan.core:
        head.line(f"Core degree: {plan.core} (already held)", hang=2)
    order = {s.credential.id: s.order for s in plan.steps}
    costs, months = [], []
    for s in plan.steps:
        costs.append(_figure_cell(_cost_text(s.credential), s.cost_estimate, "cost"))
        known = "unknown" if s.months is None else months_text(*s.months).removesuffix(" mo")
        months.append(_figure_cell(known, s.months_estimate, "months"))
    steps = plan.steps
    names = [
        f"{s.credential.name}" + (f" ({', '.join(_step_flags(s))})" if _step_flags(s) else "")
        for s in steps
    ]
    kinds = [f"{s.part} · {s.credential.type}" for s in steps]
    whys = [s.reason + "".join(f" {n.plain}" for n in _step_notes(s, order)) for s in steps]
    columns = [
        max(1, _longest(str(s.order) for s in steps)),
        max(4, _longest(s.credential.id for s in steps), _longest(names + kinds, words=True)),
        max(4, _longest(costs)), max(6, _longest(months)),
        max(TEXT_MIN + 6, _longest(whys, words=True)),
    ]
    rest = Stack(width)
    _plan_sections(plan, rest)
    if fits(width, columns, GAP):
        t = _table(show_lines=True)
        t.add_column("#", justify="right", no_wrap=True)
        # The reasons take the room an id does not need; the step column never takes more than
        # the others leave at their least widths (rich would otherwise overshoot the width).
        room = width - GAP * (len(columns) - 1) - sum(columns) + columns[1]
        t.add_column("step", min_width=columns[1], max_width=max(columns[1], min(36, room)))
        t.add_column("cost", justify="right", no_wrap=True)
        t.add_column("months", justify="right", no_wrap=True)
        t.add_column("why", min_width=columns[4])
        for s, name, kind, cost, span in zip(steps, names, kinds, costs, months):
            c = s.credential
            flags = _step_flags(s)
            step = Text("\n").join([
                styled((c.id, "bold")),
                styled(c.name, ((f" ({', '.join(flags)})", "red") if flags else "")),
                styled((kind, "dim")),
            ])
            why = Text("\n").join([styled(s.reason), *_step_notes(s, order)])
            t.add_row(str(s.order), step, cost, span, why)
        if _rendered_width(t, width) <= width:
            return Group(head.renderable(), "", t, "", rest.renderable())
    body = Stack(width)
    indent = len(f"{max(order.values(), default=1)}. ")
    for s, kind, cost, span in zip(steps, kinds, costs, months):
        c = s.credential
        flags = _step_flags(s)
        figures = [
            "cost unknown" if cost == "unknown" else cost,
            "length unknown" if span == "unknown" else f"{span} months",
        ]
        body.blank().line(styled((f"{s.order}. ".ljust(indent) + c.id, "bold")))
        body.line(styled(c.name, ((f" ({', '.join(flags)})", "red") if flags else "")),
                  indent=indent, hang=2)
        body.line(styled((f"{kind} · {' · '.join(figures)}", "dim")), indent=indent, hang=2)
        body.line(s.reason, indent=indent)
        for note in _step_notes(s, order):
            body.line(note, indent=indent, hang=2)
    return Group(head.renderable(), "", body.renderable(), "", rest.renderable())


def plan_tree(catalog: Catalog, plan: Plan) -> RenderableType:
    """``aipath plan --format tree``: what unlocks what, from the holdings down."""
    from ._text import markup as escape
    from rich.tree import Tree

    held = ", ".join(h.id for h in plan.holdings) or "nothing"
    root = Tree(f"[bold]{escape(plan.request.role.id)}[/], holding {escape(held)}")
    nodes: dict[str, Any] = {}
    for s in plan.steps:
        c = s.credential
        label = f"[bold]{s.order}. {c.id}[/] [dim]({s.part})[/] {escape(c.name)}"
        if len(s.after) > 1:
            label += f" [dim](after {', '.join(s.after)})[/]"
        parent = nodes[s.after[-1]] if s.after else root
        nodes[c.id] = parent.add(label)
    return root
