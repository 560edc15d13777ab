#!/usr/bin/env bash
# Installs the Debian packages Gregor's build and test suite need. The one list, kept here:
#   zlib1g-dev libzstd-dev liblz4-dev libsnappy-dev pkg-config  system compression libraries
#   librdkafka-dev gcc                                          headers + C compiler for the mock cluster
#   python3 python3-venv                                        the venv with confluent-kafka and Tansu
#   stunnel4 openssl                                            TLS tests (a TLS proxy in front of a broker)
# Non-interactive (CI=true, no stdin): installs only what is missing, as root or through sudo.
set -euo pipefail
packages=(
    zlib1g-dev libzstd-dev liblz4-dev libsnappy-dev pkg-config
    librdkafka-dev gcc
    python3 python3-venv
    stunnel4 openssl
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq </dev/null
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi
