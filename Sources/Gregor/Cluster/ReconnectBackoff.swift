/// When a broker may be dialled again after failed connection attempts, as a pure value.
///
/// Each consecutive failure to reach a key (a node, a bootstrap address) doubles the wait before the
/// next attempt (`KafkaBackoff`, with jitter), up to its maximum; a success resets it.
struct ReconnectBackoff<Key: Hashable & Sendable>: Sendable {
    private struct Entry: Sendable {
        var failures: Int
        var notBefore: ContinuousClock.Instant
    }

    private let policy: KafkaBackoff
    private var entries: [Key: Entry] = [:]

    /// Tracks attempts with `policy`.
    init(policy: KafkaBackoff) {
        self.policy = policy
    }

    /// How long to wait before dialling `key` at `now` (zero when it may be dialled now).
    func delay(for key: Key, now: ContinuousClock.Instant) -> Duration {
        guard let entry = entries[key], entry.notBefore > now else { return .zero }
        return entry.notBefore - now
    }

    /// Consecutive failures recorded for `key`.
    func failures(for key: Key) -> Int {
        entries[key]?.failures ?? 0
    }

    /// Records a failed attempt at `now`; `random` in 0..<1 draws the jitter. Returns the delay
    /// before the next attempt.
    @discardableResult
    mutating func recordFailure(_ key: Key, now: ContinuousClock.Instant, random: Double) -> Duration {
        let failures = (entries[key]?.failures ?? 0) + 1
        let wait = policy.delay(attempt: failures - 1, random: random)
        entries[key] = Entry(failures: failures, notBefore: now + wait)
        return wait
    }

    /// Records a successful connection: the next failure starts from the initial delay again.
    mutating func recordSuccess(_ key: Key) {
        entries[key] = nil
    }
}
