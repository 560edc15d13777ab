/// Where a table is in its life.
///
/// `name` gives a stable snake_case string for logs, metrics and the CLI; it matches ktables'
/// `TableStatus` literals for the five states ktables has (`stopped` is Gregor's own).
public enum TableStatus: Sendable, CustomStringConvertible {
    /// Created, `start()` not called yet.
    case unstarted
    /// Replaying the topic up to the end offsets taken at start.
    case loading
    /// Replay reached the start-time end offsets; following live updates.
    case caughtUp
    /// Catch-up timed out; the table serves what it has and keeps reading.
    case degraded
    /// The reader hit an error it cannot retry; contents are frozen at the last applied record.
    case failed(any Error & Sendable)
    /// `stop()` was called; contents are frozen.
    case stopped

    /// The stable name: `unstarted`, `loading`, `caught_up`, `degraded`, `failed` or `stopped`.
    public var name: String {
        switch self {
        case .unstarted: "unstarted"
        case .loading: "loading"
        case .caughtUp: "caught_up"
        case .degraded: "degraded"
        case .failed: "failed"
        case .stopped: "stopped"
        }
    }

    /// The error that failed the table, if it failed.
    public var failure: (any Error & Sendable)? {
        if case .failed(let error) = self { return error }
        return nil
    }

    /// Whether the contents are complete as of start (`caughtUp`), not counting later staleness.
    public var isCaughtUp: Bool {
        if case .caughtUp = self { return true }
        return false
    }

    /// The name, followed for `failed` by the error.
    public var description: String {
        if case .failed(let error) = self { return "failed: \(error)" }
        return name
    }
}
