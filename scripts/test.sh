#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine with Swift (works with CI=true and no stdin):
# installs the Debian packages (scripts/install-deps.sh), the Python venv with confluent-kafka and
# Tansu (scripts/setup-python.sh), builds the librdkafka mock cluster, then builds and runs every
# test. The tests start the brokers they need themselves (Tests/GregorTests/Support/) and stop them
# when they finish; this script also stops any a crashed test process left behind.
#
# Environment:
#   GREGOR_SCRATCH_PATH    SwiftPM build directory (default: SwiftPM's .build)
#   GREGOR_TEST_BOOTSTRAP  run the broker tests against this cluster instead of a local Tansu
#   GREGOR_KAFKA_SPECS     Kafka's JSON message specs, for the generator's determinism test
#   Extra arguments go to `swift test` (e.g. --filter TestBrokersTests).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=()
if [ -n "${GREGOR_SCRATCH_PATH:-}" ]; then
    scratch=(--scratch-path "$GREGOR_SCRATCH_PATH")
fi

bash scripts/install-deps.sh
bash scripts/setup-python.sh
bash scripts/mock-cluster.sh build

# The protocol generator's determinism test regenerates from Kafka's JSON specs when present.
# The specs are not in this repository (only the generated Swift is): without them the two
# determinism tests are reported as skipped, and this line says so before the run.
if [ -z "${GREGOR_KAFKA_SPECS:-}" ] && [ -d ../shared/kafka-protocol/messages ]; then
    export GREGOR_KAFKA_SPECS="$(cd ../shared/kafka-protocol/messages && pwd)"
fi
if [ ! -f "${GREGOR_KAFKA_SPECS:-../shared/kafka-protocol/messages}/FetchRequest.json" ]; then
    echo "test.sh: no Kafka JSON specs (GREGOR_KAFKA_SPECS or ../shared/kafka-protocol/messages): the generator determinism tests will be skipped" >&2
fi

# Brokers the test processes start keep their state under this run's directory, so that whatever
# happens to a test process, every broker of the run is stopped when this script exits.
GREGOR_TEST_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gregor-test-run.XXXXXX")"
export GREGOR_TEST_STATE_DIR
stop_brokers() {
    local dir
    for dir in "$GREGOR_TEST_STATE_DIR"/tansu-*; do
        [ -d "$dir" ] && TANSU_STATE_DIR="$dir" bash scripts/tansu.sh stop || true
    done
    rm -rf "$GREGOR_TEST_STATE_DIR"
}
trap stop_brokers EXIT

swift build --build-tests "${scratch[@]}"
# The Stream's C ABI library, linked with the static Swift runtime: the C ABI test loads it from a
# Python process that has no Swift libraries on its path.
GREGOR_C_LIBRARY="$(CONFIGURATION=debug GREGOR_BUILD_DIR="${GREGOR_SCRATCH_PATH:-$PWD/.build}" bash scripts/build-c-library.sh)"
export GREGOR_C_LIBRARY
swift test --skip-build --parallel "${scratch[@]}" "$@"
