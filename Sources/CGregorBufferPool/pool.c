#define _GNU_SOURCE
#include "CGregorBufferPool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

// Each block starts with a 16-byte header; the caller gets the bytes after it (so 16-byte
// aligned). `mapped` is the mapping's length, 0 for a block from malloc.
typedef struct {
    size_t mapped;
    size_t unused;
} header_t;

#define HEADER_SIZE sizeof(header_t)

typedef struct {
    void *base;
    size_t length;
    int64_t kept_at;
} kept_t;

struct gregor_pool {
    pthread_mutex_t lock;
    kept_t kept[GREGOR_POOL_MAX_KEPT];
    size_t kept_count;
    size_t kept_bytes;
    // kept_count, readable without the lock (a hint: checked again under it).
    atomic_size_t kept_count_hint;
    atomic_size_t mapped_in_use;
};

static gregor_pool_t process_pool = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int64_t now_nanoseconds(void) {
    struct timespec time;
#ifdef CLOCK_MONOTONIC_COARSE
    clock_gettime(CLOCK_MONOTONIC_COARSE, &time);
#else
    clock_gettime(CLOCK_MONOTONIC, &time);
#endif
    return (int64_t)time.tv_sec * 1000000000LL + time.tv_nsec;
}

// The mapping length for `size` bytes after the header, or 0 on overflow.
static size_t mapping_length(size_t size) {
    long value = sysconf(_SC_PAGESIZE);
    size_t page = value > 0 ? (size_t)value : 4096;
    if (size > SIZE_MAX - HEADER_SIZE - page) return 0;
    return (size + HEADER_SIZE + page - 1) / page * page;
}

static header_t *header_of(const void *pointer) {
    return (header_t *)((char *)pointer - HEADER_SIZE);
}

static void *malloc_block(size_t size) {
    if (size > SIZE_MAX - HEADER_SIZE) return NULL;
    header_t *header = malloc(size + HEADER_SIZE);
    if (header == NULL) return NULL;
    header->mapped = 0;
    return (char *)header + HEADER_SIZE;
}

// Unmaps kept mappings kept longer than GREGOR_POOL_KEEP_NANOSECONDS (all of them when `all`).
// Called locked.
static size_t drop_kept_locked(gregor_pool_t *pool, int all, int64_t now) {
    size_t released = 0;
    size_t index = 0;
    while (index < pool->kept_count) {
        kept_t entry = pool->kept[index];
        if (all || now - entry.kept_at > GREGOR_POOL_KEEP_NANOSECONDS) {
            munmap(entry.base, entry.length);
            released += entry.length;
            pool->kept_bytes -= entry.length;
            pool->kept[index] = pool->kept[--pool->kept_count];
        } else {
            index += 1;
        }
    }
    atomic_store_explicit(&pool->kept_count_hint, pool->kept_count, memory_order_relaxed);
    return released;
}

// A kept mapping of exactly `length` bytes, or NULL. Called locked.
static void *take_kept_locked(gregor_pool_t *pool, size_t length) {
    for (size_t index = 0; index < pool->kept_count; index++) {
        if (pool->kept[index].length == length) {
            void *base = pool->kept[index].base;
            pool->kept_bytes -= length;
            pool->kept[index] = pool->kept[--pool->kept_count];
            atomic_store_explicit(&pool->kept_count_hint, pool->kept_count, memory_order_relaxed);
            return base;
        }
    }
    return NULL;
}

static void *mapped_block(gregor_pool_t *pool, size_t size, int64_t now) {
    size_t length = mapping_length(size);
    if (length == 0) return NULL;
    pthread_mutex_lock(&pool->lock);
    drop_kept_locked(pool, 0, now);
    void *base = take_kept_locked(pool, length);
    pthread_mutex_unlock(&pool->lock);
    if (base == NULL) {
        base = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) return malloc_block(size);
    }
    atomic_fetch_add_explicit(&pool->mapped_in_use, length, memory_order_relaxed);
    header_t *header = base;
    header->mapped = length;
    return (char *)base + HEADER_SIZE;
}

static void release_mapping(gregor_pool_t *pool, void *base, size_t length, int64_t now) {
    atomic_fetch_sub_explicit(&pool->mapped_in_use, length, memory_order_relaxed);
    pthread_mutex_lock(&pool->lock);
    drop_kept_locked(pool, 0, now);
    if (pool->kept_count < GREGOR_POOL_MAX_KEPT && pool->kept_bytes + length <= GREGOR_POOL_MAX_KEPT_BYTES) {
        pool->kept[pool->kept_count++] = (kept_t){ .base = base, .length = length, .kept_at = now };
        pool->kept_bytes += length;
        atomic_store_explicit(&pool->kept_count_hint, pool->kept_count, memory_order_relaxed);
        base = NULL;
    }
    pthread_mutex_unlock(&pool->lock);
    if (base != NULL) munmap(base, length);
}

