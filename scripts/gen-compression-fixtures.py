#!/usr/bin/env python3
"""Writes the compression fixtures of Gregor's tests with independent implementations.

Each codec compresses one known payload the way Kafka clients frame it:
  gzip            Python's gzip module (a gzip member, like Java's GZIPOutputStream)
  snappy (Java)   kafka-python's xerial framing: magic, version 1, compatible 1, 32 KiB blocks
  snappy (raw)    one raw snappy block (what librdkafka writes), via cramjam
  lz4             the LZ4 frame format via python-lz4: independent 64 KiB blocks, no checksums
                  (the Java client's Lz4BlockOutputStream settings)
  zstd            python-zstandard, streaming (no content size) and one-shot (with content size)

Usage:
  .venv/bin/python scripts/gen-compression-fixtures.py            # (re)write the fixtures
  .venv/bin/python scripts/gen-compression-fixtures.py --check DIR
        # decompress Gregor-written files DIR/<codec>.bin and compare with the payload

Output: Tests/GregorProtocolTests/Fixtures/compression/*.bin (committed). Deterministic.
"""
import argparse
import gzip
import io
import pathlib
import struct
import sys

import cramjam
import lz4.frame
import zstandard
from kafka import codec as kafka_codec

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "GregorProtocolTests" / "Fixtures" / "compression"
XERIAL_MAGIC = b"\x82SNAPPY\x00"


def payload() -> bytes:
    """About 100 KiB: text records (compressible) interleaved with LCG noise (not compressible)."""
    out = bytearray()
    state = 0x2545F491
    index = 0
    while len(out) < 100_000:
        out += b"record-%05d key=user-%03d value={\"amount\": %d, \"note\": \"gregor fixture\"}\n" % (
            index, index % 97, index * 31 % 1000)
        for _ in range(24):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            out.append(state >> 16 & 0xFF)
        index += 1
    return bytes(out)


def gzip_member(data: bytes) -> bytes:
    # mtime=0 keeps the file deterministic.
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def xerial_snappy(data: bytes) -> bytes:
    framed = kafka_codec.snappy_encode(data, xerial_compatible=True, xerial_blocksize=32 * 1024)
    assert framed.startswith(XERIAL_MAGIC + struct.pack("!ii", 1, 1))
    return framed


def raw_snappy(data: bytes) -> bytes:
    return bytes(cramjam.snappy.compress_raw(data))


def lz4_java(data: bytes) -> bytes:
    return lz4.frame.compress(
        data, block_size=lz4.frame.BLOCKSIZE_MAX64KB, block_linked=False,
        content_checksum=False, block_checksum=False, store_size=False)


def lz4_with_checksums(data: bytes) -> bytes:
    return lz4.frame.compress(
        data, block_size=lz4.frame.BLOCKSIZE_MAX64KB, block_linked=False,
        content_checksum=True, block_checksum=True, store_size=True)


def zstd_streaming(data: bytes) -> bytes:
    compressor = zstandard.ZstdCompressor(level=3, write_content_size=False).compressobj()
    out = compressor.compress(data)
    return out + compressor.flush()


def zstd_one_shot(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=3, write_content_size=True).compress(data)


FIXTURES = {
    "gzip.bin": lambda d: gzip_member(d),
    "gzip-two-members.bin": lambda d: gzip_member(d[:40_000]) + gzip_member(d[40_000:]),
    "snappy-xerial.bin": xerial_snappy,
    "snappy-raw.bin": raw_snappy,
    "lz4-frame.bin": lz4_java,
    "lz4-frame-checksums.bin": lz4_with_checksums,
    "zstd-streaming.bin": zstd_streaming,
    "zstd-content-size.bin": zstd_one_shot,
}

DECODERS = {
    "gzip": kafka_codec.gzip_decode,
    "snappy": kafka_codec.snappy_decode,
    "lz4": kafka_codec.lz4_decode,
    "zstd": kafka_codec.zstd_decode,
}


def write_fixtures() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    data = payload()
    (OUT / "payload.bin").write_bytes(data)
    for name, encode in FIXTURES.items():
        blob = encode(data)
        codec = name.split("-")[0].split(".")[0]
        # Every fixture must round-trip through kafka-python's decoder as well.
        assert DECODERS[codec](blob) == data, name
        (OUT / name).write_bytes(blob)
        print(f"{name}: {len(blob)} bytes")


def check(directory: pathlib.Path) -> int:
    data = (OUT / "payload.bin").read_bytes()
    failures = 0
    for codec, decode in DECODERS.items():
        path = directory / f"{codec}.bin"
        if not path.exists():
            print(f"{codec}: missing {path}")
            failures += 1
            continue
        blob = path.read_bytes()
        ok = decode(blob) == data
        if codec == "lz4":
            # The Java reader needs version 1 and independent blocks (FLG 0x60), 64 KiB blocks (BD 0x40).
            ok = ok and blob[4] == 0x60 and blob[5] == 0x40
        if codec == "snappy":
            ok = ok and blob.startswith(XERIAL_MAGIC + struct.pack("!ii", 1, 1))
        print(f"{codec}: {'ok' if ok else 'MISMATCH'} ({len(blob)} bytes)")
        failures += 0 if ok else 1
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", type=pathlib.Path, help="directory of Gregor-compressed <codec>.bin files")
    args = parser.parse_args()
    if args.check:
        return 1 if check(args.check) else 0
    write_fixtures()
    return 0


if __name__ == "__main__":
    sys.exit(main())
