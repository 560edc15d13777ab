import Foundation

/// Runs blocking or long CPU-bound work on its own thread, so that it never holds one of the
/// cooperative pool's threads (two on a 2-core CI machine) that concurrent async tests need.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

/// Runs non-throwing blocking work on its own thread.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}
