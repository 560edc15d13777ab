"""Reads an Arrow IPC stream and file of an ArrowTable written by Gregor with pyarrow (and the
file with polars) and checks the schema and every value against the expectation file:
{"batches": [rows...], "columns": [{"name", "type", "nullable", "values"}]}, timestamps in ms."""
import argparse
import datetime
import json
import sys

try:
    import polars as pl
    import pyarrow as pa
    import pyarrow.ipc as ipc
except ImportError as error:
    sys.exit(f"{error}: run `bash scripts/setup-python.sh` to install the pinned packages")

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
TYPES = {
    "utf8": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "timestamp": pa.timestamp("ms", tz="UTC"),
    "bool": pa.bool_(),
}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def expected_values(column, repeat):
    values = column["values"]
    if column["type"] == "timestamp":
        values = [None if v is None else EPOCH + datetime.timedelta(milliseconds=v) for v in values]
    return values * repeat


def check_table(table, expectation, where):
    table.validate(full=True)
    repeat = len(expectation["batches"])
    expected_schema = pa.schema(
        [pa.field(c["name"], TYPES[c["type"]], nullable=c["nullable"]) for c in expectation["columns"]]
    )
    check(table.schema.equals(expected_schema, check_metadata=True), f"{where}: schema\n{table.schema}\nexpected\n{expected_schema}")
    for column in expectation["columns"]:
        actual = table.column(column["name"]).to_pylist()
        expected = expected_values(column, repeat)
        check(actual == expected, f"{where}: column {column['name']} = {actual}, expected {expected}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stream", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--expected", required=True)
    arguments = parser.parse_args()
    with open(arguments.expected) as handle:
        expectation = json.load(handle)

    with pa.OSFile(arguments.stream) as source:
        check_table(ipc.open_stream(source).read_all(), expectation, "pyarrow stream")
    with pa.memory_map(arguments.file) as source:
        reader = ipc.open_file(source)
        check(reader.num_record_batches == len(expectation["batches"]), f"file: {reader.num_record_batches} batches")
        check_table(reader.read_all(), expectation, "pyarrow file")

    frame = pl.read_ipc(arguments.file)
    repeat = len(expectation["batches"])
    for column in expectation["columns"]:
        actual = frame[column["name"]].to_list()
        expected = expected_values(column, repeat)
        check(actual == expected, f"polars: column {column['name']} = {actual}, expected {expected}")
        if column["type"] == "timestamp":
            dtype = frame.schema[column["name"]]
            check(dtype == pl.Datetime("ms", "UTC"), f"polars: column {column['name']} dtype {dtype}")

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("OK", frame.height, "rows")


if __name__ == "__main__":
    main()
