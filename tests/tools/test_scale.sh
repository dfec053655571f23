#!/usr/bin/env bash
# Tests of sklite-scale (tools/scale.cpp): on small files it must write what LIBSVM's svm-scale 3.24
# writes, byte for byte (stdout, stderr, exit status and the -s file), and report malformed files
# with one message naming file:line and exit status 1.
#
#   bash tests/tools/test_scale.sh <folder of sklite-scale> <scratch folder>
#
# Needs svm-scale (Debian package libsvm-tools, which ./build.sh test installs).
set -uo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <folder of sklite-scale> <scratch folder>" >&2
  exit 2
fi
scale=$(cd "$1" && pwd)/sklite-scale
work=$2
if ! command -v svm-scale >/dev/null; then
  echo "$0: svm-scale is not installed (Debian package libsvm-tools)" >&2
  exit 1
fi
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1

failures=0
checks=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# same_as_libsvm ARGS...: runs svm-scale and sklite-scale with the same arguments (in the scratch
# folder) and compares stdout (the usage text's program name aside), stderr, the exit status and
# the file that -s writes, if any.
same_as_libsvm() {
  checks=$((checks + 1))
  local save="" previous=""
  for arg in "$@"; do
    [[ "$previous" == -s ]] && save=$arg
    previous=$arg
  done
  [[ -n "$save" ]] && rm -f "$save"
  svm-scale "$@" >libsvm.out 2>libsvm.err
  local libsvm_status=$?
  [[ -n "$save" && -e "$save" ]] && mv "$save" libsvm.save
  "$scale" "$@" >sklite.raw 2>sklite.err
  local sklite_status=$?
  [[ -n "$save" && -e "$save" ]] && mv "$save" sklite.save
  sed 's/^Usage: sklite-scale /Usage: svm-scale /' sklite.raw >sklite.out
  cmp -s libsvm.out sklite.out || fail "stdout differs for: $*" "$(diff libsvm.out sklite.out | head -5)"
  cmp -s libsvm.err sklite.err || fail "stderr differs for: $*" "$(diff libsvm.err sklite.err | head -5)"
  [[ $libsvm_status -eq $sklite_status ]] || fail "exit status $sklite_status, svm-scale's $libsvm_status, for: $*"
  if [[ -n "$save" ]] && [[ -e libsvm.save || -e sklite.save ]]; then
    cmp -s libsvm.save sklite.save || fail "the -s file differs for: $*" "$(diff libsvm.save sklite.save 2>&1 | head -5)"
    rm -f libsvm.save sklite.save
  fi
}

# expect STATUS STDOUT_FILE STDERR_TEXT ARGS...: runs sklite-scale alone and checks its exit
# status, that stdout equals the file (or is empty for "-"), and stderr exactly.
expect() {
  checks=$((checks + 1))
  local status=$1 stdout=$2 stderr=$3
  shift 3
  "$scale" "$@" >sklite.out 2>sklite.err
  local got=$?
  [[ $got -eq $status ]] || fail "exit status $got, expected $status, for: $*"
  if [[ "$stdout" == - ]]; then
    [[ -s sklite.out ]] && fail "unexpected output for: $*" "$(head -3 sklite.out)"
  else
    cmp -s "$stdout" sklite.out || fail "stdout differs for: $*" "$(diff "$stdout" sklite.out | head -5)"
  fi
  printf '%s\n' "$stderr" >expected.err
  [[ -z "$stderr" ]] && : >expected.err
  cmp -s expected.err sklite.err || fail "stderr for: $*" "expected: $stderr" "got:      $(cat sklite.err)"
}

# expect_malformed FILE_CONTENT MESSAGE [OPTIONS...]: the data file bad.txt holds FILE_CONTENT
# (printf format); sklite-scale must print "sklite-scale: MESSAGE" and exit with status 1.
expect_malformed() {
  printf "$1" >bad.txt
  local message=$2
  shift 2
  expect 1 - "sklite-scale: $message" "$@" bad.txt
}

