"""Punishing catalogue shapes, planned in-process: a long chain, a "one of" lattice, wide ORs.

Usage: python benchmarks/shapes.py
Prints seconds per plan (the planner alone, the catalogue already loaded) and whether the
plan is marked approximate. tests/test_planner_scale.py counts the work on the same shapes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time

from aipath.catalog import load_catalog
from aipath.graph import build_graph
from aipath.planner import build_request, plan


def cred(cid: str, **fields: object) -> dict:
    return {
        "id": cid, "name": cid, "provider": "Bench", "type": "professional-certificate",
        "level": "professional", "delivery": "online", "roles": ["nurse"], "skills": [],
        "status": "active", "evidence": [{"kind": "recalled", "verified_on": "2026-11-24"}],
        **fields,
    }


def run(name: str, creds: list[dict], goal: str | None) -> None:
    tags = sorted({t for c in creds for t in c.get("skills", [])})  # type: ignore[union-attr]
    doc = {"schema_version": 1, "skills": {t: t for t in tags},
           "backgrounds": {"nurse": {"label": "Nurse", "holds": [], "target_skills": tags}},
           "credentials": creds}
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "c.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        cat = load_catalog(path)
    G = build_graph(cat)
    req = build_request(cat, role="nurse", goal=goal, certificates_only=True,
                        today=dt.date(2026, 12, 1))
    t = time.perf_counter()
    p = plan(cat, G, req)
    print(f"{name:<12} {time.perf_counter() - t:6.2f} s  {len(p.steps):4d} steps  "
          f"approximate={p.approximate}")


def main() -> None:
    n = 2000
    run("chain-2000", [cred(f"c{i}", cost={"usd": 1}, **({"entry": f"c{i-1}"} if i else {}))
                       for i in range(n)], f"c{n-1}")
    run("lattice-40", [cred(f"c{i}", cost={"usd": i},
                            **({"entry": {"any": [f"c{i-1}", f"c{i-2}"]}} if i >= 2 else {}))
                       for i in range(40)], "c39")
    leaves = [cred(f"l{i}", cost={"usd": i + 1}) for i in range(2000)]
    tops = [cred(f"t{i}", skills=["s"], cost={"usd": 1},
                 entry={"any": [f"l{j}" for j in range(2000)]}) for i in range(200)]
    run("200x2000", leaves + tops, "t199")
    # The wide catalogue: 200 certificates, each needing any of 2,000 leaves and each
    # covering one of 30 target skills; no goal, so the certificate search does all the work.
    wide = [cred(f"t{i}", skills=[f"s{i % 30:02d}"], cost={"usd": 50 + (i * 37) % 400},
                 duration={"min": 1 + i % 6, "max": 2 + i % 6, "unit": "months"},
                 entry={"any": [f"l{j}" for j in range(2000)]}) for i in range(200)]
    run("wide-30", leaves + wide, None)


if __name__ == "__main__":
    main()
