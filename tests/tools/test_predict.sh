#!/usr/bin/env bash
# sklite-predict against LIBSVM's svm-predict (Debian's libsvm-tools 3.24) on the files of
# tests/fixtures/libsvm: the same predictions and report from svm-train's models and from
# sklite-train's, for every svm_type, and clear errors.
#   usage: test_predict.sh <folder of the sklite tools> <scratch folder>
set -euo pipefail
tools=$(cd "$1" && pwd)
work=$2
data=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/libsvm" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work"
command -v svm-predict >/dev/null || { echo "svm-predict is missing: apt-get install libsvm-tools" >&2; exit 1; }

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Both predict tools, on the same test file and model: the same label file and the same report.
same_predictions() {  # test file, model file, extra options...
  local test=$1 model=$2
  shift 2
  local status=0
  "$tools/sklite-predict" "$@" "$test" "$model" sklite.pred >sklite.out 2>sklite.err || status=$?
  svm-predict "$@" "$test" "$model" libsvm.pred >libsvm.out
  if [[ $status -ne 0 ]]; then
    fail "sklite-predict $* $test $model exited with $status: $(cat sklite.err)"
  else
    cmp -s sklite.pred libsvm.pred || fail "sklite-predict $test $model: other labels"
    cmp -s sklite.out libsvm.out || fail "sklite-predict $test $model: '$(cat sklite.out)' vs '$(cat libsvm.out)'"
  fi
}

# A regression's values: svm-predict adds the kernel values in another order, so the last of the
# 17 digits may differ; the report (%g) is the same.
same_values() {  # test file, model file
  local test=$1 model=$2
  "$tools/sklite-predict" "$test" "$model" sklite.pred >sklite.out
  svm-predict "$test" "$model" libsvm.pred >libsvm.out
  cmp -s sklite.out libsvm.out || fail "sklite-predict $test $model: '$(cat sklite.out)' vs '$(cat libsvm.out)'"
  local worst
  worst=$(paste sklite.pred libsvm.pred | awk '{ d = ($1 - $2) / ($2 < 0 ? -$2 : ($2 > 1 ? $2 : 1)); if (d < 0) d = -d; if (d > m) m = d } END { print m + 0 }')
  awk -v w="$worst" 'BEGIN { exit !(w <= 1e-13) }' || fail "sklite-predict $test $model: values differ by $worst"
}

fails_with() {
  local expected=$1
  shift
  local status=0
  "$tools/sklite-predict" "$@" >out.txt 2>err.txt || status=$?
  if [[ $status -ne 1 ]]; then
    fail "sklite-predict $* exited with $status, expected 1"
  elif [[ "$(head -1 err.txt)" != "$expected" ]]; then
    fail "sklite-predict $*: expected '$expected', got '$(head -1 err.txt)'"
  fi
}

# Models written by svm-train, every kernel, labels in any order.
train_both() {  # name, training file, options...
  local name=$1 train=$2
  shift 2
  svm-train -q "$@" "$train" "$name.libsvm.model"
  "$tools/sklite-train" -q "$@" "$train" "$name.sklite.model"
}
train_both tutorial "$data/digits.train" -c 100 -g 0.001
train_both linear "$data/digits.train" -t 0
train_both poly "$data/digits.train" -t 1 -d 2 -r 1 -g 0.01
train_both sigmoid "$data/digits.train" -t 3 -g 0.0001 -r -1
train_both unsorted "$data/unsorted3.train"
train_both binary "$data/binary.train" -t 0
train_both precomputed "$data/precomputed.train" -t 4
for name in tutorial linear poly sigmoid unsorted; do
  for maker in libsvm sklite; do
    same_predictions "$data/digits.test" "$name.$maker.model"
  done
done
for maker in libsvm sklite; do
  same_predictions "$data/binary.train" "binary.$maker.model"
  same_predictions "$data/precomputed.test" "precomputed.$maker.model"
done
# nu-SVC, one-class and the regressions, from both trainers.
train_both nu "$data/digits.train" -s 1 -n 0.2 -t 0
train_both nu_rbf "$data/unsorted3.train" -s 1 -g 0.002
train_both oneclass "$data/oneclass.train" -s 2 -n 0.1 -g 0.001
train_both svr "$data/regression.train" -s 3 -c 100
train_both svr_linear "$data/regression.train" -s 3 -t 0 -c 1000 -p 5
train_both nu_svr "$data/regression.train" -s 4 -c 100 -n 0.3
train_both nu_svr_precomputed "$data/precomputed.train" -s 4 -t 4
for maker in libsvm sklite; do
  same_predictions "$data/digits.test" "nu.$maker.model"
  same_predictions "$data/digits.test" "nu_rbf.$maker.model"
  same_predictions "$data/oneclass.test" "oneclass.$maker.model"
  for name in svr svr_linear nu_svr; do
    same_values "$data/regression.test" "$name.$maker.model"
  done
  same_values "$data/precomputed.test" "nu_svr_precomputed.$maker.model"