# ----------------------------------------------------------------------------------------------
# Data files

# Sparse rows with gaps, a label-only row, signed labels, a feature that is 0 wherever it occurs.
printf '%s\n' \
  '+1 1:0.708333 2:1 3:1 4:-0.320755 5:-0.105023 6:-1 8:0 10:-1' \
  '-1 1:0.583333 2:-1 4:-0.660377 6:-0.294118 7:0.5 8:0' \
  '+1 3:0.166667 7:1 12:0.25' \
  '2' \
  '-1 1:0.458333 2:1 3:1 4:-0.358491 5:0.374429 9:0.0039215689 12:3' \
  '-1 1:0.875 2:-1 4:-0.333333 5:-0.305936 6:-0.882353 10:0 11:1e-3' >train.txt
# Features outside the training range, features the training data lacks (13) or held constant.
printf '%s\n' \
  '+1 1:0.9 2:1 4:-0.9 5:2 13:1' \
  '-1 1:0.2 3:1 6:-1 8:4 12:0.5' \
  '+1 2:-1 7:0.25 11:0.002 12:-1 13:0.5' >test.txt
# Features constant over all rows (3:7 everywhere, 5 only zeros), labels to scale.
printf '%s\n' '1 1:1 3:7 5:0' '3 1:2 2:5 3:7' '7 1:3 2:-5 3:7 5:0' '5 2:1 3:7' >constant.txt
# Only label-only rows.
printf '%s\n' '1' '-1' '+1' '4.5' >labels.txt
# Index 0, as in LIBSVM's precomputed-kernel files: svm-scale warns and scales it anyway.
printf '%s\n' '1 0:1 1:0.5 2:0.25' '-1 0:2 1:0.1' '+1 0:3 2:0.75' >zero_index.txt
# NaN, infinities, subnormals, signed zeros, long and short number forms.
printf '%s\n' '1 1:nan 2:inf 3:-0' '2 1:2 2:-inf 3:1e-320 4:1e308' '3 1:-0 2:1.5 3:-1e-5 4:-1E+308' \
  '-4 1:1 2:0.1 3:0.30000000000000004 4:12345678901234567890' >special.txt
# Tabs, carriage returns, leading blanks, comments after the features, no final newline.
printf '1 1:0.5 2:3\r\n-1\t2:1.5 # a comment\r\n  +1 1:0.25  3:4 #3:5\n-1 1:3 3:1' >layout.txt
# Feature values a k-NN or SVM user would have: pixels k/255, many at 0 or 1.
awk 'BEGIN { srand(7); for (i = 0; i < 60; ++i) { line = i % 10; for (j = 1; j <= 64; ++j) {
       r = rand(); if (r < 0.5) continue; v = r < 0.7 ? 1 : int(rand() * 255) / 255;
       line = line sprintf(" %d:%.8g", j, v) } print line } }' >pixels.txt
: >empty.txt

# ----------------------------------------------------------------------------------------------
# Same output as svm-scale

for data in train.txt test.txt constant.txt labels.txt zero_index.txt special.txt layout.txt \
  pixels.txt empty.txt; do
  same_as_libsvm "$data"                                     # default range [-1, 1]
  same_as_libsvm -l 0 "$data"                                # [0, 1], the sparse-friendly range
  same_as_libsvm -l -2 -u 3 -y 0 1 "$data"                   # labels scaled too
  same_as_libsvm -l 0.1 -u 0.7 -y 0.3 0.9 -s saved.txt "$data" # limits read as floats
