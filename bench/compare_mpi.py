#!/usr/bin/python3
"""sklite-grid in one process and across the ranks of an MPI job, and the speed-up to expect on P.

    /usr/bin/python3 bench/compare_mpi.py                      # builds sklite-grid, 3 runs each
    /usr/bin/python3 bench/compare_mpi.py --sklite-grid PATH --runs 5 --samples 1797

Writes scikit-learn's digits (the first --samples, raw pixels) as a LIBSVM file and runs grid.py's
default grid (110 points, 5-fold cross-validation) with sklite-grid: in one process on 1 thread and
on every core, and under mpiexec with 1 rank and with 2 ranks (each rank's share of the cores).
Prints the median wall-clock time of each (launch included) and its speed-up over one thread, and
checks that every run prints the same lines.

Then simulates P ranks of one thread each: the measured time of each group of points (one gamma
value, from a --verbose run on one rank with one thread) handed out, largest first, to whichever
rank is free first, as sklite::mpi::Scheduler does; the speed-up is the sum of the group times
over the time the last rank finishes.

Needs: /usr/bin/python3 with python3-sklearn, openmpi-bin, cmake and a C++ compiler.
"""
import argparse
import heapq
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_grid import build  # noqa: E402

MPIEXEC = ["mpiexec", "--oversubscribe", "--allow-run-as-root"]


def timed(command, folder):
    """Runs command in folder; returns (seconds, stdout, stderr)."""
    os.makedirs(folder, exist_ok=True)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, result.stdout, result.stderr


def simulate(group_seconds, ranks):
    """The time P ranks take for the groups, handed out largest first to the first free rank."""
    free = [0.0] * ranks
    for seconds in sorted(group_seconds, reverse=True):
        heapq.heappush(free, heapq.heappop(free) + seconds)
    return max(free)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sklite-grid", help="the sklite-grid to time (default: build it)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each setting (default 3)")
    parser.add_argument("--samples", type=int, default=1797, help="digits to use (default all)")
    args = parser.parse_args()
    tool = args.sklite_grid or build()

    from sklearn.datasets import dump_svmlight_file, load_digits
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "digits")
        digits = load_digits()
        dump_svmlight_file(digits.data[:args.samples], digits.target[:args.samples], data,
                           zero_based=False)
        grid = ["-gnuplot", "null", "-out", "null", data]
        settings = [
            ("one process, 1 thread", [tool, "--threads", "1"] + grid),
            (f"one process, {os.cpu_count()} threads", [tool] + grid),
            ("mpiexec -n 1", MPIEXEC + ["-n", "1", tool] + grid),
            ("mpiexec -n 1 --bind-to none", MPIEXEC + ["-n", "1", "--bind-to", "none", tool] + grid),
            ("mpiexec -n 2", MPIEXEC + ["-n", "2", tool] + grid),
        ]
        medians, outputs = {}, set()
        for name, command in settings:
            times = []
            for _ in range(args.runs):
                seconds, out, _ = timed(command, os.path.join(work, "run"))
                times.append(seconds)
                outputs.add(out)
            medians[name] = statistics.median(times)
            base = medians[settings[0][0]]
            print(f"{name:28s} median {medians[name]:6.2f} s of "
                  f"{', '.join(f'{t:.2f}' for t in times)}   speed-up {base / medians[name]:.2f}x",
                  flush=True)
        if len(outputs) != 1:
            print("the runs printed different lines", file=sys.stderr)
            return 1

        _, _, err = timed(MPIEXEC + ["-n", "1", tool, "--threads", "1", "--verbose"] + grid,
                          os.path.join(work, "run"))
        groups = [float(m) for m in re.findall(r"^group .*, ([0-9.]+) s$", err, re.M)]
        total = sum(groups)
        print(f"\n{len(groups)} groups (gamma values), {total:.2f} s on one thread; the longest "
              f"{max(groups):.2f} s")
        print("ranks  expected time  speed-up")
        for ranks in (1, 2, 4, 8, 16, 32, 64):
            makespan = simulate(groups, ranks)
            print(f"{ranks:5d}  {makespan:11.2f} s  {total / makespan:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
