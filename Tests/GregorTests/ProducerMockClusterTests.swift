import Foundation
import Testing

@testable import Gregor

/// The idempotent producer through a leader move and a broker down/up on the librdkafka mock
/// cluster (multi-broker; leader moves and broker outages as clients see them on real Kafka —
/// brokers.md). The mock checks sequences only for transactional producers, so "no duplicates"
/// is asserted by reading everything back.
@Suite("Producer on the mock cluster", .serialized)
struct ProducerMockClusterTests {
    @Test("idempotent produce across a leader move and a broker down/up: every record acknowledged once, none lost or duplicated")
    func leaderMoveAndBrokerOutage() async throws {
        let topic = "producer-faults"
        let partitions: Int32 = 4
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init(topic, partitions: Int(partitions), replicationFactor: 3)]) { mock in
            var clientConfiguration = try mock.configuration(clientId: "gregor-producer-faults")
            clientConfiguration.requestTimeout = .seconds(5)
            let cluster = KafkaCluster(configuration: clientConfiguration)
            var configuration = ProducerConfiguration()
            configuration.linger = .milliseconds(2)
            configuration.deliveryTimeout = .seconds(60)
            configuration.retryBackoff = KafkaBackoff(initial: .milliseconds(50), maximum: .milliseconds(500))
            let producer = try KafkaProducer(configuration: configuration, cluster: cluster)
            let reports = ReportCollector()
            let total = 6000

            func produce(_ range: Range<Int>) async throws {
                for i in range {
                    try await producer.produce(topic: topic, key: Array("k\(i)".utf8), value: Array("value-\(i)".utf8)) { reports.add($0) }
                    if i % 200 == 0 { try await Task.sleep(for: .milliseconds(5)) }
                }
            }

            try await produce(0..<2000)
            let snapshot = try await cluster.metadata(topics: [topic], refresh: true)
            let leader0 = try #require(snapshot.leader(topic: topic, partition: 0))
            let newLeader: Int32 = leader0 == 3 ? 1 : leader0 + 1
            try await mock.setLeader(topic: topic, partition: 0, broker: newLeader)
            try await produce(2000..<4000)
            let downBroker = try #require(snapshot.leader(topic: topic, partition: 1))
            try await mock.brokerDown(downBroker)
            try await produce(4000..<5000)
            try await Task.sleep(for: .milliseconds(500))
            try await mock.brokerUp(downBroker)
            try await produce(5000..<total)
            await producer.flush()
            await producer.close()

            let results = reports.results
            #expect(results.count == total, "one report per record")
            let failures = results.compactMap { result -> KafkaError? in
                if case .failure(let error) = result { return error }
                return nil
            }
            #expect(failures.isEmpty, "failures: \(failures.prefix(3))")
            var reported = Set<String>()
            for case .success(let report) in results { reported.insert("\(report.partition)@\(report.offset)") }
            #expect(reported.count == total, "every report names its own offset")

            var values: [String: Int] = [:]
            for partition in 0..<partitions {
                let expected = results.filter { (try? $0.get().partition) == partition }.count
                let stored = try await ProducerReadBack.read(cluster: cluster, topic: topic, partition: partition, expected: expected, maxWaitMs: 20)
                for record in stored.records { values[String(decoding: record.value ?? [], as: UTF8.self), default: 0] += 1 }
            }
            await cluster.shutdown()
            let missing = (0..<total).filter { values["value-\($0)"] == nil }
            let duplicated = values.filter { $0.value > 1 }
            #expect(missing.isEmpty, "lost: \(missing.count), first \(missing.prefix(5))")
            #expect(duplicated.isEmpty, "duplicated: \(duplicated.count), first \(duplicated.prefix(5))")
        }
    }
}
