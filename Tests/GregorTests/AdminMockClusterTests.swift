@testable import Gregor
import NIOCore
import Testing

/// KafkaAdmin.listOffsets end to end on the librdkafka mock cluster, which keeps exact high
/// watermarks and log start offsets and injects errors (/work/shared/brokers.md). Tansu's
/// ListOffsets LATEST is wrong, so these run on the mock only. The mock has no admin APIs and
/// answers timestamp lookups with -1, so neither is tested here (see AdminOffsetMappingTests).
@Suite(.serialized) struct AdminMockClusterTests {
    /// Produces `batches` (record counts) to `topic`/`partition` with raw ProduceRequests (acks=all)
    /// at the partition's leader; returns the base offsets the broker assigned.
    static func produce(_ cluster: KafkaCluster, topic: String, partition: Int32, batches: [Int]) async throws -> [Int64] {
        var baseOffsets: [Int64] = []
        for count in batches {
            var builder = RecordBatchBuilder()
            for index in 0..<count {
                try builder.append(key: nil, value: Array("record \(index)".utf8), timestamp: 1_700_000_000_000 + Int64(index))
            }
            var records = ByteBuffer()
            try builder.encode(into: &records)
            let request = ProduceRequest(
                transactionalId: nil, acks: -1, timeoutMs: 5000,
                topicData: [.init(name: topic, partitionData: [.init(index: partition, records: records)])]
            )
            let leader = try await cluster.leader(topic: topic, partition: partition)
            let connection = try await cluster.connection(toNode: leader, purpose: .data)
            let response = try await connection.send(request)
            let answer = try #require(response.responses.first?.partitionResponses.first)
            #expect(answer.errorCode == 0, "produce to \(topic)-\(partition): error \(answer.errorCode)")
            baseOffsets.append(answer.baseOffset)
        }
        return baseOffsets
    }

