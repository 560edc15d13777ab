"""Reads Gregor's Arrow IPC stream and file of MessageBatches with pyarrow (and the file with
polars) and checks every value against the expectation file the Swift test wrote, and the
schema's shared columns against kafkars' MESSAGE_SCHEMA. Exit 0 and "OK" when all match."""
import argparse
import datetime
import json
import sys

try:
    import kafkars
    import polars as pl
    import pyarrow as pa
    import pyarrow.ipc as ipc
except ImportError as error:
    sys.exit(f"{error}: run `bash scripts/setup-python.sh` to install the pinned packages")

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
HEADERS_TYPE = pa.list_(
    pa.field(
        "item",
        pa.struct([pa.field("key", pa.string(), nullable=False), pa.field("value", pa.binary(), nullable=True)]),
        nullable=False,
    )
)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def expected_rows(expectation):
    rows = []
    for row in expectation["rows"]:
        unhex = lambda text: None if text is None else bytes.fromhex(text)
        rows.append(
            {
                "key": unhex(row["key"]),
                "value": unhex(row["value"]),
                "topic": row["topic"],
                "partition": row["partition"],
                "offset": row["offset"],
                "timestamp": EPOCH + datetime.timedelta(milliseconds=row["timestamp"]),
                "headers": [{"key": h["key"], "value": unhex(h["value"])} for h in row["headers"]],
            }
        )
    return rows


def check_schema(schema, where):
    shared = kafkars.MESSAGE_SCHEMA
    check(len(schema) == len(shared) + 1, f"{where}: {len(schema)} columns, expected {len(shared) + 1}")
    for index, expected in enumerate(shared):
        actual = schema.field(index)
        check(
            actual.equals(expected, check_metadata=True) and actual.nullable == expected.nullable,
            f"{where}: column {index} is {actual!r} (nullable={actual.nullable}), kafkars has {expected!r} (nullable={expected.nullable})",
        )
    check(schema.metadata is None, f"{where}: schema metadata {schema.metadata}")
    headers = schema.field(len(shared))
    check(headers.name == "headers", f"{where}: last column is {headers.name}")
    check(headers.type.equals(HEADERS_TYPE), f"{where}: headers type {headers.type}, expected {HEADERS_TYPE}")
    check(not headers.nullable, f"{where}: headers is nullable")


def check_table(table, rows, where):
    table.validate(full=True)
    check_schema(table.schema, where)
    check(table.num_rows == len(rows), f"{where}: {table.num_rows} rows, expected {len(rows)}")
    check(table.schema.field("timestamp").type.tz == "UTC", f"{where}: timestamp tz {table.schema.field('timestamp').type}")
    actual_rows = table.to_pylist()
    for index, (actual, expected) in enumerate(zip(actual_rows, rows)):
        for column, value in expected.items():
            check(actual[column] == value, f"{where}: row {index} {column} = {actual[column]!r}, expected {value!r}")
        check(actual["timestamp"].tzinfo is not None, f"{where}: row {index} timestamp has no timezone")
    millis = table.column("timestamp").cast(pa.int64()).to_pylist()
    expected_millis = [int((row["timestamp"] - EPOCH) / datetime.timedelta(milliseconds=1)) for row in rows]
    check(millis == expected_millis, f"{where}: timestamps (ms) {millis}, expected {expected_millis}")


def check_polars(path, rows):
    frame = pl.read_ipc(path)
    check(frame.height == len(rows), f"polars: {frame.height} rows, expected {len(rows)}")
    check(frame.schema["timestamp"] == pl.Datetime("ms", "UTC"), f"polars: timestamp dtype {frame.schema['timestamp']}")
    check(frame.schema["topic"] == pl.String, f"polars: topic dtype {frame.schema['topic']}")
    check(frame.schema["key"] == pl.Binary, f"polars: key dtype {frame.schema['key']}")
    check(frame.schema["partition"] == pl.Int32, f"polars: partition dtype {frame.schema['partition']}")
    check(frame.schema["offset"] == pl.Int64, f"polars: offset dtype {frame.schema['offset']}")
    for index, (actual, expected) in enumerate(zip(frame.to_dicts(), rows)):
        for column, value in expected.items():
            check(actual[column] == value, f"polars: row {index} {column} = {actual[column]!r}, expected {value!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stream", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--expected", required=True)
    arguments = parser.parse_args()
    with open(arguments.expected) as handle:
        expectation = json.load(handle)
    rows = expected_rows(expectation)

    with pa.OSFile(arguments.stream) as source:
        reader = ipc.open_stream(source)
        batches = list(reader)
    check([b.num_rows for b in batches] == expectation["batches"], f"stream: batch sizes {[b.num_rows for b in batches]}")
    check_table(pa.Table.from_batches(batches, schema=reader.schema), rows, "pyarrow stream")

    with pa.memory_map(arguments.file) as source:
        reader = ipc.open_file(source)
        check(reader.num_record_batches == len(expectation["batches"]), f"file: {reader.num_record_batches} record batches")
        check_table(reader.read_all(), rows, "pyarrow file")

    check_polars(arguments.file, rows)

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("OK", len(rows), "rows")


if __name__ == "__main__":
    main()
