import Foundation
import Gregor
import GregorProtocol
import Testing

/// Interop with an independent client: confluent-kafka (librdkafka 2.16, via the scripts in
/// Tests/GregorTests/Peer) on the other end of a real broker.
///
/// Broker: Tansu, which stores keys, null keys and values, headers, CreateTime timestamps and
/// batches of every codec as sent (see /work/shared/brokers.md); or GREGOR_TEST_BOOTSTRAP.
/// Each test creates its own 3-partition topic.
@Suite struct InteropPeerTests {
    static let partitionCount: Int32 = 3

    /// Records that exercise every field: null and empty keys and values, all 256 byte values,
    /// repeated, null, empty and non-ASCII header names, explicit timestamps, every partition,
    /// and compressible values (so that the peer really compresses its batches).
    static func sampleRecords() -> [PeerRecord] {
        var generator = SplitMix64(seed: 0x6772_6567_6f72)
        let allBytes = (0...255).map { UInt8($0) }
        var records: [PeerRecord] = []
        for index in 0..<30 {
            let partition = Int32(index) % partitionCount
            let timestamp = 1_700_000_000_000 + Int64(index) * 1_001
            let text = Array(String(repeating: "gregor record \(index) ", count: 8).utf8)
            let key: [UInt8]?
            let value: [UInt8]?
            var headers: [PeerHeader] = []
            switch index {
            case 0: (key, value) = (nil, nil)
            case 1: (key, value) = ([], [])
            case 2: (key, value) = (allBytes, allBytes + text)
            case 3: (key, value) = (Array("tombstone".utf8), nil)
            case 4: (key, value) = (nil, text)
            case 5: (key, value) = (Array("big".utf8), Array(repeating: text, count: 400).flatMap { $0 })
            default: (key, value) = ((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }, text)
            }
            if index % 2 == 0 {
                headers = [
                    PeerHeader("trace-id", (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }),
                    PeerHeader("dup", [1]), PeerHeader("dup", [2]),
                    PeerHeader("null-value", nil), PeerHeader("empty-value", []),
                    PeerHeader("schlüssel-✓", Array("wert".utf8)),
                ]
            } else if index % 3 == 0 {
                headers = [PeerHeader("", [0])]
            }
            records.append(PeerRecord(key: key, value: value, headers: headers, timestamp: timestamp, partition: partition))
        }
        return records
    }

    /// Gregor's KafkaProducer writes, confluent-kafka reads: every field arrives byte for byte at
    /// the offset Gregor's delivery report named.
    @Test(arguments: CompressionCodec.allCases)
    func gregorProducedRecordsReadByConfluentKafka(codec: CompressionCodec) async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("interop-to-peer-\(codec)")
        let cluster = KafkaCluster(configuration: try broker.configuration(clientId: "gregor-interop"))
        let records = Self.sampleRecords()
        do {
            try await Self.createTopic(topic, cluster: cluster)
            var configuration = ProducerConfiguration()
            configuration.compression = codec
            configuration.linger = .milliseconds(20)
            let producer = try KafkaProducer(configuration: configuration, cluster: cluster)
            let reports = try await withThrowingTaskGroup(of: (Int, DeliveryReport).self) { group in
                for (index, record) in records.enumerated() {
                    group.addTask {
                        let report = try await producer.send(
                            topic: topic, key: record.key, value: record.value,
                            headers: record.headers.map { RecordHeader(key: $0.name, value: $0.value) },
                            partition: record.partition, timestamp: record.timestamp)
                        return (index, report)
                    }
                }
                var reports = [DeliveryReport?](repeating: nil, count: records.count)
                for try await (index, report) in group { reports[index] = report }
                return reports.compactMap { $0 }
            }
            await producer.close()
            #expect(reports.count == records.count)
            #expect(reports.map(\.partition) == records.map { $0.partition ?? -1 })

            let consumed = try await PeerClient.consume(bootstrap: broker.bootstrap, topic: topic, count: records.count)
            #expect(consumed.count == records.count)
            let byPosition = Dictionary(uniqueKeysWithValues: consumed.map { (Position($0.partition, $0.offset), $0) })
            for (record, report) in zip(records, reports) {
                guard let read = byPosition[Position(report.partition, report.offset)] else {
                    Issue.record("confluent-kafka did not read \(report) (\(codec))")
                    continue
                }
                #expect(read.key == record.key, "key at \(report)")
                #expect(read.value == record.value, "value at \(report)")
                #expect(read.headers == record.headers, "headers at \(report)")
                #expect(read.timestamp == record.timestamp, "timestamp at \(report)")
                #expect(read.timestampType == "create", "timestamp type at \(report)")
            }

            // The batches on the broker carry the codec (else this test would not cover it).
            let stored = try await GregorReader.read(cluster: cluster, topic: topic, partitions: Self.partitionCount, count: records.count)
            #expect(stored.codecs == [codec])
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    /// confluent-kafka writes, Gregor's fetch engine reads: every field arrives byte for byte at
    /// the offset confluent-kafka's delivery report named, in batches of the chosen codec.
    @Test(arguments: CompressionCodec.allCases)
    func confluentKafkaProducedRecordsReadByGregor(codec: CompressionCodec) async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("interop-from-peer-\(codec)")
        let cluster = KafkaCluster(configuration: try broker.configuration(clientId: "gregor-interop"))
        let records = Self.sampleRecords()
        do {
            try await Self.createTopic(topic, cluster: cluster)
            let reports = try await PeerClient.produce(
                bootstrap: broker.bootstrap, topic: topic, records: records, codec: codec.description)
            #expect(reports.allSatisfy { $0.error == nil })
            #expect(reports.map(\.partition) == records.map { $0.partition ?? -1 })

            let (fetched, codecs) = try await GregorReader.read(
                cluster: cluster, topic: topic, partitions: Self.partitionCount, count: records.count)
            #expect(fetched.count == records.count)
            #expect(codecs == [codec])
            let byPosition = Dictionary(uniqueKeysWithValues: fetched.map { (Position($0.partition, $0.offset), $0) })
            for (record, report) in zip(records, reports) {
                guard let offset = report.offset, let read = byPosition[Position(report.partition, offset)] else {
                    Issue.record("Gregor did not read record \(report.index) at \(report.partition)/\(report.offset ?? -1) (\(codec))")
                    continue
                }
                #expect(read.key == record.key, "key at \(report.partition)/\(offset)")
                #expect(read.value == record.value, "value at \(report.partition)/\(offset)")
                #expect(read.headers == record.headers, "headers at \(report.partition)/\(offset)")
                #expect(read.timestamp == record.timestamp, "timestamp at \(report.partition)/\(offset)")
                #expect(read.timestampType == .createTime, "timestamp type at \(report.partition)/\(offset)")
            }
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    private static func createTopic(_ topic: String, cluster: KafkaCluster) async throws {
        let admin = KafkaAdmin(cluster: cluster)
        _ = try await admin.createTopics([NewTopic(name: topic, partitions: partitionCount, replicationFactor: 1)])
            .value(for: topic)
    }
}

/// A partition and offset, as a dictionary key.
private struct Position: Hashable {
    var partition: Int32
    var offset: Int64
    init(_ partition: Int32, _ offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}
