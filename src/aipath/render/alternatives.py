"""``plan --alternatives K`` side by side: a comparison for the terminal table and the page.

One row per plan, ranked (1 is the plan printed above it): the core degree, the certificates
(prerequisites after "via"), the cost and months, and how it differs from the best. At 80
columns the plan's cell takes what the figures leave, each id whole on its line; narrower,
each plan is stacked. Stdlib only at import; rich is imported by the table's layout.
"""

from __future__ import annotations

from html import escape
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from .._text import terminal
from .formatting import money, months_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..planner import Plan
    from ..planner.alternatives import Ranking

__all__ = ["comparison_html", "comparison_table"]

GAP = 2
PLAN_MIN = 30  # below this the plan's cell reads badly: each plan is stacked instead
FIRST = "the plan above"


def _rows(ranking: Ranking) -> list[tuple[int, Plan, str]]:
    return [(1, ranking.best, FIRST), *((r.rank, r.plan, r.differs) for r in ranking.others)]


def _core(plan: Plan) -> str:
    if plan.core is None:
        return "no core degree"
    return f"{plan.core} (held)" if plan.core_held else plan.core


def _certificates(plan: Plan) -> list[str]:
    return [s.credential.id for s in plan.steps if s.part == "certificate"]


def _via(plan: Plan) -> list[str]:
    return [s.credential.id for s in plan.steps if s.part == "prerequisite"]


def cost_lines(plan: Plan) -> list[str]:
    """The plan's cost: published prices, then the estimate of those without one."""
    t = plan.totals
    lines = []
    if t.unknown_cost_steps < len(plan.steps) or not plan.steps:
        lines.append(money(t.cost_usd_min, t.cost_usd_max))
    if t.unknown_cost_steps:
        lines.append(f"+ est. {money(t.estimated_cost_min, t.estimated_cost_max)}")
    return lines


def months_line(plan: Plan) -> str:
    return months_text(plan.totals.months_min, plan.totals.months_max).removesuffix(" mo")


def _flag(plan: Plan, rank: int) -> str:
    """What a reader must know beside the differs line: approximate, or ranked above the plan."""
    if rank > 1 and plan.approximate:
        return " (approximate: the search reached its budget)"
    return ""


def _footer(ranking: Ranking) -> list[str]:
    found = 1 + len(ranking.others)
    lines = []
    if found < ranking.asked:
        lines.append("No other plan fits this request." if found == 1 else
                     f"Only {found} distinct plans fit this request.")
    if not ranking.complete:
        lines.append("The search for alternatives reached its budget: more plans may exist.")
    above = [r.rank for r in ranking.others
             if any(w.startswith("ranks above the plan") for w in r.plan.warnings)]
    if above:
        lines.append(f"Ranked above the plan itself: {', '.join(map(str, above))} (the plan "
                     "settles what your profession recognises first: see each one's warnings).")
    return lines


def comparison_table(ranking: Ranking, width: int) -> RenderableType:
    """The plans side by side in ``width`` columns (stacked when the plan's cell would be
    narrower than :data:`PLAN_MIN`)."""
    from rich.text import Text

    from .layout import Stack, styled, wrap

    out = Stack(width)
    optimize = ranking.best.request.optimize
    out.line(styled((f"Alternatives, ranked by --optimize {optimize}:", "bold")), hang=2)
    rows = _rows(ranking)
    costs = [cost_lines(p) for _, p, _ in rows]
    months = [months_line(p) for _, p, _ in rows]
    wn = len(f"{rows[-1][0]}.")
    wc = max(4, *(len(x) for c in costs for x in c))
    wm = max(6, *(len(m) for m in months))
    room = width - wn - wc - wm - 3 * GAP
    if room < PLAN_MIN:
        for (rank, plan, said), cost, span in zip(rows, costs, months):
            pad = " " * (wn + 1)
            out.blank().line(styled((f"{rank}.".ljust(wn + 1) + _core(plan), "bold")), hang=wn + 3)
            out.line(f"{' '.join(cost)} · {span} months", indent=wn + 1, hang=2)
            for cid in _certificates(plan):
                out.line(cid, indent=wn + 1)
            if _via(plan):
                out.line(styled((f"via {', '.join(_via(plan))}", "dim")), indent=wn + 1, hang=4)
            out.extend(wrap(said + _flag(plan, rank), width, pad, pad + "  "))
    else:
        out.blank().line(styled(("#".ljust(wn) + " " * GAP + "plan".ljust(room) + " " * GAP
                                 + "cost".rjust(wc) + " " * GAP + "months".rjust(wm), "bold")))
        out.line("─" * width)
        for (rank, plan, said), cost, span in zip(rows, costs, months):
            cell = [*wrap(styled((_core(plan), "bold")), room, "", "  ")]
            for cid in _certificates(plan):
                cell.extend(wrap(cid, room))
            if _via(plan):
                cell.extend(wrap(styled((f"via {', '.join(_via(plan))}", "dim")), room, "", "    "))
            cell.extend(wrap(styled((said + _flag(plan, rank), "italic")), room, "", "  "))
            for i, (text, c, m) in enumerate(zip_longest(cell, cost, [span])):
                text = text if text is not None else Text("")
                head = (f"{rank}." if i == 0 else "").ljust(wn) + " " * GAP
                tail = (" " * max(0, room - text.cell_len) + " " * GAP + (c or "").rjust(wc)
                        + " " * GAP + (m or "").rjust(wm))
                out.extend([Text(head) + text + Text(tail)])
            out.blank()
    for line in _footer(ranking):
        out.blank().line(line, hang=2)
    return out.renderable()


