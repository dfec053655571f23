#!/usr/bin/env bash
# sklite-grid against LIBSVM's grid.py (Debian's svm-grid 3.24, running svm-train 3.24) on the
# files of tests/fixtures/libsvm: the same lines on standard output and the same .out file, byte
# for byte, for grids of floats and of grid.py's default integers, either axis "null", passed-on
# svm-train options, leave-one-out, a regression, a resumed run; grid.py's error messages; the
# SVG picture; file:line errors for bad data. Small grids and files: about ten seconds in all,
# most of it svm-grid's.
#   usage: test_grid.sh <folder of the sklite tools> <scratch folder>
set -euo pipefail
tools=$(cd "$1" && pwd)
work=$2
data=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/libsvm" && pwd)
rm -rf "$work" && mkdir -p "$work/libsvm" "$work/sklite" && cd "$work"
command -v svm-grid >/dev/null || { echo "svm-grid is missing: apt-get install libsvm-tools" >&2; exit 1; }

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Both tools run in folders of their own (the .out file goes to the current folder): the same
# standard output, the same exit status and the same files.
same_run() {
  local status=0 libsvm_status=0
  rm -f libsvm/* sklite/*
  (cd sklite && "$tools/sklite-grid" -gnuplot null "$@" >../sklite.txt 2>../sklite.err) || status=$?
  (cd libsvm && svm-grid -svmtrain /usr/bin/svm-train -gnuplot null "$@" >../libsvm.txt 2>../libsvm.err) ||
    libsvm_status=$?
  if [[ $status -ne $libsvm_status ]]; then
    fail "sklite-grid $* exited with $status, svm-grid with $libsvm_status: $(head -3 sklite.err)"
  elif ! cmp -s sklite.txt libsvm.txt; then
    fail "sklite-grid $* prints differently from svm-grid:"
    diff sklite.txt libsvm.txt | head -6 >&2
  fi
  for file in libsvm/*; do
    [[ -e $file ]] || continue
    cmp -s "$file" "sklite/${file#libsvm/}" || fail "sklite-grid $*: ${file#libsvm/} differs from svm-grid's"
  done
}

# Floats (-log2c given) and grid.py's default integers (-log2g left out), either axis null,
# descending ranges, steps that are not whole, options passed on to svm-train (nu-SVC, a
# polynomial kernel, class weights, no shrinking), leave-one-out, a regression (whose "rate" is
# grid.py's reading of the mean squared error), a precomputed kernel and -out. (-m 1 holds the
# kernel values of a few gammas only: sklite-grid then runs one gamma after the other.)
same_run -log2c -1,1,1 -m 1 "$data/unsorted3.train"
cp sklite/unsorted3.train.out earlier.out
same_run -log2c 3,-3,-1.5 -log2g null -v 3 "$data/binary.train"
same_run -log2c null -log2g -9,-6,1.3 -t 1 -d 2 -v 4 -h 0 "$data/binary.train"
same_run -log2c -5,5,5 -log2g -3,-1,2 -s 1 -n 0.25 -w1 2 "$data/unsorted3.train"
head -40 "$data/binary.train" >small.train
same_run -log2c -1,1,2 -log2g -9,-7,2 -v 100 "$work/small.train"  # leave one out
same_run -log2c 0,2,2 -log2g -3,-1,2 -s 3 -v 3 -out reg.out "$data/regression.train"
[[ -s libsvm/reg.out ]] || fail "-out reg.out: svm-grid wrote no reg.out"
same_run -log2c -1,1,2 -log2g null -t 4 "$data/precomputed.train"

# -resume (its default file, dataset.out here): the rates of an earlier run (a float grid's file
# matched to an integer grid, a line without a rate, a point off the grid, a point given twice)
# are printed first and not computed again; the new ones are appended to the file.
{
  head -12 earlier.out
  printf 'a line without a rate\nlog2c=3 log2g=-5 rate=50\nlog2c=-1.0 log2g=-9.0 rate=12.5\n'
} >resumed.out
rm -f libsvm/* sklite/*
for dir in libsvm sklite; do cp resumed.out $dir/unsorted3.train.out; done
(cd sklite && "$tools/sklite-grid" -gnuplot null -log2c -1,2,1 -resume "$data/unsorted3.train" \
  >../sklite.txt)
(cd libsvm && svm-grid -svmtrain /usr/bin/svm-train -gnuplot null -log2c -1,2,1 -resume \
  "$data/unsorted3.train" >../libsvm.txt)
cmp -s sklite.txt libsvm.txt || fail "-resume: other lines than svm-grid's"
cmp -s sklite/unsorted3.train.out libsvm/unsorted3.train.out || fail "-resume: the .out file differs"
grep -q '^\[resumed\] 3.0 -5.0 50.0 ' sklite.txt || fail "-resume: no [resumed] line for log2c=3"
[[ $(grep -c '^\[local\]' sklite.txt) -eq 27 ]] || fail "-resume: not 27 points computed"

# grid.py's errors: its message, then where to look; status 1 (svm-grid's own checked once; the
# messages are those of its Python). No arguments: the usage, status 1.
same_run -c 1 "$data/binary.train"
grid_error() {
  local expected=$1
  shift
  local status=0
  "$tools/sklite-grid" "$@" >out.txt 2>err.txt || status=$?
  [[ $status -eq 1 ]] || fail "sklite-grid $* exited with $status, expected 1"
  [[ "$(head -1 err.txt)" == "$expected" ]] || fail "sklite-grid $*: '$(head -1 err.txt)'"
  [[ "$(sed -n 2p err.txt)" == 'Try "sklite-grid" for more information.' ]] ||
    fail "sklite-grid $*: no pointer to the usage"
}
grid_error "Use -log2c and -log2g." -c 1 "$data/binary.train"
grid_error "Use -log2c and -log2g." -g 1 "$data/binary.train"
grid_error "dataset not found" -log2c -1,1,1 missing.train
grid_error "file for resumption not found" -resume missing.out "$data/binary.train"
grid_error "-log2c and -log2g should not be null simultaneously" -log2c null -log2g null "$data/binary.train"
grid_error "not enough values to unpack (expected 3, got 2)" -log2c 1,2 "$data/binary.train"
grid_error "too many values to unpack (expected 3)" -log2g 1,2,3,4 "$data/binary.train"
grid_error "could not convert string to float: 'x'" -log2c 1,x,3 "$data/binary.train"
grid_error "could not convert string to float: \"it's\"" -log2g "it's" "$data/binary.train"
grid_error "[Errno 2] No such file or directory: 'no/such/folder.out'" -out no/such/folder.out \
  "$data/binary.train"
status=0
"$tools/sklite-grid" >usage.txt || status=$?
if [[ $status -ne 1 ]] || ! grep -q "^Usage: sklite-grid" usage.txt; then
  fail "no arguments: no usage text, status 1"
fi

# Errors grid.py has no answer for (svm-train fails at every point and grid.py waits forever):
# one line, status 1, no .out file.
fails_with() {
  local expected=$1
  shift
  local status=0
  rm -f sklite/*
  (cd sklite && "$tools/sklite-grid" "$@" >../out.txt 2>../err.txt) || status=$?
  if [[ $status -ne 1 ]]; then
    fail "sklite-grid $* exited with $status, expected 1"
  elif [[ "$(head -1 err.txt)" != "$expected" ]]; then
    fail "sklite-grid $*: expected '$expected', got '$(head -1 err.txt)'"
  fi
  [[ -z "$(ls sklite)" ]] || fail "sklite-grid $* left $(ls sklite) behind"
}
printf '1 1:0.5 2:1\n2 1:0.25 2:x\n' >bad_value.txt
fails_with "sklite-grid: load_svmlight_file: $work/bad_value.txt:2: bad value in '2:x'" "$work/bad_value.txt"
printf '1 1:0.5\n# a comment\n\n2.5 1:1\n' >fraction.txt
fails_with "sklite-grid: $work/fraction.txt:4: label 2.5 is not an integer; C-SVC and nu-SVC classify integer labels" \
  "$work/fraction.txt"
fails_with "sklite-grid: unknown svm type -s 7" -s 7 "$data/binary.train"
fails_with "sklite-grid: -v expects n >= 2 folds; got 1" -v 1 "$data/binary.train"
fails_with "sklite-grid: -log2c 5.0,1.0,1.0: no value (end lies before begin in the step's direction)" \
  -log2c 5,1,1 "$data/binary.train"
fails_with "sklite-grid: -log2g 1.0,5.0,0.0: the step must not be 0" -log2g 1,5,0 "$data/binary.train"

# The picture: an SVG heat map named after -png (grid.py's PNG) with .svg, or -svg; none with
# -gnuplot null (as grid.py) unless -svg asks for one.
rm -f sklite/*
(cd sklite && "$tools/sklite-grid" -log2c -1,1,1 -log2g -9,-7,1 "$data/unsorted3.train" >/dev/null)
[[ -s sklite/unsorted3.train.svg ]] || fail "no unsorted3.train.svg by default"
grep -q '<g class="best" data-x="-1" data-y="-9"' sklite/unsorted3.train.svg ||
  fail "the SVG does not star the best point (log2c -1, log2g -9)"
(cd sklite && "$tools/sklite-grid" -log2c -1,1,1 -log2g -9,-7,1 -png pic.png "$data/unsorted3.train" >/dev/null)
[[ -s sklite/pic.svg ]] || fail "-png pic.png: no pic.svg"
(cd sklite && "$tools/sklite-grid" -gnuplot null -svg there.svg -log2c -1,1,1 -log2g -9,-7,1 "$data/unsorted3.train" >/dev/null)
[[ -s sklite/there.svg ]] || fail "-svg there.svg: no there.svg"
[[ $(find sklite -name '*.svg' | wc -l) -eq 3 ]] || fail "-gnuplot null drew a picture: $(ls sklite)"

# The thread count changes nothing.
(cd sklite && "$tools/sklite-grid" --threads 1 -gnuplot null -out one.out -log2c -1,1,1 -log2g -9,-7,1 \
  "$data/digits.train" >../one.txt)
(cd sklite && "$tools/sklite-grid" --threads 3 -gnuplot null -out three.out -log2c -1,1,1 -log2g -9,-7,1 \
  "$data/digits.train" >../three.txt)
if ! cmp -s one.txt three.txt || ! cmp -s sklite/one.out sklite/three.out; then
  fail "--threads 1 and 3 differ"
fi

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "sklite-grid: all checks passed"
