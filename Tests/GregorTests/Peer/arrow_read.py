#!/usr/bin/env python3
"""Reads an Arrow IPC file with pyarrow (and polars) and prints its rows as JSON, for the Stream CLI
tests: an independent reader of what `gregor consume --format arrow` wrote.

  arrow_read.py FILE

Prints {"schema": [[name, type, nullable], ...], "rows": [...], "polars_rows": N,
"kafkars_schema_equal": bool}; keys and values as latin-1 text (null stays null), timestamps as
epoch milliseconds (from the UTC timestamp column).
"""
import json
import sys

import polars
import pyarrow as pa
import pyarrow.ipc as ipc


def text(value):
    return None if value is None else value.decode("latin-1")


def main() -> int:
    table = ipc.open_file(sys.argv[1]).read_all()
    schema = [[field.name, str(field.type), field.nullable] for field in table.schema]
    rows = []
    millis = table.column("timestamp").cast(pa.int64()).to_pylist()
    for index, row in enumerate(table.to_pylist()):
        rows.append({
            "topic": row["topic"], "partition": row["partition"], "offset": row["offset"],
            "timestamp": millis[index], "key": text(row["key"]), "value": text(row["value"]),
            "headers": [[h["key"], text(h["value"])] for h in row["headers"]],
        })
    kafkars_equal = None
    try:
        from kafkars import MESSAGE_SCHEMA  # the peer's own schema, when it exports one
        shared = [table.schema.field(name) for name in MESSAGE_SCHEMA.names]
        kafkars_equal = pa.schema(shared).equals(MESSAGE_SCHEMA)
    except ImportError:
        pass
    frame = polars.read_ipc(sys.argv[1])
    print(json.dumps({"schema": schema, "rows": rows, "polars_rows": frame.height, "kafkars_schema_equal": kafkars_equal}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
