import Foundation
import Gregor
import GregorStream
import Testing

/// `gregor consume` as the ordered Stream and `gregor stream-demo`, end to end: on the mock cluster
/// (exact ListOffsets) for the order, shards and cutoff, with pyarrow and polars reading the Arrow
/// files; on Tansu for the demo (it creates its topic). Serialized, to keep the child processes
/// of the suite's start-up burst few on 2 cores.
@Suite("Stream CLI", .serialized)
struct StreamCLITests {
    static let topic = "cli-events"
    let cli = CLIIntegrationTests()

    /// A mock cluster with 3 partitions of skewed, interleaved events (300 / 40 / 120).
    static func withEvents(_ body: (MockCluster, [StreamForTests.Event]) async throws -> Void) async throws {
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init(topic, partitions: 3)]) { mock in
            let base = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
            let events = StreamForTests.skewedEvents(counts: [300, 40, 120], base: base)
            try await StreamForTests.produce(events, topic: topic, client: try mock.configuration())
            try await body(mock, events)
        }
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func consumeUntilLivePrintsTheReplayInTimestampOrder() async throws {
        try await Self.withEvents { mock, events in
            let result = try await cli.gregor(["consume", Self.topic, "--until", "live", "-b", mock.bootstrap])
            cli.expectSuccess(result, "consume")
            let lines = result.outputText.split(separator: "\n")
            #expect(lines.count == events.count)
            let objects = try lines.map(Self.json)
            let timestamps = objects.compactMap { $0["timestamp"] as? Int }
            #expect(timestamps == timestamps.sorted())
            #expect(timestamps == events.map { Int($0.timestamp) }.sorted())
            #expect(Set(objects.compactMap { $0["value"] as? String }) == Set(events.map(\.value)))
            #expect(result.errorText.hasPrefix("consumed \(events.count) records"), "\(result.errorText)")
            #expect(!result.errorText.contains("replay "), "no progress line when stderr is not a terminal")
        }
    }

    @Test func arrowOutputIsReadByPyarrowAndPolarsWithKafkarsSchema() async throws {
        try await Self.withEvents { mock, events in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("gregor-cli-\(UUID().uuidString).arrow")
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try await cli.gregor([
                "consume", Self.topic, "--until", "live", "--format", "arrow", "--output", file.path, "--batch-size", "50", "-b", mock.bootstrap,
            ])
            cli.expectSuccess(result, "consume --format arrow")
            #expect(result.outputText.isEmpty)
            let read = try JSONSerialization.jsonObject(with: try await PeerClient.run(script: "arrow_read.py", args: [file.path])) as? [String: Any]
            let rows = try #require(read?["rows"] as? [[String: Any]])
            #expect(rows.count == events.count)
            #expect(read?["polars_rows"] as? Int == events.count)
            #expect(read?["kafkars_schema_equal"] as? Bool == true)
            let timestamps = rows.compactMap { $0["timestamp"] as? Int }
            #expect(timestamps == events.map { Int($0.timestamp) }.sorted())
            let expected = Set(events.map { "\($0.partition)|\($0.value)" })
            #expect(Set(rows.map { "\($0["partition"] as? Int ?? -1)|\($0["value"] as? String ?? "")" }) == expected)
            #expect(rows.allSatisfy { ($0["topic"] as? String) == Self.topic })
        }
    }

    @Test func shardAndCutoffChooseTheRecords() async throws {
        try await Self.withEvents { mock, events in
            let shard = try await cli.gregor(["consume", Self.topic, "--until", "live", "--shard", "1/2", "-b", mock.bootstrap])
            cli.expectSuccess(shard, "consume --shard 1/2")
            let partitions = Set(try shard.outputText.split(separator: "\n").map { try Self.json($0)["partition"] as? Int ?? -1 })
            #expect(partitions == [1])
            #expect(shard.outputText.split(separator: "\n").count == 40)

            let sorted = events.map(\.timestamp).sorted()
            let cutoff = sorted[200]
            let cut = try await cli.gregor(["consume", Self.topic, "--until", "live", "--cutoff", "\(cutoff)", "-b", mock.bootstrap])
            cli.expectSuccess(cut, "consume --cutoff")
            let timestamps = try cut.outputText.split(separator: "\n").map { try Self.json($0)["timestamp"] as? Int ?? -1 }
            #expect(timestamps == sorted.filter { $0 < cutoff }.map(Int.init))

            let bad = try await cli.gregor(["consume", Self.topic, "--shard", "2/2", "-b", mock.bootstrap])
            #expect(!bad.succeeded)
            #expect(bad.errorText.contains("--shard 2/2"), "\(bad.errorText)")
            let missingOutput = try await cli.gregor(["consume", Self.topic, "--format", "arrow", "-b", mock.bootstrap])
            #expect(!missingOutput.succeeded)
            #expect(missingOutput.errorText.contains("--output"), "\(missingOutput.errorText)")
        }
    }

    @Test func streamDemoReplaysSkewedEventsInOrderIntoAnArrowFile() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("stream-demo")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gregor-demo-\(UUID().uuidString).arrow")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await cli.gregor(["stream-demo", topic, "--events", "5000", "--output", file.path, "-b", broker.bootstrap])
        cli.expectSuccess(result, "stream-demo")
        #expect(result.outputText.contains("replayed: 5000 records from 4 partitions"), "\(result.outputText)")
        #expect(result.outputText.contains("order:    0 timestamp inversions"))
        let read = try JSONSerialization.jsonObject(with: try await PeerClient.run(script: "arrow_read.py", args: [file.path])) as? [String: Any]
        let rows = try #require(read?["rows"] as? [[String: Any]])
        #expect(rows.count == 5000)
        let timestamps = rows.compactMap { $0["timestamp"] as? Int }
        #expect(timestamps == timestamps.sorted())
        #expect(Set(rows.compactMap { $0["partition"] as? Int }) == [0, 1, 2, 3])
    }
}