done
# Save the training range, then apply it to other data.
same_as_libsvm -l 0 -s range.txt train.txt
svm-scale -l 0 -s range.txt train.txt >/dev/null 2>&1
same_as_libsvm -r range.txt test.txt    # warns about feature 13, scales it to 0
same_as_libsvm -r range.txt train.txt
same_as_libsvm -r range.txt labels.txt
same_as_libsvm -r range.txt empty.txt
svm-scale -y -1 1 -s range_y.txt constant.txt >/dev/null 2>&1
same_as_libsvm -r range_y.txt constant.txt
same_as_libsvm -r range_y.txt test.txt
same_as_libsvm -s saved.txt zero_index.txt # warns that index 0 is not saved
# A hand-written range file: features out of order, one restored twice, one the data lacks.
printf 'x\n-1 1\n4 -1 0\n2 -1 1\n2 -2 2\n20 0 1\n' >hand.txt
same_as_libsvm -r hand.txt train.txt
same_as_libsvm -r hand.txt empty.txt # without rows every feature in a gap is warned about
# Option values: whatever strtof reads whole, the empty string as 0.
same_as_libsvm -l '' train.txt
same_as_libsvm -u 1e1 -l 0x1p-2 train.txt
same_as_libsvm -l -inf train.txt
same_as_libsvm -lower 0 -upper 2 train.txt

# Command-line mistakes that svm-scale reports cleanly.
same_as_libsvm                                    # usage
same_as_libsvm -l 0                               # no data file: usage
same_as_libsvm train.txt test.txt                 # two data files: usage
same_as_libsvm -x 1 train.txt                     # unknown option
same_as_libsvm - train.txt                        # unknown option
same_as_libsvm -l 1 -u 0 train.txt                # inconsistent lower/upper specification
same_as_libsvm -y 1 1 train.txt
same_as_libsvm -l nan train.txt
same_as_libsvm -r range.txt -s other.txt train.txt # cannot use -r and -s simultaneously
same_as_libsvm missing.txt                        # can't open file
same_as_libsvm -r missing.txt train.txt
same_as_libsvm -s no/such/folder/range.txt train.txt
same_as_libsvm -s nothing.txt                     # -s without a data file: usage

# ----------------------------------------------------------------------------------------------
# Where svm-scale prints only its usage (or crashes), sklite-scale prints the usage after a line
# that says what is wrong; the exit status is 1 in both.

printf '%s' "$(svm-scale 2>/dev/null)" >usage.txt
echo >>usage.txt
sed -i 's/^Usage: svm-scale /Usage: sklite-scale /' usage.txt
expect 1 usage.txt "sklite-scale: -l expects a number; got 'abc'" -l abc train.txt
expect 1 usage.txt "sklite-scale: -u expects a number; got '1x'" -u 1x train.txt
expect 1 usage.txt "sklite-scale: -y expects a number; got ' 1 '" -y 0 ' 1 ' train.txt
expect 1 usage.txt "sklite-scale: -l: '1e999' is out of the range of a float" -l 1e999 train.txt
expect 1 usage.txt "sklite-scale: -u: '1e-50' is out of the range of a float" -u 1e-50 train.txt
expect 1 usage.txt "sklite-scale: -l needs a value" -l
expect 1 usage.txt "sklite-scale: -y needs two values" -y 0
expect 1 usage.txt "sklite-scale: -r needs a value" -l 0 -r
expect 1 usage.txt "sklite-scale: -s needs a value" -l 0 -s

# ----------------------------------------------------------------------------------------------
# Malformed data files: one message naming file:line, exit status 1, nothing on stdout.