def _t(text: object) -> str:
    return escape(terminal(str(text)), quote=True)


def _keep(u: Any) -> str:
    """Renewal fees and CE hours over the horizon, short: unpublished ones counted, never $0."""
    if u is None:
        return ""
    if not u.items:
        return "nothing to renew"
    fee = (f"fees not published ({u.fee_unknown})" if u.fee_usd is None
           else f"{money(*u.fee_usd)} in fees")
    ce = (f"CE hours not published ({u.ce_unknown})" if u.ce_hours is None
          else f"{u.ce_hours:g} CE hours")
    if u.fee_usd is not None and u.fee_unknown:
        fee += f" ({u.fee_unknown} unpublished)"
    if u.ce_hours is not None and u.ce_unknown:
        ce += f" ({u.ce_unknown} unpublished)"
    lines = [fee, ce]
    return "<br>".join(_t(x) for x in lines)


def comparison_html(ranking: Ranking, kept_others: Any = ()) -> str:
    """The comparison as a page section; a cost-to-keep column when ``--horizon-years`` gave
    each plan its upkeep (``kept_others``, one per alternative, and the best's first)."""
    kept = list(kept_others)
    rows = []
    for i, (rank, plan, said) in enumerate(_rows(ranking)):
        certs = "".join(f"<li><code>{_t(c)}</code></li>" for c in _certificates(plan))
        via = (f"<p class=small>via {', '.join(f'<code>{_t(c)}</code>' for c in _via(plan))}</p>"
               if _via(plan) else "")
        flag = _flag(plan, rank)
        keep = ""
        if kept:
            u = kept[i] if i < len(kept) else None
            keep = f"<td>{_keep(u)}</td>"
        link = "<a href='#steps'>the plan above</a>" if rank == 1 else _t(said)
        rows.append(
            f"<tr id=alternative-{rank}><td class=order>{rank}</td>"
            f"<td><code>{_t(_core(plan))}</code></td><td><ul>{certs}</ul>{via}</td>"
            f"<td class=num>{'<br>'.join(_t(x) for x in cost_lines(plan))}</td>"
            f"<td class=num>{_t(months_line(plan))}</td>{keep}"
            f"<td>{link}{f' <span class=warn>{_t(flag.strip())}</span>' if flag else ''}</td></tr>")
    years = next((u.years for u in kept if u is not None), None)
    head_keep = f"<th>to keep ({_t(f'{years:g}')} years)</th>" if kept else ""
    col_keep = "<col class=keep>" if kept else ""
    notes = "".join(f"<p class=small>{_t(x)}</p>" for x in _footer(ranking))
    optimize = ranking.best.request.optimize
    return (
        "<section id=alternatives><h2>Alternatives</h2>"
        f"<p class=small>Distinct whole plans (another core degree or other certificates), "
        f"ranked by <code>--optimize {_t(optimize)}</code>; each says how it differs from the "
        "plan above. Unknown prices are named, never counted as $0.</p>"
        "<table class=compare><colgroup><col class=order><col class=core><col class=certs>"
        f"<col class=cost><col class=months>{col_keep}<col></colgroup>"
        "<thead><tr><th>#</th><th>core degree</th><th>certificates</th><th class=num>cost</th>"
        f"<th class=num>months</th>{head_keep}<th>how it differs</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{notes}</section>"
    )
