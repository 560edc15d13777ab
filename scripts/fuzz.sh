#!/usr/bin/env bash
# Builds the libFuzzer target (Fuzz/) and runs it for SECONDS (default 600) over the response
# decoders and the record-batch decoder, seeded from the test fixtures. Findings land in
# fuzz-corpus-work/findings/; the growing corpus in fuzz-corpus-work/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
bash scripts/install-deps.sh
swift build --package-path Fuzz -c release --sanitize=fuzzer --scratch-path .build-fuzz
work=fuzz-corpus-work
mkdir -p "$work/corpus" "$work/seeds" "$work/findings"
python3 scripts/fuzz-seeds.py "$work/seeds"
binary="$(swift build --package-path Fuzz -c release --sanitize=fuzzer --scratch-path .build-fuzz --show-bin-path)/GregorFuzz"
SWIFT_BACKTRACE=enable=no "$binary" "$work/corpus" "$work/seeds" \
    -max_total_time="$seconds" -max_len=131072 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$work/findings/" -print_final_stats=1
