// CArrowDataInterface is a header-only target; SwiftPM needs one source file to build it.
#include "CArrowDataInterface.h"
