import NIOCore

/// What the planner made of one Fetch answer before decoding.
public struct FetchResponseOutcome: Sendable {
    /// Partitions with data (or just new watermarks) to hand to the handler, then back to
    /// `FetchPlanner.complete(_:deliveries:now:)`.
    public var deliveries: [FetchedRecords] = []
    /// Resets and failures caused by partition errors.
    public var events: [FetchEvent] = []
    /// Partitions whose retriable error put them into backoff (fetched again later).
    public var retried: [FetchPartitionID: KafkaErrorCode] = [:]
}

extension FetchPlanner {
    /// Takes the Fetch answer to `plan`, sent at `version`. Partition errors are applied here
    /// (backoff, metadata refresh, out-of-range policy, failure); partitions without error become
    /// deliveries. Partitions of the plan missing from the answer are fetched again next time.
    /// The plan's connection to the leader stays busy until `complete` is called.
    public mutating func receive(
        _ response: FetchResponse, for plan: FetchRequestPlan, version: Int16, now: ContinuousClock.Instant
    ) -> FetchResponseOutcome {
        var outcome = FetchResponseOutcome()
        var byKey: [PartitionKey: FetchResponse.PartitionData] = [:]
        for topic in response.responses {
            for partition in topic.partitions {
                let key = version >= 13
                    ? PartitionKey.id(topic.topicId, partition.partitionIndex)
                    : PartitionKey.name(topic.topic, partition.partitionIndex)
                byKey[key] = partition
            }
        }
        let topLevelError = response.errorCode != 0 ? KafkaErrorCode.lookup(response.errorCode) : nil
        for planned in plan.entries {
            guard let entry = entries[planned.id], entry.generation == planned.generation,
                entry.state.position == planned.fetchOffset
            else { continue }
            if let topLevelError {
                entries[planned.id]?.fetchInFlight = false
                if let event = apply(errorCode: topLevelError, to: planned.id, broker: plan.nodeId, now: now) {
                    outcome.events.append(event)
                } else {
                    outcome.retried[planned.id] = topLevelError
                }
                continue
            }
            let key = version >= 13
                ? PartitionKey.id(planned.topicId, planned.id.partition)
                : PartitionKey.name(planned.id.topic, planned.id.partition)
            guard let data = byKey[key] else {
                entries[planned.id]?.fetchInFlight = false
                continue
            }
            if data.errorCode != 0 {
                entries[planned.id]?.fetchInFlight = false
                let code = KafkaErrorCode.lookup(data.errorCode)
                if code.code == KafkaErrorCode.offsetOutOfRange.code {
                    if let event = outOfRange(planned.id, position: planned.fetchOffset, broker: plan.nodeId) {
                        outcome.events.append(event)
                    }
                } else if let event = apply(errorCode: code, to: planned.id, broker: plan.nodeId, now: now) {
                    outcome.events.append(event)
                } else {
                    outcome.retried[planned.id] = code
                }
                continue
            }
            var options = RecordBatchDecodingOptions(
                verifyCRC: configuration.verifyCRC, maxDecompressedBatchSize: configuration.maxDecompressedBatchSize)
            if configuration.isolationLevel == .readCommitted {
                options.abortedTransactions = (data.abortedTransactions ?? []).map {
                    AbortedTransaction(producerId: $0.producerId, firstOffset: $0.firstOffset)
                }
            }
            // No records: an empty buffer of its own rather than an empty slice, which would keep
            // the whole response alive as long as the delivery.
            let records = data.records.flatMap { $0.readableBytes > 0 ? $0 : nil } ?? ByteBuffer()
            outcome.deliveries.append(FetchedRecords(
                partition: planned.id, fetchOffset: planned.fetchOffset, records: records,
                highWatermark: data.highWatermark, lastStableOffset: data.lastStableOffset,
                logStartOffset: data.logStartOffset, options: options, generation: planned.generation))
        }
        return outcome
    }

    /// Takes the handled deliveries of `plan` and frees its connection to the leader: positions advance to each
    /// delivery's `nextPosition`, watermarks are updated, and a decoding error fails its partition.
    public mutating func complete(
        _ plan: FetchRequestPlan, deliveries: [FetchedRecords], now: ContinuousClock.Instant
    ) -> [FetchEvent] {
        fetchLanesInFlight.remove(FetchLane(plan))
        var events: [FetchEvent] = []
        for delivery in deliveries {
            guard var entry = entries[delivery.partition], entry.generation == delivery.generation,
                entry.state.position == delivery.fetchOffset
            else { continue }
            entry.fetchInFlight = false
            entry.state.highWatermark = delivery.highWatermark
            entry.state.lastStableOffset = delivery.lastStableOffset
            if delivery.logStartOffset >= 0 { entry.state.logStartOffset = delivery.logStartOffset }
            entry.state.lastFetchTime = now
            entry.state.position = delivery.nextPosition
            entry.state.retryAttempts = 0
            entry.state.lastError = nil
            entry.unknownCount = 0
            entries[delivery.partition] = entry
            if let decodingError = delivery.decodingError {
                let error = KafkaError.undecodableRecords(delivery.partition, decodingError, broker: "node \(plan.nodeId)")
                if let event = fail(delivery.partition, error: error) { events.append(event) }
            }
        }
        // Partitions of the plan that were neither delivered nor failed are free again.
        for planned in plan.entries where entries[planned.id]?.generation == planned.generation {
            entries[planned.id]?.fetchInFlight = false
        }
        return events
    }

    /// The Fetch request of `plan` failed as a whole (connection lost, timeout): its partitions
    /// back off and metadata is refreshed (the broker may be gone for good).
    public mutating func fetchFailed(_ plan: FetchRequestPlan, error: KafkaError, now: ContinuousClock.Instant) {
        fetchLanesInFlight.remove(FetchLane(plan))
        for planned in plan.entries where entries[planned.id]?.generation == planned.generation {
            entries[planned.id]?.fetchInFlight = false
            backOff(planned.id, error: error, forgetLeader: false, now: now)
        }
        metadataWanted = true
    }

    /// Applies the out-of-range policy to `id`.
    mutating func outOfRange(_ id: FetchPartitionID, position: Int64, broker: Int32) -> FetchEvent? {
        switch configuration.offsetResetPolicy {
        case .earliest, .latest:
            let start: FetchStartOffset = configuration.offsetResetPolicy == .earliest ? .earliest : .latest
            entries[id]?.pendingStart = start
            entries[id]?.state.position = nil
            entries[id]?.resetFrom = position
            return nil
        case .fail:
            let error = KafkaError(
                .broker(.offsetOutOfRange), "offset \(position) is out of range", broker: "node \(broker)",
                topic: id.topic, partition: id.partition)
            return fail(id, error: error)
        }
    }
}

/// How a partition is named in an answer: by topic name (Fetch v12 and older) or id (v13+).
enum PartitionKey: Hashable {
    case name(String, Int32)
    case id(KafkaUUID, Int32)
}
