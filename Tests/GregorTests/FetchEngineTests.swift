import GregorTestSupport
import Gregor
import Testing

/// The fetch engine over an in-memory transport (no sockets): loops, delivery, pause/resume,
/// leader moves, node outages, out-of-range resets, stop.
@Suite struct FetchEngineTests {
    typealias F = FetchFixtures

    func configuration(_ change: (inout FetchConfiguration) -> Void = { _ in }) -> FetchConfiguration {
        F.configuration {
            $0.maxWait = .milliseconds(20)
            $0.retryBackoff = KafkaBackoff(initial: .milliseconds(10), maximum: .milliseconds(50), jitter: 0)
            change(&$0)
        }
    }

    /// Runs `body` with a running engine, then stops it and checks that `run()` returned.
    func withEngine(
        _ cluster: InMemoryFetchCluster, _ handler: CollectingFetchHandler, configuration: FetchConfiguration,
        _ body: (FetchEngine) async throws -> Void
    ) async throws {
        let engine = FetchEngine(transport: cluster, configuration: configuration, handler: handler)
        let run = Task { try await engine.run() }
        try await body(engine)
        await engine.stop()
        try await run.value
    }

    @Test func fetchesEveryRecordOfManyPartitionsOnSeveralLeadersExactlyOnce() async throws {
        let cluster = InMemoryFetchCluster()
        let ids = (0..<6).map { F.id("many", Int32($0)) }
        for (index, id) in ids.enumerated() {
            cluster.createPartition(id, leader: Int32(index % 3))
            for _ in 0..<5 { try cluster.append(id, count: 10) }
        }
        let handler = CollectingFetchHandler()
        try await withEngine(cluster, handler, configuration: configuration()) { engine in
            await engine.assign(Dictionary(uniqueKeysWithValues: ids.map { ($0, FetchStartOffset.earliest) }))
            let done = await handler.waitUntil { handler in ids.allSatisfy { handler.offsets($0).count >= 50 } }
            #expect(done)
            try await Task.sleep(for: .milliseconds(60))  // idle long-polls on every leader
            for id in ids {
                #expect(handler.offsets(id) == Array(0..<50))
                #expect(handler.values(id) == (0..<50).map { "v\($0)" })
                let state = try #require(await engine.state(of: id))
                #expect(state.position == 50)
                #expect(state.highWatermark == 50)
                #expect(state.status == .fetching)
            }
        }
        let counts = cluster.state.withLock { ($0.maxConcurrent, $0.fetchCounts.keys.sorted()) }
        #expect(counts.0 >= 2)
        #expect(counts.1 == [0, 1, 2])
    }

