#ifndef GREGOR_PREFETCH_H
#define GREGOR_PREFETCH_H

/// Asks the CPU to bring the cache line at `address` in for a coming write (Swift has no prefetch
/// of its own). A hint only: it never faults, whatever the address.
static inline void gregor_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
