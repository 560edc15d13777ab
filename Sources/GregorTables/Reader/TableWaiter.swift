/// One caller of `barrier()`, `wait(for:)` or the catch-up, suspended until the reader reaches its
/// targets (true) or gives up (false: timeout, failure, stop).
struct TableWaiter: Sendable {
    /// Resumed exactly once.
    let continuation: CheckedContinuation<Bool, Never>
    /// The timer that gives up; cancelled when the wait ends otherwise.
    var timeout: Task<Void, Never>?

    /// Ends the wait with `outcome`.
    func resume(_ outcome: Bool) {
        timeout?.cancel()
        continuation.resume(returning: outcome)
    }
}
