import Gregor
#if canImport(Glibc)
import Glibc
#endif

/// The process allocator's free memory.
enum FreedMemory {
    #if canImport(Glibc)
    /// glibc's `malloc_trim` (not in Swift's `Glibc` module), looked up once; `nil` under another C
    /// library.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
    #endif

    /// Hands the free memory back to the operating system: the connections' large buffers kept
    /// for reuse (`KafkaBufferPool`), then what the allocator keeps (glibc: `malloc_trim(0)`).
    static func releaseToSystem() {
        KafkaBufferPool.releaseCached()
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }
}