void *_Nullable gregor_pool_allocate_in(gregor_pool_t *_Nonnull pool, size_t size, int64_t now) {
    if (size >= GREGOR_POOL_MAPPED_MINIMUM) return mapped_block(pool, size, now);
    // Kept mappings nobody reused in time go back to the system on the next allocation: a
    // connection allocates a read buffer at least once per long-poll.
    if (atomic_load_explicit(&pool->kept_count_hint, memory_order_relaxed) > 0) {
        pthread_mutex_lock(&pool->lock);
        drop_kept_locked(pool, 0, now);
        pthread_mutex_unlock(&pool->lock);
    }
    return malloc_block(size);
}

void gregor_pool_deallocate_in(gregor_pool_t *_Nonnull pool, void *_Nonnull pointer, int64_t now) {
    header_t *header = header_of(pointer);
    if (header->mapped == 0) {
        free(header);
    } else {
        release_mapping(pool, header, header->mapped, now);
    }
}

void *_Nullable gregor_pool_reallocate_in(
    gregor_pool_t *_Nonnull pool, void *_Nullable pointer, size_t old_size, size_t new_size, int64_t now) {
    if (pointer == NULL) return gregor_pool_allocate_in(pool, new_size, now);
    size_t kept_size = old_size < new_size ? old_size : new_size;
    header_t *header = header_of(pointer);
    if (header->mapped == 0) {
        if (new_size < GREGOR_POOL_MAPPED_MINIMUM) {
            if (new_size > SIZE_MAX - HEADER_SIZE) return NULL;
            header_t *grown = realloc(header, new_size + HEADER_SIZE);
            return grown == NULL ? NULL : (char *)grown + HEADER_SIZE;
        }
        void *moved = mapped_block(pool, new_size, now);
        if (moved == NULL) return NULL;
        memcpy(moved, pointer, kept_size);
        free(header);
        return moved;
    }
    size_t length = mapping_length(new_size);
    if (length == 0) return NULL;
    if (length <= header->mapped) return pointer;
    size_t old_length = header->mapped;
#ifdef MREMAP_MAYMOVE
    // The kernel moves the pages: nothing is copied.
    void *base = mremap(header, old_length, length, MREMAP_MAYMOVE);
#else
    void *base = MAP_FAILED;
#endif
    if (base == MAP_FAILED) {
        void *moved = mapped_block(pool, new_size, now);
        if (moved == NULL) return NULL;
        memcpy(moved, pointer, kept_size);
        gregor_pool_deallocate_in(pool, pointer, now);
        return moved;
    }
    atomic_fetch_add_explicit(&pool->mapped_in_use, length - old_length, memory_order_relaxed);
    ((header_t *)base)->mapped = length;
    return (char *)base + HEADER_SIZE;
}

size_t gregor_pool_release_cached_in(gregor_pool_t *_Nonnull pool) {
    pthread_mutex_lock(&pool->lock);
    size_t released = drop_kept_locked(pool, 1, 0);
    pthread_mutex_unlock(&pool->lock);
    return released;
}

size_t gregor_pool_cached_bytes_in(gregor_pool_t *_Nonnull pool) {
    pthread_mutex_lock(&pool->lock);
    size_t bytes = pool->kept_bytes;
    pthread_mutex_unlock(&pool->lock);
    return bytes;
}

size_t gregor_pool_cached_count_in(gregor_pool_t *_Nonnull pool) {
    pthread_mutex_lock(&pool->lock);
    size_t count = pool->kept_count;
    pthread_mutex_unlock(&pool->lock);
    return count;
}

size_t gregor_pool_mapped_bytes_in_use_in(gregor_pool_t *_Nonnull pool) {
    return atomic_load_explicit(&pool->mapped_in_use, memory_order_relaxed);
}

int gregor_pool_is_mapped(const void *_Nonnull pointer) {
    return header_of(pointer)->mapped != 0;
}

gregor_pool_t *_Nullable gregor_pool_create(void) {
    gregor_pool_t *pool = calloc(1, sizeof(gregor_pool_t));
    if (pool == NULL) return NULL;
    pthread_mutex_init(&pool->lock, NULL);
    return pool;
}

void gregor_pool_destroy(gregor_pool_t *_Nonnull pool) {
    gregor_pool_release_cached_in(pool);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

// The process's pool, at the current time.

void *_Nullable gregor_pool_allocate(size_t size) {
    return gregor_pool_allocate_in(&process_pool, size, now_nanoseconds());
}

void *_Nullable gregor_pool_reallocate(void *_Nullable pointer, size_t old_size, size_t new_size) {
    return gregor_pool_reallocate_in(&process_pool, pointer, old_size, new_size, now_nanoseconds());
}

void gregor_pool_deallocate(void *_Nonnull pointer) {
    gregor_pool_deallocate_in(&process_pool, pointer, now_nanoseconds());
}

void gregor_pool_copy(void *_Nonnull destination, const void *_Nonnull source, size_t count) {
    memcpy(destination, source, count);
}

size_t gregor_pool_release_cached(void) {
    return gregor_pool_release_cached_in(&process_pool);
}

size_t gregor_pool_cached_bytes(void) {
    return gregor_pool_cached_bytes_in(&process_pool);
}

size_t gregor_pool_mapped_bytes_in_use(void) {
    return gregor_pool_mapped_bytes_in_use_in(&process_pool);
}
