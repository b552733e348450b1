"""The catalogue commands' tables (list, roles, skills, lint) and what every table shares.

A table is used only when every column fits at its least width: ids and figures whole, and
prose columns at least as wide as their longest word and a readable TEXT_MIN. Otherwise each
item is stacked: the id on a line of its own, then its details indented (as gh does).
rich is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .formatting import _cost_text, _duration_text, _join_ids, _skill_rows
from .layout import Stack, fits, styled

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..lint import LintReport
    from ..models import Catalog, Credential

__all__ = ["GAP", "TEXT_MIN", "credentials_table", "lint_table", "roles_table", "skills_table"]

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


# --- list -------------------------------------------------------------------------------


def credentials_table(
    creds: tuple[Credential, ...], title: str, width: int = 100
) -> RenderableType:
    """``aipath list``: a table if it fits ``width``, else one stacked entry per credential."""
    from rich.console import Group

    from .._text import markup as escape

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


# --- roles ------------------------------------------------------------------------------


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


def skills_table(catalog: Catalog, role: str | None, width: int = 100) -> RenderableType:
    """``aipath skills``: every tag, what it covers, how many credentials teach it."""
    from rich.console import Group

    from .._text import markup as escape

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


def lint_table(report: LintReport, width: int = 100) -> RenderableType:
    """``aipath lint`` as rich renderables: warnings then coverage."""
    from rich.console import Group

    from .._text import markup as escape

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
