#include "gregor_memory.h"

#if defined(__GLIBC__)
#include <malloc.h>

int gregor_release_free_heap(void) { return malloc_trim(0); }
#else
int gregor_release_free_heap(void) { return 0; }
#endif
