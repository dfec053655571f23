#!/usr/bin/env bash
# sklite-grid across the ranks of an MPI job (mpiexec -np 3 on this machine's cores): standard
# output, the .out file and the SVG picture byte for byte those of a one-process run; each rank's
# share of the work with --verbose; a failing point's message naming the point and its rank; an
# error before the first fit printed once, by rank 0. A few seconds in all.
#   usage: test_grid_mpi.sh <folder of the sklite tools> <scratch folder> <mpiexec -n 3 [options]>
set -euo pipefail
tools=$(cd "$1" && pwd)
work=$2
shift 2
mpiexec=("$@")  # mpiexec and its options, 3 ranks
data=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures/libsvm" && pwd)
rm -rf "$work" && mkdir -p "$work/one" "$work/three" && cd "$work"
spread() { "${mpiexec[@]}" "$tools/sklite-grid" "$@"; }

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# The same grid in one process and across three ranks: the same output and files.
same_run() {
  rm -f one/* three/*
  (cd one && "$tools/sklite-grid" "$@" >../one.txt 2>../one.err) || fail "one process: $* failed: $(cat one.err)"
  (cd three && spread "$@" >../three.txt 2>../three.err) || fail "three ranks: $* failed: $(head -3 three.err)"
  cmp -s one.txt three.txt || { fail "three ranks print differently: $*"; diff one.txt three.txt | head -6 >&2; }
  for file in one/*; do
    [[ -e $file ]] || continue
    cmp -s "$file" "three/${file#one/}" || fail "three ranks: ${file#one/} differs: $*"
  done
  [[ -s one.txt ]] || fail "one process printed nothing: $*"
}

same_run -log2c -5,5,2 -log2g -9,-1,2 "$data/unsorted3.train"
same_run -log2c 3,-3,-1.5 -log2g null -v 3 "$data/binary.train"
same_run -log2c 0,2,2 -log2g -3,-1,2 -s 3 -v 3 -out reg.out "$data/regression.train"
# A resumed run: the earlier rates are printed first, only the others are computed.
(cd one && "$tools/sklite-grid" -log2c -1,1,2 -log2g -3,-1,2 -out ../earlier.out "$data/binary.train" >/dev/null)
same_run -log2c -1,3,2 -log2g -5,-1,2 -resume ../earlier.out -out resumed.out -gnuplot null "$data/binary.train"

# --verbose: each gamma's group and each rank's share, on stderr; 6 gammas x 6 C = 36 points.
(cd three && spread --verbose -log2c -5,5,2 -log2g -11,-1,2 "$data/unsorted3.train" >../three.txt 2>../three.err)
for rank in 0 1 2; do
  grep -Eq "^rank $rank: [0-9]+ groups, [0-9]+ points, [0-9.]+ s busy$" three.err || fail "--verbose: no share for rank $rank"
done
[[ $(grep -c '^group log2g=' three.err) -eq 6 ]] || fail "--verbose: not 6 groups: $(cat three.err)"
points=$(awk '/^rank [0-9]+: / { sum += $5 } END { print sum }' three.err)
[[ $points -eq 36 ]] || fail "--verbose: the ranks' points add up to $points, not 36"

# A point whose fit fails (nu beyond what 8 samples of one class allow): rank 0 prints the failure,
# naming the point and the rank that met it, and the job ends with status 1.
{ grep -m 40 '^-1' "$data/binary.train"; grep -m 8 '^1' "$data/binary.train"; } >imbalanced.train
status=0
(cd three && spread -out null -gnuplot null -log2c -5,5,5 -log2g -3,-1,2 -s 1 -n 0.9 ../imbalanced.train \
  >../three.txt 2>../three.err) || status=$?
[[ $status -eq 1 ]] || fail "a failing point: status $status, not 1"
grep -Eq "^sklite-grid: NuSVC::fit: specified nu is infeasible: .* \(at log2c=[-0-9.]+ log2g=[-0-9.]+, on rank [012]\)$" \
  three.err || fail "a failing point: $(head -2 three.err)"

# An error before any fit: grid.py's message, once.
status=0
(cd three && spread no-such-file >../three.txt 2>../three.err) || status=$?
[[ $status -eq 1 ]] || fail "a missing dataset: status $status, not 1"
[[ $(grep -c '^dataset not found$' three.err) -eq 1 ]] || fail "a missing dataset: $(cat three.err)"

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "sklite-grid across 3 MPI ranks: all checks passed"
