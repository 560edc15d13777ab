import Foundation
import Gregor
import GregorTables
import Logging

/// Shared set-up of the table integration tests.
enum TablesForTests {
    /// A table configuration for `broker`: no topic check (the mock cluster has no admin APIs),
    /// short long-polls and catch-up timeout suited to tests.
    static func configuration(_ client: KafkaClientConfiguration, maxWait: Duration = .milliseconds(200)) -> KafkaTableConfiguration {
        var configuration = KafkaTableConfiguration(client: client)
        configuration.ensureTopic = false
        configuration.fetch.maxWait = maxWait
        configuration.catchUpTimeout = .seconds(20)
        return configuration
    }

    /// A writer configuration without the topic check (otherwise the defaults: no linger).
    static func writerConfiguration(_ client: KafkaClientConfiguration, ensureTopic: Bool = false) -> KafkaTableWriterConfiguration {
        var configuration = KafkaTableWriterConfiguration(client: client)
        configuration.ensureTopic = ensureTopic
        configuration.producer.deliveryTimeout = .seconds(20)
        return configuration
    }

    /// A quiet logger for tables under test.
    static var logger: Logger {
        var logger = Logger(label: "gregor.tests.tables")
        logger.logLevel = .critical
        return logger
    }

    /// Writes raw records (keys and values as given, `nil` value = tombstone) and waits for all
    /// acknowledgements.
    static func produce(_ records: [(key: String?, value: String?)], topic: String, client: KafkaClientConfiguration, partition: Int32? = nil) async throws {
        var producerConfiguration = ProducerConfiguration()
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration, client: client)
        do {
            for record in records {
                try await producer.produce(
                    topic: topic, key: record.key.map { Array($0.utf8) }, value: record.value.map { Array($0.utf8) }, partition: partition)
            }
            await producer.flush()
            await producer.close()
        } catch {
            await producer.close()
            throw error
        }
    }

    /// Last write wins, tombstones remove, keyless records are skipped: the map a table must build
    /// from `records`, computed independently of the table code.
    static func expectedMap(_ records: [(key: String?, value: String?)]) -> [String: String] {
        var map: [String: String] = [:]
        for record in records {
            guard let key = record.key else { continue }
            map[key] = record.value
        }
        return map
    }

    /// The table's contents as a plain dictionary.
    static func contents(_ table: KafkaTable<String, String>) -> [String: String] {
        Dictionary(uniqueKeysWithValues: table.snapshot().map { ($0.key, $0.value) })
    }

    /// The first `count` changes of `updates` (fewer if the sequence ends first).
    static func firstChanges<Change: Sendable>(_ updates: AsyncStream<Change>, count: Int) async -> [Change] {
        var seen: [Change] = []
        for await change in updates {
            seen.append(change)
            if seen.count == count { break }
        }
        return seen
    }
}
