#!/usr/bin/python3
"""sklite's GridSearchCV beside scikit-learn's, on the grid of docs/performance.md.

    /usr/bin/python3 bench/compare_search.py             # 7 fresh processes of each
    /usr/bin/python3 bench/compare_search.py --repeat 3

SVC over C in {1, 10, 100, 1000} and gamma in {1e-4, 1e-3, 1e-2, 1e-1}, 5-fold cross-validation,
the first 898 digits. Builds bench/grid_search_workload (Release) under build/compare, then runs
alternately, each search in a fresh process and timed around fit() alone (no interpreter start, no
imports, no data loading): sklite with every core and with one thread, scikit-learn's GridSearchCV
with n_jobs=-1 and with n_jobs=1 (Debian's python3-sklearn). Prints the medians, the ratio of each
scikit-learn median to sklite's, and the largest difference between the two mean_test_score
columns, which must be below 1e-12.

Needs: /usr/bin/python3 with python3-sklearn, cmake and a C++ compiler (libeigen3-dev, zlib1g-dev).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SKLEARN = """
import json, time
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC
d = load_digits()
X, y = d.data[:898], d.target[:898]
grid = {"C": [1.0, 10.0, 100.0, 1000.0], "gamma": [1e-4, 1e-3, 1e-2, 1e-1]}
search = GridSearchCV(SVC(), grid, cv=5, n_jobs=%s)
start = time.perf_counter()
search.fit(X, y)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "mean_test_score": list(search.cv_results_["mean_test_score"])}))
"""


def build():
    folder = os.path.join(ROOT, "build", "compare")
    subprocess.run(["cmake", "-S", ROOT, "-B", folder, "-DCMAKE_BUILD_TYPE=Release",
                    "-DSKLITE_BUILD_TESTS=OFF", "-DSKLITE_BUILD_EXAMPLES=OFF",
                    "-DSKLITE_BUILD_BENCHMARKS=ON", "-DSKLITE_BUILD_TOOLS=OFF"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", folder, "--target", "grid_search_workload", "-j2"],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(folder, "bench", "grid_search_workload")


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="fresh processes of each program")
    args = parser.parse_args()
    binary = build()
    programs = {
        "sklite, every core": [binary, "-1"],
        "sklite, 1 thread": [binary, "1"],
        "scikit-learn n_jobs=-1": ["/usr/bin/python3", "-c", SKLEARN % "-1"],
        "scikit-learn n_jobs=1": ["/usr/bin/python3", "-c", SKLEARN % "1"],
    }
    runs = {name: [] for name in programs}
    for _ in range(args.repeat):
        for name, command in programs.items():
            runs[name].append(run(command))
    medians = {name: statistics.median(r["seconds"] for r in rs) for name, rs in runs.items()}
    print(f"GridSearchCV(SVC(), 4 C x 4 gamma, cv=5) on 898 digits, median of {args.repeat} "
          "fresh processes, fit() only:")
    for name, seconds in medians.items():
        print(f"  {name:24s} {seconds * 1000:9.1f} ms")
    for sk in ("scikit-learn n_jobs=-1", "scikit-learn n_jobs=1"):
        for ours in ("sklite, every core", "sklite, 1 thread"):
            print(f"  {sk} / {ours}: {medians[sk] / medians[ours]:.1f}x")
    ours = runs["sklite, every core"][0]["mean_test_score"]
    theirs = runs["scikit-learn n_jobs=1"][0]["mean_test_score"]
    difference = max(abs(a - b) for a, b in zip(ours, theirs))
    print(f"  largest |mean_test_score difference|: {difference:.3g}")
    return 0 if difference < 1e-12 else 1


if __name__ == "__main__":
    sys.exit(main())
