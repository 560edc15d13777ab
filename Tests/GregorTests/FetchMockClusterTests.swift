@testable import Gregor
import Testing

/// The fetch engine against the librdkafka mock cluster, which gets multi-broker leadership,
/// OFFSET_OUT_OF_RANGE, log start offsets, leader moves and broker outages right (brokers.md).
/// The mock holds an idle Fetch for its whole max wait, so waits here are small.
@Suite(.serialized) struct FetchMockClusterTests {
    func configuration(_ change: (inout FetchConfiguration) -> Void = { _ in }) -> FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.maxWait = .milliseconds(50)
        configuration.retryBackoff = KafkaBackoff(initial: .milliseconds(20), maximum: .milliseconds(200))
        change(&configuration)
        return configuration
    }

    func clientConfiguration(_ mock: MockCluster) throws -> KafkaClientConfiguration {
        var configuration = try mock.configuration()
        configuration.reconnectBackoff = KafkaBackoff(initial: .milliseconds(20), maximum: .milliseconds(200))
        configuration.requestTimeout = .seconds(5)
        return configuration
    }

    /// Produces `count` sample records (keys from `prefix` and the partition) to each partition.
    private func produceSamples(
        prefix: String, count: Int, to ids: [FetchPartitionID], compression: CompressionCodec, on cluster: KafkaCluster
    ) async throws -> [FetchPartitionID: [FetchIntegration.Record]] {
        var expected: [FetchPartitionID: [FetchIntegration.Record]] = [:]
        for id in ids {
            let records = FetchIntegration.sample("\(prefix)\(id.partition)", count: count)
            try await FetchIntegration.produce(records, to: id.topic, partition: id.partition, compression: compression, on: cluster)
            expected[id] = records
        }
        return expected
    }

    @Test func partitionsOnDifferentLeadersAreFetchedConcurrentlyAndExactly() async throws {
        let topic = "fetch-multi"
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init(topic, partitions: 6)]) { mock in
            // The mock picks leaders at random: spread them over the three brokers.
            for partition in Int32(0)..<6 { try await mock.setLeader(topic: topic, partition: partition, broker: partition % 3 + 1) }
            let cluster = KafkaCluster(configuration: try clientConfiguration(mock))
            let ids = (Int32(0)..<6).map { FetchPartitionID(topic: topic, partition: $0) }
            let expected = try await produceSamples(prefix: "m", count: 25, to: ids, compression: .lz4, on: cluster)
            let handler = CollectingFetchHandler()
            try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration()) { engine in
                await engine.assign(Dictionary(uniqueKeysWithValues: ids.map { ($0, FetchStartOffset.earliest) }))
                #expect(await handler.waitUntil { handler in ids.allSatisfy { handler.rows($0).count >= 25 } })
                try await Task.sleep(for: .milliseconds(150))
                var leaders: Set<Int32> = []
                for id in ids {
                    #expect(handler.rows(id) == FetchIntegration.expectedRows(expected[id] ?? [], from: 0))
                    let state = try #require(await engine.state(of: id))
                    #expect(state.position == 25)
                    #expect(state.highWatermark == 25)
                    #expect(state.logStartOffset == 0)
                    if let leader = state.leader { leaders.insert(leader) }
                }
                #expect(leaders == [1, 2, 3], "the partitions' leaders as the engine saw them: \(leaders)")
            }
            await cluster.shutdown()
        }
    }

    @Test func threeConnectionsToOneBrokerFetchEveryPartitionExactlyEachOnItsConnection() async throws {
        let topic = "fetch-lanes"
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init(topic, partitions: 6)]) { mock in
            let cluster = KafkaCluster(configuration: try clientConfiguration(mock))
            let ids = (Int32(0)..<6).map { FetchPartitionID(topic: topic, partition: $0) }
            let expected = try await produceSamples(prefix: "l", count: 40, to: ids, compression: .none, on: cluster)
            let handler = CollectingFetchHandler()
            try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration { $0.connectionsPerBroker = 3 }) { engine in
                await engine.assign(Dictionary(uniqueKeysWithValues: ids.map { ($0, FetchStartOffset.earliest) }))
                #expect(await handler.waitUntil { handler in ids.allSatisfy { handler.rows($0).count >= 40 } })
                try await Task.sleep(for: .milliseconds(150))
                for id in ids {
                    #expect(handler.rows(id) == FetchIntegration.expectedRows(expected[id] ?? [], from: 0))
                    #expect(try #require(await engine.state(of: id)).position == 40)
                }
                let dataLanes = await cluster.connections.keys.filter { $0.purpose == .data }.map(\.lane).sorted()
                #expect(dataLanes == [0, 1, 2])
            }
            await cluster.shutdown()
        }
    }

    @Test func outOfRangeResetsToTheLogStartAfterDeleteRecords() async throws {
        let topic = "fetch-oor"
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init(topic, partitions: 1)]) { mock in
            let cluster = KafkaCluster(configuration: try clientConfiguration(mock))
            let records = FetchIntegration.sample("oor", count: 10)
            for record in records { try await FetchIntegration.produce([record], to: topic, partition: 0, on: cluster) }
            try await mock.run("delete-records \(topic) 0 6")
            let id = FetchPartitionID(topic: topic, partition: 0)
            let handler = CollectingFetchHandler()
            try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration()) { engine in
                await engine.assign([id: .offset(2)])
                #expect(await handler.waitUntil { $0.rows(id).count >= 4 })
                try await Task.sleep(for: .milliseconds(100))
                #expect(handler.rows(id) == FetchIntegration.expectedRows(Array(records[6...]), from: 6))
                let resets = handler.events.compactMap { event -> [Int64?]? in
                    if case .positionReset(_, let from, let to) = event { return [from, to] }
                    return nil
                }
                #expect(resets == [[2, 6]])
                #expect(await engine.state(of: id)?.logStartOffset == 6)
            }
            await cluster.shutdown()
        }
    }

    @Test func outOfRangeWithTheFailPolicyFailsThePartition() async throws {
        let topic = "fetch-oor-fail"
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init(topic, partitions: 1)]) { mock in
            let cluster = KafkaCluster(configuration: try clientConfiguration(mock))
            try await FetchIntegration.produce(FetchIntegration.sample("f", count: 3), to: topic, partition: 0, on: cluster)
            let id = FetchPartitionID(topic: topic, partition: 0)
            let handler = CollectingFetchHandler()
            try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration { $0.offsetResetPolicy = .fail }) { engine in
                await engine.assign([id: .offset(50)])
                #expect(await handler.waitUntil { !$0.events.isEmpty })
                guard case .partitionFailed(_, let error)? = handler.events.first else {
                    Issue.record("expected a failure, got \(handler.events)")
                    return
                }
                #expect(error.errorCode == .offsetOutOfRange)
                #expect(await engine.state(of: id)?.status == .failed)
            }
            await cluster.shutdown()
        }
    }

    @Test func aLeaderMoveMidFetchResumesAtThePositionWithNothingLostOrDuplicated() async throws {
        let topic = "fetch-move"
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init(topic, partitions: 1, replicationFactor: 3)]) { mock in
            let cluster = KafkaCluster(configuration: try clientConfiguration(mock))
            let id = FetchPartitionID(topic: topic, partition: 0)
            let first = FetchIntegration.sample("before", count: 30)
            let second = FetchIntegration.sample("after", count: 30)
            let handler = CollectingFetchHandler()
            try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration()) { engine in
                await engine.assign([id: .earliest])
                for chunk in stride(from: 0, to: 30, by: 10) {
                    try await FetchIntegration.produce(Array(first[chunk..<chunk + 10]), to: topic, partition: 0, on: cluster)
                }
                #expect(await handler.waitUntil { $0.rows(id).count >= 30 })
                let oldLeader = try #require(await engine.state(of: id)?.leader)
                let newLeader: Int32 = oldLeader % 3 + 1
                try await mock.setLeader(topic: topic, partition: 0, broker: newLeader)
                for chunk in stride(from: 0, to: 30, by: 10) {
                    try await FetchIntegration.produce(Array(second[chunk..<chunk + 10]), to: topic, partition: 0, on: cluster)
                }
                #expect(await handler.waitUntil { $0.rows(id).count >= 60 })
                try await Task.sleep(for: .milliseconds(150))
                #expect(handler.rows(id) == FetchIntegration.expectedRows(first + second, from: 0))
                #expect(await engine.state(of: id)?.leader == newLeader)
                #expect(await engine.state(of: id)?.position == 60)
            }
            await cluster.shutdown()
        }
    }

    @Test func aBrokerDownAndUpResumesFetchingAtThePosition() async throws {
        let topic = "fetch-down"
        try await TestBrokers.withMockCluster(brokers: 2, topics: [.init(topic, partitions: 1)]) { mock in
            let cluster = KafkaCluster(configuration: try clientConfiguration(mock))
            let id = FetchPartitionID(topic: topic, partition: 0)
            let first = FetchIntegration.sample("up", count: 10)
            let second = FetchIntegration.sample("again", count: 10)
            try await FetchIntegration.produce(first, to: topic, partition: 0, on: cluster)
            let handler = CollectingFetchHandler()
            try await FetchIntegration.withEngine(cluster, handler: handler, configuration: configuration()) { engine in
                await engine.assign([id: .earliest])
                #expect(await handler.waitUntil { $0.rows(id).count >= 10 })
                let leader = try #require(await engine.state(of: id)?.leader)
                try await mock.brokerDown(leader)
                try await Task.sleep(for: .milliseconds(400))
                let state = try #require(await engine.state(of: id))
                #expect(state.lastError != nil)
                #expect(state.position == 10)
                try await mock.brokerUp(leader)
                try await FetchIntegration.produce(second, to: topic, partition: 0, on: cluster)
                #expect(await handler.waitUntil(timeout: .seconds(20)) { $0.rows(id).count >= 20 })
                try await Task.sleep(for: .milliseconds(150))
                #expect(handler.rows(id) == FetchIntegration.expectedRows(first + second, from: 0))
            }
            await cluster.shutdown()
        }
    }
}
