/// The cached cluster metadata and how fresh each part is, as a pure value.
///
/// Brokers and the controller, the full topic list, and each topic have their own fetch time; an
/// answer comes from the cache only when every part it needs is younger than the maximum age and
/// has not been invalidated. Topics the broker reported with an error are never answered from the
/// cache (a later request may find them created).
struct MetadataCache: Sendable {
    private(set) var snapshot: ClusterMetadata?
    private var clusterFetchedAt: ContinuousClock.Instant?
    private var allTopicsFetchedAt: ContinuousClock.Instant?
    private var topicFetchedAt: [String: ContinuousClock.Instant] = [:]

    /// The cached snapshot when it answers a request for `topics` (`nil`: all) at `now`.
    func answer(for topics: [String]?, now: ContinuousClock.Instant, maxAge: Duration) -> ClusterMetadata? {
        guard let snapshot, let clusterFetchedAt, now - clusterFetchedAt < maxAge else { return nil }
        guard let topics else {
            guard let allTopicsFetchedAt, now - allTopicsFetchedAt < maxAge else { return nil }
            return snapshot
        }
        for topic in topics {
            guard let entry = snapshot.topics[topic], entry.error == nil,
                  let fetchedAt = topicFetchedAt[topic], now - fetchedAt < maxAge else { return nil }
        }
        return snapshot
    }

    /// Stores a fresh answer to a request for `requested` (`nil`: all topics) and returns the
    /// merged snapshot.
    @discardableResult
    mutating func store(_ fresh: ClusterMetadata, requested: [String]?, now: ContinuousClock.Instant) -> ClusterMetadata {
        let merged = snapshot?.merging(fresh, replacingTopics: requested == nil) ?? fresh
        snapshot = merged
        clusterFetchedAt = now
        if requested == nil {
            allTopicsFetchedAt = now
            topicFetchedAt = [:]
        }
        for name in fresh.topics.keys { topicFetchedAt[name] = now }
        return merged
    }

    /// Makes `topic` (`nil`: everything) stale; its next use fetches metadata again.
    mutating func invalidate(topic: String?) {
        if let topic {
            topicFetchedAt[topic] = nil
            allTopicsFetchedAt = nil
        } else {
            clusterFetchedAt = nil
            allTopicsFetchedAt = nil
            topicFetchedAt = [:]
        }
    }

    /// The address of `node` in the cached snapshot.
    func address(of node: Int32) -> KafkaBrokerAddress? {
        snapshot?.brokers[node]
    }
}
