import Foundation
@testable import Gregor
import GregorProtocol
import GregorTables
import GregorTestSupport
import NIOCore
import Testing

/// Table reader behaviour that needs a broker the tests script (`TopicFakeBroker`): a topic that
/// grows while read, and record batches broken on purpose.
@Suite struct TablesFakeBrokerTests {
    static let topic = "registry"

    private static func configuration(_ broker: TopicFakeBroker) -> KafkaTableConfiguration {
        var client = KafkaClientConfiguration(bootstrapServers: [broker.address])
        client.connectTimeout = ConnectionFakeBroker.patientTimeout
        client.requestTimeout = ConnectionFakeBroker.patientTimeout
        var configuration = TablesForTests.configuration(client, maxWait: .milliseconds(100))
        configuration.metadataRefreshInterval = .milliseconds(100)
        return configuration
    }

    private static func withBroker(partitions: Int32, _ body: (TopicFakeBroker) async throws -> Void) async throws {
        let broker = try await TopicFakeBroker.start(topic: topic, partitions: partitions)
        do {
            try await body(broker)
            await broker.stop()
        } catch {
            await broker.stop()
            throw error
        }
    }

    /// The decoding error a failed table reports, if that is why it failed.
    private static func decodingFailure(_ status: TableStatus) -> KafkaDecodingError? {
        guard let error = status.failure as? KafkaError, case .decoding(let decoding) = error.kind else { return nil }
        return decoding
    }

    @Test func partitionsAddedWhileReadingAreReadFromTheirBeginning() async throws {
        try await Self.withBroker(partitions: 1) { broker in
            try broker.append([("a", "1"), ("b", "1")], partition: 0)
            let table = try KafkaTable(
                topic: Self.topic, configuration: Self.configuration(broker), keyCodec: .string, valueCodec: .string, logger: TablesForTests.logger)
            try await table.start()
            #expect(TablesForTests.contents(table) == ["a": "1", "b": "1"])

            // Partition 1 appears with records already in it, as after CreatePartitions and a write.
            broker.growTo(2)
            try broker.append([("c", "2"), ("a", "2")], partition: 1)
            #expect(await eventually(timeout: .seconds(60)) { table["c"] == "2" })
            #expect(TablesForTests.contents(table) == ["a": "2", "b": "1", "c": "2"])
            // The new partition was fetched from offset 0, and the barrier covers it.
            let partitionOneOffsets = broker.fetchRequests.flatMap { $0.topics.flatMap(\.partitions) }.filter { $0.partition == 1 }.map(\.fetchOffset)
            #expect(partitionOneOffsets.first == 0)
            try broker.append([("d", "3")], partition: 1)
            #expect(try await table.barrier(timeout: .seconds(10)))
            #expect(table["d"] == "3")
            #expect(table.status.isCaughtUp)
            await table.stop()
        }
    }

    @Test func aBatchWithABadCRCFailsTheTableAfterApplyingTheBatchesBeforeIt() async throws {
        try await Self.withBroker(partitions: 1) { broker in
            try broker.append([("good", "1")], partition: 0)
            try broker.appendDamaged([("bad", "2")], partition: 0) { batch in
                // The value's byte (just before the record's header count): still a valid record.
                batch.setInteger(UInt8(ascii: "X"), at: batch.writerIndex - 2)
            }
            let table = try KafkaTable(
                topic: Self.topic, configuration: Self.configuration(broker), keyCodec: .string, valueCodec: .string, logger: TablesForTests.logger)
            try? await table.start()
            #expect(await eventually(timeout: .seconds(60)) { table.status.name == "failed" })
            guard case .crcMismatch(_, _, let location) = Self.decodingFailure(table.status) else {
                Issue.record("expected a CRC mismatch, got \(table.status)")
                return
            }
            #expect(location.offset == 1)
            #expect(TablesForTests.contents(table) == ["good": "1"])
            #expect(try await table.barrier(timeout: .seconds(1)) == false)
            await table.stop()
        }
    }

    /// A batch whose CRC is right but whose records are not (it declares more than it holds):
    /// only a full decode sees it. Both apply paths: compact (string values, nobody subscribed)
    /// and decoded (JSON values).
    @Test(arguments: [false, true])
    func aMalformedRecordUnderAValidCRCFailsTheTable(jsonValues: Bool) async throws {
        try await Self.withBroker(partitions: 1) { broker in
            try broker.append([("good", "1")], partition: 0)
            try broker.appendDamaged([("x", "2"), ("y", "3")], partition: 0) { batch in
                batch.setInteger(Int32(3), at: batch.readerIndex + 57)  // record count: 3, two present
                refreshRecordBatchCRC(&batch)
            }
            if jsonValues {
                try await Self.expectFrozenByTheMalformedBatch(broker, valueCodec: .json(Int.self)) { String($0) }
            } else {
                try await Self.expectFrozenByTheMalformedBatch(broker, valueCodec: .string) { $0 }
            }
        }
    }

    /// Starts a table on `broker` (whose second batch is malformed) and checks that it failed at
    /// that batch, kept what came before, and never claims to be past it.
    private static func expectFrozenByTheMalformedBatch<Value: Sendable>(
        _ broker: TopicFakeBroker, valueCodec: TableCodec<Value>, render: @escaping (Value) -> String
    ) async throws {
        let table = try KafkaTable(topic: topic, configuration: configuration(broker), keyCodec: .string, valueCodec: valueCodec, logger: TablesForTests.logger)
        try? await table.start()
        #expect(await eventually(timeout: .seconds(60)) { table.status.name == "failed" })
        guard case .corruptRecordBatch(_, let location) = decodingFailure(table.status) else {
            Issue.record("expected a corrupt-batch error, got \(table.status)")
            return
        }
        #expect(location.offset == 1)
        // What decoded before the error stays — the first batch, and the malformed batch's records
        // up to the missing one — and nothing else; the table is frozen and never claims to be
        // past it.
        let contents = Dictionary(uniqueKeysWithValues: table.snapshot().map { ($0.key, render($0.value)) })
        #expect(contents == ["good": "1", "x": "2", "y": "3"])
        #expect(try await table.barrier(timeout: .seconds(1)) == false)
        await table.stop()
    }
}
