#!/usr/bin/env bash
# A TLS-terminating proxy (Debian's stunnel4) in front of a plaintext Kafka broker, with a throwaway
# test PKI made by the openssl CLI. For Gregor's TLS tests (no test broker speaks TLS itself).
#
#   scripts/tls-proxy.sh certs DIR                      # test PKI only (see the file list below)
#   scripts/tls-proxy.sh start DIR HOST:PORT [OWNER_PID] # PKI + stunnel; prints "TLS_PORT MTLS_PORT DNS_PORT"
#   scripts/tls-proxy.sh stop DIR
#
# Files in DIR: ca.pem (the test CA), server.pem/server.key (CN localhost, SANs DNS:localhost and
# IP:127.0.0.1, signed by ca.pem), client.pem/client.key (a client certificate signed by ca.pem),
# dns-only.pem/dns-only.key (SAN DNS:localhost only, no IP address), other-ca.pem (an unrelated CA), stunnel.conf, stunnel.pid, stunnel.log, stunnel.err.
# TLS_PORT accepts any client; MTLS_PORT requires a client certificate signed by ca.pem; DNS_PORT
# presents dns-only.pem (for host-name verification tests: NIOSSL also accepts a matching IP SAN).
# With OWNER_PID, a detached watcher stops the proxy once that process has exited.
set -euo pipefail

die() { echo "tls-proxy: $*" >&2; exit 1; }

make_ca() { # NAME SUBJECT
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -keyout "$dir/$1.key" -out "$dir/$1.pem" -subj "$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

make_leaf() { # NAME SUBJECT EXTENSIONS
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$dir/$1.key" -out "$dir/$1.csr" -subj "$2" 2>/dev/null
    printf '%b' "$3" >"$dir/$1.ext"
    openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
        -days 2 -out "$dir/$1.pem" -extfile "$dir/$1.ext" 2>/dev/null
    rm -f "$dir/$1.csr" "$dir/$1.ext"
}

certs() {
    command -v openssl >/dev/null || die "openssl is not installed"
    mkdir -p "$dir"
    make_ca ca "/CN=Gregor Test CA"
    make_ca other-ca "/CN=Unrelated Test CA"
    make_leaf server "/CN=localhost" \
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    make_leaf dns-only "/CN=localhost" \
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    make_leaf client "/CN=gregor-test-client" \
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_answers() {
    python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()' "$1" 2>/dev/null
}

start() {
    local target="$1" owner="${2:-}"
    local stunnel
    stunnel="$(command -v stunnel4 || command -v stunnel || true)"
    [ -n "$stunnel" ] || die "stunnel4 is not installed (scripts/install-deps.sh installs it)"
    certs
    local tls_port mtls_port
    tls_port="$(free_port)"
    mtls_port="$(free_port)"
    while [ "$mtls_port" = "$tls_port" ]; do mtls_port="$(free_port)"; done
    local dns_port
    dns_port="$(free_port)"
    while [ "$dns_port" = "$tls_port" ] || [ "$dns_port" = "$mtls_port" ]; do dns_port="$(free_port)"; done
    cat >"$dir/stunnel.conf" <<CONF
foreground = no
pid = $dir/stunnel.pid
output = $dir/stunnel.log
debug = 5

[kafka-tls]
accept = 127.0.0.1:$tls_port
connect = $target
cert = $dir/server.pem
key = $dir/server.key

[kafka-mtls]
accept = 127.0.0.1:$mtls_port
connect = $target
cert = $dir/server.pem
key = $dir/server.key
CAfile = $dir/ca.pem
verifyChain = yes
requireCert = yes

[kafka-dns-only]
accept = 127.0.0.1:$dns_port
connect = $target
cert = $dir/dns-only.pem
key = $dir/dns-only.key
CONF
    # stdio away from the caller's pipes: the daemon must not keep them open.
    "$stunnel" "$dir/stunnel.conf" </dev/null >/dev/null 2>"$dir/stunnel.err" ||
        die "stunnel did not start: $(cat "$dir/stunnel.err" "$dir/stunnel.log" 2>/dev/null)"
    for _ in $(seq 1 200); do
        if port_answers "$tls_port" && port_answers "$mtls_port" && port_answers "$dns_port"; then
            if [ -n "$owner" ]; then
                setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; bash "$2" stop "$3"; rm -rf "$3"' \
                    gregor-tls-proxy-reaper "$owner" "${BASH_SOURCE[0]}" "$dir" </dev/null >/dev/null 2>&1 &
            fi
            echo "$tls_port $mtls_port $dns_port"
            return 0
        fi
        sleep 0.05
    done
    stop
    die "stunnel did not listen on 127.0.0.1:$tls_port/$mtls_port/$dns_port within 10 s; log: $(cat "$dir/stunnel.log" 2>/dev/null)"
}

stop() {
    [ -f "$dir/stunnel.pid" ] || return 0
    local pid
    pid="$(tr -d ' \n' <"$dir/stunnel.pid")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
    fi
    rm -f "$dir/stunnel.pid"
}

command="${1:-}"
dir="${2:-}"
[ -n "$dir" ] || die "usage: $0 certs|start|stop DIR [HOST:PORT [OWNER_PID]]"
case "$command" in
    certs) certs ;;
    start) [ -n "${3:-}" ] || die "start needs HOST:PORT"; start "$3" "${4:-}" ;;
    stop) stop ;;
    *) die "unknown command '$command'" ;;
esac
