extension FetchPlanner {
    /// Takes the ListOffsets answer to `plan`: resolved partitions get their position (and a
    /// `positionReset` event); errors back off or fail like Fetch errors.
    public mutating func receive(
        _ response: ListOffsetsResponse, for plan: ListOffsetsPlan, now: ContinuousClock.Instant
    ) -> [FetchEvent] {
        listOffsetsNodesInFlight.remove(plan.nodeId)
        var byKey: [PartitionKey: ListOffsetsResponse.ListOffsetsPartitionResponse] = [:]
        for topic in response.topics {
            for partition in topic.partitions {
                byKey[.name(topic.name, partition.partitionIndex)] = partition
            }
        }
        var events: [FetchEvent] = []
        for planned in plan.entries {
            guard let entry = entries[planned.id], entry.generation == planned.generation, entry.pendingStart != nil
            else { continue }
            entries[planned.id]?.listOffsetsInFlight = false
            guard let answer = byKey[.name(planned.id.topic, planned.id.partition)] else { continue }
            if answer.errorCode != 0 {
                if let event = apply(errorCode: KafkaErrorCode.lookup(answer.errorCode), to: planned.id, broker: plan.nodeId, now: now) {
                    events.append(event)
                }
                continue
            }
            if answer.offset < 0 {
                if planned.timestamp >= 0 {
                    // No record at or after the timestamp: start at the end of the log.
                    entries[planned.id]?.pendingStart = .latest
                } else {
                    let error = KafkaError(
                        .protocolViolation, "ListOffsets answered offset \(answer.offset) for timestamp \(planned.timestamp)",
                        broker: "node \(plan.nodeId)", topic: planned.id.topic, partition: planned.id.partition)
                    backOff(planned.id, error: error, forgetLeader: false, now: now)
                }
                continue
            }
            let from = entry.resetFrom
            entries[planned.id]?.pendingStart = nil
            entries[planned.id]?.resetFrom = nil
            entries[planned.id]?.state.position = answer.offset
            entries[planned.id]?.state.retryAttempts = 0
            entries[planned.id]?.state.lastError = nil
            events.append(.positionReset(planned.id, from: from, to: answer.offset))
        }
        return events
    }

    /// The ListOffsets request of `plan` failed as a whole: its partitions back off.
    public mutating func listOffsetsFailed(_ plan: ListOffsetsPlan, error: KafkaError, now: ContinuousClock.Instant) {
        listOffsetsNodesInFlight.remove(plan.nodeId)
        for planned in plan.entries where entries[planned.id]?.generation == planned.generation {
            entries[planned.id]?.listOffsetsInFlight = false
            backOff(planned.id, error: error, forgetLeader: false, now: now)
        }
        metadataWanted = true
    }
}
