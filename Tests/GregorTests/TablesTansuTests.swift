import Foundation
import Gregor
import GregorTables
import Testing

/// Tables on Tansu, which gets CreateTopics with configs, DescribeConfigs (all keys) and
/// IncrementalAlterConfigs right (brokers.md): `ensureTopic`'s outcomes, writers and tables with
/// the topic check on, grouped tables. Data written by the writer ends in single-record batches,
/// so Tansu's ListOffsets(latest) is exact for the catch-up.
@Suite("Tables on Tansu")
struct TablesTansuTests {
    static func admin() async throws -> KafkaAdmin {
        let broker = try await TestBrokers.tansu()
        return try KafkaAdmin(configuration: try broker.configuration(clientId: "gregor-tables-tests"))
    }

    static func policy(_ admin: KafkaAdmin, _ topic: String) async throws -> String? {
        try await admin.describeConfigs(topic: topic)["cleanup.policy"]?.value
    }

    @Test func ensureTopicCreatesACompactedTopicThenVerifiesIt() async throws {
        let admin = try await Self.admin()
        let topic = TestBrokers.uniqueTopicName("tables-ensure")
        var settings = TableTopicSettings()
        settings.partitions = 3
        settings.replicationFactor = 1
        #expect(try await admin.ensureTableTopic(topic, settings: settings) == .created)
        #expect(try await Self.policy(admin, topic) == "compact")
        #expect(try await admin.cluster.metadata(topics: [topic], refresh: true).topics[topic]?.partitionCount == 3)
        #expect(try await admin.ensureTableTopic(topic, settings: settings) == .verified(policy: "compact"))
        await admin.shutdown()
    }

