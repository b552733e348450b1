"""How long ``aipath import ctdl`` takes, and how much memory, on registry-shaped records.

Usage: python benchmarks/ctdl_import.py [--sizes 10000,100000] [--pairs 3] [--format yaml|json]

Each size is generated once by :mod:`ctdl_gen` (JSON lines of registry envelopes, not timed),
then imported in a fresh process ``--pairs`` times, each run paired with ``python -c pass``
right before it (the machine is shared and noisy: the ratio is what compares across runs).
Reports the median wall time, the ratio to ``python -c pass``, the peak resident memory of the
import (its process's ru_maxrss) and records a second, next to the target (issue 18: 100k
records in at most 60 s and 1 GiB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ctdl_gen import write  # noqa: E402

TARGET_S = {100_000: 60.0}
TARGET_MIB = {100_000: 1024.0}


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one child process."""
    t0 = time.perf_counter()
    quiet = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
             (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    # No shell, no extra process in between: the child's own peak memory is measured.
    pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=quiet)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--format", choices=("yaml", "json"), default="yaml")
    args = ap.parse_args()
    exe = str(Path(sys.executable).parent / "aipath")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; "
          f"import ctdl -o .{args.format}, median of {args.pairs} paired runs")
    print(f"{'records':>8} {'MiB in':>7} {'seconds':>8} {'x pass':>8} {'peak MiB':>9} "
          f"{'rec/s':>8}  target")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            src = write(n, Path(tmp) / f"r{n}.jsonl")
            out = Path(tmp) / f"out{n}.{args.format}"
            walls, ratios, peaks = [], [], []
            for _ in range(args.pairs):
                base, _ = _run([sys.executable, "-c", "pass"])
                wall, peak = _run([exe, "import", "ctdl", str(src), "-o", str(out),
                                   "--today", "2026-12-01"])
                walls.append(wall)
                ratios.append(wall / base)
                peaks.append(peak)
            wall = statistics.median(walls)
            target = ""
            if n in TARGET_S:
                ok = wall <= TARGET_S[n] and max(peaks) <= TARGET_MIB[n]
                target = f"<= {TARGET_S[n]:g} s, <= {TARGET_MIB[n]:g} MiB: {'met' if ok else 'MISSED'}"
            print(f"{n:>8} {src.stat().st_size / 2**20:>7.0f} {wall:>8.2f} "
                  f"{statistics.median(ratios):>8.0f} {max(peaks):>9.0f} {n / wall:>8.0f}  {target}")


if __name__ == "__main__":
    main()
