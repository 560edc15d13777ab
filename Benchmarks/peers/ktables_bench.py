#!/usr/bin/env python3
"""ktables 2.0.0 (aiokafka) table benchmarks, the Python side of Gregor's Tables benchmarks.

  ktables_bench.py --bootstrap HOST:PORT --topic-prefix P --keys 100000 \
                   [--metrics catchup-raw,catchup-json,barrier-idle,barrier-churn,propagation,writer,memory]

Prints one JSON line per metric on stdout ({"client": "ktables", "metric": ..., ...}); a metric that
fails prints {"metric": ..., "error": ...} and the exit status is 1. Progress and aiokafka/ktables
warnings go to stderr. Each metric uses its own fresh topic "<prefix>-<metric>-<random>", created
with --partitions partitions and cleanup.policy=compact through confluent-kafka's AdminClient, or
— with --no-admin, for the librdkafka mock cluster, which has no admin APIs — auto-created by the
first produce (the mock makes 4 partitions). Tables and writers run with ensure_topic=False (the
topic exists), otherwise ktables' defaults unless a metric says so.

Metrics
  catchup-raw   N records (bench_data.py: 16 B keys, 100 B values) pre-filled with confluent-kafka
                (untimed), then the wall time of KafkaTable.start() until caught up; keys str (UTF-8),
                values kept as bytes. Also ktables' own stats.catch_up_seconds.
  catchup-json  the same with 100 B JSON object values decoded by json.loads.
                Every pre-fill ends each partition with a single-record batch (key b"end") so that
                Tansu's ListOffsets(latest) — last batch's base offset + 1 — is exact.
  barrier-idle  table.barrier() latency on a quiet table (100 keys), ktables' default
                fetch_max_wait_ms=500 / poll_timeout_ms=200 (override: --fetch-max-wait-ms,
                --poll-timeout-ms); up to --barriers samples, p50/p99.
  barrier-churn the same while a KafkaTableWriter in the same event loop sets keys back to back
                (acked one at a time, paced to at most --churn-rate/s).
  propagation   writer.set(k, v) -> the table's on_set hook sees v (time from the set() call);
                up to --samples writes, one at a time, each --gap-ms plus a random part of the
                fetch max wait after the last one was seen (so that writes fall at every point
                of the reader's long poll, not just after an answer); p50/p99, plus ack p50.
  writer        pipelined KafkaTableWriter.set(): windows of --window concurrent sets gathered
                with asyncio.gather, N upserts (100 B values) in total; acked upserts/s.
                aiokafka's default acks (1) unless --writer-acks.
  memory        N keys with 256 B values (bytes) pre-filled; VmRSS (from /proc/self/status, after
                gc.collect()) before KafkaTable.start() and after catch-up; bytes per key.
Sample loops stop after --budget seconds (the line says how many samples were taken).
Latency figures belong on the mock cluster: Tansu answers a waiting Fetch only at 1/2, 3/4 ... of
its max wait; the mock answers a waiting Fetch on an idle partition only at its full max wait.
"""
import argparse
import asyncio
import gc
import json
import logging
import math
import multiprocessing
import os
import random
import statistics
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_data import key as bench_key, value as bench_value  # noqa: E402

ALL_METRICS = ("catchup-raw", "catchup-json", "barrier-idle", "barrier-churn", "propagation", "writer", "memory")
JSON_VALUE_SIZE = 100
MEMORY_VALUE_SIZE = 256
QUIET_KEYS = 100


def log(message):
    print(f"ktables_bench: {message}", file=sys.stderr, flush=True)


# ---- records ----

def json_value(i: int) -> bytes:
    """A 100-byte JSON object: {"id":i,"name":"k<15 digits>","pad":"xx..."}."""
    head = b'{"id":%d,"name":"k%015d","pad":"' % (i, i)
    return head + b"x" * (JSON_VALUE_SIZE - len(head) - 2) + b'"}'


def memory_value(i: int) -> bytes:
    return b"v%015d" % i + b"x" * (MEMORY_VALUE_SIZE - 16)


VALUE_MAKERS = {"raw": bench_value, "json": json_value, "memory": memory_value}
END_VALUES = {"raw": b"end", "json": b'"end"', "memory": b"end"}


