/// Whether and when to retry a failed operation, as a pure function of the error and the attempt.
struct RetryDecision: Sendable, Equatable {
    /// Which metadata to invalidate before retrying.
    enum Invalidation: Sendable, Equatable {
        /// Nothing: the metadata is not suspect.
        case none
        /// One topic (the error names it).
        case topic(String)
        /// All of it (the topic is unknown, or a connection broke).
        case all
    }

    /// Retry after `delay`, invalidating `invalidation` first; `nil` delay: give up.
    var delay: Duration?
    /// What metadata to invalidate (also when giving up, so the next call starts fresh).
    var invalidation: Invalidation

    /// The decision for `error` after `attempt` (0-based) failed attempts, allowing `maxAttempts`
    /// in total and ending at `deadline` (if any); `random` in 0..<1 draws the backoff jitter.
    static func decide(
        error: KafkaError, attempt: Int, maxAttempts: Int, backoff: KafkaBackoff,
        now: ContinuousClock.Instant, deadline: ContinuousClock.Instant?, random: Double
    ) -> RetryDecision {
        let invalidation = invalidation(for: error)
        guard error.isRetriable, attempt + 1 < maxAttempts else { return RetryDecision(delay: nil, invalidation: invalidation) }
        let delay = backoff.delay(attempt: attempt, random: random)
        if let deadline, now + delay >= deadline { return RetryDecision(delay: nil, invalidation: invalidation) }
        return RetryDecision(delay: delay, invalidation: invalidation)
    }

    /// Errors that mean the cached leaders or topic list are out of date.
    static func invalidation(for error: KafkaError) -> Invalidation {
        switch error.kind {
        case .connectionClosed, .connectionFailed, .unknownTopicOrPartition:
            return error.topic.map { .topic($0) } ?? .all
        case .broker(let code):
            let metadataCodes: Set<Int16> = [
                KafkaErrorCode.notLeaderOrFollower.code, KafkaErrorCode.unknownTopicOrPartition.code,
                KafkaErrorCode.leaderNotAvailable.code, KafkaErrorCode.fencedLeaderEpoch.code,
                KafkaErrorCode.unknownLeaderEpoch.code, KafkaErrorCode.notController.code,
                KafkaErrorCode.unknownTopicId.code, KafkaErrorCode.brokerNotAvailable.code,
            ]
            guard metadataCodes.contains(code.code) else { return .none }
            return error.topic.map { .topic($0) } ?? .all
        default:
            return .none
        }
    }
}
