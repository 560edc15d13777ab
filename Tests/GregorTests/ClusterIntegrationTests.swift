@testable import Gregor
import Logging
import NIOCore
import NIOPosix
import Testing

/// KafkaConnection and KafkaCluster against real broker implementations. Tansu (or
/// GREGOR_TEST_BOOTSTRAP) for a single broker that gets ApiVersions, Metadata and CreateTopics
/// right; the librdkafka mock cluster for several brokers and for faults (broker down/up, leader
/// moves, latency), which only it can inject. See /work/shared/brokers.md.
@Suite(.serialized) struct ClusterIntegrationTests {
    private func createTopic(_ name: String, partitions: Int32, on cluster: KafkaCluster) async throws {
        let connection = try await cluster.controllerConnection()
        let request = CreateTopicsRequest(
            topics: [.init(name: name, numPartitions: partitions, replicationFactor: 1)], timeoutMs: 10_000)
        let response = try await connection.send(request)
        let code = response.topics.first?.errorCode ?? -1
        #expect(code == 0 || code == KafkaErrorCode.topicAlreadyExists.code)
    }

    // MARK: Tansu (or GREGOR_TEST_BOOTSTRAP)

    @Test func tansuConnectNegotiatesAndDescribesATopicWithItsLeaders() async throws {
        let broker = try await TestBrokers.tansu()
        let cluster = KafkaCluster(configuration: try broker.configuration())
        let topic = TestBrokers.uniqueTopicName("conn-meta")
        try await createTopic(topic, partitions: 3, on: cluster)

        let metadata = try await cluster.metadata(topics: [topic], refresh: true)
        let entry = try #require(metadata.topics[topic])
        #expect(entry.error == nil)
        #expect(entry.partitionCount == 3)
        #expect(entry.topicId != .zero)
        for partition in Int32(0)..<3 {
            let leader = try await cluster.leader(topic: topic, partition: partition)
            #expect(metadata.brokers[leader] != nil)
        }
        let connection = try await cluster.anyConnection(purpose: .control)
        if broker.kind == .tansu {
            // Tansu speaks ApiVersions v0-4: no fallback needed.
            #expect(connection.apiVersionsVersion == ApiVersionsRequest.supportedVersions.upperBound)
        }
        #expect(connection.negotiatedVersions.version(for: .metadata) != nil)
        #expect(connection.negotiatedVersions.version(for: .produce).map { $0 >= 3 } == true)
        await cluster.shutdown()
    }