expect_malformed '1 1:1\n\n2 1:2\n' 'bad.txt:2: expected a label; got an empty line'
expect_malformed '1 1:1\n \t\r\n' 'bad.txt:2: expected a label; got an empty line'
expect_malformed '# a header\n1 1:1\n' 'bad.txt:1: expected a label; got a comment'
expect_malformed 'abc 1:1\n' "bad.txt:1: bad label 'abc'"
expect_malformed '1:0.5 2:1\n' "bad.txt:1: bad label '1:0.5'"
expect_malformed '0x10 1:1\n' "bad.txt:1: bad label '0x10'"
expect_malformed '1 1:1 5\n' "bad.txt:1: expected index:value; got '5'"
expect_malformed '1 x:1\n' "bad.txt:1: bad feature index in 'x:1'"
expect_malformed '1 :1\n' "bad.txt:1: bad feature index in ':1'"
expect_malformed '1 qid:3 1:1\n' "bad.txt:1: bad feature index in 'qid:3'"
expect_malformed '1 -3:1\n' 'bad.txt:1: negative feature index -3'
expect_malformed '1 1:1\n2 3000000000:1\n' 'bad.txt:2: feature index 3000000000 is too large (the limit is 2147483647)'
expect_malformed '1 3:1 2:1\n' 'bad.txt:1: feature indices must be ascending and unique; got 2 after 3'
expect_malformed '1 2:1 2:1\n' 'bad.txt:1: feature indices must be ascending and unique; got 2 after 2'
expect_malformed '1 1:1\n1 2:1\n3 2:abc\n' "bad.txt:3: bad value in '2:abc'"
expect_malformed '1 2:\n' "bad.txt:1: bad value in '2:'"
expect_malformed '1 2: 5\n' "bad.txt:1: bad value in '2:'"
expect_malformed '1 2:0x10\n' "bad.txt:1: bad value in '2:0x10'"
expect_malformed '1 2:1:3\n' "bad.txt:1: bad value in '2:1:3'"
expect_malformed '1 2:1\0003:1\n' "bad.txt:1: bad value in '2:1\\x003:1'"
mkdir -p folder.txt
expect 1 - "sklite-scale: folder.txt: read error after line 0: Is a directory" folder.txt

# Malformed scaling-parameter files (-r).
expect_restore() {
  printf "$1" >restore.txt
  expect 1 - "sklite-scale: $2" -r restore.txt train.txt
}
expect_restore '' 'restore.txt: the file is empty; expected scaling parameters'
expect_restore 'z\n' "restore.txt:1: expected 'x' or 'y' (a section of scaling parameters); got 'z'"
expect_restore '\nx\n0 1\n' "restore.txt:1: expected 'x' or 'y' (a section of scaling parameters); got an empty line"
expect_restore 'x\n' 'restore.txt: the file ends before the line of lower upper'
expect_restore 'x\n0\n' "restore.txt:2: expected lower upper; got '0'"
expect_restore 'x\n0 1\n1 0\n' "restore.txt:3: expected index min max; got '1 0'"
expect_restore 'x\n0 1\n1 a 2\n' "restore.txt:3: expected index min max; got '1 a 2'"
expect_restore 'x\n0 1\n-1 0 1\n' 'restore.txt:3: negative feature index -1'
expect_restore 'y\n0 1\n' 'restore.txt: the file ends before the line of y_min y_max'
expect_restore 'y\n0 1\n1 2\n' "restore.txt: the file ends before its 'x' section"
expect_restore 'y\n0 1\n1 2\n0 1\n' "restore.txt:4: expected 'x'; got '0 1'"

# ----------------------------------------------------------------------------------------------
# Any dimension: svm-scale would allocate 32 GB for this file; sklite-scale keeps one entry per
# feature that occurs.

printf '1 7:1 2000000000:0.5\n-1 7:3\n' >huge.txt
printf '1 7:-1 2000000000:1 \n-1 7:1 2000000000:-1 \n' >huge.expected
expect 0 huge.expected $'WARNING: original #nonzeros 3\n       > new      #nonzeros 4\nIf feature values are non-negative and sparse, use -l 0 rather than the default -l -1' huge.txt
printf '1 2000000000:1 \n-1 7:1 \n' >huge_l0.expected
expect 0 huge_l0.expected "" -l 0 -s huge_range.txt huge.txt
printf 'x\n0 1\n7 1 3\n2000000000 0 0.5\n' >huge_range.expected
checks=$((checks + 1))
cmp -s huge_range.expected huge_range.txt || fail "-s on huge.txt wrote" "$(cat huge_range.txt)"
expect 0 huge_l0.expected "" -r huge_range.txt huge.txt

echo "$checks checks, $failures failed"
[[ $failures -eq 0 ]]
