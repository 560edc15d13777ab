import Gregor
import GregorProtocol

extension TableReader {
    /// What the fetch engine reports besides records.
    func handle(_ event: FetchEvent, epoch: UInt64) async {
        switch event {
        case .positionReset(let id, let from, let to):
            if let from, to < from {
                // The broker's log is behind our position: the topic was deleted and created again.
                await rebuild(reason: "partition \(id.partition) restarted at offset \(to), below the position \(from)")
                return
            }
            let waiters = state.withLock { state -> [TableWaiter] in
                guard state.epoch == epoch, state.status.isReading else { return [] }
                // An empty or truncated partition reaches its end without a record to apply.
                if to > state.positions[id.partition] ?? -1 { state.positions[id.partition] = to }
                return state.waits.reached(by: state.positions)
            }
            for waiter in waiters { waiter.resume(true) }
        case .partitionFailed(_, let error):
            guard state.withLock({ $0.epoch == epoch }) else { return }
            fail(error)
        }
    }

    /// Every `metadataRefreshInterval`: picks up partitions added to the topic, and rebuilds the
    /// table when the topic was deleted and created again (its topic id changed).
    func maintain() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.metadataRefreshInterval)
            } catch {
                return
            }
            guard status.isReading, let cluster = io.withLock({ $0.cluster }) else { return }
            do {
                let metadata = try await describeTopic(cluster, refresh: true)
                try await follow(metadata, cluster: cluster)
            } catch let error as KafkaError where error.isRetriable || error.kind == .unknownTopicOrPartition {
                logger.debug("metadata refresh failed, will retry: \(error)")
            } catch {
                logger.warning("metadata refresh failed: \(error)")
            }
        }
    }

    /// Reacts to fresh metadata of the topic.
    func follow(_ metadata: TopicMetadata, cluster: KafkaCluster) async throws {
        let (knownId, known) = state.withLock { ($0.topicId, $0.partitions) }
        let added: [Int32]
        switch TopicChangeDecision.decide(knownTopicId: knownId, knownPartitions: known, metadata: metadata) {
        case .none: return
        case .rebuild(let reason):
            await rebuild(reason: reason)
            return
        case .readAddedPartitions(let partitions): added = partitions
        }
        guard let engine = io.withLock({ $0.engine }) else { return }
        logger.info("the topic grew; reading the new partitions from the beginning", metadata: ["kafka.partitions": "\(added)"])
        state.withLock { $0.partitions.formUnion(added) }
        await engine.assign(Dictionary(uniqueKeysWithValues: added.map { (FetchPartitionID(topic: topic, partition: $0), FetchStartOffset.earliest) }))
    }

    /// The topic was deleted and created again: forget everything, replay the new topic.
    func rebuild(reason: String) async {
        guard let cluster = io.withLock({ $0.cluster }), let admin = io.withLock({ $0.admin }) else { return }
        let started = ContinuousClock.now
        let rebuilding = state.withLock { state -> Bool in
            guard state.status.isReading else { return false }
            state.epoch &+= 1  // from now on the old engine's answers are ignored
            state.store?.removeAll()
            state.status = .loading
            return true
        }
        guard rebuilding else { return }
        logger.warning("the topic was deleted and created again (\(reason)); rebuilding the table from the new topic")
        do {
            let metadata = try await cluster.metadata(topics: [topic], refresh: true)
            let topicMetadata = try topicMetadata(in: metadata)
            let partitions = Array(topicMetadata.partitions.keys)
            let targets = try await endOffsets(admin, partitions: partitions)
            try startEngine(cluster: cluster, topicId: topicMetadata.topicId, partitions: partitions, leaders: FetchMetadataSnapshot(metadata))
            catchUpInBackground(to: targets, started: started)
        } catch {
            fail(TableReader.kafkaError(error, topic: topic))
        }
    }

    /// The topic's metadata; throws `.unknownTopicOrPartition` when it does not exist or has no
    /// partitions, and the topic's own error (say, authorization) when the broker reports one.
    func describeTopic(_ cluster: KafkaCluster, refresh: Bool) async throws -> TopicMetadata {
        try topicMetadata(in: await cluster.metadata(topics: [topic], refresh: refresh))
    }

    /// The topic's part of `metadata`, with `describeTopic`'s checks.
    func topicMetadata(in metadata: ClusterMetadata) throws -> TopicMetadata {
        guard let topicMetadata = metadata.topics[topic] else {
            throw KafkaError(.unknownTopicOrPartition, "the topic does not exist", topic: topic)
        }
        if let error = topicMetadata.error { throw error }
        guard !topicMetadata.partitions.isEmpty else {
            throw KafkaError(.unknownTopicOrPartition, "the topic has no partitions", topic: topic)
        }
        return topicMetadata
    }
}
