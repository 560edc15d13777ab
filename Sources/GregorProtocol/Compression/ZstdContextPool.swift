import CZstd
import Synchronization

/// A few reusable zstd decompression contexts. Creating a context allocates and initialises
/// well over 100 KiB, which costs noticeably when batches are small; contexts are reset
/// between uses, so reuse does not carry state from one input to the next.
enum ZstdContextPool {
    /// Contexts kept for reuse at most; more concurrent decoders simply create their own.
    private static let capacity = 8
    private static let idle = Mutex<[IdleContext]>([])

    /// A context handed between threads through the pool; only one owner uses it at a time.
    private struct IdleContext: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Runs `body` with a context that is reset and owned by the caller for the duration.
    static func withContext<T>(
        _ body: (OpaquePointer) throws(KafkaDecodingError) -> T
    ) throws(KafkaDecodingError) -> T {
        let pooled = idle.withLock { $0.popLast()?.pointer }
        guard let context = pooled ?? ZSTD_createDCtx() else {
            throw .decompressionFailed(codec: ZstdCodec.name, reason: "cannot create a zstd context")
        }
        defer { giveBack(context) }
        return try body(context)
    }

    private static func giveBack(_ context: OpaquePointer) {
        // A context that cannot be reset (it never should fail) is not reused.
        guard ZSTD_isError(ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters)) == 0 else {
            ZSTD_freeDCtx(context)
            return
        }
        let handed = IdleContext(pointer: context)
        let kept = idle.withLock { contexts in
            guard contexts.count < capacity else { return false }
            contexts.append(handed)
            return true
        }
        if !kept {
            ZSTD_freeDCtx(context)
        }
    }
}
