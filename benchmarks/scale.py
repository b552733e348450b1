"""How `aipath plan` scales with a registry-sized catalogue, each figure next to its target.

Usage: python benchmarks/scale.py [--sizes 1000,10000,100000] [--format json|yaml]
                                  [--role nurse] [--report text|json] [--workdir DIR]
                                  [--pythonpath DIR] [--timeout S] [--max-gib G]
                                  [--measures load-cold,plan-cache] [--fill-cache]

Each size is a registry-shaped catalogue (benchmarks/registry.py: the shipped credentials plus
that many registry records, most of them about other occupations, half without a price),
written once (kept in --workdir, default a temporary folder). Then each measure runs in a
fresh process, timed from outside (wall clock, and the child's CPU and peak RSS from
os.wait4), next to `python -c pass` timed in the same run (the machine is shared: CPU time
and the ratio drift less than wall time):

- load-cold:   load_catalog with AIPATH_NO_CACHE=1 (read, validate);
- load-cache:  load_catalog from the compiled cache (filled by a run before);
- plan-cold:   `aipath plan --role ROLE --catalog FILE --format json`, no cache;
- first-run:   the same with an empty cache (validate, plan, write the compiled cache);
- plan-cache:  the same again, from the compiled cache (the best of three).

Targets (issue 18): plan over 100k credentials from the cache <= 1.5 s and <= 300 MiB, cold
<= 8 s; over 1M from the cache <= 15 s and <= 3 GiB. Sizes under 100k are held to the 100k
targets. 1M is opt-in (--sizes 1000000): its file is ~1 GB and takes minutes to write.
--pythonpath measures another checkout (e.g. /work/main/src) with the same catalogues;
--max-gib caps each child's address space (a run that needs more fails, it does not take the
shared machine down); --measures picks some of the five. --fill-cache puts the compiled
catalogue in the cache without validating it (benchmarks/registry.py --fill-cache; the same
catalogue, checked at 10k), for 1M, whose validation needs more memory than the machine has:
measure it with --measures load-cache,plan-cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


MIB = 1024 * 1024
TODAY = "2026-11-24"
# size -> (cold plan s, cached plan s, cached plan MiB); None: no target at that size
TARGETS = {100_000: (8.0, 1.5, 300), 1_000_000: (None, 15.0, 3 * 1024)}
LOAD = ("import sys\nfrom aipath.catalog import load_catalog\n"
        "load_catalog(sys.argv[1], max_bytes=1 << 40)\n")


def target(n: int) -> tuple[float | None, float | None, float | None]:
    """The targets a size is held to: its own, else those of the next size up."""
    for size in sorted(TARGETS):
        if n <= size:
            return TARGETS[size]
    return TARGETS[max(TARGETS)]


CAP = {"bytes": 0}  # --max-gib, in bytes (0: none)
MEASURES = ("load-cold", "load-cache", "plan-cold", "first-run", "plan-cache")


def _capped() -> None:
    if CAP["bytes"]:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CAP["bytes"], CAP["bytes"]))


def run(cmd: list[str], env: dict[str, str], timeout: float) -> dict[str, float | str]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=_capped)
    deadline = t + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"error": f"no answer in {timeout:.0f} s"}
        time.sleep(0.01)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        return {"error": (err.strip().splitlines() or ["failed"])[-1][:120]}
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def baseline(env: dict[str, str]) -> dict[str, float | str]:
    """`python -c pass`, the best of three."""
    runs = [run([sys.executable, "-c", "pass"], env, 60) for _ in range(3)]
    return min(runs, key=lambda r: r["wall"])


def measure(n: int, path: Path, role: str, env: dict[str, str], cache: Path,
            timeout: float, measures: tuple[str, ...] = MEASURES) -> dict[str, object]:
    plan = [sys.executable, "-m", "aipath", "plan", "--role", role, "--catalog", str(path),
            "--format", "json", "--today", TODAY, "--max-catalog-mib", "100000"]
    load = [sys.executable, "-c", LOAD, str(path)]
    cold = {**env, "AIPATH_NO_CACHE": "1"}
    warm = {**env, "AIPATH_CACHE_DIR": str(cache)}
    warm.pop("AIPATH_NO_CACHE", None)
    if "first-run" in measures:  # else the cache was filled beforehand (--fill-cache)
        shutil.rmtree(cache, ignore_errors=True)
    rows: dict[str, object] = {"size": n, "file_mib": path.stat().st_size / MIB,
                               "python -c pass": baseline(env)}
    skipped = {"error": "not measured"}
    rows["load-cold"] = run(load, cold, timeout) if "load-cold" in measures else skipped
    rows["plan-cold"] = run(plan, cold, timeout) if "plan-cold" in measures else skipped
    # The first run fills the cache for the next two.
    rows["first-run"] = run(plan, warm, timeout) if "first-run" in measures else skipped
    rows["load-cache"] = run(load, warm, timeout) if "load-cache" in measures else skipped
    best = [run(plan, warm, timeout) for _ in range(3 if "plan-cache" in measures else 0)]
    rows["plan-cache"] = min(best, key=lambda r: r.get("wall", float("inf")), default=skipped)  # type: ignore[arg-type]
    return rows


def show(rows: dict[str, object]) -> None:
    n = int(rows["size"])  # type: ignore[arg-type]
    cold_s, cache_s, cache_mib = target(n)
    base = rows["python -c pass"]
    print(f"\n{n:,} registry records + the shipped catalogue ({rows['file_mib']:.0f} MiB JSON)")
    print(f"  {'':30} {'wall s':>8} {'cpu s':>7} {'x pass':>7} {'peak MiB':>9}  target")
    labels = {"python -c pass": "python -c pass", "load-cold": "load, cold (validate)",
              "load-cache": "load, compiled cache", "plan-cold": "plan, cold",
              "first-run": "plan, first run (+ compile)", "plan-cache": "plan, compiled cache"}
    for name, label in labels.items():
        r = rows[name]
        if "error" in r:  # type: ignore[operator]
            print(f"  {label:30} {r['error']}")  # type: ignore[index]
            continue
        goal = ""
        if name == "plan-cold" and cold_s is not None:
            goal = f"<= {cold_s:g} s  {'ok' if r['wall'] <= cold_s else 'OVER'}"  # type: ignore[index]
        if name == "plan-cache" and cache_s is not None:
            fits = r["wall"] <= cache_s and r["rss"] <= cache_mib  # type: ignore[index,operator]
            goal = f"<= {cache_s:g} s, <= {cache_mib:g} MiB  {'ok' if fits else 'OVER'}"
        ratio = r["wall"] / base["wall"]  # type: ignore[index,operator]
        print(f"  {label:30} {r['wall']:8.2f} {r['cpu']:7.2f} {ratio:7.0f} {r['rss']:9.0f}  {goal}")  # type: ignore[index]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--format", choices=("yaml", "json"), default="json",
                    help="the catalogue file's format")
    ap.add_argument("--role", default="nurse")
    ap.add_argument("--report", choices=("text", "json"), default="text")
    ap.add_argument("--workdir", help="keep the generated catalogues here (reused)")
    ap.add_argument("--pythonpath", help="import aipath from this folder (another checkout)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument("--max-gib", type=float, default=0, help="address-space cap per run (0: none)")
    ap.add_argument("--measures", default=",".join(MEASURES), help="which, comma-separated")
    ap.add_argument("--fill-cache", action="store_true",
                    help="fill the cache without validating (registry.py --fill-cache), for sizes "
                         "whose validation does not fit in memory; measure without first-run")
    args = ap.parse_args()
    CAP["bytes"] = int(args.max_gib * 1024**3)
    measures = tuple(m.strip() for m in args.measures.split(","))
    work = Path(args.workdir or tempfile.mkdtemp(prefix="aipath-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ}
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    out = []
    for n in (int(x) for x in args.sizes.split(",")):
        path = work / f"registry-{n}.{args.format}"
        if args.fill_cache or not path.exists():  # written by a child: this process stays
            # small (its RSS is what a forked child starts from)
            fill = ["--fill-cache"] if args.fill_cache else []
            subprocess.run([sys.executable, str(Path(__file__).parent / "registry.py"), str(n),
                            "-o", str(path), "--format", args.format, *fill], check=True,
                           env={**env, "AIPATH_CACHE_DIR": str(work / "cache")})
        rows = measure(n, path, args.role, env, work / "cache", args.timeout, measures)
        out.append(rows)
        if args.report == "text":
            show(rows)
    if args.report == "json":
        print(json.dumps({"role": args.role, "cpus": os.cpu_count(),
                          "load_average": os.getloadavg(), "rows": out}, indent=2))
    elif not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
