"""The benchmark's records, identical for every client (Gregor's `gregor bench` makes the same bytes).

Record i (0-based) has
  key   = b"k" + i as 15 decimal digits, zero-padded           (16 bytes)
  value = b"v" + i as 15 decimal digits, zero-padded + 84 x "x" (100 bytes)
and goes to the partition the key hashes to (murmur2, as the Java client).
After the data, each partition gets one single-record batch (key b"end", value b"end") so that a
broker whose ListOffsets(latest) is the last batch's base offset + 1 (Tansu) reports the exact end.
"""

KEY_SIZE = 16
VALUE_SIZE = 100
FILLER = b"x" * (VALUE_SIZE - 16)


def key(i: int) -> bytes:
    return b"k%015d" % i


def value(i: int) -> bytes:
    return b"v%015d" % i + FILLER
