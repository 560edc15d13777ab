// Shared state of the CRC-32C implementations (private to this target).
#ifndef GREGOR_CRC32C_TABLES_H
#define GREGOR_CRC32C_TABLES_H

#include <stddef.h>
#include <stdint.h>

/// The CRC-32C polynomial 0x1EDC6F41, bit-reflected.
#define GREGOR_CRC32C_POLY 0x82F63B78u

/// Bytes per stream in the hardware path's long, short and tiny three-stream rounds.
#define GREGOR_CRC32C_LONG 8192
#define GREGOR_CRC32C_SHORT 256
#define GREGOR_CRC32C_TINY 64

/// Slicing-by-8 tables: slice[k][b] is the CRC register contribution of byte b followed by k zero bytes.
extern uint32_t gregor_crc32c_slice[8][256];

/// shift_long[k][b] advances the register's byte k (value b) over GREGOR_CRC32C_LONG zero bytes;
/// XOR of the four lookups advances a whole register. Same for shift_short and shift_tiny.
extern uint32_t gregor_crc32c_shift_long[4][256];
extern uint32_t gregor_crc32c_shift_short[4][256];
extern uint32_t gregor_crc32c_shift_tiny[4][256];

/// Builds every table; called once (pthread_once) before any implementation runs.
void gregor_crc32c_build_tables(void);

/// Raw register update without the initial and final inversion.
uint32_t gregor_crc32c_update_portable(uint32_t state, const uint8_t *data, size_t length);

#if defined(__x86_64__)
/// Raw register update with the SSE4.2 crc32 instruction; only call when the CPU has SSE4.2.
uint32_t gregor_crc32c_update_sse42(uint32_t state, const uint8_t *data, size_t length);
#endif

#endif
