#!/usr/bin/python3
"""sklite-grid beside LIBSVM's grid.py (Debian's svm-grid) on the first 898 digits.

    /usr/bin/python3 bench/compare_grid.py                      # builds sklite-grid, 5 runs
    /usr/bin/python3 bench/compare_grid.py --sklite-grid PATH --runs 3

Writes scikit-learn's digits (the first 898, raw pixels 0..16) as a LIBSVM file, then runs the
default grid (log2 C from -5 to 15, log2 gamma from 3 to -15, 110 points, 5-fold
cross-validation) with svm-grid once (it takes about a minute; -svmtrain /usr/bin/svm-train
-gnuplot null) and with sklite-grid several times (-gnuplot null, every core), each in a folder
of its own. Prints the wall-clock time of each, the median of sklite-grid's runs and the ratio, and
checks that both print the same lines and write the same .out file, byte for byte (exit status 1
otherwise).

Needs: /usr/bin/python3 with python3-sklearn, libsvm-tools, cmake and a C++ compiler.
"""
import argparse
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build():
    """Builds sklite-grid (Release) under build/compare-grid and returns its path."""
    folder = os.path.join(ROOT, "build", "compare-grid")
    subprocess.run(["cmake", "-S", ROOT, "-B", folder, "-DCMAKE_BUILD_TYPE=Release",
                    "-DSKLITE_BUILD_TESTS=OFF", "-DSKLITE_BUILD_EXAMPLES=OFF",
                    "-DSKLITE_BUILD_BENCHMARKS=OFF"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", folder, "--target", "sklite-grid", "-j2"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(folder, "tools", "sklite-grid")


def run(command, folder):
    """Runs command in folder; returns (seconds, stdout)."""
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, check=True, stdout=subprocess.PIPE)
    return time.perf_counter() - start, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sklite-grid", help="the sklite-grid to time (default: build it)")
    parser.add_argument("--runs", type=int, default=5, help="runs of sklite-grid (default 5)")
    args = parser.parse_args()
    tool = args.sklite_grid or build()

    from sklearn.datasets import dump_svmlight_file, load_digits
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "digits898")
        digits = load_digits()
        dump_svmlight_file(digits.data[:898], digits.target[:898], data, zero_based=False)

        libsvm_dir = os.path.join(work, "libsvm")
        libsvm_time, libsvm_out = run(["svm-grid", "-svmtrain", "/usr/bin/svm-train", "-gnuplot",
                                       "null", data], libsvm_dir)
        print(f"svm-grid (LIBSVM 3.24, one svm-train at a time): {libsvm_time:.2f} s", flush=True)

        sklite_dir = os.path.join(work, "sklite")
        times = []
        same = True
        for _ in range(args.runs):
            seconds, out = run([tool, "-gnuplot", "null", data], sklite_dir)
            times.append(seconds)
            same = same and out == libsvm_out and filecmp.cmp(
                os.path.join(libsvm_dir, "digits898.out"), os.path.join(sklite_dir, "digits898.out"),
                shallow=False)
        median = statistics.median(times)
        print(f"sklite-grid ({os.cpu_count()} threads): median {median:.2f} s of "
              f"{', '.join(f'{t:.2f}' for t in times)}")
        print(f"ratio: {libsvm_time / median:.1f}x")
        print(f"last line: {libsvm_out.decode().splitlines()[-1]}")
        if not same:
            print("FAIL: sklite-grid's lines or .out file differ from svm-grid's", file=sys.stderr)
            return 1
        print("same lines and the same .out file: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
