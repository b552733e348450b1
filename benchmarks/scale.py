"""How loading and planning scale with catalogue size, on synthetic catalogues.

Usage: python benchmarks/scale.py [--sizes 100,1000,10000] [--format yaml|json]

Each size is written once (a DAG by construction: entries refer to lower-numbered credentials,
with all/any groups, 1-3 skills from a 30-tag taxonomy, 1-2 of the four roles), then measured in
a fresh process: cold load (no cache), warm load (cache), graph build and `plan --role nurse`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROLES = ["physician", "nurse", "informaticist", "data-scientist"]
SKILLS = [f"skill-{i:02d}" for i in range(30)]
TYPES = ["degree", "academic-certificate", "professional-certificate", "micro-credential",
         "board-certification", "executive-education"]

PROBE = r"""
import json, sys, time, gc
gc.disable()
t0 = time.perf_counter()
from aipath.catalog import load_catalog
from aipath.graph import build_graph
from aipath.planner import build_request, plan
import datetime
t1 = time.perf_counter()
cat = load_catalog(sys.argv[1], max_bytes=1 << 30)
t2 = time.perf_counter()
G = build_graph(cat)
t3 = time.perf_counter()
p = plan(cat, G, build_request(cat, role="nurse", today=datetime.date(2026, 11, 24)))
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "graph": t3 - t2, "plan": t4 - t3,
                  "steps": len(p.steps)}))
"""


def make(n: int, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    creds = []
    for i in range(n):
        entry = None
        if i > 10 and rnd.random() < 0.7:
            picks = [f"c{rnd.randrange(max(0, i - 200), i):06d}" for _ in range(rnd.randint(1, 3))]
            picks = sorted(set(picks))
            entry = {"any": picks} if len(picks) > 1 and rnd.random() < 0.5 else picks
        kind = rnd.choice(TYPES)
        c = {
            "id": f"c{i:06d}",
            "name": f"Synthetic credential {i}",
            "provider": f"Provider {i % 97}",
            "type": kind,
            "level": "graduate" if kind == "degree" else "professional",
            "delivery": "online",
            "roles": rnd.sample(ROLES, rnd.randint(1, 2)),
            "skills": rnd.sample(SKILLS, rnd.randint(1, 3)),
            "duration": {"min": rnd.randint(1, 24), "max": 30, "unit": "months"}
            if rnd.random() < 0.8 else None,
            "cost": {"usd": rnd.randint(0, 40000), "year": 2026} if rnd.random() < 0.8 else None,
            "status": "active",
            "url": None,
            "evidence": [{"kind": "recalled", "verified_on": "2026-11-24"}],
        }
        if entry is not None:
            c["entry"] = entry
        creds.append(c)
    return {
        "schema_version": 1,
        "skills": {s: s for s in SKILLS},
        "backgrounds": {r: {"label": r, "holds": [], "target_skills": SKILLS[:8]} for r in ROLES},
        "credentials": creds,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--format", choices=("yaml", "json"), default="json")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="aipath-scale-"))
    print(f"{'size':>7} {'load cold s':>11} {'load warm s':>11} {'graph s':>8} {'plan s':>7} {'steps':>5}")
    for n in (int(x) for x in args.sizes.split(",")):
        doc = make(n)
        path = tmp / f"cat{n}.{args.format}"
        if args.format == "json":
            path.write_text(json.dumps(doc))
        else:
            import yaml  # only for writing the fixture

            path.write_text(yaml.safe_dump(doc, sort_keys=False))
        env = {**os.environ, "AIPATH_CACHE_DIR": str(tmp / "cache")}
        runs = []
        for cold in (True, False):
            e = {**env, "AIPATH_NO_CACHE": "1"} if cold else env
            out = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=e,
                                 capture_output=True, text=True, check=True).stdout
            runs.append(json.loads(out))
            if cold:  # fill the cache for the warm run
                subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env,
                               capture_output=True, text=True, check=True)
        c, w = runs
        print(f"{n:>7} {c['load']:>11.3f} {w['load']:>11.3f} {w['graph']:>8.3f} {w['plan']:>7.3f} {w['steps']:>5}")


if __name__ == "__main__":
    main()
