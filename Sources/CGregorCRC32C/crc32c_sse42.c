#if defined(__x86_64__)

#include <nmmintrin.h>
#include <string.h>

#include "crc32c_tables.h"

// The crc32 instruction has a latency of 3 cycles but a throughput of 1 per cycle, so one
// dependent chain runs at a third of the possible speed. Each round therefore runs three
// independent chains over three adjacent segments of equal length, then folds them together:
// advancing a register over n zero bytes is linear, so
//   crc(A ++ B) = advance(crc(A), |B|) XOR crc_from_zero(B),
// and the advance is four table lookups (see gregor_crc32c_shift_*).

#define SSE42 __attribute__((target("sse4.2")))

static inline uint32_t shift(const uint32_t table[4][256], uint32_t state) {
    return table[0][state & 0xFF] ^ table[1][(state >> 8) & 0xFF]
         ^ table[2][(state >> 16) & 0xFF] ^ table[3][state >> 24];
}

static inline uint64_t load64(const uint8_t *p) {
    uint64_t word;
    memcpy(&word, p, 8);
    return word;
}

/// One round of three chains over `3 * segment` bytes starting at `p`.
SSE42 static inline uint32_t three_streams(uint32_t state, const uint8_t *p, size_t segment,
                                           const uint32_t table[4][256]) {
    uint64_t crc0 = state, crc1 = 0, crc2 = 0;
    const uint8_t *end = p + segment;
    do {
        crc0 = _mm_crc32_u64(crc0, load64(p));
        crc1 = _mm_crc32_u64(crc1, load64(p + segment));
        crc2 = _mm_crc32_u64(crc2, load64(p + 2 * segment));
        crc0 = _mm_crc32_u64(crc0, load64(p + 8));
        crc1 = _mm_crc32_u64(crc1, load64(p + segment + 8));
        crc2 = _mm_crc32_u64(crc2, load64(p + 2 * segment + 8));
        p += 16;
    } while (p < end);
    uint32_t folded = shift(table, (uint32_t)crc0) ^ (uint32_t)crc1;
    return shift(table, folded) ^ (uint32_t)crc2;
}

SSE42 uint32_t gregor_crc32c_update_sse42(uint32_t state, const uint8_t *p, size_t length) {
    uint64_t crc = state;
    while (length > 0 && ((uintptr_t)p & 7) != 0) {
        crc = _mm_crc32_u8((uint32_t)crc, *p++);
        length--;
    }
    while (length >= 3 * GREGOR_CRC32C_LONG) {
        crc = three_streams((uint32_t)crc, p, GREGOR_CRC32C_LONG, gregor_crc32c_shift_long);
        p += 3 * GREGOR_CRC32C_LONG;
        length -= 3 * GREGOR_CRC32C_LONG;
    }
    while (length >= 3 * GREGOR_CRC32C_SHORT) {
        crc = three_streams((uint32_t)crc, p, GREGOR_CRC32C_SHORT, gregor_crc32c_shift_short);
        p += 3 * GREGOR_CRC32C_SHORT;
        length -= 3 * GREGOR_CRC32C_SHORT;
    }
    while (length >= 3 * GREGOR_CRC32C_TINY) {
        crc = three_streams((uint32_t)crc, p, GREGOR_CRC32C_TINY, gregor_crc32c_shift_tiny);
        p += 3 * GREGOR_CRC32C_TINY;
        length -= 3 * GREGOR_CRC32C_TINY;
    }
    while (length >= 8) {
        crc = _mm_crc32_u64(crc, load64(p));
        p += 8;
        length -= 8;
    }
    while (length > 0) {
        crc = _mm_crc32_u8((uint32_t)crc, *p++);
        length--;
    }
    return (uint32_t)crc;
}

#endif
