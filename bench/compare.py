#!/usr/bin/python3
"""sklite, scikit-learn and LIBSVM side by side on the workloads of docs/performance.md.

    /usr/bin/python3 bench/compare.py            # every workload, 5 runs each
    /usr/bin/python3 bench/compare.py --quick    # all but Fashion-MNIST 20,000, 3 runs

Builds bench/svc_workloads (Release) under build/compare, then for each workload runs, in one
session on the same data and parameters (same cache_size): sklite with all cores and with one
thread, scikit-learn's estimator (through Debian's python3-sklearn), and LIBSVM's
svm-train/svm-predict (Debian's libsvm-tools) on the same data written as svmlight files. Every
program loads its data once and fits/predicts several times (ten times as many on the digits,
which take milliseconds); the table shows medians, the ratio of scikit-learn's median to each
program's, the peak resident memory of each process and the test score: the accuracy of a
classifier, the share of test images a one-class SVM accepts, the R² of a regression (whose target
is the mean intensity of each image's top half). LIBSVM's times include reading its text files.

Needs: /usr/bin/python3 with python3-sklearn, libsvm-tools, dataset-fashion-mnist, cmake and a
C++ compiler (libeigen3-dev, zlib1g-dev).
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FASHION = "/usr/share/datasets/fashion-mnist"

# (label, workload, estimator, training rows, test rows)
WORKLOADS = [
    ("digits 898/899", "digits", "svc", 898, 899),
    ("digits 898/899 SVC(probability=True)", "digits", "proba", 898, 899),
    ("Fashion-MNIST 5,000/2,000", "fashion", "svc", 5000, 2000),
    ("Fashion-MNIST 5,000/2,000 SVC(probability=True)", "fashion", "proba", 5000, 2000),
    ("Fashion-MNIST 5,000/2,000 NuSVC(nu=0.1)", "fashion", "nusvc", 5000, 2000),
    ("Fashion-MNIST 5,000/2,000 OneClassSVM(nu=0.1)", "fashion", "oneclass", 5000, 2000),
    ("Fashion-MNIST 5,000/2,000 SVR(C=10, epsilon=0.01)", "fashion", "svr", 5000, 2000),
    ("Fashion-MNIST 20,000/2,000", "fashion", "svc", 20000, 2000),
]

# LIBSVM's options for each estimator (gamma and C of SVC come from the workload).
LIBSVM_TYPE = {"svc": [], "proba": ["-b", "1"], "nusvc": ["-s", "1", "-n", "0.1"], "oneclass": ["-s", "2", "-n", "0.1"],
               "svr": ["-s", "3", "-p", "0.01"]}


def read_idx(path, count):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * d:8 + 4 * d], "big") for d in range(dims)]
    import numpy as np
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape[0], -1)
    return data[:count]


def load(workload, n_train, n_test):
    """The same arrays svc_workloads builds."""
    import numpy as np
    if workload == "digits":
        from sklearn.datasets import load_digits
        digits = load_digits()
        return (digits.data[:898], digits.target[:898], digits.data[898:], digits.target[898:],
                dict(C=100.0, gamma=0.001))
    X_train = read_idx(f"{FASHION}/train-images-idx3-ubyte.gz", n_train).astype(np.float64) / 255
    y_train = read_idx(f"{FASHION}/train-labels-idx1-ubyte.gz", n_train).ravel().astype(int)
    X_test = read_idx(f"{FASHION}/t10k-images-idx3-ubyte.gz", n_test).astype(np.float64) / 255
    y_test = read_idx(f"{FASHION}/t10k-labels-idx1-ubyte.gz", n_test).ravel().astype(int)
    return X_train, y_train, X_test, y_test, dict(C=10.0, gamma="scale")


def top_half_mean(X):
    """The regression target: the mean of each image's top half (as svc_workloads computes it)."""
    return X[:, :X.shape[1] // 2].mean(axis=1)


def score(estimator, predicted, y_test, X_test):
    """Accuracy, the share accepted by a one-class SVM, or R²."""
    import numpy as np
    if estimator == "oneclass":
        return float((np.asarray(predicted) > 0).mean())
    if estimator == "svr":
        from sklearn.metrics import r2_score
        return float(r2_score(top_half_mean(X_test), predicted))
    return float((np.asarray(predicted) == y_test).mean())


def sklearn_estimator(estimator, params, cache_size):
    from sklearn.svm import SVC, NuSVC, OneClassSVM, SVR
    gamma = params["gamma"]
    if estimator == "nusvc":
        return NuSVC(nu=0.1, gamma=gamma, cache_size=cache_size)
    if estimator == "oneclass":
        return OneClassSVM(nu=0.1, gamma=gamma, cache_size=cache_size)
    if estimator == "svr":
        return SVR(C=10, epsilon=0.01, gamma=gamma, cache_size=cache_size)
    if estimator == "proba":
        return SVC(cache_size=cache_size, probability=True, random_state=0, **params)
    return SVC(cache_size=cache_size, **params)


def sklearn_worker(workload, estimator, n_train, n_test, repeat, cache_size):
    """Runs in a child process so that its peak memory is its own."""
    import resource
    X_train, y_train, X_test, y_test, params = load(workload, n_train, n_test)
    for _ in range(repeat):
        model = sklearn_estimator(estimator, params, cache_size)
        start = time.perf_counter()
        if estimator == "oneclass":
            model.fit(X_train)
        else:
            model.fit(X_train, top_half_mean(X_train) if estimator == "svr" else y_train)
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        if estimator == "proba":  # the probabilities are what is timed; the score is predict's
            model.predict_proba(X_test)
        else:
            predicted = model.predict(X_test)
        predict_s = time.perf_counter() - start
        if estimator == "proba":
            predicted = model.predict(X_test)
        print(json.dumps({
            "library": "scikit-learn", "fit_s": fit_s, "predict_s": predict_s,
            "score": score(estimator, predicted, y_test, X_test),
            "n_support": int(len(model.support_)),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


def run(command):
    """Runs command; returns its stdout and its own peak RSS in MB."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"compare.py: {' '.join(command)} failed with status {status}")
    return out, usage.ru_maxrss / 1024


def json_runs(command):
    out, _ = run(command)
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def dump_worker(workload, estimator, n_train, n_test, folder):
    """Writes the workload as svmlight files for svm-train/svm-predict (a regression's targets in
    place of the labels) and prints the gamma to pass (scikit-learn's "scale" resolved) and the
    test set's score of each line svm-predict will write, as a list to score. Runs in a child
    process, so that the parent stays small: a large parent would inflate the peak memory
    measured for the programs it starts."""
    from sklearn.datasets import dump_svmlight_file
    X_train, y_train, X_test, y_test, params = load(workload, n_train, n_test)
    gamma = params["gamma"]
    if gamma == "scale":
        gamma = 1.0 / (X_train.shape[1] * X_train.var())
    if estimator == "svr":
        y_train, y_test = top_half_mean(X_train), top_half_mean(X_test)
    dump_svmlight_file(X_train, y_train, os.path.join(folder, "train.svm"))
    dump_svmlight_file(X_test, y_test, os.path.join(folder, "test.svm"))
    print(json.dumps({"C": params["C"] if estimator in ("svc", "proba") else 10, "gamma": gamma,
                      "y_test": [float(v) for v in y_test]}))


def libsvm_runs(workload, estimator, n_train, n_test, repeat, cache_size, folder):
    """svm-train and svm-predict on svmlight copies of the same data. Their times include reading
    the text files, as a LIBSVM user's would."""
    out, _ = run([sys.executable, os.path.abspath(__file__), "--dump-worker", workload, estimator,
                  str(n_train), str(n_test), folder])
    params = json.loads(out)
    train, test = os.path.join(folder, "train.svm"), os.path.join(folder, "test.svm")
    model, output = os.path.join(folder, "model"), os.path.join(folder, "predicted")
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        _, train_rss = run(["svm-train", "-q", *LIBSVM_TYPE[estimator], "-c", repr(params["C"]),
                            "-g", repr(params["gamma"]), "-m", repr(cache_size), train, model])
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        _, predict_rss = run(["svm-predict", *(["-b", "1"] if estimator == "proba" else []),
                              test, model, output])
        predict_s = time.perf_counter() - start
        with open(output) as f:  # -b 1: a "labels" line, then each label and its probabilities
            predicted = [float(line.split()[0]) for line in f if not line.startswith("labels")]
        if estimator == "svr":
            from sklearn.metrics import r2_score
            value = float(r2_score(params["y_test"], predicted))
        elif estimator == "oneclass":
            value = sum(p > 0 for p in predicted) / len(predicted)
        else:
            value = sum(p == t for p, t in zip(predicted, params["y_test"])) / len(predicted)
        runs.append({"library": "LIBSVM", "fit_s": fit_s, "predict_s": predict_s, "score": value,
                     "peak_rss_mb": max(train_rss, predict_rss)})
    return runs


def build():
    folder = os.path.join(ROOT, "build", "compare")
    subprocess.run(["cmake", "-S", ROOT, "-B", folder, "-DCMAKE_BUILD_TYPE=Release",
                    "-DSKLITE_BUILD_TESTS=OFF", "-DSKLITE_BUILD_EXAMPLES=OFF",
                    "-DSKLITE_BUILD_BENCHMARKS=ON", "-DSKLITE_BUILD_TOOLS=OFF"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", folder, "--target", "svc_workloads", "-j2"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(folder, "bench", "svc_workloads")


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 20,000-image workload")
    parser.add_argument("--repeat", type=int, help="runs per program (default 5, quick 3)")
    parser.add_argument("--cache-size", type=float, default=200, help="MB, for all three")
    parser.add_argument("--no-libsvm", action="store_true", help="skip svm-train/svm-predict")
    parser.add_argument("--json", help="also write every run to this file")
    parser.add_argument("--plot", metavar="SVG",
                        help="also time the fit on 1,000 to 20,000 Fashion-MNIST images and draw "
                             "fit time against n for sklite and scikit-learn into this SVG file")
    parser.add_argument("--only", metavar="ESTIMATOR", choices=sorted(LIBSVM_TYPE),
                        help="only the workloads of this estimator")
    parser.add_argument("--sklearn-worker", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--dump-worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump_worker:
        workload, estimator, n_train, n_test, folder = args.dump_worker
        dump_worker(workload, estimator, int(n_train), int(n_test), folder)
        return
    if args.sklearn_worker:
        workload, estimator, n_train, n_test, repeat = args.sklearn_worker
        sklearn_worker(workload, estimator, int(n_train), int(n_test), int(repeat),
                       args.cache_size)
        return
    repeat = args.repeat or (3 if args.quick else 5)
    workloads = [w for w in WORKLOADS if not (args.quick and w[3] > 5000)
                 and (args.only is None or w[2] == args.only)]
    binary = build()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown CPU")
    print(f"machine: {cpu}, {os.cpu_count()} cores; {repeat} runs per program ({repeat * 10} on the "
          "digits); "
          f"cache_size {args.cache_size:g} MB; medians in seconds\n")
    print("| workload | program | fit | predict | fit ratio | predict ratio | peak RSS | score |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    everything = []
    for name, workload, estimator, n_train, n_test in workloads:
        # The digits take milliseconds: many more runs steady their medians.
        runs = repeat * 10 if workload == "digits" else repeat
        common = ["--workload", workload, "--estimator", estimator, "--n-train", str(n_train),
                  "--n-test", str(n_test), "--repeat", str(runs), "--cache-size",
                  repr(args.cache_size)]
        results = [
            ("scikit-learn", json_runs([sys.executable, os.path.abspath(__file__),
                                        "--cache-size", repr(args.cache_size), "--sklearn-worker",
                                        workload, estimator, str(n_train), str(n_test),
                                        str(runs)])),
            ("sklite, all cores", json_runs([binary, *common, "--threads", "0"])),
            ("sklite, 1 thread", json_runs([binary, *common, "--threads", "1"])),
        ]
        if not args.no_libsvm:
            with tempfile.TemporaryDirectory() as folder:
                results.append(("LIBSVM svm-train/svm-predict",
                                libsvm_runs(workload, estimator, n_train, n_test, runs,
                                            args.cache_size, folder)))
        reference = results[0][1]
        for program, runs in results:
            fit, predict = median(runs, "fit_s"), median(runs, "predict_s")
            fit_ratio = median(reference, "fit_s") / fit
            predict_ratio = median(reference, "predict_s") / predict
            rss = max(r["peak_rss_mb"] for r in runs)
            value = median(runs, "score")
            print(f"| {name} | {program} | {fit:.4g} | {predict:.4g} | {fit_ratio:.1f}x | "
                  f"{predict_ratio:.1f}x | {rss:.0f} MB | {value:.4f} |", flush=True)
            everything.extend(dict(r, program=program, workload=name) for r in runs)
    if args.plot:
        everything.extend(sweep(binary, args.cache_size, args.plot))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(everything, f, indent=1)


SWEEP_SIZES = [1000, 2000, 5000, 10000, 20000]


def sweep(binary, cache_size, path):
    """Fit time against the number of training images, for sklite (all cores, one thread) and
    scikit-learn; prints the growth between 5,000 and 20,000 and draws the SVG."""
    series = {"scikit-learn": [], "sklite, all cores": [], "sklite, 1 thread": []}
    runs_out = []
    print("\nfit time against n (Fashion-MNIST, C=10, gamma='scale'), medians in seconds\n")
    print("| n | scikit-learn | sklite, all cores | sklite, 1 thread | ratio (all cores) |")
    print("|---:|---:|---:|---:|---:|")
    for n in SWEEP_SIZES:
        repeat = 3 if n <= 5000 else 1
        common = ["--workload", "fashion", "--n-train", str(n), "--n-test", "1",
                  "--repeat", str(repeat), "--cache-size", repr(cache_size)]
        runs = {
            "scikit-learn": json_runs([sys.executable, os.path.abspath(__file__), "--cache-size",
                                       repr(cache_size), "--sklearn-worker", "fashion", "svc",
                                       str(n), "1", str(repeat)]),
            "sklite, all cores": json_runs([binary, *common, "--threads", "0"]),
            "sklite, 1 thread": json_runs([binary, *common, "--threads", "1"]),
        }
        for program, rs in runs.items():
            series[program].append(median(rs, "fit_s"))
            runs_out.extend(dict(r, program=program, workload=f"sweep {n}") for r in rs)
        sk, all_cores, one = (series[p][-1] for p in series)
        print(f"| {n} | {sk:.3g} | {all_cores:.3g} | {one:.3g} | {sk / all_cores:.1f}x |",
              flush=True)
    first, last = SWEEP_SIZES.index(5000), SWEEP_SIZES.index(20000)
    print("\ngrowth of the fit time from 5,000 to 20,000 images: " + ", ".join(
        f"{p} {series[p][last] / series[p][first]:.1f}x" for p in series))
    draw(series, path)
    return runs_out


def draw(series, path):
    import matplotlib
    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    matplotlib.rcParams["svg.hashsalt"] = "sklite"  # reproducible element ids
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    styles = {"scikit-learn": ("#d62728", "o"), "sklite, all cores": ("#1f77b4", "s"),
              "sklite, 1 thread": ("#6baed6", "^")}
    for program, times in series.items():
        color, marker = styles[program]
        ax.plot(SWEEP_SIZES, times, marker=marker, color=color, label=program)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(SWEEP_SIZES)
    ax.set_xticklabels([f"{n:,}" for n in SWEEP_SIZES])
    ax.minorticks_off()
    ax.set_xlabel("training images (Fashion-MNIST, 784 pixels)")
    ax.set_ylabel("fit time (s, log scale)")
    ax.set_title("SVC(C=10, gamma='scale') fit time")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