# ---- topics and pre-fill (confluent-kafka, in a child process so it leaves no memory behind) ----

def create_topic(bootstrap, topic, partitions, no_admin):
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic
    if not no_admin:
        admin = AdminClient({"bootstrap.servers": bootstrap})
        futures = admin.create_topics([NewTopic(topic, partitions, 1, config={"cleanup.policy": "compact"})],
                                      request_timeout=15)
        futures[topic].result(timeout=20)
    # Wait until the topic has partitions in metadata (with --no-admin this auto-creates it).
    probe = Producer({"bootstrap.servers": bootstrap, "allow.auto.create.topics": True})
    deadline = time.monotonic() + 20
    while True:
        described = probe.list_topics(topic, timeout=5).topics.get(topic)
        if described is not None and described.error is None and described.partitions:
            return len(described.partitions)
        if time.monotonic() > deadline:
            raise RuntimeError(f"topic {topic} has no partitions: {described.error if described else 'missing'}")
        time.sleep(0.1)


def fill_topic(bootstrap, topic, count, kind, partitions):
    """Produces `count` records of `kind`, then one single-record batch per partition."""
    from confluent_kafka import Producer
    make_value = VALUE_MAKERS[kind]
    failures = []

    def on_delivery(error, _message):
        if error is not None:
            failures.append(str(error))

    producer = Producer({
        "bootstrap.servers": bootstrap, "acks": "all", "compression.type": "none",
        "enable.idempotence": False, "partitioner": "murmur2_random",
        "queue.buffering.max.messages": 2_000_000, "queue.buffering.max.kbytes": 2_097_151,
    })
    for i in range(count):
        while True:
            try:
                producer.produce(topic, make_value(i), bench_key(i), on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.01)
        if i & 0x3FFF == 0:
            producer.poll(0)
    if producer.flush(300) or failures:
        raise RuntimeError(f"pre-fill of {topic} failed: {failures[:3]}")
    for partition in range(partitions):
        producer.produce(topic, END_VALUES[kind], b"end", partition=partition, on_delivery=on_delivery)
        producer.flush(30)
    if failures:
        raise RuntimeError(f"end batches of {topic} failed: {failures[:3]}")


def _prepare_child(queue, bootstrap, topic, count, kind, partitions, no_admin):
    try:
        actual = create_topic(bootstrap, topic, partitions, no_admin)
        if count:
            fill_topic(bootstrap, topic, count, kind, actual)
        queue.put(("ok", actual))
    except Exception as error:  # reported to the parent
        queue.put(("error", f"{type(error).__name__}: {error}"))


def prepare_topic(args, metric, count, kind):
    """Creates a fresh topic and fills it in a child process; returns (topic, partitions, seconds)."""
    topic = f"{args.topic_prefix}-{metric}-{uuid.uuid4().hex[:8]}"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    started = time.perf_counter()
    child = context.Process(target=_prepare_child,
                            args=(queue, args.bootstrap, topic, count, kind, args.partitions, args.no_admin))
    child.start()
    try:
        status, detail = queue.get(timeout=900)
    finally:
        child.join(timeout=30)
    if status != "ok":
        raise RuntimeError(detail)
    return topic, detail, time.perf_counter() - started


# ---- ktables helpers ----

def identity(data):
    return data


