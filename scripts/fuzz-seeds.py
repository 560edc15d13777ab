#!/usr/bin/env python3
"""Builds the libFuzzer seed corpus for Fuzz/ from the committed test fixtures.

Each seed is: selector byte, version (int16 big-endian), payload — see Fuzz/Sources/GregorFuzz/
FuzzInput.swift. The selector order follows KafkaAPI in Sources/GregorProtocol/Generated/KafkaAPI.swift.
Usage: scripts/fuzz-seeds.py OUTPUT_DIR
"""
import pathlib
import re
import struct
import sys

root = pathlib.Path(__file__).resolve().parent.parent
fixtures = root / "Tests/GregorProtocolTests/Fixtures"
out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)

api_source = (root / "Sources/GregorProtocol/Generated/KafkaAPI.swift").read_text()
apis = re.findall(r"^\s*case (\w+) = (\d+)$", api_source, re.M)  # declaration order = allCases
FIXED = 4


def kebab(name):
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


selector_of = {}
for index, (case, _key) in enumerate(apis):
    name = kebab(case)
    selector_of[(name, "response")] = FIXED + index
    selector_of[(name, "request")] = FIXED + len(apis) + index

count = 0


def seed(name, selector, version, payload):
    global count
    (out / name).write_bytes(bytes([selector]) + struct.pack(">h", version) + payload)
    count += 1


for path in sorted((fixtures / "golden").glob("*.hex")):
    m = re.match(r"(.+)-(request|response)-v(\d+)$", path.stem)
    if not m or (m.group(1), m.group(2)) not in selector_of:
        continue
    payload = bytes.fromhex(path.read_text().strip())
    seed(path.stem, selector_of[(m.group(1), m.group(2))], int(m.group(3)), payload)

for path in sorted((fixtures / "interop").glob("*.records")):
    data = path.read_bytes()
    for selector in (0, 1, 2):
        seed(f"{path.stem}-records-{selector}", selector, 0, data[:65536])

for path in sorted((fixtures / "interop").glob("fetch-response-v*.response")):
    version = int(path.stem.rsplit("v", 1)[1])
    seed(path.stem, selector_of[("fetch", "response")], version, path.read_bytes()[:65536])

print(f"{count} seeds in {out}")