done
grep -qx "Accuracy = 95.9956% (863/899) (classification)" <(
  "$tools/sklite-predict" "$data/oneclass.test" oneclass.libsvm.model o.pred
) || fail "one-class: the accuracy through sklite-predict is not 95.9956% (863/899)"

"$tools/sklite-predict" "$data/digits.test" tutorial.libsvm.model tutorial.pred >tutorial.out
grep -qx "Accuracy = 96.9967% (872/899) (classification)" tutorial.out ||
  fail "the digits tutorial: $(cat tutorial.out)"

# -q prints nothing and still writes the labels; the thread count changes nothing.
"$tools/sklite-predict" -q "$data/digits.test" tutorial.libsvm.model quiet.pred >quiet.out
[[ ! -s quiet.out ]] || fail "-q printed '$(cat quiet.out)'"
cmp -s quiet.pred tutorial.pred || fail "-q wrote other labels"
"$tools/sklite-predict" --threads 1 "$data/digits.test" tutorial.libsvm.model one.pred >/dev/null
cmp -s one.pred tutorial.pred || fail "--threads 1 wrote other labels"

# A test file with features the model never saw, and one with fewer: as svm-predict.
printf '0 1:1 70:3\n1 5:2\n' >wide.txt
same_predictions wide.txt tutorial.libsvm.model

# CSV input.
awk '{ row = $1; n = 1; for (i = 2; i <= NF; ++i) { split($i, f, ":"); while (n < f[1]) { row = row ",0"; ++n } row = row "," f[2]; ++n } while (n <= 64) { row = row ",0"; ++n } print row }' \
  "$data/digits.test" >digits.csv
"$tools/sklite-predict" --csv digits.csv tutorial.libsvm.model csv.pred >csv.out
cmp -s csv.pred tutorial.pred || fail "--csv: other labels"

# -b 1 with svm-train's probability models: svm-predict's "labels" line and its probabilities, to
# the printed digit, and its report (the Laplace scale of a regression); -b 0 says the model
# could give them.
probabilities_as_svm_predict() {
  local train=$1 test=$2
  shift 2
  svm-train -q -b 1 "$@" "$train" proba.model
  svm-predict -b 1 "$test" proba.model libsvm.pred >libsvm.out
  "$tools/sklite-predict" -b 1 "$test" proba.model sklite.pred >sklite.out
  if [[ "$(head -c 6 libsvm.pred)" == labels ]]; then
    cmp -s sklite.pred libsvm.pred || { fail "-b 1 ($*): other output than svm-predict's"; diff sklite.pred libsvm.pred | head -4 >&2; }
  else  # a regression's values, as without -b 1: equal to 1e-12
    paste sklite.pred libsvm.pred | awk '{ d = $1 - $2; if (d < 0) d = -d; s = $2 < 0 ? -$2 : $2;
      if (d > 1e-12 * (s > 1 ? s : 1)) bad = 1 } END { exit bad }' ||
      fail "-b 1 ($*): other values than svm-predict's"
  fi
  cmp -s sklite.out libsvm.out || fail "-b 1 ($*): $(cat sklite.out)"
  svm-predict "$test" proba.model libsvm.pred >libsvm.out
  "$tools/sklite-predict" "$test" proba.model sklite.pred >sklite.out
  cmp -s sklite.out libsvm.out || fail "-b 0 with a probability model ($*): $(cat sklite.out)"
}
probabilities_as_svm_predict "$data/digits.train" "$data/digits.test" -c 100 -g 0.001
probabilities_as_svm_predict "$data/unsorted3.train" "$data/unsorted3.train" -c 10
probabilities_as_svm_predict "$data/binary.train" "$data/binary.train"
probabilities_as_svm_predict "$data/unsorted3.train" "$data/unsorted3.train" -s 1 -n 0.3
probabilities_as_svm_predict "$data/regression.train" "$data/regression.test" -s 3 -c 10
svm-train -q -s 2 "$data/oneclass.train" oneclass.model
fails_with "sklite-predict: oneclass.model: the model does not support probability estimates (a one-class SVM has none)" \
  -b 1 "$data/oneclass.test" oneclass.model never.pred

# Errors: one line, status 1, and no output file left behind.
fails_with "sklite-predict: tutorial.libsvm.model: the model does not support probability estimates (svm-train -b 1 makes them)" \
  -b 1 "$data/digits.test" tutorial.libsvm.model never.pred
fails_with "sklite-predict: unknown option -x" -x 1 "$data/digits.test" tutorial.libsvm.model never.pred
fails_with "sklite-predict: expected test_file model_file output_file" "$data/digits.test"
printf 'svm_type c-svc\n' >unknown.model
fails_with "sklite-predict: read_libsvm_model: unknown.model:1: unknown svm_type 'c-svc'; expected c_svc, nu_svc, one_class, epsilon_svr or nu_svr" \
  "$data/digits.test" unknown.model never.pred
printf '1 1:0.5\n2 1:x\n' >bad.txt
fails_with "sklite-predict: load_svmlight_file: bad.txt:2: bad value in '1:x'" \
  bad.txt tutorial.libsvm.model never.pred
[[ ! -e never.pred ]] || fail "a failed run left never.pred behind"

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "sklite-predict: all checks passed"
