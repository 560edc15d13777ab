#ifndef GREGOR_BUFFER_POOL_H
#define GREGOR_BUFFER_POOL_H

#include <stddef.h>
#include <stdint.h>

/// Memory for the client's connection buffers (the functions of a NIO `ByteBufferAllocator`).
///
/// Requests under `GREGOR_POOL_MAPPED_MINIMUM` bytes come from `malloc`. Larger ones (a Fetch
/// answer's frame) are mapped on their own with `mmap`, so that they never sit in a thread's
/// malloc arena, where glibc keeps freed memory at the top of the arena for good. A freed mapping
/// is kept for reuse by the next buffer of the same size; kept mappings are unmapped by
/// `gregor_pool_release_cached`, and any kept for over `GREGOR_POOL_KEEP_NANOSECONDS` are
/// unmapped by the next allocation. Every function is thread-safe.
///
/// The `gregor_pool_*` functions work on the process's pool; the `*_in` ones on a pool made by
/// `gregor_pool_create`, at a given time (for tests).

/// The smallest request that gets a mapping of its own.
#define GREGOR_POOL_MAPPED_MINIMUM ((size_t)512 * 1024)
/// At most this many mappings, and this many bytes, are kept for reuse.
#define GREGOR_POOL_MAX_KEPT 8
#define GREGOR_POOL_MAX_KEPT_BYTES ((size_t)128 * 1024 * 1024)
/// How long a kept mapping waits for reuse.
#define GREGOR_POOL_KEEP_NANOSECONDS ((int64_t)1000000000)

/// `size` bytes, 16-byte aligned; NULL only when the system has no memory left.
void *_Nullable gregor_pool_allocate(size_t size);
/// `pointer` (from this pool, or NULL) grown or shrunk to `new_size` bytes, its first
/// `min(old_size, new_size)` bytes kept.
void *_Nullable gregor_pool_reallocate(void *_Nullable pointer, size_t old_size, size_t new_size);
/// Frees `pointer` (from this pool).
void gregor_pool_deallocate(void *_Nonnull pointer);
/// Copies `count` bytes.
void gregor_pool_copy(void *_Nonnull destination, const void *_Nonnull source, size_t count);
/// Unmaps every mapping kept for reuse; returns the bytes given back.
size_t gregor_pool_release_cached(void);
/// The bytes of the mappings kept for reuse now.
size_t gregor_pool_cached_bytes(void);
/// The bytes of the mappings in use now (not counting the kept ones).
size_t gregor_pool_mapped_bytes_in_use(void);

/// A pool of its own (for tests); `NULL` when out of memory.
typedef struct gregor_pool gregor_pool_t;
gregor_pool_t *_Nullable gregor_pool_create(void);
/// Releases the kept mappings and frees `pool` (its blocks must all be freed first).
void gregor_pool_destroy(gregor_pool_t *_Nonnull pool);
void *_Nullable gregor_pool_allocate_in(gregor_pool_t *_Nonnull pool, size_t size, int64_t now);
void *_Nullable gregor_pool_reallocate_in(
    gregor_pool_t *_Nonnull pool, void *_Nullable pointer, size_t old_size, size_t new_size, int64_t now);
void gregor_pool_deallocate_in(gregor_pool_t *_Nonnull pool, void *_Nonnull pointer, int64_t now);
size_t gregor_pool_release_cached_in(gregor_pool_t *_Nonnull pool);
size_t gregor_pool_cached_bytes_in(gregor_pool_t *_Nonnull pool);
size_t gregor_pool_cached_count_in(gregor_pool_t *_Nonnull pool);
size_t gregor_pool_mapped_bytes_in_use_in(gregor_pool_t *_Nonnull pool);
/// Whether `pointer` (from a pool) has a mapping of its own rather than a `malloc` block.
int gregor_pool_is_mapped(const void *_Nonnull pointer);

#endif