    static func withAdmin<T: Sendable>(
        _ mock: MockCluster, maxAttempts: Int = 5, _ body: (KafkaAdmin, KafkaCluster) async throws -> T
    ) async throws -> T {
        var configuration = try mock.configuration()
        configuration.retryBackoff = KafkaBackoff(initial: .milliseconds(20), maximum: .milliseconds(200))
        let cluster = KafkaCluster(configuration: configuration)
        let admin = KafkaAdmin(cluster: cluster, maxAttempts: maxAttempts)
        do {
            let result = try await body(admin, cluster)
            await cluster.shutdown()
            return result
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    @Test func earliestAndLatestAreExactAfterProducing() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("offsets", partitions: 2, replicationFactor: 1)]) { mock in
            try await Self.withAdmin(mock) { admin, cluster in
                // Several batches per partition: Tansu's LATEST bug would show here, the mock is exact.
                let bases0 = try await Self.produce(cluster, topic: "offsets", partition: 0, batches: [3, 4])
                let bases1 = try await Self.produce(cluster, topic: "offsets", partition: 1, batches: [5])
                #expect(bases0 == [0, 3])
                #expect(bases1 == [0])
                let p0 = KafkaTopicPartition(topic: "offsets", partition: 0)
                let p1 = KafkaTopicPartition(topic: "offsets", partition: 1)

                let earliest = try await admin.listOffsets([p0: .earliest, p1: .earliest]).get()
                #expect(earliest[p0]?.offset == 0)
                #expect(earliest[p1]?.offset == 0)

                let latest = try await admin.listOffsets([p0: .latest, p1: .latest]).get()
                #expect(latest[p0]?.offset == 7)
                #expect(latest[p1]?.offset == 5)

                let byPartition = try await admin.listOffsets(topic: "offsets", spec: .latest)
                #expect(byPartition.mapValues(\.offset) == [0: 7, 1: 5])
            }
        }
    }

    @Test func deleteRecordsCommandMovesEarliestButNotLatest() async throws {
        try await TestBrokers.withMockCluster(brokers: 2, topics: [.init("trimmed", partitions: 1, replicationFactor: 1)]) { mock in
            try await Self.withAdmin(mock) { admin, cluster in
                _ = try await Self.produce(cluster, topic: "trimmed", partition: 0, batches: [4, 6])
                let partition = KafkaTopicPartition(topic: "trimmed", partition: 0)
                // The mock's own delete-records (needs librdkafka >= 2.x from the wheel; the
                // DeleteRecords API itself is not served by any broker here).
                try await mock.run("delete-records trimmed 0 4")
                let earliest = try await admin.listOffsets([partition: .earliest]).value(for: partition)
                let latest = try await admin.listOffsets([partition: .latest]).value(for: partition)
                #expect(earliest.offset == 4)
                #expect(latest.offset == 10)
            }
        }
    }

    @Test func injectedNotLeaderOrFollowerIsRetried() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("retry", partitions: 1, replicationFactor: 1)]) { mock in
            try await Self.withAdmin(mock) { admin, cluster in
                _ = try await Self.produce(cluster, topic: "retry", partition: 0, batches: [3])
                let partition = KafkaTopicPartition(topic: "retry", partition: 0)
                // The next two ListOffsets (API key 2) requests fail with NOT_LEADER_OR_FOLLOWER (6).
                try await mock.pushErrors(apiKey: 2, code: 6, count: 2)
                let latest = try await admin.listOffsets([partition: .latest]).value(for: partition)
                #expect(latest.offset == 3)
            }
        }
    }

    @Test func injectedNotLeaderOrFollowerSurfacesWhenRetriesAreExhausted() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("noretry", partitions: 1, replicationFactor: 1)]) { mock in
            // One attempt only: the injected error must come back as the partition's typed error.
            try await Self.withAdmin(mock, maxAttempts: 1) { admin, cluster in
                let partition = KafkaTopicPartition(topic: "noretry", partition: 0)
                _ = try await cluster.leader(topic: "noretry", partition: 0)
                try await mock.pushErrors(apiKey: 2, code: 6, count: 1)
                let results = try await admin.listOffsets([partition: .earliest])
                let error = try #require(results.failures[partition])
                #expect(error.kind == .broker(.notLeaderOrFollower))
                #expect(error.topic == "noretry")
                #expect(error.partition == 0)
            }
        }
    }

    @Test func leaderMoveIsFollowedAfterNotLeaderOrFollower() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("moving", partitions: 1, replicationFactor: 3)]) { mock in
            try await Self.withAdmin(mock) { admin, cluster in
                _ = try await Self.produce(cluster, topic: "moving", partition: 0, batches: [2, 3])
                let partition = KafkaTopicPartition(topic: "moving", partition: 0)
                let oldLeader = try await cluster.leader(topic: "moving", partition: 0)
                let newLeader: Int32 = oldLeader == 1 ? 2 : 1
                // The cached metadata still names the old leader, which now answers NOT_LEADER_OR_FOLLOWER.
                try await mock.setLeader(topic: "moving", partition: 0, broker: newLeader)
                let latest = try await admin.listOffsets([partition: .latest]).value(for: partition)
                #expect(latest.offset == 5)
                #expect(try await cluster.leader(topic: "moving", partition: 0) == newLeader)
            }
        }
    }

    @Test func leaderMoveWithoutRetriesSurfacesNotLeaderOrFollower() async throws {
        // The control for the test above: the stale leader really refuses, so that test's success
        // comes from the refresh and resend.
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("moved", partitions: 1, replicationFactor: 3)]) { mock in
            try await Self.withAdmin(mock, maxAttempts: 1) { admin, cluster in
                let partition = KafkaTopicPartition(topic: "moved", partition: 0)
                let oldLeader = try await cluster.leader(topic: "moved", partition: 0)
                try await mock.setLeader(topic: "moved", partition: 0, broker: oldLeader == 1 ? 2 : 1)
                let error = try #require(try await admin.listOffsets([partition: .latest]).failures[partition])
                #expect(error.kind == .broker(.notLeaderOrFollower))
                #expect(error.broker?.contains("node \(oldLeader)") == true)
            }
        }
    }
}
