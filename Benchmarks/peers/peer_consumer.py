"""The confluent-kafka consumer the benchmark peers read with, and the records a topic holds."""

from confluent_kafka import Consumer, TopicPartition


def new_consumer(bootstrap: str) -> Consumer:
    """A consumer for manual assignment: no commits, no end-of-partition events."""
    return Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "gregor-bench",
        "enable.auto.commit": False,
        "enable.partition.eof": False,
    })


def watermarks(consumer: Consumer, topic: str, partitions: int) -> list[tuple[int, int]]:
    """(low, high) watermark of each partition, in partition order."""
    return [consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10) for p in range(partitions)]


def record_count(marks: list[tuple[int, int]]) -> int:
    """Records between the watermarks."""
    return sum(high - low for low, high in marks)
