import Foundation
import Gregor
import GregorProtocol

extension KafkaStream {
    /// Looks up each partition's replay range (ListOffsets: the start by policy, the end = the
    /// high watermark now) and starts fetching. Throws `.unknownTopicOrPartition` for a topic that
    /// does not exist or has no partitions (or a subset naming a missing partition),
    /// `.invalidConfiguration` for an explicit offset past the end, `.invalidState` when called
    /// twice or after `close()`, and connection errors when no broker answers.
    public func start() async throws {
        try shared.withLock { shared throws(KafkaError) in
            guard case .unstarted = shared.status else {
                throw KafkaError(.invalidState, "the stream was already started or closed")
            }
            shared.status = .starting
        }
        let cluster = KafkaCluster(configuration: client, logger: logger)
        let admin = KafkaAdmin(cluster: cluster)
        io.withLock { io in
            io.cluster = cluster
            io.admin = admin
        }
        do {
            let ranges = try await replayRanges(cluster: cluster, admin: admin)
            try launch(cluster: cluster, ranges: ranges)
        } catch {
            shared.withLock { $0.status = .closed }
            await shutDownIO()
            throw error
        }
        let progress = self.progress
        logger.info(
            "stream started",
            metadata: ["kafka.partitions": "\(progress?.partitions ?? 0)", "kafka.offsets_to_replay": "\(progress?.replayOffsetsTotal ?? 0)"])
    }

    /// Stops fetching and closes the connections. Waiting and later polls throw `.shutDown`;
    /// sequences end. The partition states stay readable. Does not wait for a Fetch the broker
    /// is holding in its long poll.
    public func close() async {
        let waiters = shared.withLock { shared -> [CheckedContinuation<Void, Never>] in
            shared.status = .closed
            return shared.wakeAll()
        }
        for waiter in waiters { waiter.resume() }
        await shutDownIO()
    }

    /// Metadata, the start plan, the ListOffsets lookups, the ranges.
    private func replayRanges(cluster: KafkaCluster, admin: KafkaAdmin) async throws -> [StreamPartition: ReplayRange] {
        let names = configuration.topics.map(\.name)
        let metadata = try await cluster.metadata(topics: names, refresh: true)
        var partitionsByTopic: [String: [Int32]] = [:]
        for name in names {
            guard let topic = metadata.topics[name] else { continue }
            if let error = topic.error {
                if error.kind == .broker(.unknownTopicOrPartition) { continue }
                throw error
            }
            partitionsByTopic[name] = topic.partitions.keys.sorted()
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let plan = try StreamStartPlan.make(topics: configuration.topics, partitionsByTopic: partitionsByTopic, now: now)
        let isolation = configuration.fetch.isolationLevel
        let ends = try await offsets(admin, Dictionary(uniqueKeysWithValues: plan.starts.keys.map { ($0, OffsetSpec.latest) }), isolation)
        var earliestSpecs: [StreamPartition: OffsetSpec] = [:]
        var timestampSpecs: [StreamPartition: OffsetSpec] = [:]
        for (partition, lookup) in plan.starts {
            switch lookup {
            case .earliest: earliestSpecs[partition] = .earliest
            case .timestamp(let milliseconds): timestampSpecs[partition] = .timestamp(milliseconds)
            case .end, .offset: break
            }
        }
        let earliest = try await offsets(admin, earliestSpecs, isolation)
        let byTimestamp = try await offsets(admin, timestampSpecs, isolation)
        return try plan.ranges(
            ends: ends.compactMapValues(\.offset), earliest: earliest.compactMapValues(\.offset), byTimestamp: byTimestamp.mapValues(\.offset))
    }

    /// ListOffsets for `specs` (nothing sent when empty); throws the first partition's error.
    private func offsets(_ admin: KafkaAdmin, _ specs: [StreamPartition: OffsetSpec], _ isolation: FetchIsolationLevel) async throws -> [StreamPartition: ListedOffset] {
        guard !specs.isEmpty else { return [:] }
        var keyed: [KafkaTopicPartition: OffsetSpec] = [:]
        for (partition, spec) in specs { keyed[KafkaTopicPartition(topic: partition.topic, partition: partition.partition)] = spec }
        let answers = try await admin.listOffsets(keyed, isolationLevel: isolation).get()
        var result: [StreamPartition: ListedOffset] = [:]
        for (key, value) in answers { result[StreamPartition(topic: key.topic, partition: key.partition)] = value }
        return result
    }

    /// Makes the core and the fetch engine, assigns every partition at its replay start, runs it.
    private func launch(cluster: KafkaCluster, ranges: [StreamPartition: ReplayRange]) throws(KafkaError) {
        let configuration = self.configuration
        let share = StreamCore.share(budget: configuration.memoryBudget, partitions: ranges.count)
        try shared.withLock { shared throws(KafkaError) in
            guard case .starting = shared.status else { throw KafkaError(.shutDown, "the stream was closed while starting") }
            shared.core = StreamCore(ranges: ranges, configuration: configuration)
            shared.status = .running
        }
        var fetch = configuration.fetch
        // One answer may add at most a quarter of a partition's share, a response at most the budget.
        fetch.partitionMaxBytes = min(fetch.partitionMaxBytes, Int32(clamping: StreamCore.partitionFetchBytes(share: share)))
        fetch.maxBytes = min(fetch.maxBytes, Int32(clamping: configuration.memoryBudget))
        let engine = FetchEngine(
            transport: KafkaClusterFetchTransport(cluster: cluster), configuration: fetch, handler: StreamFetchHandler(stream: self),
            logger: logger)
        let starts = Dictionary(uniqueKeysWithValues: ranges.map { ($0.key, FetchStartOffset.offset($0.value.start)) })
        // The engine is in `io` before it runs, so that a `close()` racing this start stops it
        // (a stopped engine's `run()` returns at once).
        io.withLock { $0.engine = engine }
        let task = Task { [weak self] in
            await engine.assign(starts)
            do {
                try await engine.run()
            } catch {
                self?.fail(error as? KafkaError ?? KafkaError(.invalidState, "the fetch engine stopped: \(error)"))
            }
        }
        let closed = io.withLock { io -> Bool in
            guard io.engine != nil else { return true }  // shutDownIO already took the engine
            io.task = task
            return false
        }
        if closed { Task { await engine.stop() } }
    }

    /// Stops the engine and closes the connections.
    func shutDownIO() async {
        let io = self.io.withLock { io in
            defer { io = StreamIO() }
            return io
        }
        await io.engine?.stop()
        // A Fetch parked in the broker's long poll would keep the engine running for up to its
        // max wait; closing the connections first ends it at once.
        await io.admin?.shutdown()
        await io.cluster?.shutdown()
        await io.task?.value
    }

    /// A non-retriable error: the next poll throws it; fetching stops.
    func fail(_ error: KafkaError) {
        let waiters = shared.withLock { shared -> [CheckedContinuation<Void, Never>]? in
            guard shared.failure == nil, case .running = shared.status else { return nil }
            shared.failure = error
            return shared.wakeAll()
        }
        guard let waiters else { return }
        logger.error("the stream stopped on an error: \(error)")
        for waiter in waiters { waiter.resume() }
        if let engine = io.withLock({ $0.engine }) { Task { await engine.stop() } }
    }
}
