"""The model's construction, entry rules: a credential's ``entry`` into a :class:`Condition`.

The grammar (SPEC §3): an id, a list (all of), or a mapping with exactly one of ``all``,
``any``, ``n_of``, ``class``, ``experience`` or ``text``, plus an optional route label and
``open_from`` / ``open_until`` dates. Names of credentials and classes are only collected
here; :mod:`.catalogue` checks them once the whole file has been read.
"""

from __future__ import annotations

import yaml

from ..models import All, AnyOf, ClassOf, Condition, Experience, NOf, Ref, Text
from .nodes import Reader

__all__ = ["read_condition"]

_ROUTE_KEYS = ("label", "open_from", "open_until")
_CONDITION_KEYS = ("all", "any", "n_of", "class", "experience", "text")


def read_condition(
    r: Reader, node: yaml.Node, where: str, pending: list[tuple[str, yaml.Node, str]],
    pending_classes: list[tuple[str, yaml.Node, str]],
) -> Condition:
    """One entry condition (SPEC §3 grammar); the ids and classes it names are appended to
    ``pending`` and ``pending_classes``, to be checked once every credential is read."""
    what = f"{where}: entry"

    def sub(items: list[yaml.Node]) -> tuple[Condition, ...]:
        return tuple(read_condition(r, i, where, pending, pending_classes) for i in items)

    if isinstance(node, yaml.ScalarNode):
        ref = r.string(node, f"{what} (a credential id)")
        pending.append((ref, node, f"{where}: entry needs"))
        return Ref(ref)
    if isinstance(node, yaml.SequenceNode):
        items = r.seq(node, what)
        if not items:
            raise r.fail(node, f"{what}: an empty list is not a condition; omit 'entry'")
        return All(sub(items))
    m = r.mapping(node, what)
    kinds = [k for k in m if k not in (*_ROUTE_KEYS, "must_hold")]
    if len(kinds) != 1:
        raise r.fail(
            node,
            f"{what}: a condition has exactly one of {', '.join(_CONDITION_KEYS)} "
            f"(plus optional {', '.join(_ROUTE_KEYS)})",
        )
    meta = _route_meta(r, m, what)
    key = kinds[0]
    value = m[key]
    if "must_hold" in m and key != "text":
        raise r.fail(m["must_hold"], f"{what}: must_hold goes only with a text rule")
    if key in ("all", "any"):
        items = r.seq(value, f"{what}: {key}")
        if not items:
            raise r.fail(value, f"{what}: '{key}' needs at least one condition")
        conds = sub(items)
        return All(conds, **meta) if key == "all" else AnyOf(conds, **meta)
    if key == "n_of":
        n = r.mapping(value, f"{what}: n_of", required=("n", "of"))
        items = r.seq(n["of"], f"{what}: n_of.of")
        count = r.integer(n["n"], f"{what}: n_of.n", minimum=1)
        if count > len(items):
            raise r.fail(
                n["n"], f"{what}: n_of.n is {count} but only {len(items)} conditions are listed"
            )
        return NOf(count, sub(items), **meta)
    if key == "class":
        name = r.string(value, f"{what}: class")
        pending_classes.append((name, value, f"{where}: entry names the class"))
        return ClassOf(name, **meta)
    if key == "experience":
        return _experience(r, value, f"{what}: experience", meta)
    if key == "text":
        must = r.boolean(m.get("must_hold"), f"{what}: must_hold", default=False)
        return Text(r.string(value, f"{what}: text"), must_hold=must, **meta)
    raise r.fail(
        node,
        f"{what}: unknown condition '{key}'; expected one of: {', '.join(_CONDITION_KEYS)}",
    )


_HOURS_PER_YEAR = 24 * 365.25


def _experience(r: Reader, node: yaml.Node, what: str, meta: dict[str, str]) -> Experience:
    """``{field, years}`` or ``{field, hours}``, either with an optional ``within_years``."""
    e = r.mapping(node, what, required=("field",), optional=("years", "hours", "within_years"))
    if ("years" in e) == ("hours" in e):
        raise r.fail(node, f"{what} states exactly one of years or hours"
                           + (", not both" if "years" in e else ""))
    years = hours = within = None
    if "years" in e:
        years = r.number(e["years"], f"{what} years")
    else:
        hours = r.number(e["hours"], f"{what} hours")
        if hours == 0:
            raise r.fail(e["hours"], f"{what} hours must be above 0 (omit a rule that asks none)")
    if "within_years" in e:
        within = r.number(e["within_years"], f"{what} within_years")
        if within == 0:
            raise r.fail(e["within_years"], f"{what} within_years must be above 0")
        if years is not None and years > within:
            raise r.fail(e["within_years"],
                         f"{what}: {years:g} years cannot fall within the last {within:g} years")
        if hours is not None and hours > within * _HOURS_PER_YEAR:
            raise r.fail(e["hours"], f"{what}: {hours:,g} h cannot fit within {within:g} years "
                                     f"({within * _HOURS_PER_YEAR:,.0f} h)")
    return Experience(years, r.string(e["field"], f"{what} field"), hours=hours,
                      within_years=within, **meta)


def _route_meta(r: Reader, m: dict[str, yaml.Node], what: str) -> dict[str, str]:
    meta = {}
    if "label" in m:
        meta["label"] = r.string(m["label"], f"{what}: label")
    for key in ("open_from", "open_until"):
        if key in m:
            meta[key] = r.date(m[key], f"{what}: {key}")
    if "open_from" in meta and "open_until" in meta and meta["open_until"] < meta["open_from"]:
        raise r.fail(
            m["open_until"],
            f"{what}: open_until {meta['open_until']} is before open_from {meta['open_from']}",
        )
    return meta


