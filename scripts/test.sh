#!/usr/bin/env bash
# The whole test suite: installs what it needs (Debian -dev packages), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The protocol generator's determinism test regenerates from Kafka's JSON specs when present.
if [ -z "${GREGOR_KAFKA_SPECS:-}" ] && [ -d ../shared/kafka-protocol/messages ]; then
    export GREGOR_KAFKA_SPECS="$(cd ../shared/kafka-protocol/messages && pwd)"
fi
swift build --build-tests
swift test --skip-build --parallel
