#include "CGregorCRC32C.h"

// Placeholder portable implementation (bitwise); replaced by the table-driven and SSE4.2 versions.
uint32_t gregor_crc32c_extend_portable(uint32_t crc, const void *data, size_t length) {
    const uint8_t *p = (const uint8_t *)data;
    crc = ~crc;
    for (size_t i = 0; i < length; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
    }
    return ~crc;
}

uint32_t gregor_crc32c_extend(uint32_t crc, const void *data, size_t length) {
    return gregor_crc32c_extend_portable(crc, data, length);
}

int gregor_crc32c_uses_hardware(void) { return 0; }
