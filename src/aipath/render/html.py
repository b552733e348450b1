"""A plan as one self-contained HTML page that a person can open offline, print and send.

Stdlib only (no rich, yaml or networkx): the page is built from the plan object and the same
sentences the terminal table uses. Every piece of catalogue text is escaped here; the picture
(SVG from Graphviz) is rebuilt from an allowlist (``svg.safe_svg``), so nothing in it can fetch
or run anything. The page loads nothing: no scripts, no external styles, fonts or images; the
only URLs are ``<a href>`` links to the sources, for the reader to follow.
"""

from __future__ import annotations

import datetime as _dt
import re
from html import escape
from typing import TYPE_CHECKING, Any

from .._text import terminal
from ..models import RECOGNITIONS, WARN_STATUSES
from .formatting import _cost_text, _figure_cell, _question, months_text, totals_sentences
from .svg import safe_svg

if TYPE_CHECKING:
    from ..models import Catalog, Credential
    from ..planner import Plan, PlanStep

__all__ = ["plan_html"]


def _t(text: object, *, newlines: bool = False) -> str:
    """Catalogue text as HTML text: control and bidi characters removed, markup escaped."""
    return escape(terminal(str(text), newlines=newlines), quote=True)


def _link(url: str | None) -> str:
    """A clickable link for http(s) URLs; any other scheme (javascript:, data:) stays text."""
    if not url:
        return ""
    text = _t(url)
    if re.match(r"https?://", url, re.I) and not re.search(r"[\s\x00-\x1f\x7f]", url):
        return f'<a href="{text}" rel="noreferrer">{text}</a>'
    return f"<span class=url>{text}</span>"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("aipath")
    except PackageNotFoundError:
        return "unknown"


_CSS = """
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1d21; --muted: #585f68; --rule: #d3d7dd; --head: #f2f4f7;
  --accent: #0b57b0; --warn: #7a4b00; --warn-bg: #fff6df; --badge: #a4262c; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #15181c; --fg: #e4e6ea; --muted: #a3aab3; --rule: #3a4049; --head: #1f242a;
  --accent: #8ab4f8; --warn: #f5c46b; --warn-bg: #2c2410; --badge: #ff8a8a; } }
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
a { color: var(--accent); }
code, .id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: .92em; }
.muted, .small { color: var(--muted); }
.small { font-size: .88em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.totals p { margin: .3rem 0; }
/* Fixed columns: long ids and URLs wrap inside their cell instead of squeezing the others. */
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
col.order { width: 2.6rem; } col.step { width: 27%; } col.cost { width: 15%; }
col.months { width: 11%; }
table.compare col.core { width: 17%; } table.compare col.certs { width: 24%; }
table.compare col.cost { width: 12%; } table.compare col.months { width: 8%; }
table.compare col.keep { width: 13%; }
th, td { text-align: left; vertical-align: top; padding: .5rem .6rem;
  border-bottom: 1px solid var(--rule);
  overflow-wrap: anywhere; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; }
td.order { font-weight: 600; }
td p, li p { margin: .2rem 0; }
.badge { color: var(--badge); font-weight: 600; }
.warn { color: var(--warn); background: var(--warn-bg); padding: .05rem .3rem;
  border-radius: .2rem; }
ul, ol { padding-left: 1.4rem; margin: .3rem 0; }
li { margin: .15rem 0; }
.url { overflow-wrap: anywhere; }
/* Graphviz draws on white: the picture stays a light card in dark mode too. */
figure.picture { margin: 0; padding: .5rem; background: #ffffff; border: 1px solid var(--rule);
  border-radius: .3rem; overflow-x: auto; }
figure.picture svg { display: block; max-width: none; height: auto; }
footer { margin-top: 2.5rem; padding-top: .6rem; border-top: 1px solid var(--rule); }
@page { margin: 14mm 12mm; }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --rule: #bbbbbb; --head: #eeeeee;
    --accent: #000000; --warn: #000000; --warn-bg: transparent; --badge: #000000; }
  .warn { font-style: italic; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, li, figure.picture { break-inside: avoid; page-break-inside: avoid; }
  figure.picture { overflow: visible; border: 0; padding: 0; }
  .screen { display: none; }
  figure.picture svg { width: 100%; max-height: 24cm; }
}
"""


def _holding_text(catalog: Catalog, plan: Plan) -> str:
    if not plan.holdings:
        return "nothing"
    return ", ".join(
        f"<code>{_t(h.id)}</code> ({_t(catalog.by_id[h.id].name)})" if h.id in catalog.by_id
        else f"<code>{_t(h.id)}</code>"
        for h in plan.holdings
    )


def _header(catalog: Catalog, plan: Plan) -> str:
    req = plan.request
    rows = [
        ("Holding", _holding_text(catalog, plan)),
        ("Optimizing", _t(req.optimize)),
        ("Plan date", f"<time>{_t(req.today)}</time> (facts older than {req.stale_months} months "
                      "on this date are flagged)"),
        ("Catalogue", f"{_t(catalog.path)}, sha256 <code>{_t(catalog.sha256[:12])}</code>"),
        ("Made by", f"aipath {_t(_version())}"),
    ]
    if plan.core_held and plan.core:
        rows.insert(1, ("Core degree", f"<code>{_t(plan.core)}</code> (already held)"))
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f"<header><h1>Plan for role {_t(req.role.id)} "
        f"<span class=muted>({_t(req.role.label)})</span></h1>"
        f"<dl class=meta>{meta}</dl></header>"
    )


