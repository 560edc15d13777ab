import Gregor
import GregorProtocol
import Logging

extension TableReader {
    /// Ensures the topic (when configured), takes the end offsets, starts the fetch engine from the
    /// beginning of every partition, and returns once the reader reached those offsets — or after
    /// `catchUpTimeout`, with status `degraded` (the reader goes on and turns `caughtUp` later).
    ///
    /// Throws `.invalidState` when called twice; a failure to start (no such topic, no access) is
    /// thrown and also leaves the status `failed`.
    func start() async throws {
        let started = ContinuousClock.now
        try state.withLock { state throws(KafkaError) in
            guard case .unstarted = state.status else {
                throw KafkaError(.invalidState, "the table of \(topic) was already started", topic: topic)
            }
            state.status = .loading
        }
        let cluster = KafkaCluster(configuration: configuration.client, logger: logger)
        let admin = KafkaAdmin(cluster: cluster)
        io.withLock { io in
            io.cluster = cluster
            io.admin = admin
        }
        let targets: OffsetTargets
        do {
            if configuration.ensureTopic {
                let outcome = try await TopicEnsurer(admin: admin, logger: logger).ensure(topic: topic, settings: configuration.topicSettings)
                state.withLock { $0.ensureOutcome = outcome }
            }
            let metadata = try await cluster.metadata(topics: [topic], refresh: false)
            let topicMetadata = try topicMetadata(in: metadata)
            // The engine starts replaying while the end offsets are asked for: their round trip
            // overlaps its own setup (earliest offsets, the data connections). It starts from the
            // leaders just read instead of asking for metadata again.
            try startEngine(
                cluster: cluster, topicId: topicMetadata.topicId, partitions: Array(topicMetadata.partitions.keys),
                leaders: FetchMetadataSnapshot(metadata))
            targets = try await endOffsets(admin, partitions: Array(topicMetadata.partitions.keys))
        } catch {
            let failure = TableReader.kafkaError(error, topic: topic)
            fail(failure)
            await shutDownIO()
            throw failure
        }
        io.withLock { $0.tasks.append(Task { await self.maintain() }) }
        logger.debug("replaying", metadata: ["kafka.records_to_replay": "\(targets.remaining(from: [:]))"])
        let reached = await wait(for: targets, timeout: configuration.catchUpTimeout)
        if reached {
            caughtUp(started: started)
        } else {
            degraded(targets: targets, started: started)
        }
    }

    /// Stops the reader: waits end with false, subscribers finish, contents stay readable.
    func stop() async {
        let (waiters, subscribers) = state.withLock { state in
            if case .stopped = state.status {} else { state.status = .stopped }
            state.epoch &+= 1
            let subscribers = Array(state.subscribers.values)
            state.subscribers.removeAll()
            subscribersChanged(state)
            return (state.waits.removeAll(), subscribers)
        }
        for waiter in waiters { waiter.resume(false) }
        for subscriber in subscribers { subscriber.finish() }
        await shutDownIO()
    }

    /// A non-retriable error: contents freeze, waits end with false, subscribers finish.
    func fail(_ error: KafkaError) {
        let ended: (waiters: [TableWaiter], subscribers: [AsyncStream<Store.Change>.Continuation])? = state.withLock { state in
            guard state.status.isReading || state.status.isUnstarted else { return nil }
            state.status = .failed(error)
            state.epoch &+= 1
            let subscribers = Array(state.subscribers.values)
            state.subscribers.removeAll()
            subscribersChanged(state)
            return (state.waits.removeAll(), subscribers)
        }
        guard let ended else { return }
        logger.error("the table reader stopped on an error; contents are frozen: \(error)")
        for waiter in ended.waiters { waiter.resume(false) }
        for subscriber in ended.subscribers { subscriber.finish() }
        if let engine = io.withLock({ $0.engine }) { Task { await engine.stop() } }
    }

