#ifndef GREGOR_MEMORY_H
#define GREGOR_MEMORY_H

/// Returns the C heap's free pages to the operating system (glibc's malloc_trim(0)); does
/// nothing on other C libraries. Returns 1 when memory was released, 0 otherwise.
int gregor_release_free_heap(void);

#endif
