import Foundation
import Gregor
import GregorTables
import Testing

/// Grouped and flat tables shared with ktables 2.0.0 (Python, aiokafka, from PyPI) on Tansu, which
/// gets produce/fetch and CreateTopics right (brokers.md). Every write on both sides is acknowledged
/// before the next, so each partition ends in a single-record batch and Tansu's ListOffsets(latest)
/// is exact for both catch-ups.
@Suite("Tables interop with ktables")
struct TablesKtablesInteropTests {
    /// JSON values as both sides see them: objects, arrays, text with non-ASCII, numbers.
    enum JSONValue: Codable, Equatable, Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case array([JSONValue])
        case object([String: JSONValue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
            else { self = .object(try container.decode([String: JSONValue].self)) }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }
    }

    struct PeerGroupedRead: Decodable {
        var status: String
        var groups: [String: [String: JSONValue]]
    }

    /// Operations both sides apply: sets and deletes of (group, member), non-ASCII and colons included.
    static let operations: [(op: String, group: String, member: String, value: JSONValue?)] = [
        ("set", "billing", "host-a", .object(["host": .string("10.0.0.1"), "port": .number(8080)])),
        ("set", "billing", "host-b", .object(["host": .string("10.0.0.2"), "port": .number(8081)])),
        ("set", "grüße", "é😀", .array([.string("ünïcödé"), .bool(true)])),
        ("set", "sv:c", "12", .string("colon in the group")),
        ("set", "billing", "host-a", .object(["host": .string("10.0.0.9"), "port": .number(9090)])),
        ("delete", "billing", "host-b", nil),
        ("set", "", "empty-group", .number(1.5)),
    ]

    /// What both sides must end with, from the operations alone.
    static var expectedGroups: [String: [String: JSONValue]] {
        var groups: [String: [String: JSONValue]] = [:]
        for operation in operations {
            if let value = operation.value {
                groups[operation.group, default: [:]][operation.member] = value
            } else {
                groups[operation.group]?[operation.member] = nil
                if groups[operation.group]?.isEmpty == true { groups[operation.group] = nil }
            }
        }
        return groups
    }

    static func createCompactedTopic(_ broker: TestBroker, _ topic: String) async throws {
        let admin = try KafkaAdmin(configuration: try broker.configuration(clientId: "gregor-ktables-interop"))
        _ = try await admin.createTopic(NewTopic(name: topic, partitions: 3, replicationFactor: 1, configs: ["cleanup.policy": "compact"]))
        await admin.shutdown()
    }

    static func readWithGregor(_ broker: TestBroker, _ topic: String) async throws -> [String: [String: JSONValue]] {
        let table = try GroupedKafkaTable(
            topic: topic, configuration: TablesForTests.configuration(try broker.configuration()), valueCodec: .json(JSONValue.self),
            logger: TablesForTests.logger)
        try await table.start()
        #expect(table.status.isCaughtUp)
        #expect(table.stats.valueDecodeErrors == 0)
        #expect(table.stats.foreignKeys == 0)
        var groups: [String: [String: JSONValue]] = [:]
        for (group, members) in table.snapshot() {
            groups[group] = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
        }
        await table.stop()
        return groups
    }

    static func readWithKtables(_ broker: TestBroker, _ topic: String) async throws -> PeerGroupedRead {
        let output = try await PeerClient.run(
            script: "ktables_peer.py", args: ["read-grouped", "--bootstrap", broker.bootstrap, "--topic", topic, "--no-ensure-topic"])
        return try JSONDecoder().decode(PeerGroupedRead.self, from: output)
    }

    @Test func whatKtablesWritesGregorReadsIdentically() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("ktables-to-gregor")
        try await Self.createCompactedTopic(broker, topic)
        var ops: [[String: JSONValue]] = []
        for operation in Self.operations {
            var op: [String: JSONValue] = ["op": .string(operation.op), "group": .string(operation.group), "member": .string(operation.member)]
            if let value = operation.value { op["value"] = value }
            ops.append(op)
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("\(topic).json")
        try JSONEncoder().encode(ops).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        _ = try await PeerClient.run(
            script: "ktables_peer.py",
            args: ["write-grouped", "--bootstrap", broker.bootstrap, "--topic", topic, "--input", input.path, "--no-ensure-topic"])

        let gregor = try await Self.readWithGregor(broker, topic)
        #expect(gregor == Self.expectedGroups)
        let ktables = try await Self.readWithKtables(broker, topic)
        #expect(ktables.status == "caught_up")
        #expect(gregor == ktables.groups)
    }

    @Test func whatGregorWritesKtablesReadsIdentically() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("gregor-to-ktables")
        try await Self.createCompactedTopic(broker, topic)
        let writer = try GroupedKafkaTableWriter(
            topic: topic, configuration: TablesForTests.writerConfiguration(try broker.configuration()), valueCodec: .json(JSONValue.self))
        try await writer.start()
        for operation in Self.operations {
            if let value = operation.value {
                try await writer.set(group: operation.group, member: operation.member, value)
            } else {
                try await writer.delete(group: operation.group, member: operation.member)
            }
        }
        await writer.close()

        let ktables = try await Self.readWithKtables(broker, topic)
        #expect(ktables.status == "caught_up")
        #expect(ktables.groups == Self.expectedGroups)
        #expect(try await Self.readWithGregor(broker, topic) == ktables.groups)
    }
}