    /// Makes a fetch engine for a new epoch, assigns `partitions` from the beginning, runs it.
    /// `leaders`: metadata just read, which the engine starts from instead of asking again.
    func startEngine(cluster: KafkaCluster, topicId: KafkaUUID, partitions: [Int32], leaders: FetchMetadataSnapshot) throws(KafkaError) {
        let epoch = try state.withLock { state throws(KafkaError) -> UInt64 in
            guard state.status.isReading else { throw KafkaError(.shutDown, "the table of \(topic) is no longer reading", topic: topic) }
            state.epoch &+= 1
            state.topicId = topicId
            state.partitions = Set(partitions)
            state.positions = [:]
            state.lastFetch = [:]
            state.catchUp.expectedRecords = 0
            state.catchUp.estimatedPartitions = []
            return state.epoch
        }
        // Room for one answer of every partition: the engine hands over a response and fetches
        // the next while the apply loop works through it (one more response held in memory).
        let queue = TableApplyQueue<TablePendingWork>(capacity: Swift.max(1, partitions.count))
        let engine = FetchEngine(
            transport: KafkaClusterFetchTransport(cluster: cluster), configuration: configuration.fetch,
            handler: TableFetchHandler(reader: self, epoch: epoch, queue: queue), logger: logger)
        let (previous, previousQueue) = io.withLock { io in
            defer {
                io.engine = engine
                io.applyQueue = queue
            }
            return (io.engine, io.applyQueue)
        }
        // The previous epoch's loop ends (its answers would be ignored anyway).
        previousQueue?.finish()
        let applying = Task { await self.applyLoop(queue) }
        io.withLock { $0.tasks.append(applying) }
        let task = Task {
            if let previous { await previous.stop() }
            await engine.assign(Dictionary(uniqueKeysWithValues: partitions.map { (FetchPartitionID(topic: self.topic, partition: $0), FetchStartOffset.earliest) }))
            await engine.applyMetadata(leaders)
            do {
                try await engine.run()
            } catch {
                self.fail(TableReader.kafkaError(error, topic: self.topic))
            }
        }
        io.withLock { $0.tasks.append(task) }
    }

    /// Stops the engine and the background tasks, closes the connections.
    func shutDownIO() async {
        let io = self.io.withLock { io in
            defer { io = ReaderIO() }
            return io
        }
        for task in io.tasks { task.cancel() }
        io.applyQueue?.finish()
        await io.engine?.stop()
        // A Fetch parked in the broker's long poll would keep the engine running for up to its
        // max wait; closing the connections first ends it at once.
        await io.admin?.shutdown()
        await io.cluster?.shutdown()
        for task in io.tasks { await task.value }
    }

    func caughtUp(started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let records = state.withLock { state -> Int? in
            guard state.status.isReading else { return nil }
            state.store?.recordCatchUp(after: elapsed)
            // Room made ahead for records that turned out to share keys is given back.
            _ = state.store?.withCompactEntries { entries, _ in entries.shrinkIfSparse() }
            state.status = .caughtUp
            return state.catchUp.recordsRead
        }
        guard let records else { return }
        logger.info("caught up", metadata: ["kafka.records": "\(records)", "elapsed": "\(elapsed)"])
        // A replay frees far more than the table keeps (every Fetch answer); without this the
        // allocator holds it resident.
        if configuration.releasesFreedMemoryAfterCatchUp { FreedMemory.releaseToSystem() }
    }

    /// The catch-up timed out: status `degraded` until the reader reaches the targets after all.
    private func degraded(targets: OffsetTargets, started: ContinuousClock.Instant) {
        let remaining = state.withLock { state -> Int64? in
            guard state.status.isReading else { return nil }
            state.status = .degraded
            return targets.remaining(from: state.positions)
        }
        guard let remaining else { return }
        logger.warning("catch-up did not finish within \(configuration.catchUpTimeout); the table is degraded (contents may be partial)",
                       metadata: ["kafka.records_remaining": "\(remaining)"])
        catchUpInBackground(to: targets, started: started)
    }

    /// Turns the status `caughtUp` once the reader reaches `targets` (after a degraded start or a
    /// rebuild); the wait ends with the reader.
    func catchUpInBackground(to targets: OffsetTargets, started: ContinuousClock.Instant) {
        let task = Task {
            if await self.wait(for: targets, timeout: .seconds(365 * 24 * 3600)) { self.caughtUp(started: started) }
        }
        io.withLock { $0.tasks.append(task) }
    }

    /// Any error as a `KafkaError` naming the topic.
    static func kafkaError(_ error: any Error, topic: String) -> KafkaError {
        if var error = error as? KafkaError {
            if error.topic == nil { error.topic = topic }
            return error
        }
        return KafkaError(.protocolViolation, "\(error)", topic: topic)
    }
}
