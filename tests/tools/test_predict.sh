#!/usr/bin/env bash
# sklite-predict against LIBSVM's svm-predict (Debian's libsvm-tools 3.24) on the files of
# tests/fixtures/libsvm: the same predictions and accuracy line from svm-train's models and from
# sklite-train's, and clear errors.
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

# Errors: one line, status 1, and no output file left behind.
fails_with "sklite-predict: tutorial.libsvm.model: the model has no probability estimates (sklite has none yet)" \
  -b 1 "$data/digits.test" tutorial.libsvm.model never.pred
fails_with "sklite-predict: unknown option -x" -x 1 "$data/digits.test" tutorial.libsvm.model never.pred
fails_with "sklite-predict: expected test_file model_file output_file" "$data/digits.test"
printf 'svm_type nu_svc\n' >nu.model
fails_with "sklite-predict: SVC::load: nu.model:1: svm_type nu_svc is not what SVC reads (c_svc); load the file with sklite::NuSVC" \
  "$data/digits.test" nu.model never.pred
printf '1 1:0.5\n2 1:x\n' >bad.txt
fails_with "sklite-predict: load_svmlight_file: bad.txt:2: bad value in '1:x'" \
  bad.txt tutorial.libsvm.model never.pred
[[ ! -e never.pred ]] || fail "a failed run left never.pred behind"

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "sklite-predict: all checks passed"
