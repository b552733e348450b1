"""The core degree serves the role (issue 16, item 5).

A "rather than" line is costed against the cheapest open member of a class, not its generic
entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from aipath.catalog import load_catalog
from aipath.graph import build_graph
from aipath.models import Catalog
from aipath.planner import build_request, plan

from .conftest import catalog_doc, cred

TODAY = dt.date(2026, 12, 1)
NURSE = {"nurse": {"label": "Nurse", "holds": [], "target_skills": ["data", "ai"]}}


def usd(n: int) -> dict:
    return {"usd": n, "year": 2026}


def months(n: int) -> dict:
    return {"min": n, "max": n, "unit": "months"}


def degree(cid: str, skills: list[str], cost: int, length: int = 12, **kw: object) -> dict:
    return cred(cid, type="degree", level="graduate", recognition="academic", skills=skills,
                cost=usd(cost), duration=months(length), **kw)


def load(tmp_path: Path, creds: list[dict], **kw: object) -> Catalog:
    doc = catalog_doc(creds, skills=["data", "ai", "public-health"], backgrounds=NURSE)
    doc.update(kw)
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return load_catalog(path)


def run(cat: Catalog, **kw: object):
    kw.setdefault("today", TODAY)
    return plan(cat, build_graph(cat), build_request(cat, role="nurse", **kw))  # type: ignore[arg-type]


def core_step(p):
    return next(s for s in p.steps if s.part == "core-degree")


# --- "rather than" is costed against the cheapest open member ------------------------------------


def test_rather_than_a_class_is_costed_against_its_cheapest_member_not_its_generic_entry(
        tmp_path: Path) -> None:
    """The goal accepts a prep course (a class: a generic entry at $900 and 1 month, lighter
    by the balanced weight, and a specific one at $300) or a year of experience, which the
    profile has. The plan takes the experience; the course branch is costed at the cheapest
    member's $300, not the generic entry's $900."""
    cat = load(tmp_path, [
        cred("prep-generic", provider="generic", skills=[], cost=usd(900), duration=months(1),
             counts_as=["prep-course"]),
        cred("prep-une", skills=[], cost=usd(300), duration=months(6), counts_as=["prep-course"]),
        cred("exam", skills=["ai"], cost=usd(50), duration=months(1), entry={"any": [
            {"label": "course route", "class": "prep-course"},
            {"label": "experience route", "experience": {"years": 1, "field": "practice"}},
        ]}),
    ], classes={"prep-course": {"label": "a prep course"}})
    G = build_graph(cat)
    req = build_request(cat, role="nurse", goal="exam", certificates_only=True, today=TODAY)
    req = dataclasses.replace(req, experience=(("practice", 1.0),))
    p = plan(cat, G, req)
    (exam,) = p.steps
    (alt,) = exam.alternatives
    assert alt.option == "course route"
    assert alt.cost_usd == 300 and "adds $300" in alt.reason, alt


def test_alternative_members_of_a_class_are_listed_cheapest_first(tmp_path: Path) -> None:
    """A class branch lists other members of the same kind cheapest first, not by name."""
    cat = load(tmp_path, [
        degree("a-dear", ["data"], 50_000, counts_as=["grad"]),
        degree("b-mid", ["data"], 40_000, counts_as=["grad"]),
        degree("c-cheap", ["data"], 20_000, counts_as=["grad"]),
        degree("d-mid", ["data"], 30_000, counts_as=["grad"]),
        degree("z-cheapest", ["data"], 10_000, counts_as=["grad"]),
        cred("board", skills=["ai"], cost=usd(100), entry={"class": "grad"}),
    ], classes={"grad": {"label": "a graduate degree"}})
    p = run(cat, goal="board")
    board = next(s for s in p.steps if s.credential.id == "board")
    assert p.core == "z-cheapest"
    assert [a.option for a in board.alternatives[:3]] == ["c-cheap", "d-mid", "b-mid"]