    @Test func tansuUnknownPartitionIsATypedError() async throws {
        let broker = try await TestBrokers.tansu()
        let cluster = KafkaCluster(configuration: try broker.configuration())
        let topic = TestBrokers.uniqueTopicName("conn-partition")
        try await createTopic(topic, partitions: 1, on: cluster)
        await #expect {
            _ = try await cluster.leader(topic: topic, partition: 7)
        } throws: { error in
            (error as? KafkaError)?.kind == .unknownTopicOrPartition
        }
        await cluster.shutdown()
    }

    @Test func tansuPipelinesManyConcurrentRequestsOnOneConnection() async throws {
        let broker = try await TestBrokers.tansu()
        var configuration = try broker.configuration()
        configuration.maxInFlightRequestsPerConnection = 4
        let cluster = KafkaCluster(configuration: configuration)
        let connection = try await cluster.anyConnection(purpose: .control)
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { try await !connection.send(MetadataRequest(topics: [], allowAutoTopicCreation: false)).brokers.isEmpty }
            }
            var count = 0
            for try await ok in group where ok { count += 1 }
            return count
        }
        #expect(answered == 200)
        #expect(connection.isActive)
        await cluster.shutdown()
    }

    @Test func shutdownClosesConnectionsAndFailsLaterCalls() async throws {
        let broker = try await TestBrokers.tansu()
        let cluster = KafkaCluster(configuration: try broker.configuration())
        let connection = try await cluster.anyConnection(purpose: .control)
        await cluster.shutdown()
        #expect(!connection.isActive)
        await #expect {
            _ = try await cluster.metadata(topics: [])
        } throws: { error in
            (error as? KafkaError)?.kind == .shutDown
        }
    }

    @Test func theServiceRunsUntilCancelledThenShutsDown() async throws {
        let broker = try await TestBrokers.tansu()
        let cluster = KafkaCluster(configuration: try broker.configuration())
        let connection = try await cluster.anyConnection(purpose: .control)
        let service = Task { try await cluster.run() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(connection.isActive)
        service.cancel()
        try await service.value
        #expect(!connection.isActive)
        await #expect(throws: KafkaError.self) { _ = try await cluster.anyConnection(purpose: .control) }
    }

    // MARK: mock cluster

    @Test func mockClusterNegotiatesThroughErrorThirtyFiveAndSpreadsLeaders() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("t", partitions: 4)]) { mock in
            // The mock picks leaders at random (all on one broker now and then): place them.
            let placed: [Int32: Int32] = [0: 1, 1: 2, 2: 3, 3: 1]
            for (partition, broker) in placed { try await mock.setLeader(topic: "t", partition: partition, broker: broker) }
            let cluster = KafkaCluster(configuration: try mock.configuration())
            let metadata = try await cluster.metadata(topics: ["t"])
            #expect(metadata.brokers.count == 3)
            // The mock answers ApiVersions v3+ with error 35: the client fell back to v0.
            #expect(try await cluster.anyConnection(purpose: .control).apiVersionsVersion == 0)
            let entry = try #require(metadata.topics["t"])
            #expect(entry.partitionCount == 4)
            var leaders: Set<Int32> = []
            for partition in Int32(0)..<4 {
                let leader = try await cluster.leader(topic: "t", partition: partition)
                #expect(leader == placed[partition])
                #expect(metadata.brokers[leader] != nil)
                leaders.insert(leader)
                let connection = try await cluster.connection(toNode: leader, purpose: .data)
                #expect(connection.nodeId == leader)
                #expect(connection.negotiatedVersions.version(for: .fetch) != nil)
            }
            #expect(leaders.count == 3)
            await cluster.shutdown()
        }
    }

    @Test func mockClusterControlAndDataAreSeparateConnections() async throws {
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init("idle", partitions: 1)]) { mock in
            let cluster = KafkaCluster(configuration: try mock.configuration())
            let metadata = try await cluster.metadata(topics: ["idle"])
            let entry = try #require(metadata.topics["idle"])
            let leader = try await cluster.leader(topic: "idle", partition: 0)
            let data = try await cluster.connection(toNode: leader, purpose: .data)
            let control = try await cluster.connection(toNode: leader, purpose: .control)
            #expect(data !== control)
            // The mock sleeps a Fetch's full max wait on an idle partition: a long poll.
            let fetch = FetchRequest(
                maxWaitMs: 6000, minBytes: 1,
                topics: [.init(topic: "idle", topicId: entry.topicId, partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)])])
            let longPoll = Task { try await data.send(fetch, extraTimeout: .milliseconds(6000)) }
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            _ = try await control.send(MetadataRequest(topics: [], allowAutoTopicCreation: false))
            // Queued behind the long poll it would take about 6 s.
            #expect(ContinuousClock.now - started < .milliseconds(3000))
            _ = try await longPoll.value
            await cluster.shutdown()
        }
    }

    @Test func mockClusterSlowBrokerTimesOutTheRequest() async throws {
        try await TestBrokers.withMockCluster(brokers: 1) { mock in
            var configuration = try mock.configuration()
            configuration.requestTimeout = .milliseconds(300)
            let cluster = KafkaCluster(configuration: configuration)
            let connection = try await cluster.anyConnection(purpose: .control)
            try await mock.setRoundTripTime(broker: -1, milliseconds: 1500)
            await #expect {
                _ = try await connection.send(MetadataRequest(topics: [], allowAutoTopicCreation: false))
            } throws: { error in
                (error as? KafkaError)?.kind == .timedOut
            }
            try await connection.closeFuture.get()
            try await mock.setRoundTripTime(broker: -1, milliseconds: 0)
            // The cluster replaces the closed connection.
            let metadata = try await cluster.metadata(topics: [], refresh: true)
            #expect(metadata.brokers.count == 1)
            await cluster.shutdown()
        }
    }

    @Test func mockClusterReconnectsAfterBrokerDownAndUp() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("t", partitions: 4)]) { mock in
            var configuration = try mock.configuration()
            configuration.reconnectBackoff = KafkaBackoff(initial: .milliseconds(20), maximum: .milliseconds(200))
            configuration.connectTimeout = .seconds(2)
            let cluster = KafkaCluster(configuration: configuration)
            _ = try await cluster.metadata(topics: ["t"])
            let before = try await cluster.connection(toNode: 2, purpose: .control)
            try await mock.brokerDown(2)
            try await before.closeFuture.get()
            await #expect {
                _ = try await cluster.connection(toNode: 2, purpose: .control)
            } throws: { error in
                (error as? KafkaError)?.isRetriable == true
            }
            // Other brokers still serve metadata meanwhile.
            let during = try await cluster.metadata(topics: ["t"], refresh: true)
            #expect(during.topics["t"]?.partitionCount == 4)
            try await mock.brokerUp(2)
            let after = try await cluster.withRetries(maxAttempts: 20, timeout: .seconds(10)) { _ in
                try await cluster.connection(toNode: 2, purpose: .control)
            }
            #expect(after !== before)
            #expect(after.isActive)
            _ = try await after.send(MetadataRequest(topics: [], allowAutoTopicCreation: false))
            await cluster.shutdown()
        }
    }

    @Test func mockClusterMetadataFollowsALeaderMove() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("t", partitions: 4)]) { mock in
            let cluster = KafkaCluster(configuration: try mock.configuration())
            let old = try await cluster.leader(topic: "t", partition: 0)
            let new: Int32 = old == 3 ? 1 : old + 1
            try await mock.setLeader(topic: "t", partition: 0, broker: new)
            // Cached until something says it is stale.
            #expect(try await cluster.leader(topic: "t", partition: 0) == old)
            // A NOT_LEADER_OR_FOLLOWER inside withRetries invalidates the topic and retries.
            let seen = try await cluster.withRetries { attempt -> Int32 in
                let leader = try await cluster.leader(topic: "t", partition: 0)
                if attempt == 0 { throw KafkaError(.broker(.notLeaderOrFollower), "moved", topic: "t", partition: 0) }
                return leader
            }
            #expect(seen == new)
            await cluster.shutdown()
        }
    }
}
