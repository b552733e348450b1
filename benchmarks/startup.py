"""Start-up cost of aipath commands as ratios to `python -c pass`, measured paired in one run.

Usage: python benchmarks/startup.py [--runs 20]

Each command is timed alternately with the baseline (A B A B ...) after warm-ups; the ratio of
each pair is taken and the median reported, because absolute times drift on a shared machine
while paired ratios do not. Targets are SPEC §9's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
AIPATH = str(BIN / "aipath")
BASELINE = [sys.executable, "-c", "pass"]
LIST = [AIPATH, "list", "--type", "academic", "--format", "json"]
PLAN = [AIPATH, "plan", "--role", "nurse", "--format", "json", "--today", "2026-11-24"]
NO_CACHE = {"AIPATH_NO_CACHE": "1"}
# (label, command, target, extra environment); "cold" re-validates the YAML every run.
CASES = [
    ("aipath --help", [AIPATH, "--help"], 7.0, {}),
    ("aipath list --type academic --format json", LIST, 10.0, {}),
    ("  same, cold (AIPATH_NO_CACHE=1)", LIST, None, NO_CACHE),
    ("aipath plan --role nurse --format json", PLAN, 20.0, {}),
    ("  same, cold (AIPATH_NO_CACHE=1)", PLAN, None, NO_CACHE),
]


# A user's Python writes bytecode and reads it back on the next start; a development shell's
# PYTHONDONTWRITEBYTECODE would have every run compile aipath's sources again (~40 ms).
_BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(cmd: list[str], env: dict[str, str] | None = None) -> float:
    full_env = {**_BASE_ENV, **(env or {})}
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=full_env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="pairs per command (default 20)")
    args = parser.parse_args()
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cpus"
    try:
        from importlib.metadata import version

        env_note += ", typer " + version("typer")
    except Exception:  # noqa: BLE001 - informative only
        pass
    print(f"# paired start-up ratios, {args.runs} pairs each ({env_note})")
    print(f"{'command':<45} {'median ms':>9} {'base ms':>8} {'ratio':>6} {'min-max':>11} {'target':>9}")
    for label, cmd, target, env in CASES:
        for _ in range(3):
            _time(BASELINE)
            _time(cmd, env)
        ratios, times, bases = [], [], []
        for _ in range(args.runs):
            b = _time(BASELINE)
            t = _time(cmd, env)
            bases.append(b)
            times.append(t)
            ratios.append(t / b)
        med = statistics.median(ratios)
        verdict = "" if target is None else ("<=" + format(target, "g") + (" ok" if med <= target else " OVER"))
        print(
            f"{label:<45} {statistics.median(times) * 1000:>9.1f} {statistics.median(bases) * 1000:>8.1f} "
            f"{med:>6.1f} {min(ratios):>5.1f}-{max(ratios):<5.1f} {verdict:>9}"
        )


if __name__ == "__main__":
    main()