def _totals(plan: Plan) -> str:
    lines = [f"<p>{_t(s)}</p>" for s in totals_sentences(plan)]
    lines.append(f"<p>Skills covered: {_t(', '.join(plan.covered) or 'none')}</p>")
    if plan.missing:
        lines.append(f"<p class=warn>Skills missing: {_t(', '.join(plan.missing))}</p>")
    return '<section id=totals class=totals><h2>Totals</h2>' + "".join(lines) + "</section>"


def _step_cell(s: PlanStep) -> str:
    c = s.credential
    flags = []
    if s.stale:
        flags.append("check: facts may be old")
    if c.status in WARN_STATUSES:
        flags.append(c.status)
    badge = f" <span class=badge>({_t(', '.join(flags))})</span>" if flags else ""
    recognition = f" · {_t(c.recognition)}" if c.recognition else ""
    return (
        f"<p><strong class=id>{_t(c.id)}</strong></p>"
        f"<p>{_t(c.name)}{badge}</p>"
        f"<p class=small>{_t(c.provider)}</p>"
        f"<p class=small>{_t(s.part)} · {_t(c.type)}{recognition}</p>"
    )


def _cost_cell(s: PlanStep) -> str:
    c = s.credential
    text = _t(_figure_cell(_cost_text(c), s.cost_estimate, "cost"))
    if s.cost_estimate is not None:
        return f"{text}<p class=small>no published price; estimated from similar credentials</p>"
    if c.cost is None:
        return text
    detail = c.cost.basis or ""
    if c.cost.year and str(c.cost.year) not in detail:
        detail = f"{detail} ({c.cost.year})" if detail else f"as of {c.cost.year}"
    return text + (f"<p class=small>{_t(detail)}</p>" if detail else "")


def _months_cell(s: PlanStep) -> str:
    known = "unknown" if s.months is None else months_text(*s.months).removesuffix(" mo")
    text = _t(_figure_cell(known, s.months_estimate, "months"))
    when = f"months {_month(s.start_month)}–{_month(s.finish_month)} of the plan"
    return f"{text}<p class=small>{_t(when)}</p>"


