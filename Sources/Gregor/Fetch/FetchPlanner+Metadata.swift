extension FetchPlanner {
    /// Takes fresh metadata: topic ids and leaders. A partition the metadata does not report
    /// counts as unknown (bounded by `unknownTopicRetryLimit`); one without an elected leader waits.
    public mutating func applyMetadata(_ metadata: FetchMetadataSnapshot, now: ContinuousClock.Instant) -> [FetchEvent] {
        metadataInFlight = false
        metadataFailures = 0
        metadataRetryAt = nil
        var events: [FetchEvent] = []
        for id in entries.keys.sorted() {
            guard var entry = entries[id] else { continue }
            if let topicId = metadata.topicIds[id.topic], topicId != .zero { entry.state.topicId = topicId }
            guard let leader = metadata.leaders[id] else {
                entry.state.leader = nil
                entries[id] = entry
                guard entry.failure == nil else { continue }
                let error = KafkaError(
                    .unknownTopicOrPartition, "metadata does not list \(id)", topic: id.topic, partition: id.partition)
                if let event = unknownTopic(id, error: error, now: now) { events.append(event) }
                continue
            }
            entry.state.leader = leader.nodeId >= 0 ? leader.nodeId : nil
            entry.state.leaderEpoch = leader.epoch
            entries[id] = entry
        }
        // Leaders still unknown ask for metadata again after the retry backoff.
        if entries.values.contains(where: { $0.failure == nil && $0.state.leader == nil }) {
            metadataWanted = true
            metadataRetryAt = now.advanced(by: backoffDelay(attempts: 1))
        }
        return events
    }

    /// Takes metadata the caller has just read, as `applyMetadata` takes a refresh's answer: it
    /// also answers the refresh that assignments of partitions with unknown leaders asked for
    /// (asked again when some leader is still unknown). A refresh already in flight stays so.
    public mutating func seedMetadata(_ metadata: FetchMetadataSnapshot, now: ContinuousClock.Instant) -> [FetchEvent] {
        let refreshInFlight = metadataInFlight
        metadataWanted = false
        let events = applyMetadata(metadata, now: now)
        metadataInFlight = refreshInFlight
        return events
    }

    /// A metadata refresh failed (no broker reachable, …): try again after a growing backoff.
    public mutating func metadataFailed(now: ContinuousClock.Instant) {
        metadataInFlight = false
        metadataWanted = true
        metadataFailures += 1
        metadataRetryAt = now.advanced(by: backoffDelay(attempts: metadataFailures))
    }
}
