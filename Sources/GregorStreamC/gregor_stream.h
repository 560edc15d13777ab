/*
 * Gregor Stream, C ABI (libGregorStreamC): ordered replay of Kafka topics as Arrow record batches.
 *
 * Build: bash scripts/build-c-library.sh (the Swift runtime is linked statically, so any process,
 * for example Python through ctypes, can load the library). Every call blocks the calling thread.
 * Output goes through the Arrow C Data Interface: import with pyarrow's
 * RecordBatch._import_from_c(array_address, schema_address); call the structs' release when done.
 * Call from ordinary threads (never from inside Swift concurrency); a handle may be used from
 * several threads, but gregor_stream_close must be the last call on it.
 */
#ifndef GREGOR_STREAM_H
#define GREGOR_STREAM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ArrowArray;  /* the Arrow C Data Interface structs */
struct ArrowSchema;

typedef struct gregor_stream gregor_stream;

/* Creates and starts a stream from JSON (see Sources/GregorStreamC/CStreamConfiguration.swift):
 * {"bootstrap_servers": "host:9092", "topics": [{"name": "events", "policy": "earliest"}],
 *  "cutoff_ms": ..., "batch_size": 10000, "memory_budget_bytes": ..., "bounded": false}
 * NULL on failure: gregor_stream_last_error(NULL) says why. */
gregor_stream *gregor_stream_new(const char *configuration_json);

/* Waits up to timeout_ms for the next batch, exports it (schema too when not NULL).
 * Returns its rows (0: empty batch) or -1 on error. */
int64_t gregor_stream_poll(gregor_stream *stream, int64_t timeout_ms, struct ArrowArray *array, struct ArrowSchema *schema);

/* Exports the partition states (kafkars' PARTITION_STATE_SCHEMA columns first). Returns the
 * number of partitions or -1. */
int64_t gregor_stream_partition_state(gregor_stream *stream, struct ArrowArray *array, struct ArrowSchema *schema);

int32_t gregor_stream_is_live(gregor_stream *stream);      /* 1 live, 0 replaying, -1 NULL */
int32_t gregor_stream_is_finished(gregor_stream *stream);  /* bounded stream done: 1, else 0 */
int64_t gregor_stream_held_count(gregor_stream *stream);   /* records held, not yet polled */
int64_t gregor_stream_paused_count(gregor_stream *stream); /* partitions paused by the budget */
int32_t gregor_stream_watermark(gregor_stream *stream, int64_t *timestamp_ms); /* 1 set, 0 none */

/* The last error of stream (NULL: of this thread's last failed gregor_stream_new), or NULL.
 * Valid until the next error of the same kind, or until the stream is closed. */
const char *gregor_stream_last_error(gregor_stream *stream);

/* Stops the stream and frees it. Exported arrays stay valid until released. */
void gregor_stream_close(gregor_stream *stream);

#ifdef __cplusplus
}
#endif

#endif
