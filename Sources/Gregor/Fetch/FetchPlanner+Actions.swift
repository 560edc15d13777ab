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
            guard let (lane, planned) = fetchable(id, entry, leader: leader) else { continue }
            fetchGroups[lane, default: []].append(planned)
        }

        for node in offsetGroups.keys.sorted() {
            guard let group = offsetGroups[node] else { continue }
            for entry in group { entries[entry.id]?.listOffsetsInFlight = true }
            listOffsetsNodesInFlight.insert(node)
            actions.listOffsets.append(ListOffsetsPlan(nodeId: node, entries: group, isolationLevel: configuration.isolationLevel))
        }
        if !fetchGroups.isEmpty { rotation &+= 1 }
        for lane in fetchGroups.keys.sorted(by: { ($0.node, $0.lane) < ($1.node, $1.lane) }) {
            guard let group = fetchGroups[lane] else { continue }
            actions.fetches.append(takeFetch(on: lane, group))
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
