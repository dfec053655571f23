#!/usr/bin/env bash
# sklite's quick start: builds and runs the digits example, or builds and runs the whole test suite.
#
#   ./build.sh example   install what the example needs, build it, run it
#   ./build.sh test      install what the tests need, build everything, run every test
#
# Missing Debian packages are installed with apt-get when run as root; otherwise the exact apt-get
# command is printed and the script stops. Environment: BUILD_DIR (default build/<command>),
# JOBS (default: all cores), CMAKE_ARGS (extra arguments for the configure step).
set -euo pipefail

usage() {
  echo "usage: $0 example|test" >&2
  exit 2
}
[[ $# -eq 1 ]] || usage
command=$1

case "$command" in
  example) packages=(libeigen3-dev zlib1g-dev) ;;
  test) packages=(libeigen3-dev zlib1g-dev doctest-dev nlohmann-json3-dev libbenchmark-dev libsvm-tools libopenmpi-dev openmpi-bin) ;;
  *) usage ;;
esac

for tool in cmake c++; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: '$tool' is not installed; sklite needs a C++17 compiler and cmake 3.23 or newer" >&2
    exit 1
  fi
done

missing=()
for package in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != installed ]]; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "== installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "$0: missing Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir=${BUILD_DIR:-$here/build/$command}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
read -r -a extra_args <<<"${CMAKE_ARGS:-}"

if [[ "$command" == example ]]; then
  cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSKLITE_BUILD_EXAMPLES=ON \
    -DSKLITE_BUILD_TESTS=OFF -DSKLITE_BUILD_BENCHMARKS=OFF -DSKLITE_BUILD_TOOLS=OFF "${extra_args[@]}"
  cmake --build "$build_dir" --target digits -j "$jobs"
  echo "== running $build_dir/examples/digits"
  "$build_dir/examples/digits"
else
  cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSKLITE_BUILD_TESTS=ON \
    -DSKLITE_BUILD_EXAMPLES=ON -DSKLITE_BUILD_BENCHMARKS=ON -DSKLITE_BUILD_TOOLS=ON "${extra_args[@]}"
  cmake --build "$build_dir" -j "$jobs"
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
fi
