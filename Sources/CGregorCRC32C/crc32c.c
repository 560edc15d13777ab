#include <pthread.h>
#include <stdatomic.h>

#include "CGregorCRC32C.h"
#include "crc32c_tables.h"

typedef uint32_t (*update_fn)(uint32_t state, const uint8_t *data, size_t length);

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static update_fn chosen_update = gregor_crc32c_update_portable;
static int uses_hardware = 0;

static void initialize(void) {
    gregor_crc32c_build_tables();
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse4.2")) {
        chosen_update = gregor_crc32c_update_sse42;
        uses_hardware = 1;
    }
#endif
}

static uint32_t resolve_and_update(uint32_t state, const uint8_t *data, size_t length);

/// The update function in use; starts as the resolver, which picks the implementation once.
static _Atomic(update_fn) current_update = resolve_and_update;

static uint32_t resolve_and_update(uint32_t state, const uint8_t *data, size_t length) {
    pthread_once(&init_once, initialize);
    atomic_store_explicit(&current_update, chosen_update, memory_order_release);
    return chosen_update(state, data, length);
}

uint32_t gregor_crc32c_extend(uint32_t crc, const void *data, size_t length) {
    update_fn update = atomic_load_explicit(&current_update, memory_order_acquire);
    return ~update(~crc, (const uint8_t *)data, length);
}

uint32_t gregor_crc32c_extend_portable(uint32_t crc, const void *data, size_t length) {
    pthread_once(&init_once, initialize);
    return ~gregor_crc32c_update_portable(~crc, (const uint8_t *)data, length);
}

int gregor_crc32c_uses_hardware(void) {
    pthread_once(&init_once, initialize);
    return uses_hardware;
}
