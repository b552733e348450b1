"""``plan --alternatives K`` against the plan alone, per role on the shipped catalogue.

Usage: python benchmarks/alternatives.py [--runs 5] [--k 3]

In one process (the catalogue loaded once), each role's plan and its K ranked plans are timed
alternately, and the median of each is reported with the planner runs and timelines the
alternatives took; on a shared machine the counts are the stable figure, the seconds drift.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from aipath.catalog import load_catalog
from aipath.graph import build_graph
from aipath.planner import build_request, plan
from aipath.planner.alternatives import ranked_plans


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--k", type=int, default=3)
    args = ap.parse_args()
    cat = load_catalog()
    G = build_graph(cat)
    print(f"{'role':20} {'plan s':>8} {f'K={args.k} s':>8} {'runs':>5} {'timelines':>9}")
    for role in cat.backgrounds:
        req = build_request(cat, role=role, today=dt.date(2026, 12, 1))
        alone, ranked = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            plan(cat, G, req)
            alone.append(time.perf_counter() - t)
            t = time.perf_counter()
            got = ranked_plans(cat, G, req, args.k)
            ranked.append(time.perf_counter() - t)
        print(f"{role:20} {statistics.median(alone):8.2f} {statistics.median(ranked):8.2f} "
              f"{got.runs:5d} {got.timelines:9d}")


if __name__ == "__main__":
    main()
