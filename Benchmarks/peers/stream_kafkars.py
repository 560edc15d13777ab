#!/usr/bin/env python3
"""kafkars stream benchmark: replays a topic from earliest with kafkars' ConsumerManager (Arrow
RecordBatches) until every record that existed at start has been received; prints one JSON line.

  stream_kafkars.py --bootstrap HOST:PORT --topic T --partitions 4 --setting defaults
  stream_kafkars.py --bootstrap HOST:PORT --topic T --partitions 4 --setting best [--inversions]

Settings: "defaults" = the library's default batch size with the 1000 ms poll timeout of its README;
"best" = batch_size=100000 polled with a 10 ms timeout. kafkars 0.0.8 takes no cutoff.
The expected count comes from the watermark offsets before the clock starts (exact on Tansu when
each partition ends with a single-record batch, see bench_data.py). Times from the creation of the
ConsumerManager (it resolves the start offsets itself) to the last record. Records are counted
from the batches' num_rows. With --inversions, also counts the places where a record's timestamp
is smaller than the previous record's in delivery order, and the late records (timestamp below the
largest delivered before it), vectorised over the timestamp column.
"""
import argparse
import json
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc
from kafkars import ConsumerManager, SourceTopic

from inversions import InversionTally
from peer_consumer import new_consumer, record_count, watermarks

SETTINGS = {
    "defaults": {"batch_size": None, "poll_ms": 1000},
    "best": {"batch_size": 100_000, "poll_ms": 10},
}


def expected_records(bootstrap: str, topic: str, partitions: int) -> int:
    consumer = new_consumer(bootstrap)
    try:
        return record_count(watermarks(consumer, topic, partitions))
    finally:
        consumer.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--setting", choices=sorted(SETTINGS), default="best")
    parser.add_argument("--inversions", action="store_true")
    args = parser.parse_args()
    setting = SETTINGS[args.setting]

    expected = expected_records(args.bootstrap, args.topic, args.partitions)
    counter = InversionTally() if args.inversions else None
    options = {} if setting["batch_size"] is None else {"batch_size": setting["batch_size"]}
    poll_ms = setting["poll_ms"]

    received = 0
    start = time.perf_counter()
    manager = ConsumerManager(
        config={"bootstrap.servers": args.bootstrap, "group.id": "gregor-bench"},
        topics=[SourceTopic.from_earliest(args.topic)],
        **options,
    )
    deadline = start + 300
    while received < expected:
        batch = manager.poll(timeout_ms=poll_ms)
        received += batch.num_rows
        if counter is not None:
            counter.add_batch(batch.column("timestamp").cast(pa.int64()))
        if time.perf_counter() > deadline:
            print(f"stream_kafkars.py: timed out after {received} of {expected} records", file=sys.stderr)
            return 1
    seconds = time.perf_counter() - start
    live = manager.is_live()
    description = f"batch_size={setting['batch_size'] or 'default'}, poll {poll_ms} ms"
    print(json.dumps({"client": "kafkars", "operation": "stream", "records": received, "seconds": seconds,
                      "inversions": counter.inversions if counter is not None else None,
                      "late": counter.late if counter is not None else None,
                      "setting": f"{args.setting} ({description})", "live_at_end": live}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
