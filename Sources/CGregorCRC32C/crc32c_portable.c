#include <string.h>

#include "crc32c_tables.h"

uint32_t gregor_crc32c_slice[8][256];
uint32_t gregor_crc32c_shift_long[4][256];
uint32_t gregor_crc32c_shift_short[4][256];
uint32_t gregor_crc32c_shift_tiny[4][256];

/// Advances a raw register over `count` zero bytes, one byte at a time (table building only).
static uint32_t advance_over_zeros(uint32_t state, size_t count) {
    for (size_t i = 0; i < count; i++) {
        state = gregor_crc32c_slice[0][state & 0xFF] ^ (state >> 8);
    }
    return state;
}

/// Fills the four byte tables of the linear map "advance over `count` zero bytes".
static void build_shift_tables(uint32_t table[4][256], size_t count) {
    uint32_t basis[32];
    for (int bit = 0; bit < 32; bit++) {
        basis[bit] = advance_over_zeros(1u << bit, count);
    }
    for (int k = 0; k < 4; k++) {
        for (int b = 0; b < 256; b++) {
            uint32_t value = 0;
            for (int bit = 0; bit < 8; bit++) {
                if (b & (1 << bit)) value ^= basis[8 * k + bit];
            }
            table[k][b] = value;
        }
    }
}

void gregor_crc32c_build_tables(void) {
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t crc = b;
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (GREGOR_CRC32C_POLY & (0u - (crc & 1u)));
        gregor_crc32c_slice[0][b] = crc;
    }
    for (int b = 0; b < 256; b++) {
        for (int k = 1; k < 8; k++) {
            uint32_t previous = gregor_crc32c_slice[k - 1][b];
            gregor_crc32c_slice[k][b] = (previous >> 8) ^ gregor_crc32c_slice[0][previous & 0xFF];
        }
    }
    build_shift_tables(gregor_crc32c_shift_long, GREGOR_CRC32C_LONG);
    build_shift_tables(gregor_crc32c_shift_short, GREGOR_CRC32C_SHORT);
    build_shift_tables(gregor_crc32c_shift_tiny, GREGOR_CRC32C_TINY);
}

uint32_t gregor_crc32c_update_portable(uint32_t state, const uint8_t *p, size_t length) {
    const uint32_t (*t)[256] = (const uint32_t (*)[256])gregor_crc32c_slice;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (length > 0 && ((uintptr_t)p & 7) != 0) {
        state = t[0][(state ^ *p++) & 0xFF] ^ (state >> 8);
        length--;
    }
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        word ^= state;
        state = t[7][word & 0xFF] ^ t[6][(word >> 8) & 0xFF] ^ t[5][(word >> 16) & 0xFF]
              ^ t[4][(word >> 24) & 0xFF] ^ t[3][(word >> 32) & 0xFF] ^ t[2][(word >> 40) & 0xFF]
              ^ t[1][(word >> 48) & 0xFF] ^ t[0][word >> 56];
        p += 8;
        length -= 8;
    }
#endif
    while (length > 0) {
        state = t[0][(state ^ *p++) & 0xFF] ^ (state >> 8);
        length--;
    }
    return state;
}
