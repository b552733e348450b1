"""``aipath compare``: two plan requests side by side, side B being side A with the options
given after ``--vs`` in their place; the plans' differences as a table or JSON.

Each side's request is built and planned as ``plan`` does it (``plan.make_request``,
``plan.make_plan``); an error on either side names the side.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from ..errors import AipathError, CatalogError, UsageError
from .choices import TableJson
from .common import check_output, parse_today
from .output import write_json, write_rich

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["REQUEST", "run"]

# The request options each side takes, as the command line spells them ((on, off) for flags).
REQUEST: dict[str, str | tuple[str, str]] = {
    "role": "--role", "have": "--have", "no_assume": ("--no-assume", "--assume"),
    "profile": "--profile", "goal": "--goal", "skills": "--skills",
    "certificates_only": ("--certificates-only", "--with-degree"), "max_cost": "--max-cost",
    "max_months": "--max-months", "optimize": "--optimize", "stale_months": "--stale-months",
    "today": "--today", "hours_per_week": "--hours-per-week", "catalog": "--catalog",
}
_DEFAULTS = {"optimize": "balanced", "stale_months": 18}
SIDES = {"A": "side A (before --vs)", "B": "side B (after --vs)"}
_IN = {"A": "side A, before --vs", "B": "side B, after --vs"}  # inside parentheses


def _plain(value: Any) -> Any:
    """An option's value as typed: an enum's value, a list for a repeated option."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def option_words(name: str, value: Any) -> str:
    """``--have adn,msn`` / ``--no-assume`` / ``no --goal``: one option as a person types it."""
    spelled = REQUEST[name]
    if isinstance(spelled, tuple):
        return spelled[0] if value else spelled[1]
    if value is None:
        return f"no {spelled}"
    if isinstance(value, list):
        value = ",".join(value)
    elif isinstance(value, float):
        value = f"{value:g}"
    return f"{spelled} {value}"


def _given(side: dict[str, Any]) -> list[str]:
    """The options of a side that say something (not left out, not at their default)."""
    return [k for k in REQUEST if side.get(k) not in (None, False, [], _DEFAULTS.get(k))]


def _named(side: str, fn: Callable[[], Any]) -> Any:
    """``fn()``, its error naming the side: the file position still first for a file's."""
    label = SIDES[side]
    try:
        return fn()
    except CatalogError as exc:  # path:line:col: problem — the side goes last
        exc.args = (f"{exc} ({_IN[side]})",)
        raise
    except UsageError as exc:
        if exc.option:
            raise UsageError(f"{label}: invalid value for '{exc.option}': {exc}") from None
        exc.args = (f"{label}: {exc}",)
        raise
    except AipathError as exc:
        exc.args = (f"{label}: {exc}",)
        raise


def run(*, side_a: dict[str, Any], side_b: dict[str, Any] | None, format_: TableJson,
        output: str | None, max_catalog_mib: float) -> None:
    from ..planner.diff import plan_diff
    from .plan import make_plan, make_request, query_doc

    if side_b is None:
        raise UsageError("give --vs and the options side B changes, e.g. "
                         "aipath compare --role nurse --vs --role informaticist", option="--vs")
    output = check_output(output, format_)
    a = {k: _plain(side_a.get(k)) for k in REQUEST}
    b = {**a, **{k: _plain(v) for k, v in side_b.items()}}
    sides = {}
    for side, opts in (("A", a), ("B", b)):
        prefix = f"{SIDES[side]}: "

        def build(opts: dict[str, Any] = opts, prefix: str = prefix) -> Any:
            return make_request(**{**opts, "today": parse_today(opts["today"])},
                                max_catalog_mib=max_catalog_mib, side=prefix)[:2]

        sides[side] = _named(side, build)
    (cat_a, req_a), (cat_b, req_b) = sides["A"], sides["B"]
    changed = [k for k in REQUEST if k in side_b and b[k] != a[k]]
    if req_a == req_b and cat_a.sha256 == cat_b.sha256:
        typed = " ".join(option_words(k, b[k]) for k in side_b)
        raise UsageError(f"the two requests are the same: {typed} after --vs changes nothing "
                         "in side A's request", option="--vs")
    plan_a = _named("A", lambda: make_plan(cat_a, req_a, side=f"{SIDES['A']}: "))
    plan_b = _named("B", lambda: make_plan(cat_b, req_b, side=f"{SIDES['B']}: "))
    diff = plan_diff(plan_a, plan_b)
    if format_ is TableJson.json:
        from ..render.compare import compare_json

        def query(req: Any, opts: dict[str, Any]) -> dict[str, Any]:
            return query_doc(req, no_assume=opts["no_assume"], profile=opts["profile"],
                             certificates_only=opts["certificates_only"],
                             stale_months=opts["stale_months"])

        write_json(compare_json((cat_a, plan_a, query(req_a, a)), (cat_b, plan_b, query(req_b, b)),
                                changed, diff), output)
        return
    from ..render.compare import compare_table

    heads = {
        "both": " ".join(option_words(k, a[k]) for k in _given(a) if k not in changed),
        "A": " ".join(option_words(k, a[k]) for k in changed),
        "B": " ".join(option_words(k, b[k]) for k in changed),
    }
    write_rich(lambda width: compare_table(plan_a, plan_b, diff, heads, width=width), output)
