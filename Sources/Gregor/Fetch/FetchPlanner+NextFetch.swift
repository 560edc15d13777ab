extension FetchPlanner {
    /// The Fetch to send next on leader `node`'s connection `lane`, if one is due now: the
    /// request `nextActions` would plan for that connection, marked in flight the same way; `nil`
    /// when none is due (nothing to fetch there, every partition paused, backing off or in
    /// flight, or the connection busy).
    ///
    /// The engine asks it when a Fetch completes, so that the task that handled the answer sends
    /// the next request on its connection at once, instead of waking the planning loop and
    /// starting a task for it (two scheduling delays per answer). Everything else — ListOffsets,
    /// metadata, backoff deadlines, other connections — stays with `nextActions`.
    public mutating func nextFetch(node: Int32, lane laneIndex: Int, now: ContinuousClock.Instant) -> FetchRequestPlan? {
        let lane = FetchLane(node: node, lane: laneIndex)
        guard !fetchLanesInFlight.contains(lane) else { return nil }
        var group: [FetchRequestPlan.Entry] = []
        for (id, entry) in entries {
            guard entry.failure == nil, entry.pendingStart?.listOffsetsTimestamp == nil,
                let leader = entry.state.leader, entry.retryAt.map({ $0 <= now }) ?? true,
                let (entryLane, planned) = fetchable(id, entry, leader: leader), entryLane == lane
            else { continue }
            group.append(planned)
        }
        guard !group.isEmpty else { return nil }
        // Only this connection's partitions are sorted, in the order `nextActions` gives them.
        group.sort { $0.id < $1.id }
        rotation &+= 1
        for planned in group { entries[planned.id]?.retryAt = nil }
        return takeFetch(on: lane, group)
    }

    /// The lane and plan entry of partition `id` (led by `leader`) when it can go into a Fetch
    /// now: it has a position, is not paused, not in a Fetch already, and its connection has no
    /// Fetch in flight. Backoff, failures and pending starts are the caller's to check.
    func fetchable(_ id: FetchPartitionID, _ entry: Entry, leader: Int32) -> (FetchLane, FetchRequestPlan.Entry)? {
        let lane = FetchLane(node: leader, partition: id, lanes: configuration.connectionsPerBroker)
        guard let position = entry.state.position, !entry.state.isPaused, !entry.fetchInFlight, !fetchLanesInFlight.contains(lane) else {
            return nil
        }
        return (lane, FetchRequestPlan.Entry(
            id: id, topicId: entry.state.topicId, fetchOffset: position, leaderEpoch: entry.state.leaderEpoch, generation: entry.generation))
    }

    /// The plan of `group` (partitions sorted by id) on `lane`, rotated by `rotation` so that
    /// every partition gets to be first, with its partitions and connection marked in flight.
    mutating func takeFetch(on lane: FetchLane, _ group: [FetchRequestPlan.Entry]) -> FetchRequestPlan {
        let shift = Int(UInt(bitPattern: rotation) % UInt(group.count))
        let rotated = Array(group[shift...] + group[..<shift])
        for entry in rotated { entries[entry.id]?.fetchInFlight = true }
        fetchLanesInFlight.insert(lane)
        return FetchRequestPlan(nodeId: lane.node, lane: lane.lane, entries: rotated, configuration: configuration)
    }
}
