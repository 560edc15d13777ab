#!/usr/bin/env python3
"""Smoke test of Gregor's librdkafka mock cluster (tools/mock-cluster, scripts/mock-cluster.sh).

Drives the cluster through scripts/mock-cluster.sh and talks to it with confluent-kafka (its own
bundled librdkafka, not Gregor): produce/consume, leader moves, broker down/up, injected errors and
latency, the commands only newer librdkafka supports, bad commands, and the process's exit paths.

Run with the repository's venv:  .venv/bin/python scripts/mock-cluster-smoke.py
Uses its own state directory, so it does not disturb a cluster started by hand. Exit status 0 when
every check passed; each check prints PASS/FAIL with what was observed.
"""
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(REPO, "scripts", "mock-cluster.sh")
BINARY = os.path.join(REPO, ".build-tools", "mock-cluster")
TOPIC = "smoke"
PARTITIONS = 4

failures = []
skipped = []


def check(condition, what, observed=None):
    print(("PASS " if condition else "FAIL ") + what + (f"  [{observed!s}]" if observed is not None else ""))
    if not condition:
        failures.append(what)
    return condition


class Cluster:
    """The cluster as scripts/mock-cluster.sh runs it, in a private state directory."""

    def __init__(self):
        self.state = tempfile.mkdtemp(prefix="mock-cluster-smoke-")
        self.env = dict(os.environ, MOCK_CLUSTER_STATE_DIR=self.state)
        self.bootstrap = None

    def script(self, *args, timeout=60):
        return subprocess.run([SCRIPT, *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout)

    def start(self, *args):
        result = self.script("start", *args)
        if result.returncode != 0:
            raise SystemExit(f"start failed: {result.stderr}")
        self.bootstrap = result.stdout.strip()
        return self.bootstrap

    def cmd(self, line):
        """Returns (exit status, answer line)."""
        result = self.script("cmd", line, timeout=30)
        return result.returncode, result.stdout.strip()

    def ok(self, line):
        status, answer = self.cmd(line)
        return check(status == 0 and answer.startswith("OK"), f"cmd '{line}' -> OK", answer)

    def optional_ok(self, line):
        """For the commands only newer librdkafka has: "ERR unsupported" is a SKIP, not a failure."""
        status, answer = self.cmd(line)
        if answer == "ERR unsupported":
            print(f"SKIP cmd '{line}' (this librdkafka lacks it)")
            skipped.append(line)
            return False
        return check(status == 0 and answer.startswith("OK"), f"cmd '{line}' -> OK", answer)

    def err(self, line):
        status, answer = self.cmd(line)
        return check(status == 1 and answer.startswith("ERR "), f"cmd '{line}' -> ERR", answer)

    def pid(self):
        with open(os.path.join(self.state, "pid")) as f:
            return int(f.read())

    def stop(self):
        self.script("stop")


def process_gone(pid):
    """True if pid has exited (a zombie counts as exited: this sandbox's init does not reap)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


# ---- Kafka helpers (confluent-kafka) ----

def metadata(bootstrap):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    return admin.list_topics(timeout=10)


def leaders(md, topic=TOPIC):
    return {p.id: p.leader for p in md.topics[topic].partitions.values()}


def produce(bootstrap, records, timeout=20, **config):
    """records: list of (partition, key, value). Returns (delivered [(partition, offset)], errors)."""
    delivered, errors = [], []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(err)
        else:
            delivered.append((msg.partition(), msg.offset()))

    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "acks": "all", **config})
    for partition, key, value in records:
        producer.produce(TOPIC, key=key, value=value, partition=partition, on_delivery=on_delivery)
    producer.flush(timeout)
    return delivered, errors


def consume_all(bootstrap, expected, timeout=30):
    """Reads every partition from the beginning until `expected` records arrived or time is up."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "smoke", "enable.auto.commit": False})
    consumer.assign([TopicPartition(TOPIC, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
    values, deadline = [], time.time() + timeout
    while len(values) < expected and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        values.append(msg.value().decode())
    consumer.close()
    return values


def watermarks(bootstrap, partition):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "smoke-wm"})
    low_high = consumer.get_watermark_offsets(TopicPartition(TOPIC, partition), timeout=10)
    consumer.close()
    return low_high


# ---- the scenario ----

def main():
    cluster = Cluster()
    try:
        scenario(cluster)
    finally:
        cluster.stop()
    pipe_mode()
    print()
    print(f"{len(failures)} failure(s)" + (": " + "; ".join(failures) if failures else "")
          + (f"; skipped (unsupported): {', '.join(skipped)}" if skipped else ""))
    return 1 if failures else 0


def scenario(cluster):
    bootstrap = cluster.start("--brokers", "3", "--topic", f"{TOPIC}:{PARTITIONS}:3")
    print(f"bootstrap: {bootstrap}")
    check(len(bootstrap.split(",")) == 3 and all(b.startswith("127.0.0.1:") for b in bootstrap.split(",")),
          "three loopback brokers", bootstrap)
    status, version = cluster.cmd("version")
    print(f"mock binary linked librdkafka {version.removeprefix('OK ')}")
    with open(os.path.join(cluster.state, "log")) as f:
        print(f"log: {f.read().strip()}")

    md = metadata(bootstrap)
    check(sorted(md.brokers) == [1, 2, 3], "metadata lists brokers 1..3", sorted(md.brokers))
    check(len(md.topics[TOPIC].partitions) == PARTITIONS, "topic has 4 partitions")
    print(f"initial leaders (the mock picks them at random): {leaders(md)}; controller {md.controller_id}")

    # Spread the leaders deterministically: partition p -> broker p % 3 + 1.
    wanted = {p: p % 3 + 1 for p in range(PARTITIONS)}
    for p, broker in wanted.items():
        cluster.ok(f"leader {TOPIC} {p} {broker}")
    md = metadata(bootstrap)
    check(leaders(md) == wanted, "leaders spread as set: {0: 1, 1: 2, 2: 3, 3: 1}", leaders(md))
    for p in sorted(md.topics[TOPIC].partitions):
        part = md.topics[TOPIC].partitions[p]
        print(f"  {TOPIC}[{p}] leader {part.leader} replicas {part.replicas} isrs {part.isrs}")

    # Produce 100 records and read them back.
    records = [(i % PARTITIONS, f"k{i}".encode(), f"v{i}".encode()) for i in range(100)]
    delivered, errors = produce(bootstrap, records)
    check(len(delivered) == 100 and not errors, "100 records delivered", f"{len(delivered)} ok, errors {errors}")
    per_partition = {p: sorted(o for q, o in delivered if q == p) for p in range(PARTITIONS)}
    check(all(offsets == list(range(25)) for offsets in per_partition.values()),
          "offsets 0..24 in each partition")
    values = consume_all(bootstrap, 100)
    check(sorted(values) == sorted(f"v{i}" for i in range(100)), "consumed the 100 records back", len(values))
    expected_total = 100

    # Move a leader, then produce to the moved partition.
    cluster.ok(f"leader {TOPIC} 0 2")
    md = metadata(bootstrap)
    check(leaders(md)[0] == 2, "partition 0 leader moved 1 -> 2", leaders(md))
    delivered, errors = produce(bootstrap, [(0, b"m", f"moved{i}".encode()) for i in range(10)])
    check(len(delivered) == 10 and not errors, "produce after the leader move", f"{len(delivered)} ok, {errors}")
    expected_total += 10

    # Broker 3 (leader of partition 2) down: other partitions keep working, partition 2 stalls.
    cluster.ok("broker down 3")
    md = metadata(bootstrap)
    print(f"  with broker 3 down, metadata still names leaders {leaders(md)}, brokers {sorted(md.brokers)}")
    delivered, errors = produce(bootstrap, [(1, b"d", b"while-down")], timeout=10)
    check(len(delivered) == 1 and not errors, "produce to partition 1 (broker 2) while broker 3 is down")
    expected_total += 1

    stalled = []
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "message.timeout.ms": 60000})
    for i in range(5):
        producer.produce(TOPIC, value=f"late{i}".encode(), partition=2,
                         on_delivery=lambda err, msg: stalled.append(err))
    producer.flush(3)
    check(len(stalled) == 0, "produce to partition 2 (broker 3 down) does not complete in 3 s",
          f"{len(stalled)} reports")
    cluster.ok("broker up 3")
    started = time.time()
    producer.flush(30)
    check(len(stalled) == 5 and all(e is None for e in stalled),
          "the 5 stalled records are delivered after broker 3 is up",
          f"{len(stalled)} reports in {time.time() - started:.1f} s, errors {[e for e in stalled if e]}")
    expected_total += 5

    values = consume_all(bootstrap, expected_total)
    check(len(values) == expected_total and len(set(values)) == len(values),
          f"consume everything after down/up ({expected_total} records)", len(values))

    # Injected errors: retriable ones are retried by the client, others reach the delivery report.
    cluster.ok("error 0 NOT_LEADER_OR_FOLLOWER 2")
    delivered, errors = produce(bootstrap, [(1, None, b"after-retriable")])
    check(len(delivered) == 1 and not errors, "produce succeeds through 2 injected NOT_LEADER_OR_FOLLOWER",
          errors)
    expected_total += 1
    cluster.ok("error 0 29")  # TOPIC_AUTHORIZATION_FAILED
    delivered, errors = produce(bootstrap, [(1, None, b"rejected")])
    check(len(errors) == 1 and errors[0].code() == KafkaError.TOPIC_AUTHORIZATION_FAILED,
          "injected TOPIC_AUTHORIZATION_FAILED reaches the delivery report", errors)

    # Latency on broker 2 (leader of partitions 0 and 1).
    cluster.ok("rtt 2 400")
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    producer.produce(TOPIC, value=b"warm-up", partition=1)  # connect before timing
    producer.flush(10)
    started = time.time()
    producer.produce(TOPIC, value=b"slow", partition=1)
    producer.flush(10)
    slow = time.time() - started
    cluster.ok("rtt 2 0")
    started = time.time()
    producer.produce(TOPIC, value=b"fast", partition=1)
    producer.flush(10)
    fast = time.time() - started
    check(slow >= 0.4 and fast < 0.4, "rtt 400 ms delays a produce on broker 2; rtt 0 removes it",
          f"{slow * 1000:.0f} ms vs {fast * 1000:.0f} ms")
    expected_total += 3

    # Commands only newer librdkafka has (looked up with dlsym).
    if cluster.optional_ok("controller 2"):
        md = metadata(bootstrap)
        check(md.controller_id == 2, "metadata names controller 2", md.controller_id)
    low, high = watermarks(bootstrap, 3)
    if cluster.optional_ok(f"delete-records {TOPIC} 3 5"):
        after = watermarks(bootstrap, 3)
        check(after == (5, high), "delete-records moves partition 3's log start to 5", f"{(low, high)} -> {after}")
        cluster.err(f"delete-records {TOPIC} 3 {high + 1}")
    cluster.ok("create-topic smoke-extra 2 1")
    md = metadata(bootstrap)
    check("smoke-extra" in md.topics and len(md.topics["smoke-extra"].partitions) == 2,
          "create-topic: smoke-extra has 2 partitions")
    cluster.err("create-topic smoke-extra 2 1")
    if cluster.optional_ok("delete-topic smoke-extra"):
        check("smoke-extra" not in metadata(bootstrap).topics, "delete-topic: smoke-extra is gone")
    cluster.ok("topic-error smoke-broken TOPIC_AUTHORIZATION_FAILED")
    md = metadata(bootstrap)
    broken = md.topics.get("smoke-broken")
    check(broken is not None and broken.error is not None
          and broken.error.code() == KafkaError.TOPIC_AUTHORIZATION_FAILED,
          "topic-error shows in metadata", broken.error if broken else None)

    # Bad commands answer ERR and leave the cluster running.
    for bad in ["leader smoke 0 -1", "leader smoke x 1", "broker down", "broker sideways 1", "rtt 1 -3",
                "error 0 not-a-code", "error 0 6 0", "create-topic bad/name 1 1", "create-topic t 1 9",
                "controller 0", "frobnicate", "broker down 99999999999"]:
        cluster.err(bad)
    cluster.ok("ping")
    cluster.ok("bootstraps")

    md = metadata(bootstrap)
    check(leaders(md) == {0: 2, 1: 2, 2: 3, 3: 1}, f"{TOPIC} unchanged by the other topics' commands",
          leaders(md))
    delivered, errors = produce(bootstrap, [(p, None, f"end{p}".encode()) for p in range(PARTITIONS)])
    check(len(delivered) == PARTITIONS and not errors, "produce to every partition at the end",
          f"{len(delivered)} ok, {errors}")
    print(f"final metadata: brokers {sorted(md.brokers)}, controller {md.controller_id}, "
          f"{TOPIC} leaders {leaders(md)}")

    pid = cluster.pid()
    cluster.stop()
    deadline = time.time() + 5
    while not process_gone(pid) and time.time() < deadline:
        time.sleep(0.05)
    check(process_gone(pid), "stop ends the process")


