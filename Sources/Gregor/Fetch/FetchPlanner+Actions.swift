extension FetchPlanner {
    /// What to do now: metadata to refresh, ListOffsets and Fetch requests to send (each marked in
    /// flight until its answer or failure is fed back), and when to ask again.
    ///
    /// A partition is fetched when it has a position and a leader, is not paused, failed, backing
    /// off or already in a request, and its connection to the leader (its lane, see
    /// `FetchConfiguration.connectionsPerBroker`) has no Fetch in flight.
    public mutating func nextActions(now: ContinuousClock.Instant) -> FetchActions {
        var actions = FetchActions()
        var wakeUp: ContinuousClock.Instant?
        func noteDeadline(_ instant: ContinuousClock.Instant) {
            wakeUp = wakeUp.map { min($0, instant) } ?? instant
        }

        var fetchGroups: [FetchLane: [FetchRequestPlan.Entry]] = [:]
        var offsetGroups: [Int32: [ListOffsetsPlan.Entry]] = [:]
        for id in entries.keys.sorted() {
            guard var entry = entries[id], entry.failure == nil else { continue }
            if let retryAt = entry.retryAt {
                if retryAt > now {
                    noteDeadline(retryAt)
                    continue
                }
                entry.retryAt = nil
                entries[id] = entry
            }
            guard let leader = entry.state.leader else {
                metadataWanted = true
                continue
            }
            if let start = entry.pendingStart, let timestamp = start.listOffsetsTimestamp {
                guard !entry.listOffsetsInFlight, !listOffsetsNodesInFlight.contains(leader) else { continue }
                offsetGroups[leader, default: []].append(ListOffsetsPlan.Entry(
                    id: id, timestamp: timestamp, leaderEpoch: entry.state.leaderEpoch, generation: entry.generation))
                continue
            }
            let lane = FetchLane(node: leader, partition: id, lanes: configuration.connectionsPerBroker)
            guard let position = entry.state.position, !entry.state.isPaused, !entry.fetchInFlight,
                !fetchLanesInFlight.contains(lane)
            else { continue }
            fetchGroups[lane, default: []].append(FetchRequestPlan.Entry(
                id: id, topicId: entry.state.topicId, fetchOffset: position, leaderEpoch: entry.state.leaderEpoch,
                generation: entry.generation))
        }

        for node in offsetGroups.keys.sorted() {
            guard let group = offsetGroups[node] else { continue }
            for entry in group { entries[entry.id]?.listOffsetsInFlight = true }
            listOffsetsNodesInFlight.insert(node)
            actions.listOffsets.append(ListOffsetsPlan(nodeId: node, entries: group, isolationLevel: configuration.isolationLevel))
        }
        if !fetchGroups.isEmpty { rotation &+= 1 }
        for lane in fetchGroups.keys.sorted(by: { ($0.node, $0.lane) < ($1.node, $1.lane) }) {
            guard var group = fetchGroups[lane] else { continue }
            let shift = Int(UInt(bitPattern: rotation) % UInt(group.count))
            group = Array(group[shift...] + group[..<shift])
            for entry in group { entries[entry.id]?.fetchInFlight = true }
            fetchLanesInFlight.insert(lane)
            actions.fetches.append(FetchRequestPlan(nodeId: lane.node, lane: lane.lane, entries: group, configuration: configuration))
        }

        if metadataWanted && !metadataInFlight && !entries.isEmpty {
            if let retryAt = metadataRetryAt, retryAt > now {
                noteDeadline(retryAt)
            } else {
                metadataInFlight = true
                metadataWanted = false
                actions.refreshMetadata = Array(Set(entries.keys.map(\.topic))).sorted()
            }
        }
        actions.wakeUp = wakeUp
        return actions
    }
}
