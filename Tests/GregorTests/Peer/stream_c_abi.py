#!/usr/bin/env python3
"""Drives Gregor's Stream through its C ABI (libGregorStreamC) with ctypes and imports the batches
and partition states into pyarrow through the Arrow C Data Interface
(RecordBatch._import_from_c), for the Stream's C ABI test.

  stream_c_abi.py LIBRARY CONFIG_JSON

Polls until the stream is finished (a bounded configuration) or 60 s passed. Prints one JSON
object: rows (topic, partition, offset, timestamp ms, key, value), the schemas, the kafkars
schema comparisons, the state calls' answers, and what a bad configuration reports.
"""
import ctypes
import json
import sys
import time

import pyarrow as pa


class ArrowSchema(ctypes.Structure):
    pass


ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p), ("name", ctypes.c_char_p), ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))), ("dictionary", ctypes.POINTER(ArrowSchema)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))), ("private_data", ctypes.c_void_p),
]


class ArrowArray(ctypes.Structure):
    pass


ArrowArray._fields_ = [
    ("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)), ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
    ("dictionary", ctypes.POINTER(ArrowArray)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))), ("private_data", ctypes.c_void_p),
]


def load(path):
    lib = ctypes.CDLL(path)
    lib.gregor_stream_new.restype = ctypes.c_void_p
    lib.gregor_stream_new.argtypes = [ctypes.c_char_p]
    lib.gregor_stream_poll.restype = ctypes.c_int64
    lib.gregor_stream_poll.argtypes = [ctypes.c_void_p, ctypes.c_int64, ctypes.POINTER(ArrowArray), ctypes.POINTER(ArrowSchema)]
    lib.gregor_stream_partition_state.restype = ctypes.c_int64
    lib.gregor_stream_partition_state.argtypes = [ctypes.c_void_p, ctypes.POINTER(ArrowArray), ctypes.POINTER(ArrowSchema)]
    for name in ("gregor_stream_is_live", "gregor_stream_is_finished"):
        getattr(lib, name).restype = ctypes.c_int32
        getattr(lib, name).argtypes = [ctypes.c_void_p]
    for name in ("gregor_stream_held_count", "gregor_stream_paused_count"):
        getattr(lib, name).restype = ctypes.c_int64
        getattr(lib, name).argtypes = [ctypes.c_void_p]
    lib.gregor_stream_watermark.restype = ctypes.c_int32
    lib.gregor_stream_watermark.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int64)]
    lib.gregor_stream_last_error.restype = ctypes.c_char_p
    lib.gregor_stream_last_error.argtypes = [ctypes.c_void_p]
    lib.gregor_stream_close.restype = None
    lib.gregor_stream_close.argtypes = [ctypes.c_void_p]
    return lib


def imported(array, schema):
    return pa.RecordBatch._import_from_c(ctypes.addressof(array), ctypes.addressof(schema))


def text(value):
    return None if value is None else value.decode("latin-1")


def main() -> int:
    lib = load(sys.argv[1])
    result = {}

    bad = lib.gregor_stream_new(b'{"topics": [{"name": "x", "policy": "timestamp"}]}')
    result["bad_config_handle_is_null"] = bad is None
    result["bad_config_error"] = (lib.gregor_stream_last_error(None) or b"").decode()

    handle = lib.gregor_stream_new(sys.argv[2].encode())
    if handle is None:
        print(json.dumps({"error": (lib.gregor_stream_last_error(None) or b"").decode()}))
        return 1
    batches = []
    schema_seen = None
    deadline = time.time() + 60
    while not lib.gregor_stream_is_finished(handle) and time.time() < deadline:
        array, schema = ArrowArray(), ArrowSchema()
        rows = lib.gregor_stream_poll(handle, 200, ctypes.byref(array), ctypes.byref(schema))
        if rows < 0:
            result["poll_error"] = (lib.gregor_stream_last_error(handle) or b"").decode()
            break
        batch = imported(array, schema)
        result.setdefault("released_after_import", array.release is None or not bool(array.release))
        schema_seen = batch.schema
        if batch.num_rows:
            batches.append(batch)

    table = pa.Table.from_batches(batches, schema=schema_seen) if batches else None
    millis = table.column("timestamp").cast(pa.int64()).to_pylist() if table is not None else []
    result["rows"] = [
        {"topic": row["topic"], "partition": row["partition"], "offset": row["offset"], "timestamp": millis[i],
         "key": text(row["key"]), "value": text(row["value"])}
        for i, row in enumerate(table.to_pylist() if table is not None else [])
    ]
    result["schema"] = str(schema_seen)

    state_array, state_schema = ArrowArray(), ArrowSchema()
    partitions = lib.gregor_stream_partition_state(handle, ctypes.byref(state_array), ctypes.byref(state_schema))
    states = imported(state_array, state_schema)
    result["partition_count"] = partitions
    result["states"] = states.to_pylist()
    for row in result["states"]:
        stamp = row.get("last_consumed_timestamp")
        row["last_consumed_timestamp"] = None if stamp is None else int(stamp.timestamp() * 1000)

    from kafkars import MESSAGE_SCHEMA, PARTITION_STATE_SCHEMA
    result["message_schema_equal"] = pa.schema([schema_seen.field(n) for n in MESSAGE_SCHEMA.names]).equals(MESSAGE_SCHEMA)
    result["state_schema_equal"] = pa.schema([states.schema.field(n) for n in PARTITION_STATE_SCHEMA.names]).equals(PARTITION_STATE_SCHEMA)

    result["is_live"] = lib.gregor_stream_is_live(handle)
    result["held"] = lib.gregor_stream_held_count(handle)
    result["paused"] = lib.gregor_stream_paused_count(handle)
    watermark = ctypes.c_int64(0)
    result["watermark"] = watermark.value if lib.gregor_stream_watermark(handle, ctypes.byref(watermark)) == 1 else None
    lib.gregor_stream_close(handle)
    # The batches stay valid after close: their buffers belong to the exports.
    result["rows_after_close"] = sum(batch.num_rows for batch in batches)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
