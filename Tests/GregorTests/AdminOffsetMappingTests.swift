@testable import Gregor
import NIOCore
import Testing

/// Pure parts of ListOffsets and DeleteRecords: leader grouping, requests, per-partition outcomes.
///
/// Timestamp lookups: no broker here answers them right (Tansu always says 0, the mock cluster
/// always -1; /work/shared/brokers.md), so the request/response handling for `.timestamp` and
/// `.maxTimestamp` is tested here with responses built by hand. DeleteRecords has no broker here
/// either (Tansu panics the connection, the mock closes it): only these tests cover it.
@Suite struct AdminOffsetMappingTests {
    let p0 = KafkaTopicPartition(topic: "t", partition: 0)
    let p1 = KafkaTopicPartition(topic: "t", partition: 1)
    let q0 = KafkaTopicPartition(topic: "u", partition: 0)

    @Test func offsetSpecsUseKafkasSentinelTimestamps() {
        #expect(OffsetSpec.earliest.wireTimestamp == -2)
        #expect(OffsetSpec.latest.wireTimestamp == -1)
        #expect(OffsetSpec.maxTimestamp.wireTimestamp == -3)
        #expect(OffsetSpec.timestamp(1_700_000_000_000).wireTimestamp == 1_700_000_000_000)
    }

    @Test func maxTimestampNeedsV7AndReadCommittedV2() {
        #expect(ListOffsetsMapping.minimumVersion([.earliest, .latest, .timestamp(5)], isolationLevel: .readUncommitted) == 1)
        #expect(ListOffsetsMapping.minimumVersion([.earliest], isolationLevel: .readCommitted) == 2)
        #expect(ListOffsetsMapping.minimumVersion([.latest, .maxTimestamp], isolationLevel: .readUncommitted) == 7)
    }

    @Test func partitionsAreGroupedByLeaderAndLeaderlessOnesSetAside() {
        let items: [KafkaTopicPartition: OffsetSpec] = [p0: .earliest, p1: .latest, q0: .earliest, KafkaTopicPartition(topic: "v", partition: 0): .latest]
        let routing = AdminLeaderRouting.group(items, leaders: [p0: 1, p1: 2, q0: 1, KafkaTopicPartition(topic: "v", partition: 0): -1])
        #expect(Set(routing.byLeader.keys) == [1, 2])
        #expect(routing.byLeader[1] == [p0: .earliest, q0: .earliest])
        #expect(routing.byLeader[2] == [p1: .latest])
        #expect(routing.leaderless == [KafkaTopicPartition(topic: "v", partition: 0)])
    }

    @Test func listOffsetsRequestIsAConsumerRequestSortedByTopicAndPartition() throws {
        let request = ListOffsetsMapping.request([p1: .latest, q0: .timestamp(1234), p0: .earliest], isolationLevel: .readCommitted, timeout: .seconds(2))
        #expect(request.replicaId == -1)
        #expect(request.isolationLevel == 1)
        #expect(request.timeoutMs == 2000)
        #expect(request.topics.map(\.name) == ["t", "u"])
        #expect(request.topics[0].partitions.map(\.partitionIndex) == [0, 1])
        #expect(request.topics[0].partitions.map(\.timestamp) == [-2, -1])
        #expect(request.topics[1].partitions.map(\.timestamp) == [1234])
        #expect(request.topics.flatMap(\.partitions).allSatisfy { $0.currentLeaderEpoch == -1 })
        for version in Int16(2)...ListOffsetsRequest.supportedVersions.upperBound {
            var buffer = ByteBuffer()
            try request.encode(into: &buffer, version: version)
            var decoded = try ListOffsetsRequest(from: &buffer, version: version)
            if version < 10 { decoded.timeoutMs = request.timeoutMs }  // the field exists from v10
            #expect(decoded == request, "v\(version)")
        }
    }

    @Test func listOffsetsOutcomesMapOffsetsRetriesAndFailures() {
        let response = ListOffsetsResponse(topics: [
            .init(name: "t", partitions: [
                .init(partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 42, leaderEpoch: 7),
                .init(partitionIndex: 1, errorCode: 6, timestamp: -1, offset: -1, leaderEpoch: -1),
            ]),
            .init(name: "u", partitions: [
                .init(partitionIndex: 0, errorCode: 29, timestamp: -1, offset: -1, leaderEpoch: -1),
            ]),
        ])
        let missing = KafkaTopicPartition(topic: "w", partition: 3)
        let outcomes = ListOffsetsMapping.outcomes(response, requested: [p0, p1, q0, missing], broker: "node 1")

        guard case .done(let listed) = outcomes[p0] else { Issue.record("p0: \(String(describing: outcomes[p0]))"); return }
        #expect(listed == ListedOffset(offset: 42, timestamp: nil, leaderEpoch: 7))

        guard case .retry(let notLeader) = outcomes[p1] else { Issue.record("p1 should be retried"); return }
        #expect(notLeader.kind == .broker(.notLeaderOrFollower))
        #expect(notLeader.topic == "t")
        #expect(notLeader.partition == 1)
        #expect(notLeader.broker == "node 1")

        guard case .failed(let denied) = outcomes[q0] else { Issue.record("q0 should fail"); return }
        #expect(denied.kind == .broker(.topicAuthorizationFailed))

        guard case .failed(let lost) = outcomes[missing] else { Issue.record("missing should fail"); return }
        #expect(lost.kind == .protocolViolation)
    }

