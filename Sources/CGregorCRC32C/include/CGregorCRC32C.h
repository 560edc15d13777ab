#ifndef CGREGOR_CRC32C_H
#define CGREGOR_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli) of `length` bytes, continuing from `crc` (pass 0 to start).
/// Chaining is transparent: crc(a ++ b) == gregor_crc32c_extend(gregor_crc32c_extend(0, a), b).
uint32_t gregor_crc32c_extend(uint32_t crc, const void *data, size_t length);

/// CRC-32C with the portable (table-driven) implementation only; for tests and comparison.
uint32_t gregor_crc32c_extend_portable(uint32_t crc, const void *data, size_t length);

/// 1 when the SSE4.2 path is used on this CPU, 0 when the portable fallback is.
int gregor_crc32c_uses_hardware(void);

#endif
