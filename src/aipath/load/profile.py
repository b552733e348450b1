"""Profiles (SPEC §6): ``--profile me.yaml`` read and checked against a catalogue.

A profile goes through the same reading (:mod:`.reading`, with a far smaller size limit,
:data:`PROFILE_MAX_BYTES`) and typed validation (:mod:`.nodes`) as a catalogue; its errors
are :class:`~aipath.errors.ProfileError` lines with ``file:line:col``.
:func:`unmatched_asserts` finds what a profile says that no rule of the catalogue asks.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass

import yaml

from .._numbers import check_range
from ..errors import CatalogError, ProfileError
from ..models import Catalog, Experience, ProfileExperience
from .nodes import Reader
from .reading import TAG, parse_yaml_file

__all__ = ["PROFILE_MAX_BYTES", "Profile", "load_profile", "unmatched_asserts"]

PROFILE_MAX_BYTES = 1024 * 1024
_PROFILE_KEYS = ("background", "holds", "assume", "asserts", "experience", "constraints", "goal")
EXPECT_PROFILE = "a profile (a mapping with background, holds, asserts, experience, constraints, goal)"


@dataclass(frozen=True)
class Profile:
    """What a user says about themselves in ``--profile me.yaml``."""

    path: str
    background: str | None = None
    holds: tuple[str, ...] = ()
    # Whether the background's preset holdings are assumed too. A profile that lists
    # `holds` describes what the person holds, so by default it replaces the preset.
    assume: bool = True
    asserts: tuple[str, ...] = ()
    asserts_at: tuple[tuple[int, int], ...] = ()  # line, column of each assert in the file
    # (credential id, date as written: 2023, 2023-05 or 2023-05-01) for holdings that say.
    earned: tuple[tuple[str, str], ...] = ()
    experience: tuple[ProfileExperience, ...] = ()
    experience_at: tuple[tuple[int, int], ...] = ()  # line, column of each experience's field
    max_cost: float | None = None
    max_months: float | None = None
    hours_per_week: float | None = None
    goal: str | None = None


def load_profile(
    path: str | os.PathLike[str], catalog: Catalog, *, today: _dt.date | None = None
) -> Profile:
    """Load and check a profile against ``catalog``.

    Raises
    ------
    ProfileError
        One line naming the file and position (exit 1).
    """
    name = str(path)
    try:
        root, loader = parse_yaml_file(
            path, shown=name, max_bytes=PROFILE_MAX_BYTES, what="profile file",
            hint=" (a profile is a few lines of YAML)", expect=EXPECT_PROFILE,
        )
        return _profile(Reader(name, loader), root, catalog, today or _dt.date.today())
    except ProfileError:
        raise
    except CatalogError as exc:
        raise ProfileError(
            exc.path, exc.problem, line=exc.line, col=exc.col, credential=exc.credential,
            field=exc.field,
        ) from None


def _profile(r: Reader, root: yaml.Node, catalog: Catalog, today: _dt.date) -> Profile:
    # An unknown key is named (it is usually a typo of one of these); its value never is.
    p = r.mapping(root, "the profile", optional=_PROFILE_KEYS)
    background = None
    if "background" in p:
        background = r.string(p["background"], "background")
        key = "-".join(background.strip().lower().replace("_", " ").split())
        if key not in catalog.backgrounds:
            raise r.fail(
                p["background"],
                f"background '{background}' is not one of: {', '.join(catalog.backgrounds)}",
            )
        background = key
    holds: list[str] = []
    earned: list[tuple[str, str]] = []
    for item in r.seq(p["holds"], "holds") if "holds" in p else []:
        if isinstance(item, yaml.MappingNode):
            h = r.mapping(item, "a holding", required=("id",), optional=("earned",))
            cid, where = r.string(h["id"], "holding id"), h["id"]
            if "earned" in h and not r.is_null(h["earned"]):
                when = _earned(r, h["earned"])
                if when > today.isoformat()[: len(when)]:
                    raise r.fail(h["earned"], f"earned {when} is after today ({today})")
                if cid not in dict(earned):
                    earned.append((cid, when))
        else:
            cid, where = r.string(item, "holding id"), item
        if cid not in catalog.by_id:
            raise r.fail(where, f"holds '{cid}', which is not a credential id in the catalogue")
        if cid not in holds:
            holds.append(cid)
    assume = r.boolean(p.get("assume"), "assume", default="holds" not in p)
    said = r.string_list(p["asserts"], "asserts") if "asserts" in p else []
    asserts = [a for a, _ in said]
    asserts_at = [(n.start_mark.line + 1, n.start_mark.column + 1) for _, n in said]
    experience = []
    experience_at = []
    for item in r.seq(p["experience"], "experience") if "experience" in p else []:
        said, at = _profile_experience(r, item)
        experience.append(said)
        experience_at.append((at.line + 1, at.column + 1))
    limits: dict[str, float | None] = {"max_cost": None, "max_months": None, "hours_per_week": None}
    if "constraints" in p:
        c = r.mapping(p["constraints"], "constraints", optional=tuple(limits))
        for key, node in c.items():
            value = limits[key] = r.opt_number(node, f"constraints.{key}")
            problem = None if value is None else check_range(value, key)
            if problem is not None:
                raise r.fail(node, f"constraints.{key}: {problem}")
    goal = None
    if "goal" in p and not r.is_null(p["goal"]):
        goal = r.string(p["goal"], "goal")
        if goal not in catalog.by_id:
            raise r.fail(p["goal"], f"goal '{goal}' is not a credential id in the catalogue")
    return Profile(
        path=r.name,
        background=background,
        holds=tuple(holds),
        assume=assume,
        asserts=tuple(asserts),
        asserts_at=tuple(asserts_at),
        earned=tuple(earned),
        experience=tuple(experience),
        experience_at=tuple(experience_at),
        max_cost=limits["max_cost"],
        max_months=limits["max_months"],
        hours_per_week=limits["hours_per_week"],
        goal=goal,
    )


_PROFILE_EXPERIENCE_KEYS = ("years", "hours", "within_years", "hours_per_week")


def _profile_experience(r: Reader, node: yaml.Node) -> tuple[ProfileExperience, yaml.Mark]:
    """``{field, years | hours, within_years?, hours_per_week?}`` (see README, profiles), and
    where its field is written."""
    e = r.mapping(node, "an experience", required=("field",), optional=_PROFILE_EXPERIENCE_KEYS)
    if not any(k in e for k in ("years", "hours", "hours_per_week")):
        raise r.fail(node, "an experience states years, hours or hours_per_week "
                           "(e.g. {field: informatics-nursing, hours: 1200})")
    got: dict[str, float | None] = {}
    for key in _PROFILE_EXPERIENCE_KEYS:
        got[key] = None if key not in e else r.number(e[key], f"experience {key}")
    if got["within_years"] == 0:
        raise r.fail(e["within_years"], "experience within_years must be above 0")
    if got["hours_per_week"] is not None:
        problem = check_range(got["hours_per_week"], "hours_per_week")
        if problem is not None:
            raise r.fail(e["hours_per_week"], f"experience hours_per_week: {problem}")
    years, within = got["years"], got["within_years"]
    if years is not None and within is not None and years > within:
        raise r.fail(e["within_years"],
                     f"experience: {years:g} years cannot fall within the last {within:g} years")
    said = ProfileExperience(r.string(e["field"], "experience field"), **got)
    return said, e["field"].start_mark


def unmatched_asserts(profile: Profile, catalog: Catalog) -> list[str]:
    """``file:line:col: ...`` for each assert no rule has, naming the closest rule text, and
    for each experience field no rule asks (a typo there would count for nothing).

    An assert that reads like a credential's name or id is pointed at ``holds`` instead.
    """
    import difflib

    from ..models import rule_key, rule_texts

    rules = rule_texts(catalog)
    # What an assert may be close to, rules first (the first of equally close ones wins).
    hints = [(k, f"closest rule: '{text}'") for k, text in rules.items()]
    names = {rule_key(n): c.id for c in catalog.credentials for n in (c.name, c.id)}
    hints += [(k, f"it reads like the credential {cid}: list that under holds")
              for k, cid in names.items()]
    out = []
    for text, (line, col) in zip(profile.asserts, profile.asserts_at, strict=True):
        key = rule_key(text)
        if key in rules:
            continue
        best: tuple[float, str] = (0.0, "no rule is close: an assert repeats a 'check:' line of aipath show ID")
        for cand, hint in hints:
            ratio = difflib.SequenceMatcher(None, key, cand).ratio()
            if ratio >= 0.6 and ratio > best[0]:
                best = (ratio, hint)
        out.append(f"{profile.path}:{line}:{col}: asserts '{text}', which matches no rule "
                   f"in the catalogue, so it settles nothing; {best[1]}")
    return out + _unmatched_fields(profile, catalog)


def _unmatched_fields(profile: Profile, catalog: Catalog) -> list[str]:
    """``file:line:col: ...`` for each experience field no rule asks, naming the closest."""
    import difflib

    from ..models import walk

    fields = list(dict.fromkeys(
        cond.field for c in catalog.credentials for _, cond in walk(c.entry)
        if isinstance(cond, Experience)
    ))
    out = []
    for said, (line, col) in zip(profile.experience, profile.experience_at, strict=True):
        if said.field in fields:
            continue
        close = difflib.get_close_matches(said.field, fields, n=1, cutoff=0.6)
        hint = f"closest: '{close[0]}'" if close else "aipath show ID names each rule's field"
        out.append(f"{profile.path}:{line}:{col}: experience field '{said.field}' is asked by "
                   f"no rule in the catalogue, so it counts for nothing; {hint}")
    return out


def _earned(r: Reader, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "timestamp":
        return r.date(node, "earned")
    if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "int" and node.value.isdigit():
        text = node.value  # a bare year: earned: 2021
    else:
        text = r.string(node, "earned")
    parts = text.split("-")
    ok = 1 <= len(parts) <= 3 and all(x.isdigit() for x in parts) and len(parts[0]) == 4
    if ok and len(parts) == 3:
        try:
            text = _dt.date.fromisoformat(text).isoformat()
        except ValueError:
            ok = False
    elif ok and len(parts) == 2:
        ok = len(parts[1]) == 2 and 1 <= int(parts[1]) <= 12
    if not ok:
        raise r.fail(node, f"earned must be a date like 2023, 2023-05 or 2023-05-01, not '{text}'")
    return text