    @Test func anExistingDeleteTopicIsWarnedThrownOrReconciledAsAsked() async throws {
        let admin = try await Self.admin()
        let topic = TestBrokers.uniqueTopicName("tables-mismatch")
        _ = try await admin.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1, configs: ["cleanup.policy": "delete", "retention.ms": "3600000"]))
        var settings = TableTopicSettings()
        settings.replicationFactor = 1

        settings.onPolicyMismatch = .ignore
        #expect(try await admin.ensureTableTopic(topic, settings: settings) == .skipped)
        settings.onPolicyMismatch = .warn
        #expect(try await admin.ensureTableTopic(topic, settings: settings) == .mismatch(actual: "delete"))
        settings.onPolicyMismatch = .throw
        await #expect(throws: TopicPolicyMismatchError(topic: topic, expected: "compact", actual: "delete")) {
            _ = try await admin.ensureTableTopic(topic, settings: settings)
        }
        #expect(try await Self.policy(admin, topic) == "delete")  // nothing changed so far

        settings.onPolicyMismatch = .reconcile
        #expect(try await admin.ensureTableTopic(topic, settings: settings) == .reconciled(from: "delete"))
        let configs = try await admin.describeConfigs(topic: topic)
        #expect(configs["cleanup.policy"]?.value == "compact")
        #expect(configs["retention.ms"]?.value == "3600000")  // the other override stays
        #expect(try await admin.ensureTableTopic(topic, settings: settings) == .verified(policy: "compact"))
        await admin.shutdown()
    }

    @Test func compactAndDeleteCountsAsCompacted() async throws {
        let admin = try await Self.admin()
        let topic = TestBrokers.uniqueTopicName("tables-both")
        _ = try await admin.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1, configs: ["cleanup.policy": "delete,compact"]))
        var settings = TableTopicSettings()
        settings.onPolicyMismatch = .throw
        let outcome = try await admin.ensureTableTopic(topic, settings: settings)
        #expect(outcome.name == "verified")
        await admin.shutdown()
    }

    @Test func aWriterCreatesTheTopicAndATableReadsWhatItWrote() async throws {
        let broker = try await TestBrokers.tansu()
        let client = try broker.configuration(clientId: "gregor-tables-tests")
        let topic = TestBrokers.uniqueTopicName("tables-rw")
        var writerConfiguration = TablesForTests.writerConfiguration(client, ensureTopic: true)
        writerConfiguration.topicSettings.partitions = 2
        writerConfiguration.topicSettings.replicationFactor = 1
        struct Service: Codable, Equatable, Sendable {
            var host: String
            var port: Int
        }
        let writer = try KafkaTableWriter(topic: topic, configuration: writerConfiguration, keyCodec: .string, valueCodec: .json(Service.self))
        #expect(try await writer.start() == .created)
        for i in 0..<30 { try await writer.set("svc-\(i % 10)", Service(host: "10.0.0.\(i)", port: 8000 + i)) }
        try await writer.delete("svc-3")

        var configuration = TablesForTests.configuration(client)
        configuration.ensureTopic = true
        configuration.topicSettings.replicationFactor = 1
        let table = try KafkaTable(topic: topic, configuration: configuration, keyCodec: .string, valueCodec: .json(Service.self), logger: TablesForTests.logger)
        try await table.start()
        #expect(table.ensureTopicOutcome == .verified(policy: "compact"))
        #expect(table.status.isCaughtUp)
        #expect(table.count == 9)
        #expect(table["svc-7"] == Service(host: "10.0.0.27", port: 8027))
        #expect(table["svc-3"] == nil)
        #expect(table.stats.tombstonesApplied == 1)
        await table.stop()
        await writer.close()
    }

    @Test func undecodableValuesAreSkippedAndCountedKeepingThePreviousValue() async throws {
        let broker = try await TestBrokers.tansu()
        let client = try broker.configuration(clientId: "gregor-tables-tests")
        let topic = TestBrokers.uniqueTopicName("tables-bad-json")
        let admin = try KafkaAdmin(configuration: client)
        _ = try await admin.createTopic(NewTopic(name: topic, partitions: 1, replicationFactor: 1, configs: ["cleanup.policy": "compact"]))
        await admin.shutdown()
        for record in [("a", "1"), ("a", "not json"), ("b", "2"), (nil, "3"), ("c", "[4]")] as [(String?, String?)] {
            try await TablesForTests.produce([record], topic: topic, client: client)  // one batch each
        }
        let table = try KafkaTable(topic: topic, configuration: TablesForTests.configuration(client), keyCodec: .string, valueCodec: .json(Int.self), logger: TablesForTests.logger)
        try await table.start()
        #expect(table["a"] == 1)
        #expect(table["b"] == 2)
        #expect(table["c"] == nil)
        #expect(table.stats.valueDecodeErrors == 2)
        #expect(table.stats.keylessRecords == 1)
        await table.stop()
    }

    @Test func aGroupedTableReadsMembersOfGroupsAndSkipsForeignKeys() async throws {
        let broker = try await TestBrokers.tansu()
        let client = try broker.configuration(clientId: "gregor-tables-tests")
        let topic = TestBrokers.uniqueTopicName("tables-grouped")
        var writerConfiguration = TablesForTests.writerConfiguration(client, ensureTopic: true)
        writerConfiguration.topicSettings.replicationFactor = 1
        let writer = try GroupedKafkaTableWriter(topic: topic, configuration: writerConfiguration, valueCodec: .string)
        try await writer.start()
        try await writer.set(group: "billing", member: "host-a", "up")
        try await writer.set(group: "billing", member: "host-b", "up")
        try await writer.set(group: "search", member: "host-a", "draining")
        try await writer.set(group: "bil", member: "ling:x", "tricky")  // "3:billing:x" must not read as group billing
        try await writer.delete(group: "billing", member: "host-b")
        try await TablesForTests.produce([("not-a-grouped-key", "x")], topic: topic, client: client)
        try await writer.set(group: "search", member: "host-b", "up")  // single-record last batch

        let table = try GroupedKafkaTable(topic: topic, configuration: TablesForTests.configuration(client), valueCodec: .string, logger: TablesForTests.logger)
        try await table.start()
        #expect(table.member("host-a", in: "billing") == "up")
        #expect(table.member("host-b", in: "billing") == nil)
        #expect(Dictionary(uniqueKeysWithValues: table.members(in: "search").map { ($0.key, $0.value) }) == ["host-a": "draining", "host-b": "up"])
        #expect(table.member("ling:x", in: "bil") == "tricky")
        #expect(Set(table.groups) == ["billing", "search", "bil"])
        #expect(table.count == 4)
        #expect(table.stats.foreignKeys == 1)
        await table.stop()
        await writer.close()
    }
}