def percentile(samples, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def latency_summary(samples_seconds):
    if not samples_seconds:
        return {"samples": 0}
    ms = [s * 1000 for s in samples_seconds]
    return {"samples": len(ms), "p50_ms": round(percentile(ms, 0.50), 3), "p99_ms": round(percentile(ms, 0.99), 3),
            "min_ms": round(min(ms), 3), "max_ms": round(max(ms), 3), "mean_ms": round(statistics.fmean(ms), 3)}


def table_options(args, **overrides):
    options = {"ensure_topic": False, "catchup_timeout": args.catchup_timeout,
               "fetch_max_wait_ms": args.fetch_max_wait_ms, "poll_timeout_ms": args.poll_timeout_ms}
    options.update(overrides)
    return options


def process_cpu_seconds(pid):
    """CPU seconds process `pid` has used, all its live threads (Linux scheduler statistics, in
    nanoseconds); None where they cannot be read."""
    if pid is None:
        return None
    total = 0
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


def rss_bytes():
    """VmRSS (all resident memory) and RssAnon (its anonymous part: the heap, without the
    program's and libraries' mapped code) from one reading of /proc/self/status, in bytes."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "RssAnon"):
                fields[name] = int(rest.split()[0]) * 1024
    if len(fields) != 2:
        raise RuntimeError("no VmRSS or RssAnon in /proc/self/status")
    return fields["VmRSS"], fields["RssAnon"]


# ---- metrics ----

async def catchup(args, kind):
    from ktables import KafkaTable
    topic, partitions, fill_seconds = prepare_topic(args, f"catchup-{kind}", args.keys, kind)
    decoder = identity if kind == "raw" else json.loads
    table = KafkaTable(connection=args.bootstrap, topic=topic, value_decoder=decoder, **table_options(args))
    gc.collect()
    broker_before = process_cpu_seconds(args.broker_pid)
    cpu_before = time.process_time()
    started = time.perf_counter()
    await table.start()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_before
    broker_after = process_cpu_seconds(args.broker_pid)
    try:
        stats = table.stats
        size = len(table)
        status = table.status
    finally:
        await table.stop()
    replayed = stats.replayed_at_catch_up
    broker = {"broker_cpu_seconds": round(broker_after - broker_before, 4)} if broker_before is not None and broker_after is not None else {}
    return {**broker, "topic": topic, "partitions": partitions, "keys": args.keys, "table_size": size, "status": status,
            "seconds": round(seconds, 4), "cpu_seconds": round(cpu_seconds, 4), "catch_up_seconds": stats.catch_up_seconds,
            "records_replayed": replayed, "records_per_second": round(replayed / seconds) if seconds else None,
            "value_decode_errors": stats.value_decode_errors, "fill_seconds": round(fill_seconds, 2)}


async def run_barriers(table, args, deadline):
    samples = []
    failures = 0
    while len(samples) + failures < args.barriers and time.monotonic() < deadline:
        started = time.perf_counter()
        ok = await table.barrier(timeout=10)
        if ok:
            samples.append(time.perf_counter() - started)
        else:
            failures += 1
    return samples, failures


async def barrier_idle(args):
    from ktables import KafkaTable
    topic, partitions, _ = prepare_topic(args, "barrier-idle", QUIET_KEYS, "raw")
    async with KafkaTable(connection=args.bootstrap, topic=topic, value_decoder=identity, **table_options(args)) as table:
        samples, failures = await run_barriers(table, args, time.monotonic() + args.budget)
    return {"topic": topic, "partitions": partitions, "fetch_max_wait_ms": args.fetch_max_wait_ms,
            "poll_timeout_ms": args.poll_timeout_ms, "false_results": failures, **latency_summary(samples)}


def writer_kwargs(args):
    return {} if args.writer_acks is None else {"acks": "all" if args.writer_acks == "all" else int(args.writer_acks)}


async def barrier_churn(args):
    from ktables import KafkaTable, KafkaTableWriter
    topic, partitions, _ = prepare_topic(args, "barrier-churn", QUIET_KEYS, "raw")
    writes = 0
    stop = asyncio.Event()

    async def churn(writer):
        nonlocal writes
        interval = 1.0 / args.churn_rate
        next_at = time.perf_counter()
        while not stop.is_set():
            await writer.set("k%015d" % (writes % 1000), bench_value(writes))
            writes += 1
            next_at += interval
            delay = next_at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                next_at = time.perf_counter()
                await asyncio.sleep(0)

    async with KafkaTable(connection=args.bootstrap, topic=topic, value_decoder=identity, **table_options(args)) as table, \
            KafkaTableWriter(connection=args.bootstrap, topic=topic, value_encoder=identity, ensure_topic=False,
                             **writer_kwargs(args)) as writer:
        task = asyncio.create_task(churn(writer))
        await asyncio.sleep(1.0)  # let the churn reach its pace
        started = time.perf_counter()
        samples, failures = await run_barriers(table, args, time.monotonic() + args.budget)
        elapsed = time.perf_counter() - started
        writes_during = writes
        stop.set()
        await task
    return {"topic": topic, "partitions": partitions, "fetch_max_wait_ms": args.fetch_max_wait_ms,
            "poll_timeout_ms": args.poll_timeout_ms, "churn_target_per_second": args.churn_rate,
            "churn_writes_per_second": round(writes_during / (elapsed + 1.0)), "false_results": failures,
            **latency_summary(samples)}


async def propagation(args):
    from ktables import KafkaTable, KafkaTableWriter
    topic, partitions, _ = prepare_topic(args, "propagation", QUIET_KEYS, "raw")
    waiting = {}

    def on_set(key, value):
        entry = waiting.get(key)
        if entry is not None and entry[0] == value and not entry[1].done():
            entry[1].set_result(time.perf_counter())

    visible, acked = [], []
    missed = 0
    table = KafkaTable(connection=args.bootstrap, topic=topic, value_decoder=identity, on_set=on_set,
                       **table_options(args))
    async with table, KafkaTableWriter(connection=args.bootstrap, topic=topic, value_encoder=identity,
                                       ensure_topic=False, **writer_kwargs(args)) as writer:
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + args.budget
        i = 0
        while i < args.samples and time.monotonic() < deadline:
            key = "p%015d" % (i % 50)
            value = b"propagation-%d-" % i + b"x" * 80
            future = loop.create_future()
            waiting[key] = (value, future)
            started = time.perf_counter()
            await writer.set(key, value)
            acked.append(time.perf_counter() - started)
            try:
                seen = await asyncio.wait_for(future, timeout=10)
                visible.append(seen - started)
            except asyncio.TimeoutError:
                missed += 1
            waiting.pop(key, None)
            i += 1
            await asyncio.sleep((args.gap_ms + random.uniform(0, args.fetch_max_wait_ms)) / 1000)
    ack = latency_summary(acked)
    return {"topic": topic, "partitions": partitions, "fetch_max_wait_ms": args.fetch_max_wait_ms,
            "poll_timeout_ms": args.poll_timeout_ms, "gap_ms": args.gap_ms, "gap_jitter_ms": args.fetch_max_wait_ms, "missed": missed,
            "ack_p50_ms": ack.get("p50_ms"), "ack_p99_ms": ack.get("p99_ms"), **latency_summary(visible)}


async def writer_throughput(args):
    from ktables import KafkaTableWriter
    topic, partitions, _ = prepare_topic(args, "writer", 0, "raw")
    keys = ["k%015d" % i for i in range(args.keys)]
    values = [bench_value(i) for i in range(args.keys)]
    done = 0
    async with KafkaTableWriter(connection=args.bootstrap, topic=topic, value_encoder=identity, ensure_topic=False,
                                **writer_kwargs(args)) as writer:
        deadline = time.monotonic() + args.budget
        started = time.perf_counter()
        while done < args.keys and time.monotonic() < deadline:
            end = min(done + args.window, args.keys)
            await asyncio.gather(*(writer.set(keys[i], values[i]) for i in range(done, end)))
            done = end
        seconds = time.perf_counter() - started
    return {"topic": topic, "partitions": partitions, "window": args.window,
            "acks": args.writer_acks or "aiokafka default (1)", "upserts": done, "seconds": round(seconds, 4),
            "upserts_per_second": round(done / seconds) if seconds else None}


async def measure_memory(bootstrap, topic, options):
    from ktables import KafkaTable
    table = KafkaTable(connection=bootstrap, topic=topic, value_decoder=identity, **options)
    gc.collect()
    before, anon_before = rss_bytes()
    await table.start()
    try:
        gc.collect()
        after, anon_after = rss_bytes()
        return {"keys": len(table), "status": table.status, "rss_before_bytes": before, "rss_after_bytes": after,
                "anon_before_bytes": anon_before, "anon_after_bytes": anon_after}
    finally:
        await table.stop()


def _memory_child(queue, bootstrap, topic, options):
    try:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        queue.put(("ok", asyncio.run(measure_memory(bootstrap, topic, options))))
    except Exception as error:  # reported to the parent
        queue.put(("error", f"{type(error).__name__}: {error}"))


async def memory(args):
    topic, partitions, _ = prepare_topic(args, "memory", args.keys, "memory")
    # A fresh process, so that memory freed by earlier metrics cannot be reused and hide the table's.
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_memory_child, args=(queue, args.bootstrap, topic, table_options(args)))
    child.start()
    try:
        status, detail = queue.get(timeout=args.catchup_timeout + 120)
    finally:
        child.join(timeout=30)
    if status != "ok":
        raise RuntimeError(detail)
    size = detail["keys"]
    per_key = (detail["rss_after_bytes"] - detail["rss_before_bytes"]) / size if size else None
    anon_per_key = (detail["anon_after_bytes"] - detail["anon_before_bytes"]) / size if size else None
    payload = 16 + MEMORY_VALUE_SIZE
    return {"topic": topic, "partitions": partitions, **detail,
            "bytes_per_key": round(per_key, 1) if per_key else None,
            "anon_bytes_per_key": round(anon_per_key, 1) if anon_per_key else None, "payload_bytes_per_key": payload,
            "overhead_bytes_per_key": round(per_key - payload, 1) if per_key else None}


METRICS = {
    "catchup-raw": lambda args: catchup(args, "raw"),
    "catchup-json": lambda args: catchup(args, "json"),
    "barrier-idle": barrier_idle,
    "barrier-churn": barrier_churn,
    "propagation": propagation,
    "writer": writer_throughput,
    "memory": memory,
}


def parse_arguments():
    parser = argparse.ArgumentParser(description="ktables 2.0.0 table benchmarks (JSON line per metric).")
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic-prefix", default="ktables-bench")
    parser.add_argument("--keys", type=int, default=100_000, help="N for catch-up, writer and memory")
    parser.add_argument("--metrics", default=",".join(ALL_METRICS), help="comma-separated, from: " + ", ".join(ALL_METRICS))
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--no-admin", action="store_true", help="broker without admin APIs (mock cluster)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per sample loop")
    parser.add_argument("--catchup-timeout", type=float, default=600.0)
    parser.add_argument("--fetch-max-wait-ms", type=int, default=500, help="ktables' default 500")
    parser.add_argument("--poll-timeout-ms", type=int, default=200, help="ktables' default 200")
    parser.add_argument("--barriers", type=int, default=200)
    parser.add_argument("--churn-rate", type=float, default=1000.0, help="churn writes per second at most")
    parser.add_argument("--samples", type=int, default=200, help="propagation samples")
    parser.add_argument("--gap-ms", type=float, default=20.0, help="pause between propagation samples")
    parser.add_argument("--window", type=int, default=1000, help="concurrent sets per window (writer)")
    parser.add_argument("--writer-acks", choices=("0", "1", "all"))
    parser.add_argument("--broker-pid", type=int, help="the broker's process on this machine: its CPU time during a catch-up is reported too")
    args = parser.parse_args()
    args.metrics = [m.strip() for m in args.metrics.split(",") if m.strip()]
    unknown = [m for m in args.metrics if m not in METRICS]
    if unknown:
        parser.error(f"unknown metric(s) {unknown}; choose from {', '.join(ALL_METRICS)}")
    if args.keys < 1 or args.partitions < 1 or args.window < 1 or args.churn_rate <= 0 or args.budget <= 0:
        parser.error("--keys, --partitions, --window, --churn-rate and --budget must be positive")
    return args


def main():
    args = parse_arguments()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s %(levelname)s %(message)s")
    import aiokafka
    import ktables  # noqa: F401  (fails early when the venv lacks it)
    from importlib.metadata import version
    common = {"client": "ktables", "ktables_version": version("ktables"), "aiokafka_version": aiokafka.__version__,
              "bootstrap": args.bootstrap}
    failed = False
    for metric in args.metrics:
        log(f"{metric} ...")
        try:
            result = asyncio.run(METRICS[metric](args))
            line = {**common, "metric": metric, **result}
        except Exception as error:
            failed = True
            line = {**common, "metric": metric, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(line), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