    @Test func timestampLookupAnswersCarryOffsetTimestampAndEpoch() {
        // A broker answer of our choice: the first record at or after the asked time.
        let found = ListOffsetsResponse(topics: [.init(name: "t", partitions: [
            .init(partitionIndex: 0, errorCode: 0, timestamp: 1_700_000_000_500, offset: 17, leaderEpoch: 3),
        ])])
        guard case .done(let listed) = ListOffsetsMapping.outcomes(found, requested: [p0], broker: nil)[p0] else {
            Issue.record("expected an offset")
            return
        }
        #expect(listed.offset == 17)
        #expect(listed.timestamp == 1_700_000_000_500)
        #expect(listed.leaderEpoch == 3)

        // Kafka's answer when every record is older than the asked time: offset and timestamp -1.
        let none = ListOffsetsResponse(topics: [.init(name: "t", partitions: [
            .init(partitionIndex: 0, errorCode: 0, timestamp: -1, offset: -1, leaderEpoch: -1),
        ])])
        guard case .done(let empty) = ListOffsetsMapping.outcomes(none, requested: [p0], broker: nil)[p0] else {
            Issue.record("expected a (empty) result")
            return
        }
        #expect(empty == ListedOffset(offset: nil, timestamp: nil, leaderEpoch: nil))
    }

    @Test func listOffsetsResponseDecodedFromBytesMapsLikeAValue() throws {
        // The same handling when the answer comes through the decoder, as from a socket (v9).
        let response = ListOffsetsResponse(topics: [.init(name: "t", partitions: [
            .init(partitionIndex: 1, errorCode: 0, timestamp: 99, offset: 5, leaderEpoch: 2),
        ])])
        var buffer = ByteBuffer()
        try response.encode(into: &buffer, version: 9)
        let decoded = try ListOffsetsResponse(from: &buffer, version: 9)
        guard case .done(let listed) = ListOffsetsMapping.outcomes(decoded, requested: [p1], broker: nil)[p1] else {
            Issue.record("expected an offset")
            return
        }
        #expect(listed == ListedOffset(offset: 5, timestamp: 99, leaderEpoch: 2))
    }

    @Test func deleteRecordsRequestEncodesAsTheSpecSaysAtV2() throws {
        let request = DeleteRecordsMapping.request([p0: 10], timeout: .milliseconds(500))
        var buffer = ByteBuffer()
        try request.encode(into: &buffer, version: 2)
        let expected: [UInt8] = [
            0x02,  // 1 topic (compact array)
            0x02, 0x74,  // "t"
            0x02,  // 1 partition
            0x00, 0x00, 0x00, 0x00,  // partition 0
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A,  // offset 10
            0x00,  // partition tagged fields
            0x00,  // topic tagged fields
            0x00, 0x00, 0x01, 0xF4,  // timeout 500
            0x00,  // tagged fields
        ]
        #expect(buffer.readBytes(length: buffer.readableBytes) == expected)
    }

    @Test func deleteRecordsValidationAndOutcomes() {
        #expect(throws: KafkaError.self) { try DeleteRecordsMapping.validate([p0: -2]) }
        #expect(throws: Never.self) { try DeleteRecordsMapping.validate([p0: -1, p1: 0]) }
        let response = DeleteRecordsResponse(topics: [.init(name: "t", partitions: [
            .init(partitionIndex: 0, lowWatermark: 10, errorCode: 0),
            .init(partitionIndex: 1, lowWatermark: -1, errorCode: 1),
        ])])
        let outcomes = DeleteRecordsMapping.outcomes(response, requested: [p0, p1], broker: "node 2")
        guard case .done(let lowWatermark) = outcomes[p0] else { Issue.record("p0 should be done"); return }
        #expect(lowWatermark == 10)
        guard case .failed(let outOfRange) = outcomes[p1] else { Issue.record("p1 should fail"); return }
        #expect(outOfRange.kind == .broker(.offsetOutOfRange))
        #expect(outOfRange.partition == 1)
    }

    @Test func retriableCodesAreRetriedAndOthersAreFinal() {
        for code: Int16 in [6, 5, 3, 74, 75] {  // NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION, FENCED/UNKNOWN_LEADER_EPOCH
            guard case .retry = AdminPartitionOutcome<Int>.classify(code: code, partition: p0, broker: nil, value: { 0 }) else {
                Issue.record("code \(code) should be retried")
                continue
            }
        }
        for code: Int16 in [1, 29, 44] {
            guard case .failed = AdminPartitionOutcome<Int>.classify(code: code, partition: p0, broker: nil, value: { 0 }) else {
                Issue.record("code \(code) should be final")
                continue
            }
        }
    }
}
