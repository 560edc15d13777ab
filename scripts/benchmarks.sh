#!/usr/bin/env bash
# Runs the protocol benchmarks (Benchmarks/, ordo-one/benchmark) in release mode and prints, per
# benchmark, the wall-clock percentiles plus records/s and bytes/s derived from the workload sizes.
# Usage: bash scripts/benchmarks.sh [extra `swift package benchmark` arguments, e.g. --filter decode]
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
bash ../scripts/install-deps.sh
swift package --allow-writing-to-package-directory benchmark --no-progress --time-units milliseconds "$@"