def pipe_mode():
    """The way tests will run it: the binary on pipes; end of input or SIGTERM ends it cleanly."""
    def spawn():
        proc = subprocess.Popen([BINARY, "--brokers", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        first, second = proc.stdout.readline(), proc.stdout.readline()
        check(second == b"READY\n", "pipe mode: bootstrap line then READY", first.strip().decode())
        return proc

    def ask(proc, line):
        proc.stdin.write(line)
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        return proc.stdout.readline().rstrip(b"\n") if ready else b"(no answer)"

    proc = spawn()
    answers = [ask(proc, b"x" * 10000 + b"\n"), ask(proc, b"\x00\xff\xfe garbage\n"),
               ask(proc, b"leader t 0 -1\n"), ask(proc, b"ping\n")]
    check([a.split(b" ")[0] for a in answers] == [b"ERR", b"ERR", b"ERR", b"OK"],
          "pipe mode: long line, binary garbage, leader -1 -> ERR; then ping -> OK", answers)
    proc.stdin.close()
    try:
        status = proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = "still running"
    check(status == 0, "pipe mode: end of stdin => exit 0", status)
    proc.stdout.close()
    proc.stderr.close()

    proc = spawn()
    proc.send_signal(signal.SIGTERM)
    try:
        status = proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = "still running"
    check(status == 0, "pipe mode: SIGTERM => exit 0", status)
    proc.stdin.close()
    proc.stdout.close()
    proc.stderr.close()


if __name__ == "__main__":
    sys.exit(main())
