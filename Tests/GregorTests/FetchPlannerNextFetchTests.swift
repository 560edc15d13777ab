import Gregor
import NIOCore
import Testing

/// `FetchPlanner.nextFetch(node:lane:now:)`: the request a connection sends next as soon as its
/// answer completes, which must be exactly what the planning loop would have sent there.
@Suite struct FetchPlannerNextFetchTests {
    typealias F = FetchFixtures
    let t0 = FetchFixtures.t0

    @Test func aCompletedConnectionFetchesNextFromTheNewPositionsAndIsInFlightAgain() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1])
        let first = try #require(planner.nextActions(now: t0).fetches.first)
        let response = F.response(["t": [F.partitionData(0, records: try F.batch(baseOffset: 0, count: 3), highWatermark: 3), F.partitionData(1)]])
        var outcome = planner.receive(response, for: first, version: 12, now: t0)
        for index in outcome.deliveries.indices { _ = try F.decodeAll(&outcome.deliveries[index]) }
        // Before completion the connection is busy.
        #expect(planner.nextFetch(node: 1, lane: 0, now: t0) == nil)
        _ = planner.complete(first, deliveries: outcome.deliveries, now: t0)
        let taken = planner.nextFetch(node: 1, lane: 0, now: t0)
        let next = try #require(taken)
        #expect(next.nodeId == 1 && next.lane == 0)
        #expect(Dictionary(uniqueKeysWithValues: next.entries.map { ($0.id, $0.fetchOffset) }) == [F.id("t", 0): 3, F.id("t", 1): 0])
        // Taken: neither the planning loop nor a second call sends it again.
        #expect(planner.nextActions(now: t0).fetches.isEmpty)
        #expect(planner.nextFetch(node: 1, lane: 0, now: t0) == nil)
    }

    @Test func successiveNextFetchesRotateWhichPartitionComesFirst() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1, F.id("t", 2): 1])
        var plan = try #require(planner.nextActions(now: t0).fetches.first)
        var firsts: Set<FetchPartitionID> = []
        for _ in 0..<3 {
            firsts.insert(plan.entries[0].id)
            _ = planner.complete(plan, deliveries: [], now: t0)
            let taken = planner.nextFetch(node: 1, lane: 0, now: t0)
            plan = try #require(taken)
        }
        #expect(firsts.count == 3)
    }

    @Test func onlyTheConnectionsOwnPartitionsThatAreDueGoIntoIt() throws {
        var configuration = F.configuration()
        configuration.connectionsPerBroker = 2
        var planner = F.readyPlanner(
            [F.id("t", 0): 1, F.id("t", 1): 1, F.id("t", 2): 1, F.id("t", 3): 1, F.id("u", 0): 2], configuration: configuration)
        let first = planner.nextActions(now: t0).fetches
        let lane0 = try #require(first.first { $0.nodeId == 1 && $0.lane == 0 })
        let lane1 = try #require(first.first { $0.nodeId == 1 && $0.lane == 1 })
        // Partition 2 backs off after a retriable error; partition 0 is paused meanwhile.
        _ = planner.receive(F.response(["t": [F.partitionData(0), F.partitionData(2, error: .unknownLeaderEpoch)]]), for: lane0, version: 12, now: t0)
        _ = planner.complete(lane0, deliveries: [], now: t0)
        planner.pause(F.id("t", 0))
        #expect(planner.nextFetch(node: 1, lane: 0, now: t0) == nil)
        // Node 2's first request is still in flight.
        #expect(planner.nextFetch(node: 2, lane: 0, now: t0) == nil)
        // Lane 1 completes: its own partitions only, not lane 0's due one.
        _ = planner.complete(lane1, deliveries: [], now: t0)
        let later = t0 + .seconds(1)
        let takenOnLane1 = planner.nextFetch(node: 1, lane: 1, now: later)
        let onLane1 = try #require(takenOnLane1)
        #expect(Set(onLane1.entries.map(\.id)) == [F.id("t", 1), F.id("t", 3)])
        // After the backoff, partition 2 is due again on lane 0, alone (0 stays paused).
        let taken = planner.nextFetch(node: 1, lane: 0, now: later)
        let retried = try #require(taken)
        #expect(retried.entries.map(\.id) == [F.id("t", 2)])
        #expect(planner.state(of: F.id("t", 2))?.status != .backingOff)
        // A connection with nothing assigned to it has nothing due.
        #expect(planner.nextFetch(node: 3, lane: 0, now: later) == nil)
    }
}
