extension KafkaCluster {
    /// Runs `operation`, retrying retriable `KafkaError`s with `configuration.retryBackoff`
    /// (exponential, with jitter) up to `maxAttempts` attempts in total and, when given, within
    /// `timeout`. Metadata is invalidated first when the error says it is stale
    /// (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, a broken connection, …); put the
    /// topic in the thrown `KafkaError` to invalidate only that topic.
    ///
    /// `operation` gets the attempt number (0-based). The last error is rethrown; errors that are
    /// not `KafkaError`s are rethrown at once. Cancellation ends the wait with `.shutDown`.
    public func withRetries<T>(
        maxAttempts: Int = 5,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ operation: (_ attempt: Int) async throws -> T
    ) async throws -> T {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var attempt = 0
        while true {
            do {
                return try await operation(attempt)
            } catch let error as KafkaError {
                let decision = RetryDecision.decide(
                    error: error, attempt: attempt, maxAttempts: maxAttempts, backoff: configuration.retryBackoff,
                    now: .now, deadline: deadline, random: Double.random(in: 0..<1))
                switch decision.invalidation {
                case .none: break
                case .topic(let topic): await invalidateMetadata(topic: topic)
                case .all: await invalidateMetadata(topic: nil)
                }
                guard let delay = decision.delay, await !isShutDown else { throw error }
                logger.debug("retrying after \(delay) (attempt \(attempt + 1) of \(maxAttempts)): \(error)")
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw KafkaError(.shutDown, "cancelled while waiting to retry: \(error)")
                }
                attempt += 1
            }
        }
    }
}
