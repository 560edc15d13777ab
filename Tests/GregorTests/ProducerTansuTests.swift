import Foundation
import Synchronization
import Testing

@testable import Gregor

/// The producer end to end on Tansu (right on produce: every codec, acks 0/1/all, keys, null
/// values, headers, CreateTime — brokers.md), read back with a raw Fetch.
@Suite("Producer on Tansu", .serialized)
struct ProducerTansuTests {
    static func producer(_ configure: (inout ProducerConfiguration) -> Void = { _ in }) async throws -> (KafkaProducer, KafkaCluster) {
        let broker = try await TestBrokers.tansu()
        let cluster = KafkaCluster(configuration: try broker.configuration(clientId: "gregor-producer-tests"))
        var configuration = ProducerConfiguration()
        configuration.linger = .milliseconds(2)
        configuration.deliveryTimeout = .seconds(20)
        configure(&configuration)
        return (try KafkaProducer(configuration: configuration, cluster: cluster), cluster)
    }

    /// A mix of records: keys and null keys, empty and null values (tombstones), headers with null
    /// values, explicit timestamps.
    static func sampleRecords(count: Int) -> [(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader], timestamp: Int64)] {
        (0..<count).map { i in
            let key: [UInt8]? = i % 7 == 3 ? nil : Array("key-\(i)".utf8)
            let value: [UInt8]? = i % 5 == 4 ? nil : (i % 11 == 0 ? [] : Array(repeating: UInt8(i % 251), count: 20 + i % 300))
            let headers = i % 3 == 0 ? [RecordHeader(key: "h\(i)", value: Array("v\(i)".utf8)), RecordHeader(key: "nullh", value: nil)] : []
            return (key, value, headers, 1_700_000_000_000 + Int64(i) * 17)
        }
    }

    @Test("every codec: records read back byte for byte, in the codec asked for, at the reported offsets", arguments: CompressionCodec.allCases)
    func codecs(codec: CompressionCodec) async throws {
        let (producer, cluster) = try await Self.producer { $0.compression = codec }
        let topic = TestBrokers.uniqueTopicName("producer-\(codec)")
        try await ProducerReadBack.createTopic(cluster: cluster, name: topic, partitions: 1)
        let records = Self.sampleRecords(count: 120)
        let reports = try await withThrowingTaskGroup(of: (Int, DeliveryReport).self) { group in
            for (index, record) in records.enumerated() {
                group.addTask {
                    (index, try await producer.send(
                        topic: topic, key: record.key, value: record.value, headers: record.headers, partition: 0,
                        timestamp: record.timestamp))
                }
            }
            var reports = [DeliveryReport?](repeating: nil, count: records.count)
            for try await (index, report) in group { reports[index] = report }
            return reports.compactMap { $0 }
        }
        await producer.close()
        #expect(reports.count == records.count)
        #expect(Set(reports.map(\.offset)) == Set(0..<Int64(records.count)), "every record acknowledged once, offsets 0..<n")

        let stored = try await ProducerReadBack.read(cluster: cluster, topic: topic, partition: 0, expected: records.count)
        await cluster.shutdown()
        #expect(stored.records.count == records.count)
        #expect(stored.batches.allSatisfy { $0.compression == codec }, "batches stored as \(Set(stored.batches.map(\.compression)))")
        let byOffset = Dictionary(uniqueKeysWithValues: stored.records.map { ($0.offset, $0) })
        for (index, record) in records.enumerated() {
            let report = reports[index]
            #expect(report.partition == 0)
            #expect(report.timestamp == record.timestamp)
            guard let found = byOffset[report.offset] else {
                Issue.record("record \(index) not found at offset \(report.offset)")
                continue
            }
            #expect(found.key == record.key, "key of record \(index)")
            #expect(found.value == record.value, "value of record \(index)")
            #expect(found.headers == record.headers, "headers of record \(index)")
            #expect(found.timestamp == record.timestamp, "timestamp of record \(index)")
        }
    }

    @Test("acks 0, 1 and all (idempotent): every record stored; acks=0 reports offset -1")
    func acks() async throws {
        for (acks, idempotent) in [(ProducerConfiguration.Acks.none, false), (.leader, false), (.all, false), (.all, true)] {
            let (producer, cluster) = try await Self.producer {
                $0.acks = acks
                $0.idempotent = idempotent
            }
            let topic = TestBrokers.uniqueTopicName("producer-acks")
            try await ProducerReadBack.createTopic(cluster: cluster, name: topic, partitions: 1)
            let count = 300
            let reports = ReportCollector()
            for i in 0..<count {
                try await producer.produce(topic: topic, key: nil, value: Array("value-\(i)".utf8), partition: 0) { reports.add($0) }
            }
            await producer.flush()
            await producer.close()
            let results = reports.results
            #expect(results.count == count, "acks \(acks): one report per record")
            let offsets = results.compactMap { try? $0.get().offset }
            #expect(offsets.count == count, "acks \(acks): no failures")
            if acks == .none {
                #expect(offsets.allSatisfy { $0 == -1 })
            } else {
                #expect(Set(offsets) == Set(0..<Int64(count)))
            }
            let stored = try await ProducerReadBack.read(cluster: cluster, topic: topic, partition: 0, expected: count)
            await cluster.shutdown()
            #expect(stored.records.map(\.value) == (0..<count).map { Array("value-\($0)".utf8) }, "acks \(acks): stored in order")
            if idempotent {
                #expect(stored.batches.allSatisfy { $0.producerId >= 0 }, "idempotent batches carry a producer id")
            }
        }
    }

    @Test("keyed records land where librdkafka's murmur2 puts them (live, 4 partitions)")
    func keyedPartitioning() async throws {
        let (producer, cluster) = try await Self.producer()
        let topic = TestBrokers.uniqueTopicName("producer-keys")
        try await ProducerReadBack.createTopic(cluster: cluster, name: topic, partitions: 4)
        let fixture = try PartitionerFixture.load()
        let column = try #require(fixture.counts.firstIndex(of: 4))
        let rows = Array(fixture.rows.prefix(300))
        let reports = ReportCollector()
        for row in rows {
            try await producer.produce(topic: topic, key: row.key, value: [1]) { reports.add($0) }
        }
        await producer.close()
        await cluster.shutdown()
        let byKeyOrder = reports.results
        #expect(byKeyOrder.count == rows.count)
        // Reports of one partition arrive in order, but partitions interleave: compare as multisets per partition.
        var expected: [Int32: Int] = [:]
        for row in rows { expected[row.partitions[column], default: 0] += 1 }
        var actual: [Int32: Int] = [:]
        for result in byKeyOrder { if let report = try? result.get() { actual[report.partition, default: 0] += 1 } }
        #expect(actual == expected)
    }

    @Test("a full buffer throws bufferFull when the caller does not wait; close still delivers what was buffered")
    func bufferFull() async throws {
        let (producer, cluster) = try await Self.producer {
            $0.linger = .seconds(60)  // nothing leaves before close
            $0.maxBatchBytes = 1024
            $0.bufferMemory = 4096
        }
        let topic = TestBrokers.uniqueTopicName("producer-buffer")
        try await ProducerReadBack.createTopic(cluster: cluster, name: topic, partitions: 1)
        let reports = ReportCollector()
        var accepted = 0
        var sawBufferFull = false
        for _ in 0..<200 {
            do {
                try await producer.produce(topic: topic, key: nil, value: Array(repeating: 9, count: 100), partition: 0, waitForBuffer: false) {
                    reports.add($0)
                }
                accepted += 1
            } catch let error as KafkaError where error.kind == .bufferFull {
                sawBufferFull = true
                break
            }
        }
        #expect(sawBufferFull)
        #expect(accepted > 0 && accepted < 200)
        await producer.close()
        let stored = try await ProducerReadBack.read(cluster: cluster, topic: topic, partition: 0, expected: accepted)
        await cluster.shutdown()
        #expect(reports.results.count == accepted)
        #expect(stored.records.count == accepted)
    }
}

/// Collects delivery callbacks from the producer's tasks.
final class ReportCollector: Sendable {
    private let storage = Mutex<[Result<DeliveryReport, KafkaError>]>([])

    func add(_ result: Result<DeliveryReport, KafkaError>) {
        storage.withLock { $0.append(result) }
    }

    var results: [Result<DeliveryReport, KafkaError>] { storage.withLock { $0 } }
}
