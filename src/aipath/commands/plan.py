"""``aipath plan``: build the request, plan, and print the plan in the format asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .choices import Optimize, PlanFormat
from .common import READING, check_output, load, parse_start, parse_today
from .output import draw, say, stdout_utf8, write, write_json, write_rich

if TYPE_CHECKING:
    import datetime as _dt

    from ..models import Catalog
    from ..planner import Plan, PlanRequest
    from ..wallet import WalletReport

__all__ = ["make_plan", "make_request", "query_doc", "run"]

_RANKED = (PlanFormat.table, PlanFormat.json, PlanFormat.html)  # what shows --alternatives


def run(
    *, role: str | None, have: list[str] | None, no_assume: bool, profile: str | None,
    goal: str | None, skills: list[str] | None, certificates_only: bool,
    max_cost: float | None, max_months: float | None, optimize: Optimize, stale_months: int,
    today: str | None, hours_per_week: float | None, format_: PlanFormat, output: str | None,
    catalog: str | None, max_catalog_mib: float, start: str | None = None,
    horizon_years: float | None = None, timeline: bool = False,
    have_from: list[str] | None = None, alternatives: int | None = None,
) -> None:
    output = check_output(output, format_)
    if timeline and format_ not in (PlanFormat.table, PlanFormat.html):
        raise UsageError(f"--timeline is a chart in the table (and always in --format html); "
                         f"--format {format_.value} has no room for it"
                         + (" (it is a timeline already)" if format_ is PlanFormat.gantt else ""),
                         option="--timeline")
    if alternatives is not None and format_ not in _RANKED:
        raise UsageError(f"it works with --format table, json or html, not {format_.value}",
                         option="--alternatives")
    day = parse_today(today)
    first = parse_start(start, day)  # checked before any work, whatever the format
    cat, req, wallet = make_request(
        role=role, have=have, no_assume=no_assume, profile=profile, goal=goal, skills=skills,
        certificates_only=certificates_only, max_cost=max_cost, max_months=max_months,
        optimize=optimize, stale_months=stale_months, today=day, hours_per_week=hours_per_week,
        catalog=catalog, max_catalog_mib=max_catalog_mib, have_from=have_from,
    )
    ranking = None
    if alternatives is None:
        result = make_plan(cat, req)
    else:
        from ..planner.alternatives import ranked_plans

        ranking = ranked_plans(cat, None, req, alternatives)
        result = ranking.best
        _note_goal_held(req)
    kept = None
    if horizon_years is not None:
        from ..planner.upkeep import upkeep

        kept = upkeep(cat, result, horizon_years)
    # Each alternative with its own cost to keep.
    kept_others = tuple(upkeep(cat, r.plan, horizon_years) if horizon_years is not None else None
                        for r in (ranking.others if ranking is not None else ()))
    _render(cat, result, req, format_, output, kept, wallet, profile=profile, no_assume=no_assume,
            certificates_only=certificates_only, stale_months=stale_months,
            horizon_years=horizon_years, start=first, timeline=timeline, ranking=ranking,
            kept_others=kept_others)


def make_request(
    *, role: str | None, have: list[str] | None, no_assume: bool, profile: str | None,
    goal: str | None, skills: list[str] | None, certificates_only: bool,
    max_cost: float | None, max_months: float | None, optimize: Optimize | str,
    stale_months: int, today: _dt.date, hours_per_week: float | None, catalog: str | None,
    max_catalog_mib: float, side: str = "", have_from: list[str] | None = None,
) -> tuple[Catalog, PlanRequest, WalletReport | None]:
    """The catalogue, the request the plan options ask for (``compare`` builds two) and what
    the ``--have-from`` files matched (None without them).

    ``side`` starts each warning line (``compare``: "side B: ").
    """
    from ..catalog import load_profile, unmatched_asserts
    from ..planner import build_request

    cat = load(catalog, max_catalog_mib)
    if profile is not None:
        READING.append(profile)
    prof = load_profile(profile, cat, today=today) if profile is not None else None
    wallet = None
    if have_from:  # every file read before anything is said: a bad one is the only line
        from ..wallet import read_and_match

        READING.extend(have_from)
        wallet = read_and_match(cat, have_from, max_bytes=int(max_catalog_mib * 1024 * 1024),
                                today=today)
        for line in wallet.lines():
            say(f"{side}{line}")
    for line in unmatched_asserts(prof, cat) if prof is not None else ():
        say(f"warning: {side}{line}")
    req = build_request(
        cat, role=role, have=have or (), no_assume=no_assume, profile=prof, goal=goal,
        wallet=wallet.ids if wallet is not None else (),
        skills=skills, certificates_only=certificates_only, max_cost=max_cost,
        max_months=max_months, optimize=getattr(optimize, "value", optimize),
        stale_months=stale_months, today=today, hours_per_week=hours_per_week,
    )
    return cat, req, wallet


def make_plan(cat: Catalog, req: PlanRequest, side: str = "") -> Plan:
    """The plan for ``req``; a goal already held is said on stderr (``side`` starts the line)."""
    from ..planner import plan as plan_for

    result = plan_for(cat, None, req)  # the planner builds the graph of the request's scope
    _note_goal_held(req, side)
    return result


def _note_goal_held(req: PlanRequest, side: str = "") -> None:
    held = {h.id: h.source for h in req.holdings}
    if req.goal in held:  # the plan has nothing to add for it: say so rather than drop it
        say(f"note: {side}goal {req.goal} is already held ({held[req.goal]}); "
            "the plan does not add it")


def query_doc(req: PlanRequest, *, no_assume: bool, profile: str | None,
              certificates_only: bool, stale_months: int,
              horizon_years: float | None = None,
              have_from: WalletReport | None = None,
              alternatives: int | None = None) -> dict[str, Any]:
    """The request as ``plan --format json`` echoes it (``query``)."""
    return {
        "role": req.role.id,
        "have": [h.id for h in req.holdings if h.source == "have"],
        "no_assume": no_assume,
        "profile": profile,
        "goal": req.goal,
        "skills": list(req.target_skills) if req.target_skills is not None else None,
        "certificates_only": certificates_only,
        "max_cost": req.max_cost,
        "max_months": req.max_months,
        "optimize": req.optimize,
        "stale_months": stale_months,
        "today": req.today,
        "hours_per_week": req.hours_per_week,
        "horizon_years": horizon_years,
        "have_from": list(have_from.files) if have_from is not None else None,
        "alternatives": alternatives,
    }



def _render(cat: Any, result: Any, req: Any, format_: PlanFormat, output: str | None,
            kept: Any, wallet: Any, **query: Any) -> None:
    ranking, kept_others = query["ranking"], query["kept_others"]  # --alternatives
    if format_ is PlanFormat.json:
        from ..render.json import plan_json

        doc = query_doc(req, no_assume=query["no_assume"], profile=query["profile"],
                        certificates_only=query["certificates_only"],
                        stale_months=query["stale_months"], horizon_years=query["horizon_years"],
                        have_from=wallet,
                        alternatives=None if ranking is None else ranking.asked)
        write_json(plan_json(cat, result, doc, upkeep=kept,
                             have_from=wallet.to_json() if wallet is not None else None,
                             ranking=ranking, kept_others=kept_others), output)
    elif format_ is PlanFormat.tree:
        from ..render.tree import plan_tree

        write_rich(lambda _width: plan_tree(cat, result), output)
    elif format_ in (PlanFormat.mermaid, PlanFormat.dot):
        from ..exports import plan_figure

        draw(plan_figure(cat, result), format_ is PlanFormat.mermaid, output)
    elif format_ is PlanFormat.gantt:
        from ..render.gantt import plan_gantt

        try:
            text = plan_gantt(result, query["start"])
        except (ValueError, OverflowError):
            raise UsageError("the timeline runs past the calendar's last year",
                             option="--start") from None
        write(text, output)
    elif format_ is PlanFormat.ctdl:
        from ..exports import plan_ctdl

        write_json(plan_ctdl(cat, result), output)
    elif format_ is PlanFormat.html:
        _html(cat, result, output, kept, start=query["start"], ranking=ranking,
              kept_others=kept_others)
    else:
        from ..render.plan_table import plan_table

        chart = query["start"] if query["timeline"] else None
        write_rich(lambda width: plan_table(cat, result, width=width, upkeep=kept,
                                            timeline=chart, ranking=ranking), output)


def _html(cat: Any, result: Any, output: str | None, kept: Any = None, **page_options: Any) -> None:
    """The plan as a page; its picture only where Graphviz can draw it (a note says when not)."""
    import shutil

    from ..errors import OutputError
    from ..render.html import plan_html
    from ..render.pictures import plan_svg

    picture = None
    if shutil.which("dot") is None:
        say("note: Graphviz 'dot' not found; the report has no picture")
    else:
        try:
            picture = plan_svg(cat, result)
        except OutputError as exc:  # the page is still worth having without it
            say(f"note: {exc}; the report has no picture")
    try:
        page = plan_html(cat, result, picture_svg=picture, upkeep=kept, **page_options)
    except ValueError as exc:  # dot wrote something that is not SVG: keep the page, say so
        say(f"note: {exc}; the report has no picture")
        page = plan_html(cat, result, picture_svg=None, upkeep=kept, **page_options)
    if output is None and not stdout_utf8():  # character references read the same in a browser
        page = page.encode("ascii", "xmlcharrefreplace").decode("ascii")
    write(page, output)
