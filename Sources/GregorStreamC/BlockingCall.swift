import Dispatch
import Synchronization

/// Runs async work to completion from a C caller's thread (never a Swift concurrency thread):
/// starts a task and blocks the calling thread until it finishes.
func blockingCall<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) -> Result<Value, any Error> {
    let outcome = Mutex<Result<Value, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let result: Result<Value, any Error>
        do { result = .success(try await work()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return outcome.withLock { $0 } ?? .failure(CancellationError())
}
