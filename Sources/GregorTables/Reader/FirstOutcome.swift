import Synchronization

/// Runs `body` but answers `fallback` after `timeout` if `body` has not answered by then, even when
/// `body` is stuck in I/O that ignores cancellation (it is cancelled and left to finish alone).
func outcome<T: Sendable>(of body: @escaping @Sendable () async -> T, within timeout: Duration, otherwise fallback: T) async -> T {
    await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
        let race = FirstOutcomeRace(continuation)
        race.start(
            Task { race.finish(await body()) },
            Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { race.finish(fallback) }
            })
    }
}

/// Resumes a continuation with the first of two tasks' answers and cancels the other.
private final class FirstOutcomeRace<T: Sendable>: Sendable {
    private let continuation: CheckedContinuation<T, Never>
    private let state = Mutex<(finished: Bool, tasks: [Task<Void, Never>])>((false, []))

    init(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation = continuation
    }

    /// Keeps the racing tasks (cancelled at once when one already finished).
    func start(_ tasks: Task<Void, Never>...) {
        let finished = state.withLock { state -> Bool in
            state.tasks = tasks
            return state.finished
        }
        if finished { for task in tasks { task.cancel() } }
    }

    /// The first call resumes the continuation and cancels the tasks; later calls do nothing.
    func finish(_ value: T) {
        let tasks = state.withLock { state -> [Task<Void, Never>]? in
            guard !state.finished else { return nil }
            state.finished = true
            return state.tasks
        }
        guard let tasks else { return }
        for task in tasks { task.cancel() }
        continuation.resume(returning: value)
    }
}
