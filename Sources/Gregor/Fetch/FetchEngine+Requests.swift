import Logging

extension FetchEngine {
    /// Sends one planned Fetch, feeds the answer to the planner, hands the deliveries to the
    /// handler (off the actor: decoding runs concurrently per leader), then completes the plan.
    nonisolated func performFetch(_ plan: FetchRequestPlan) async {
        let response: FetchResponse
        let version: Int16
        do {
            let negotiated = try await transport.fetchVersion(node: plan.nodeId, lane: plan.lane)
            version = plan.version(negotiated: negotiated)
            fetchesSent.increment()
            response = try await transport.fetch(
                plan.makeRequest(version: version), version: version, node: plan.nodeId, lane: plan.lane,
                extraTimeout: plan.configuration.maxWait)
        } catch {
            await fetchFailed(plan, error: Self.kafkaError(error, node: plan.nodeId))
            return
        }
        guard let outcome = await received(response, for: plan, version: version) else { return }
        for (partition, code) in outcome.retried.sorted(by: { $0.key < $1.key }) {
            logger.warning("partition error, retrying after backoff", metadata: ["kafka.partition": "\(partition)", "kafka.error": "\(code.name)"])
        }
        for event in outcome.events { await handler.handle(event) }
        var handled: [FetchedRecords] = []
        handled.reserveCapacity(outcome.deliveries.count)
        for var delivery in outcome.deliveries {
            await handler.handle(&delivery)
            if let summary = delivery.summary { recordsIn.increment(by: summary.recordCount) }
            handled.append(delivery)
        }
        let events = await completed(plan, deliveries: handled)
        for event in events { await handler.handle(event) }
    }

    /// Sends one planned ListOffsets and feeds the answer to the planner.
    nonisolated func performListOffsets(_ plan: ListOffsetsPlan) async {
        let events: [FetchEvent]
        do {
            let response = try await transport.listOffsets(plan.makeRequest(), node: plan.nodeId)
            events = await receivedOffsets(response, for: plan)
        } catch {
            await listOffsetsFailed(plan, error: Self.kafkaError(error, node: plan.nodeId))
            return
        }
        for event in events { await handler.handle(event) }
    }

    /// Refreshes metadata for `topics` and feeds it to the planner.
    nonisolated func refreshMetadata(topics: [String]) async {
        let events: [FetchEvent]
        do {
            let metadata = try await transport.metadata(topics: topics)
            events = await receivedMetadata(metadata)
        } catch {
            await metadataFailed(error: Self.kafkaError(error, node: nil))
            return
        }
        for event in events { await handler.handle(event) }
    }

    // MARK: - Planner inputs (on the actor)

    func received(_ response: FetchResponse, for plan: FetchRequestPlan, version: Int16) -> FetchResponseOutcome? {
        guard !isStopped else { return nil }
        defer { wake() }
        return planner.receive(response, for: plan, version: version, now: .now)
    }

    func completed(_ plan: FetchRequestPlan, deliveries: [FetchedRecords]) -> [FetchEvent] {
        defer { wake() }
        return planner.complete(plan, deliveries: deliveries, now: .now)
    }

    func fetchFailed(_ plan: FetchRequestPlan, error: KafkaError) {
        if !isStopped {
            logger.warning("fetch failed, retrying after backoff", metadata: ["kafka.broker": "\(plan.nodeId)", "error": "\(error)"])
        }
        planner.fetchFailed(plan, error: error, now: .now)
        wake()
    }

    func receivedOffsets(_ response: ListOffsetsResponse, for plan: ListOffsetsPlan) -> [FetchEvent] {
        defer { wake() }
        return planner.receive(response, for: plan, now: .now)
    }

    func listOffsetsFailed(_ plan: ListOffsetsPlan, error: KafkaError) {
        logger.debug("list offsets failed", metadata: ["kafka.broker": "\(plan.nodeId)", "error": "\(error)"])
        planner.listOffsetsFailed(plan, error: error, now: .now)
        wake()
    }

    func receivedMetadata(_ metadata: FetchMetadataSnapshot) -> [FetchEvent] {
        defer { wake() }
        return planner.applyMetadata(metadata, now: .now)
    }

    func metadataFailed(error: KafkaError) {
        logger.debug("metadata refresh failed", metadata: ["error": "\(error)"])
        planner.metadataFailed(now: .now)
        wake()
    }

    /// `error` as a `KafkaError` (transports throw `KafkaError`; anything else is a connection failure).
    nonisolated static func kafkaError(_ error: any Error, node: Int32?) -> KafkaError {
        if let error = error as? KafkaError { return error }
        if error is CancellationError { return KafkaError(.shutDown, "the request was cancelled") }
        return KafkaError(.connectionFailed, "\(error)", broker: node.map { "node \($0)" })
    }
}
