#!/usr/bin/env bash
# Builds libGregorStreamC (the C ABI over Stream, Sources/GregorStreamC/gregor_stream.h) with the
# Swift runtime and Foundation linked statically, so that any process — Python through ctypes, a
# C program — can load it without a Swift toolchain. Prints the library's path.
#
#   bash scripts/build-c-library.sh                       # release build
#   CONFIGURATION=debug bash scripts/build-c-library.sh   # reuses a debug build (the test suite's)
#
# GREGOR_BUILD_DIR chooses the SwiftPM scratch folder (default ./.build). SwiftPM links dynamic
# library products against the shared runtime, so the library is linked again from the same
# objects with -static-stdlib (and -z defs, so that a missing symbol fails here, not at load time).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
configuration="${CONFIGURATION:-release}"
build_dir="${GREGOR_BUILD_DIR:-$repo/.build}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "building GregorStreamC ($configuration) ..." >&2
if ! swift build -c "$configuration" --product GregorStreamC --scratch-path "$build_dir" >"$log" 2>&1; then
    grep -E 'error|warning: ' "$log" >&2 || tail -n 40 "$log" >&2
    echo "the build of GregorStreamC failed" >&2
    exit 1
fi
products="$(swift build -c "$configuration" --scratch-path "$build_dir" --show-bin-path)"
objects="$products/GregorStreamC.product/Objects.LinkFileList"
[ -f "$objects" ] || { echo "no $objects: the build did not leave its object list" >&2; exit 1; }
out_dir="$products/static"
mkdir -p "$out_dir"
out="$out_dir/libGregorStreamC.so"

swift_bin="$(dirname "$(readlink -f "$(command -v swiftc)")")"
# The system libraries of the compression targets, and the parts of Foundation that its static
# archive needs but does not name itself.
system_libraries=($(pkg-config --libs libzstd liblz4 snappy zlib))
foundation_parts=(-l_FoundationCollections -l_FoundationCShims -lFoundationInternationalization -l_FoundationICU)
if ! "$swift_bin/swiftc" -emit-library -static-stdlib -module-name GregorStreamC -o "$out" \
    "${system_libraries[@]}" -lstdc++ "${foundation_parts[@]}" \
    -Xlinker -z -Xlinker defs -Xlinker -soname=libGregorStreamC.so \
    @"$objects" >"$log" 2>&1; then
    grep -v -E "is dangerous|better use" "$log" >&2
    echo "linking libGregorStreamC with the static Swift runtime failed" >&2
    exit 1
fi
if ldd "$out" | grep -q -E 'libswift|libFoundation|libdispatch'; then
    ldd "$out" >&2
    echo "libGregorStreamC still needs the Swift toolchain's shared libraries" >&2
    exit 1
fi
printf '%s\n' "$out"