    @Test func metadataTheCallerHoldsSparesTheEnginesOwnRequest() async throws {
        for seeded in [false, true] {
            let cluster = InMemoryFetchCluster()
            let ids = (0..<4).map { F.id("seeded", Int32($0)) }
            for (index, id) in ids.enumerated() {
                cluster.createPartition(id, leader: Int32(index % 2))
                try cluster.append(id, count: 10)
            }
            let handler = CollectingFetchHandler()
            let engine = FetchEngine(transport: cluster, configuration: configuration(), handler: handler)
            await engine.assign(Dictionary(uniqueKeysWithValues: ids.map { ($0, FetchStartOffset.earliest) }))
            if seeded {
                let leaders = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, FetchMetadataSnapshot.Leader(nodeId: Int32($0 % 2), epoch: 0)) })
                await engine.applyMetadata(FetchMetadataSnapshot(leaders: leaders))
            }
            let run = Task { try await engine.run() }
            let done = await handler.waitUntil { handler in ids.allSatisfy { handler.offsets($0).count >= 10 } }
            await engine.stop()
            try await run.value
            #expect(done, "seeded: \(seeded)")
            let requests = cluster.state.withLock { $0.metadataRequests }
            if seeded { #expect(requests == 0) } else { #expect(requests >= 1) }
        }
    }

    @Test func theLanesInUseOpenWithTheFirstListOffsetsAndEachNegotiatesItsOwn() async throws {
        let cluster = InMemoryFetchCluster()
        // Four lanes per broker; partitions 0 and 1 on node 0, 2 and 3 on node 1, dealt out by
        // index: node 0 uses lanes 0 and 1, node 1 lanes 2 and 3, and no other lane opens.
        let ids = (0..<4).map { F.id("lanes", Int32($0)) }
        for (index, id) in ids.enumerated() {
            cluster.createPartition(id, leader: Int32(index / 2))
            try cluster.append(id, count: 5)
        }
        let handler = CollectingFetchHandler()
        try await withEngine(cluster, handler, configuration: configuration { $0.connectionsPerBroker = 4 }) { engine in
            await engine.assign(Dictionary(uniqueKeysWithValues: ids.map { ($0, FetchStartOffset.earliest) }))
            #expect(await handler.waitUntil { handler in ids.allSatisfy { handler.offsets($0).count >= 5 } })
        }
        let (opened, versions) = cluster.state.withLock { ($0.openedLanes, $0.versionLanes) }
        #expect(opened == [0: [0, 1], 1: [2, 3]])
        #expect(versions == [0: [0, 1], 1: [2, 3]])
    }

    @Test func pausedPartitionsAreNotFetchedUntilResumed() async throws {
        let cluster = InMemoryFetchCluster()
        let (a, b) = (F.id("p", 0), F.id("p", 1))
        cluster.createPartition(a, leader: 1)
        cluster.createPartition(b, leader: 1)
        let handler = CollectingFetchHandler()
        try await withEngine(cluster, handler, configuration: configuration()) { engine in
            await engine.assign([a: .offset(0), b: .offset(0)])
            await engine.pause([b])
            try cluster.append(a, count: 3)
            try cluster.append(b, count: 3)
            #expect(await handler.waitUntil { $0.offsets(a).count == 3 })
            try await Task.sleep(for: .milliseconds(80))
            #expect(handler.offsets(b).isEmpty)
            #expect(await engine.state(of: b)?.isPaused == true)
            let paused = cluster.state.withLock { $0.fetchedPartitions.suffix(2) }
            #expect(paused.allSatisfy { !$0.contains(b) })
            await engine.resume([b])
            #expect(await handler.waitUntil { $0.offsets(b).count == 3 })
            #expect(handler.offsets(b) == [0, 1, 2])
        }
    }

    @Test func aLeaderMoveMidStreamLosesAndDuplicatesNothing() async throws {
        let cluster = InMemoryFetchCluster()
        let id = F.id("move", 0)
        cluster.createPartition(id, leader: 1)
        try cluster.append(id, count: 10)
        let handler = CollectingFetchHandler()
        try await withEngine(cluster, handler, configuration: configuration()) { engine in
            await engine.assign([id: .offset(0)])
            #expect(await handler.waitUntil { $0.offsets(id).count == 10 })
            cluster.moveLeader(id, to: 2)
            try cluster.append(id, count: 10)
            #expect(await handler.waitUntil { $0.offsets(id).count >= 20 })
            try await Task.sleep(for: .milliseconds(50))
            #expect(handler.offsets(id) == Array(0..<20))
            #expect(await engine.state(of: id)?.leader == 2)
        }
    }

    @Test func aNodeDownAndUpResumesAtThePosition() async throws {
        let cluster = InMemoryFetchCluster()
        let id = F.id("down", 0)
        cluster.createPartition(id, leader: 1)
        try cluster.append(id, count: 5)
        let handler = CollectingFetchHandler()
        try await withEngine(cluster, handler, configuration: configuration()) { engine in
            await engine.assign([id: .offset(0)])
            #expect(await handler.waitUntil { $0.offsets(id).count == 5 })
            cluster.setDown(1, true)
            try cluster.append(id, count: 5)
            #expect(await eventually { await engine.state(of: id)?.lastError?.kind == .connectionFailed })
            #expect(handler.offsets(id).count == 5)
            cluster.setDown(1, false)
            #expect(await handler.waitUntil { $0.offsets(id).count >= 10 })
            try await Task.sleep(for: .milliseconds(30))
            #expect(handler.offsets(id) == Array(0..<10))
        }
    }

    @Test func outOfRangeResetsToTheLogStartByDefault() async throws {
        let cluster = InMemoryFetchCluster()
        let id = F.id("oor", 0)
        cluster.createPartition(id, leader: 1)
        for _ in 0..<4 { try cluster.append(id, count: 5) }
        cluster.deleteRecords(id, before: 10)
        let handler = CollectingFetchHandler()
        try await withEngine(cluster, handler, configuration: configuration()) { engine in
            await engine.assign([id: .offset(2)])
            #expect(await handler.waitUntil { $0.offsets(id).count == 10 })
            #expect(handler.offsets(id) == Array(10..<20))
            let resets = handler.events.compactMap { event -> (Int64?, Int64)? in
                if case .positionReset(_, let from, let to) = event { return (from, to) }
                return nil
            }
            #expect(resets.count == 1)
            #expect(resets.first?.0 == 2)
            #expect(resets.first?.1 == 10)
        }
    }

    @Test func outOfRangeWithTheFailPolicyReportsAndStops() async throws {
        let cluster = InMemoryFetchCluster()
        let id = F.id("oorfail", 0)
        cluster.createPartition(id, leader: 1)
        try cluster.append(id, count: 5)
        let handler = CollectingFetchHandler()
        try await withEngine(cluster, handler, configuration: configuration { $0.offsetResetPolicy = .fail }) { engine in
            await engine.assign([id: .offset(50)])
            #expect(await handler.waitUntil { !$0.events.isEmpty })
            guard case .partitionFailed(_, let error)? = handler.events.first else {
                Issue.record("expected a failure, got \(handler.events)")
                return
            }
            #expect(error.errorCode == .offsetOutOfRange)
            #expect(await engine.state(of: id)?.status == .failed)
            #expect(await engine.seek(id, to: .offset(3)))
            #expect(await handler.waitUntil { $0.offsets(id).count == 2 })
            #expect(handler.offsets(id) == [3, 4])
        }
    }

    @Test func stopEndsRunPromptly() async throws {
        let cluster = InMemoryFetchCluster()
        let id = F.id("stop", 0)
        cluster.createPartition(id, leader: 1)
        let handler = CollectingFetchHandler()
        let engine = FetchEngine(transport: cluster, configuration: configuration { $0.maxWait = .seconds(30) }, handler: handler)
        let run = Task { try await engine.run() }
        await engine.assign([id: .latest])
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        await engine.stop()
        try await run.value
        #expect(start.duration(to: .now) < .seconds(10))  // waiting out the 30 s long poll would fail
        await #expect(throws: KafkaError.self) { try await engine.run() }
    }
}
