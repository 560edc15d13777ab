// CGregorPrefetch is header-only (a static inline function); SwiftPM wants one source file.
#include "CGregorPrefetch.h"
