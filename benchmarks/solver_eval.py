"""Does OR-Tools CP-SAT prove optimality where the built-in search cannot? (issue 16, deliverable 2)

Usage: pip install '.[solver]'; python benchmarks/solver_eval.py [--limit S] [--only NAME...]
Write-up and figures: benchmarks/solver_eval.md. Model: src/aipath/planner/solver.py.

For each shape of benchmarks/shapes.py (the same catalogues, rebuilt here) it plans with the
built-in search, then solves the whole plan (goal, certificates; every shape is
``--certificates-only`` with no signature) as CP-SAT, and prints: the built-in utility and
stated gap, CP-SAT's status, seconds (model build and solve), its optimum, the planner's own
evaluation of CP-SAT's set, and whether the built-in is within its stated gap.
For the shipped catalogue it records every certificate-stage search the built-in runs
(every role, with and without --certificates-only, every --optimize) and solves each stage as
CP-SAT on the same base.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from aipath.catalog import load_catalog  # noqa: E402
from aipath.graph import build_graph  # noqa: E402
from aipath.planner import build_request, plan  # noqa: E402
import aipath.planner.stack  # noqa: E402,F401
from aipath.planner.certificates import other_degrees  # noqa: E402
from aipath.planner.context import Context  # noqa: E402
from aipath.planner.objective import evaluate, key  # noqa: E402
from aipath.planner.solver import ENV, SECONDS_ENV  # noqa: E402
from shapes import cred, load  # noqa: E402

TODAY = dt.date(2026, 12, 1)


def shapes() -> list[tuple[str, list[dict], str | None]]:
    """The catalogues of benchmarks/shapes.py main(), in the same order."""
    n = 2000
    out = [("chain-2000", [cred(f"c{i}", cost={"usd": 1}, **({"entry": f"c{i-1}"} if i else {}))
                           for i in range(n)], f"c{n-1}")]
    out.append(("lattice-40", [cred(f"c{i}", cost={"usd": i},
                                    **({"entry": {"any": [f"c{i-1}", f"c{i-2}"]}} if i >= 2 else {}))
                               for i in range(40)], "c39"))
    leaves = [cred(f"l{i}", cost={"usd": i + 1}) for i in range(2000)]
    tops = [cred(f"t{i}", skills=["s"], cost={"usd": 1},
                 entry={"any": [f"l{j}" for j in range(2000)]}) for i in range(200)]
    out.append(("200x2000", leaves + tops, "t199"))
    wide = [cred(f"t{i}", skills=[f"s{i % 30:02d}"], cost={"usd": 50 + (i * 37) % 400},
                 duration={"min": 1 + i % 6, "max": 2 + i % 6, "unit": "months"},
                 entry={"any": [f"l{j}" for j in range(2000)]}) for i in range(200)]
    out.append(("wide-30", leaves + wide, None))
    return out


def covers() -> list[tuple[str, list[dict], str | None]]:
    """Harder than wide-30 (not in shapes.py): a weighted set cover. 200 certificates, each
    teaching 2-4 of 30 skills (a third of them courses, which only introduce), $100-3,000 and
    1-12 months, each needing any of 50 of the 2,000 leaves (seeded)."""
    import random

    rnd = random.Random(16)
    leaves = [cred(f"l{i}", cost={"usd": i + 1}) for i in range(2000)]
    certs = []
    for i in range(200):
        course = rnd.random() < 1 / 3
        lo = rnd.randint(1, 12)
        certs.append(cred(
            f"t{i}", skills=sorted(rnd.sample([f"s{k:02d}" for k in range(30)], rnd.randint(2, 4))),
            cost={"usd": rnd.randint(100, 3000)}, duration={"min": lo, "max": lo + 1, "unit": "months"},
            entry={"any": [f"l{j}" for j in sorted(rnd.sample(range(2000), 50))]},
            **({"type": "micro-credential", "level": "introductory"} if course else {})))
    return [("cover-30", leaves + certs, None)]


def utility(ctx: Context, planned: frozenset[str], targets: tuple[str, ...]) -> float:
    return -key(ctx, evaluate(ctx, planned), targets)[0]


def run_shapes(args: argparse.Namespace) -> None:
    from aipath.planner.solver import solve

    names = {"chain-2000", "lattice-40", "200x2000", "wide-30", "cover-30"}
    if args.only and not names & set(args.only):
        return
    print("CPU seconds (time.process_time: the machine is shared, wall time drifts)")
    print(f"{'shape':<16} {'built-in':>8} {'utility':>10} {'gap':>7} | {'CP-SAT':<8} {'secs':>5} "
          f"{'optimum':>10} {'bound':>10} | with {ENV}: secs, gap")
    runs = [(name, creds, goal, "balanced") for name, creds, goal in shapes()]
    runs += [(name, creds, goal, opt) for name, creds, goal in covers()
             for opt in ("balanced", "cost", "time")]
    for name, creds, goal, opt in runs:
        if args.only and name not in args.only:
            continue
        cat = load(creds)
        G = build_graph(cat)
        req = build_request(cat, role="nurse", goal=goal, certificates_only=True, today=TODAY,
                            optimize=opt)
        name = name if opt == "balanced" else f"{name}/{opt}"
        os.environ.pop(ENV, None)
        t = time.process_time()
        p = plan(cat, G, req)
        builtin_s = time.process_time() - t
        targets = req.role.target_skills
        ctx = Context(cat, G, req)
        mine = frozenset(s.credential.id for s in p.steps)
        u_mine = utility(ctx, mine, targets)
        # The whole plan as CP-SAT alone (what planner.solver.improve runs after the built-in).
        base = frozenset([goal]) if goal else frozenset()
        t = time.process_time()
        sol = solve(ctx, targets, base=base, keep=base, seconds=args.limit)
        if sol.status == "INFEASIBLE":  # as the built-in: a certificate of a target skill if any
            sol = solve(ctx, targets, base=base, keep=base, relevant=False, seconds=args.limit)
        cp_s = time.process_time() - t
        # The planner with the solver asked for: the built-in, then the solver.
        os.environ[ENV] = "cp-sat"
        os.environ[SECONDS_ENV] = str(args.limit)
        t = time.process_time()
        q = plan(cat, G, req)
        both_s = time.process_time() - t
        os.environ.pop(ENV)
        u_q = utility(ctx, frozenset(s.credential.id for s in q.steps), targets)
        print(f"{name:<16} {builtin_s:7.2f}s {u_mine:10.6f} {p.optimality_gap:7.2g} | "
              f"{sol.status:<8} {cp_s:4.2f}s ({sol.work:4.2f} det) {sol.utility:10.6f} {sol.bound:10.6f} | "
              f"{both_s:6.2f}s gap {q.optimality_gap:g}, utility {u_q:.6f} "
              f"({u_q - u_mine:+.6f}); stated gap "
              f"{'holds' if sol.utility <= u_mine + p.optimality_gap + 1e-6 else 'BROKEN'}",
              flush=True)


def run_fresh(args: argparse.Namespace) -> None:
    """A whole `plan` in a new process, with and without AIPATH_SOLVER: what a user waits for,
    the import of OR-Tools included (CPU seconds of the child, best of three)."""
    import resource
    import subprocess

    code = ("import datetime as dt, sys\n"
            "from aipath.catalog import load_catalog\n"
            "from aipath.graph import build_graph\n"
            "from aipath.planner import build_request, plan\n"
            "cat = load_catalog(sys.argv[1]); goal = sys.argv[2] or None\n"
            "p = plan(cat, build_graph(cat), build_request(cat, role='nurse', goal=goal,\n"
            "         certificates_only=True, today=dt.date(2026, 12, 1)))\n"
            "print(p.optimality_gap, sorted(m for m in sys.modules if m == 'ortools'))\n")
    print("a new process (load, graph, plan), CPU seconds, best of 3:")
    for name, creds, goal in shapes():
        if name not in ("lattice-40", "wide-30"):
            continue
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "c.json")
            tags = sorted({t for c in creds for t in c.get("skills", [])})  # type: ignore[union-attr]
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"schema_version": 1, "skills": {t: t for t in tags},
                           "backgrounds": {"nurse": {"label": "Nurse", "holds": [],
                                                     "target_skills": tags}},
                           "credentials": creds}, f)
            row = []
            for env in ({}, {ENV: "cp-sat"}):
                full = {k: v for k, v in os.environ.items() if k != ENV} | env
                best, said = float("inf"), ""
                for _ in range(3):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    said = subprocess.run([sys.executable, "-c", code, path, goal or ""],
                                          env=full, check=True, capture_output=True,
                                          text=True).stdout.strip()
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    best = min(best, after.ru_utime + after.ru_stime
                               - before.ru_utime - before.ru_stime)
                row.append(f"{'with' if env else 'without'} {ENV}: {best:.2f} s (gap, "
                           f"ortools loaded: {said})")
            print(f"  {name:<11} " + "; ".join(row))


def run_shipped(args: argparse.Namespace) -> None:
    """Every certificate stage the built-in runs on the shipped catalogue, solved again."""
    from aipath.planner.solver import solve

    cat = load_catalog()
    G = build_graph(cat)
    calls: list[tuple] = []
    stack_mod = sys.modules["aipath.planner.stack"]
    real = stack_mod.search_certificates

    def spy(ctx, base, targets, *, relevant, keep=frozenset()):
        t = time.process_time()
        got = real(ctx, base, targets, relevant=relevant, keep=keep)
        calls.append((ctx, base, targets, relevant, keep, got, time.process_time() - t))
        return got

    stack_mod.search_certificates = spy
    try:
        for role in cat.backgrounds:
            for only in (False, True):
                for opt in ("balanced", "cost", "time"):
                    req = build_request(cat, role=role, certificates_only=only, optimize=opt,
                                        today=TODAY)
                    try:
                        plan(cat, G, req)
                    except Exception as exc:  # a request with no plan: nothing to compare
                        print(f"{role} {only} {opt}: {type(exc).__name__}")
    finally:
        stack_mod.search_certificates = real
    worst = 0.0
    agree = proven = 0
    total_solve = total_builtin = 0.0
    for ctx, base, targets, relevant, keep, (chosen, approx), secs in calls:
        if chosen is None:
            continue
        t = time.process_time()
        sol = solve(ctx, targets, base=base, forbidden=other_degrees(ctx, base),
                    relevant=relevant, keep=keep, seconds=args.limit)
        cp_s = time.process_time() - t
        u_mine = utility(ctx, base | chosen, targets)
        proven += sol.optimal
        agree += abs(sol.utility - u_mine) < 1e-6
        total_solve += cp_s
        total_builtin += secs
        worst = max(worst, cp_s)
        if abs(sol.utility - u_mine) >= 1e-6 or args.verbose:
            print(f"  {ctx.req.role.id:<18} only={ctx.req.certificates_only!s:<5} "
                  f"{ctx.req.optimize:<8} relevant={relevant!s:<5} built-in {u_mine:.6f} "
                  f"(approx {approx}, {secs:.3f}s)  CP-SAT {sol.status} {sol.utility:.6f} "
                  f"({cp_s:.2f}s)")
    n = sum(1 for c in calls if c[5][0] is not None)
    print(f"shipped catalogue: {n} certificate stages; CP-SAT proved {proven} optimal, with the "
          f"built-in's utility on {agree}; CP-SAT {total_solve:.2f}s in all (worst stage "
          f"{worst:.2f}s); the built-in's stages {total_builtin:.2f}s in all")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=1.0,
                    help="CP-SAT's deterministic time limit (AIPATH_SOLVER_SECONDS)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--only", nargs="*", help="shape names (and/or 'fresh', 'shipped')")
    args = ap.parse_args()
    run_shapes(args)
    if not args.only or "fresh" in args.only:
        run_fresh(args)
    if not args.only or "shipped" in args.only:
        run_shipped(args)


if __name__ == "__main__":
    main()