def _month(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else f"{x:.0f}"


def _why_cell(s: PlanStep, order: dict[str, int]) -> str:
    c = s.credential
    parts = [f"<p>{_t(s.reason)}</p>"]
    recognised = RECOGNITIONS.get(c.recognition or "")
    if recognised:
        parts.append(f"<p class=small>Recognition: {_t(recognised)}</p>")
    opens = [
        f'<a href="#step-{order[x.step]}">{_t(x.step)}</a> (step {order[x.step]})'
        for x in s.satisfies if x.step in order
    ]
    if opens:
        parts.append(f"<p class=small>Qualifies you for: {', '.join(opens)}</p>")
    parts.extend(f"<p><span class=warn>{_t(w)}</span></p>" for w in s.warnings)
    return "".join(parts)


def _steps(plan: Plan) -> str:
    order = {s.credential.id: s.order for s in plan.steps}
    rows = "".join(
        f"<tr id=step-{s.order}><td class=order>{s.order}</td><td>{_step_cell(s)}</td>"
        f"<td class=num>{_cost_cell(s)}</td><td class=num>{_months_cell(s)}</td>"
        f"<td>{_why_cell(s, order)}</td></tr>"
        for s in plan.steps
    )
    if not rows:
        return ("<section id=steps><h2>Steps</h2><p>Nothing to add: what you hold already "
                "covers the request.</p></section>")
    return (
        "<section id=steps><h2>Steps</h2><table>"
        "<colgroup><col class=order><col class=step><col class=cost><col class=months><col>"
        "</colgroup>"
        "<thead><tr><th>#</th><th>step</th><th class=num>cost</th><th class=num>months</th>"
        "<th>why</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _step_ref(s: PlanStep) -> str:
    return f'<a href="#step-{s.order}">{s.order}. <span class=id>{_t(s.credential.id)}</span></a>'


def _per_step(plan: Plan, lines: Any) -> str:
    """A list item per step with ``lines(step)``, each a sub-list; "" when none has any."""
    return "".join(
        f"<li>{_step_ref(s)}<ul>" + "".join(f"<li>{x}</li>" for x in lines(s)) + "</ul></li>"
        for s in plan.steps if lines(s)
    )


def _checks(plan: Plan) -> str:
    items = _per_step(plan, lambda s: [_t(_question(c)) for c in s.manual_checks])
    if not items:
        return ""
    return ("<section id=checks><h2>Before you pay, check</h2>"
            "<p class=small>Rules the plan cannot check for you: answer them with the provider's "
            f"page before paying.</p><ul>{items}</ul></section>")


def _choices(plan: Plan) -> str:
    items = _per_step(plan, lambda s: [f"rather than {_t(a.option)}: {_t(a.reason)}"
                                       for a in s.alternatives])
    if not items:
        return ""
    return f"<section id=choices><h2>Why this and not that</h2><ul>{items}</ul></section>"


def _upkeep(upkeep: Any) -> str:
    if upkeep is None:
        return ""
    from .upkeep import upkeep_heading, upkeep_sentences, upkeep_totals_sentence

    items = "".join(f"<li>{_t(x)}</li>" for x in upkeep_sentences(upkeep))
    return (f"<section id=upkeep><h2>{_t(upkeep_heading(upkeep).rstrip(':'))}</h2>"
            f"<p>{_t(upkeep_totals_sentence(upkeep))}</p>"
            + (f"<ul>{items}</ul>" if items else "") + "</section>")


def _notes(plan: Plan) -> str:
    out = ""
    if plan.notes:
        items = "".join(f"<li>{_t(n)}</li>" for n in plan.notes)
        out += ("<section id=notes>"
                "<h2>What your profession recognises but this plan leaves out</h2>"
                f"<ul>{items}</ul></section>")
    if plan.renewals:
        items = "".join(f"<li>{_t(r.sentence())}</li>" for r in plan.renewals)
        out += f"<section id=renewals><h2>Renewals of what you hold</h2><ul>{items}</ul></section>"
    if plan.warnings:
        items = "".join(f"<li>{_t(w)}</li>" for w in plan.warnings)
        out += f"<section id=warnings><h2>Warnings</h2><ul>{items}</ul></section>"
    return out


def _sources_for(c: Credential) -> str:
    items = []
    for e in c.evidence:
        bits = [f"<strong>{_t(e.kind)}</strong>", f"verified <time>{_t(e.verified_on)}</time>"]
        if e.url:
            bits.append(_link(e.url))
        if e.note:
            bits.append(f"<span class=small>{_t(e.note)}</span>")
        items.append("<li>" + " · ".join(bits) + "</li>")
    if c.url and c.url not in {e.url for e in c.evidence}:
        items.append(f"<li><strong>provider's page</strong> · {_link(c.url)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else "<p class=muted>No source recorded.</p>"


def _sources(plan: Plan) -> str:
    if not plan.steps:
        return ""
    blocks = "".join(
        f"<h3 id=sources-{s.order}>{s.order}. <span class=id>{_t(s.credential.id)}</span> "
        f"<span class=muted>{_t(s.credential.name)}</span></h3>{_sources_for(s.credential)}"
        for s in plan.steps
    )
    return ("<section id=sources><h2>Sources</h2><p class=small>Where each step's facts come "
            "from and the date they were checked; prices and rules change, so confirm on the "
            "provider's page."
            f"</p>{blocks}</section>")


def _picture(picture_svg: str | None) -> str:
    if picture_svg is None:
        return ""
    return ("<section id=picture><h2>The plan as a picture</h2>"
            f"<figure class=picture>{safe_svg(picture_svg)}</figure>"
            "<p class='small screen'>Scroll sideways if it is wider than the window; printed, "
            "it is fitted to the page width.</p></section>")


def plan_html(catalog: Catalog, plan: Plan, *, picture_svg: str | None,
              upkeep: Any = None, start: _dt.date | None = None, ranking: Any = None,
              kept_others: Any = ()) -> str:
    """The plan as one self-contained HTML page (UTF-8 text ending in a newline).

    ``picture_svg`` is the plan's picture rendered by Graphviz (``exports.svg``), or None for a
    page without it. ValueError if it is given but is not an SVG document. ``upkeep``
    (``--horizon-years``, a ``planner.upkeep.Upkeep``) adds the cost-to-keep section;
    ``ranking`` (``--alternatives``) a comparison table of the ranked plans after the steps.
    The timeline starts in ``start``'s month (default: the month of the plan's date).
    """
    from .timeline import timeline_html

    compared = ""
    if ranking is not None:
        from .alternatives import comparison_html

        compared = comparison_html(ranking, (upkeep, *kept_others) if upkeep is not None else ())
    req = plan.request
    title = f"aipath plan for {terminal(req.role.id)}, {req.today}"
    timeline, timeline_css = timeline_html(
        plan, start or _dt.date.fromisoformat(req.today).replace(day=1))
    body = "".join((
        _header(catalog, plan),
        "<main>",
        _totals(plan),
        _upkeep(upkeep),
        _steps(plan),
        timeline,
        compared,
        _checks(plan),
        _choices(plan),
        _notes(plan),
        _picture(picture_svg),
        _sources(plan),
        "</main>",
        f"<footer class=small>Made with aipath {_t(_version())} from catalogue sha256 "
        f"<code>{_t(catalog.sha256[:12])}</code> on {_t(req.today)}. Figures marked est. are "
        "estimates from similar credentials, never published prices.</footer>",
    ))
    return (
        "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
        '<meta name=viewport content="width=device-width, initial-scale=1">\n'
        '<meta name=color-scheme content="light dark">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}{timeline_css}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
