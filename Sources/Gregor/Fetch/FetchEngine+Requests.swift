import Logging

extension FetchEngine {
    /// Sends the planned Fetch, then each next one the planner has for the same connection when
    /// an answer completes (`FetchPlanner.nextFetch(node:lane:now:)`), until none is due.
    nonisolated func performFetch(_ first: FetchRequestPlan) async {
        var next: FetchRequestPlan? = first
        while let plan = next {
            guard !Task.isCancelled else {
                // Stopping: the plan was marked in flight, so it is handed back unsent.
                await abandoned(plan)
                return
            }
            next = await performOneFetch(plan)
        }
    }

    /// Sends one planned Fetch, feeds the answer to the planner, hands the deliveries to the
    /// handler (off the actor: decoding runs concurrently per leader), then completes the plan;
    /// returns the connection's next Fetch if one is due now.
    private nonisolated func performOneFetch(_ plan: FetchRequestPlan) async -> FetchRequestPlan? {
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
            return nil
        }
        guard var outcome = await received(response, for: plan, version: version) else { return nil }
        for (partition, code) in outcome.retried.sorted(by: { $0.key < $1.key }) {
            logger.warning("partition error, retrying after backoff", metadata: ["kafka.partition": "\(partition)", "kafka.error": "\(code.name)"])
        }
        for event in outcome.events { await handler.handle(event) }
        // Each delivery leaves this task as it goes to the handler, and only its outcome stays
        // (`withoutRecords`): the task lets go of the response's buffer while it waits for the
        // handler or the actor, instead of holding it until the plan completes.
        var deliveries = outcome.deliveries
        outcome.deliveries = []
        deliveries.reverse()
        var handled: [FetchedRecords] = []
        handled.reserveCapacity(deliveries.count)
        while var delivery = deliveries.popLast() {
            await handler.handle(&delivery)
            if let summary = delivery.summary { recordsIn.increment(by: summary.recordCount) }
            handled.append(delivery.withoutRecords())
        }
        let (events, next) = await completed(plan, deliveries: handled)
        for event in events { await handler.handle(event) }
        return next
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

    /// Completes `plan` and takes the next Fetch due on its connection, if any (none once stopped).
    /// The planning loop still wakes, for whatever else the answer made due.
    func completed(_ plan: FetchRequestPlan, deliveries: [FetchedRecords]) -> (events: [FetchEvent], next: FetchRequestPlan?) {
        defer { wake() }
        let now = ContinuousClock.now
        let events = planner.complete(plan, deliveries: deliveries, now: now)
        guard !isStopped else { return (events, nil) }
        return (events, planner.nextFetch(node: plan.nodeId, lane: plan.lane, now: now))
    }

    /// Frees a plan that was taken but will not be sent (the engine is stopping).
    func abandoned(_ plan: FetchRequestPlan) {
        _ = planner.complete(plan, deliveries: [], now: .now)
        wake()
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
