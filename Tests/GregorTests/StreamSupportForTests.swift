import Foundation
import Gregor
import GregorProtocol
import GregorStream
import Logging

/// Shared set-up of the Stream integration tests.
enum StreamForTests {
    /// One record to write: its partition, timestamp, and a value naming it.
    struct Event: Sendable, Hashable {
        var partition: Int32
        var timestamp: Int64
        var value: String
        var headers: [RecordHeader] = []
    }

    /// A record as a stream delivered it.
    struct Delivered: Sendable, Hashable {
        var topic: String
        var partition: Int32
        var offset: Int64
        var timestamp: Int64
        var key: [UInt8]?
        var value: String?
        var headers: [RecordHeader]
    }

    static var logger: Logger {
        var logger = Logger(label: "gregor.tests.stream")
        logger.logLevel = .critical
        return logger
    }

    /// A stream configuration with short long-polls suited to tests.
    static func configuration(_ topics: [SourceTopic], batchSize: Int = 1000, bounded: Bool = false) -> StreamConfiguration {
        var configuration = StreamConfiguration(topics: topics)
        configuration.batchSize = batchSize
        configuration.bounded = bounded
        configuration.fetch.maxWait = .milliseconds(100)
        return configuration
    }

    /// Writes `events` (key "k<n>", in order) and waits for every acknowledgement.
    /// `maxBatchBytes` bounds the record batches (a broker returns a batch larger than the fetch
    /// size whole, KIP-74).
    static func produce(_ events: [Event], topic: String, client: KafkaClientConfiguration, maxBatchBytes: Int = 16 << 10) async throws {
        var producerConfiguration = ProducerConfiguration()
        producerConfiguration.linger = .milliseconds(2)
        producerConfiguration.maxBatchBytes = maxBatchBytes
        let producer = try KafkaProducer(configuration: producerConfiguration, client: client)
        do {
            for (index, event) in events.enumerated() {
                try await producer.produce(
                    topic: topic, key: Array("k\(index)".utf8), value: Array(event.value.utf8), headers: event.headers,
                    partition: event.partition, timestamp: event.timestamp)
            }
            await producer.flush()
            await producer.close()
        } catch {
            await producer.close()
            throw error
        }
    }

    /// Skewed, interleaved events: partition p gets `counts[p]` records whose timestamps step by
    /// `counts.count` from `base + p`, so a strict merge alternates partitions while one partition
    /// has many more records than the others.
    static func skewedEvents(counts: [Int], base: Int64) -> [Event] {
        var events: [Event] = []
        for (partition, count) in counts.enumerated() {
            for index in 0..<count {
                let timestamp = base + Int64(partition) + Int64(index * counts.count)
                events.append(Event(partition: Int32(partition), timestamp: timestamp, value: "p\(partition)-\(index)"))
            }
        }
        return events
    }

    /// The rows of `batch`.
    static func rows(_ batch: MessageBatch) -> [Delivered] {
        (0..<batch.count).map { row in
            Delivered(
                topic: batch.topic(at: row), partition: batch.partition(at: row), offset: batch.offset(at: row),
                timestamp: batch.timestamp(at: row), key: batch.key(at: row),
                value: batch.value(at: row).map { String(decoding: $0, as: UTF8.self) }, headers: batch.headers(at: row))
        }
    }

    /// Polls until `count` records came (or `timeout` passed), returns them in delivery order.
    static func poll(_ stream: KafkaStream, count: Int, timeout: Duration = .seconds(30)) async throws -> [Delivered] {
        var delivered: [Delivered] = []
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while delivered.count < count, ContinuousClock.now < deadline {
            delivered += rows(try await stream.poll(timeout: .milliseconds(200)))
        }
        return delivered
    }

    /// The strict order DESIGN.md fixes for a replay: timestamp, then topic, partition, offset.
    static func inMergeOrder(_ records: [Delivered]) -> [Delivered] {
        records.sorted { lhs, rhs in
            if lhs.timestamp != rhs.timestamp { return lhs.timestamp < rhs.timestamp }
            if lhs.topic != rhs.topic { return lhs.topic < rhs.topic }
            if lhs.partition != rhs.partition { return lhs.partition < rhs.partition }
            return lhs.offset < rhs.offset
        }
    }
}
