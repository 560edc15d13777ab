#!/usr/bin/env python3
"""kcat stream benchmark: Debian's kcat, run with the librdkafka inside the confluent-kafka wheel,
reads a topic from the beginning and exits at its end (-e); prints one JSON line.

  stream_kcat.py --bootstrap HOST:PORT --topic T --partitions 4 [--setting defaults|short-wait] [--inversions]
  stream_kcat.py --version      # prints `kcat -V` as run here and the librdkafka file it loads

Debian's kcat links librdkafka.so.1 (Debian's 2.0.2 cannot talk to Tansu). The wheel ships the
library under a mangled name (site-packages/confluent_kafka.libs/librdkafka-<hash>.so.1), so a
temporary folder with a librdkafka.so.1 link to it goes first on LD_LIBRARY_PATH; `ldd` and
`kcat -V` confirm which library is loaded, and the run stops if it is not the wheel's.

Throughput: `-f '%k %s\\n'` (key and value of every record) to /dev/null. Inversions (on the
ordering topic): `-f '%T\\n'` (the timestamp of every record) to a file, counted after kcat exits
(inversions, and late records: timestamp below the largest printed before it).
Timed with the wall clock around the kcat process. The record count comes from kcat's "Reached
end of topic T [p] at offset N" lines minus the low watermarks, and must equal the expected count.
Settings: "defaults" = librdkafka's defaults; "short-wait" = -X fetch.wait.max.ms=10. With -e,
librdkafka reports the end of a partition only from a Fetch answered at the high watermark, and
that Fetch long-polls for fetch.wait.max.ms (default 500 ms) once every partition is at its end;
"short-wait" keeps that fixed tail out of the measurement.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import confluent_kafka

from inversions import InversionTally
from peer_consumer import new_consumer, record_count, watermarks

SETTINGS = {"defaults": [], "short-wait": ["-X", "fetch.wait.max.ms=10"]}
END_LINE = re.compile(r"Reached end of topic (\S+) \[(\d+)\] at offset (\d+)")


def wheel_library() -> Path:
    libs = Path(confluent_kafka.__file__).resolve().parent.parent / "confluent_kafka.libs"
    found = sorted(libs.glob("librdkafka*.so*"))
    if not found:
        raise SystemExit(f"stream_kcat.py: no librdkafka in {libs}")
    return found[0]


def kcat_environment(folder: str) -> tuple[dict, Path]:
    library = wheel_library()
    os.symlink(library, os.path.join(folder, "librdkafka.so.1"))
    environment = dict(os.environ)
    environment["LD_LIBRARY_PATH"] = folder + (":" + environment["LD_LIBRARY_PATH"] if environment.get("LD_LIBRARY_PATH") else "")
    return environment, library


def check_library(kcat: str, environment: dict, folder: str) -> str:
    """Returns kcat's version line; exits when the loaded librdkafka is not the wheel's."""
    linked = subprocess.run(["ldd", kcat], env=environment, capture_output=True, text=True, check=True).stdout
    line = next((l.strip() for l in linked.splitlines() if "librdkafka" in l), "")
    if folder not in line:
        raise SystemExit(f"stream_kcat.py: kcat does not load the wheel's librdkafka: {line or linked}")
    version = subprocess.run([kcat, "-V"], env=environment, capture_output=True, text=True).stdout
    version_line = next((l.strip() for l in version.splitlines() if "librdkafka" in l), version.strip())
    wheel_version = confluent_kafka.libversion()[0]
    if f"librdkafka {wheel_version} " not in version_line:
        raise SystemExit(f"stream_kcat.py: kcat reports {version_line!r}, not the wheel's librdkafka {wheel_version}")
    return version_line


def low_watermarks(bootstrap: str, topic: str, partitions: int) -> tuple[list[int], int]:
    consumer = new_consumer(bootstrap)
    try:
        marks = watermarks(consumer, topic, partitions)
    finally:
        consumer.close()
    return [low for low, _ in marks], record_count(marks)


def count_inversions(path: str) -> tuple[int, int, int]:
    """(inversions, late records, records) over the timestamps kcat printed, one a line."""
    tally = InversionTally()
    records = 0
    with open(path, "rb") as lines:
        for line in lines:
            tally.add(int(line))
            records += 1
    return tally.inversions, tally.late, records


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap")
    parser.add_argument("--topic")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--setting", choices=sorted(SETTINGS), default="defaults")
    parser.add_argument("--inversions", action="store_true")
    parser.add_argument("--version", action="store_true")
    args = parser.parse_args()

    kcat = shutil.which("kcat")
    if kcat is None:
        raise SystemExit("stream_kcat.py: kcat is not installed (apt-get install kcat)")
    with tempfile.TemporaryDirectory() as folder:
        environment, library = kcat_environment(folder)
        version_line = check_library(kcat, environment, folder)
        if args.version:
            print(f"{version_line}; librdkafka.so.1 -> {library}")
            return 0
        if not args.bootstrap or not args.topic:
            parser.error("--bootstrap and --topic are required")

        lows, expected = low_watermarks(args.bootstrap, args.topic, args.partitions)
        output_path = os.path.join(folder, "timestamps")
        command = [kcat, "-C", "-b", args.bootstrap, "-t", args.topic, "-o", "beginning", "-e",
                   "-f", "%T\n" if args.inversions else "%k %s\n", *SETTINGS[args.setting]]
        with open(output_path if args.inversions else os.devnull, "wb") as output:
            start = time.perf_counter()
            finished = subprocess.run(command, env=environment, stdout=output, stderr=subprocess.PIPE,
                                      text=True, timeout=300)
            seconds = time.perf_counter() - start
        if finished.returncode != 0:
            print(f"stream_kcat.py: kcat exited with {finished.returncode}: {finished.stderr[-2000:]}", file=sys.stderr)
            return 1
        ends = {int(m.group(2)): int(m.group(3)) for m in END_LINE.finditer(finished.stderr) if m.group(1) == args.topic}
        if sorted(ends) != list(range(args.partitions)):
            print(f"stream_kcat.py: kcat reported the end of partitions {sorted(ends)} only", file=sys.stderr)
            return 1
        received = sum(ends[p] - lows[p] for p in range(args.partitions))
        if received != expected:
            print(f"stream_kcat.py: kcat ended after {received} records, expected {expected}", file=sys.stderr)
            return 1
        inversions = late = None
        if args.inversions:
            inversions, late, printed = count_inversions(output_path)
            if printed != expected:
                print(f"stream_kcat.py: kcat printed {printed} records, expected {expected}", file=sys.stderr)
                return 1

    setting = args.setting + (" (-X fetch.wait.max.ms=10)" if args.setting == "short-wait" else "")
    print(json.dumps({"client": "kcat", "operation": "stream", "records": received, "seconds": seconds,
                      "inversions": inversions, "late": late, "setting": setting,
                      "librdkafka": version_line.split("librdkafka ", 1)[-1].split()[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
