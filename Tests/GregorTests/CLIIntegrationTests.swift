import Foundation
import Testing

/// The `gregor` binary end to end against the test suite's broker (Tansu, or the cluster in
/// `GREGOR_TEST_BOOTSTRAP`). Tansu gets everything used here right: CreateTopics with configs,
/// Metadata, DeleteTopics, Produce, Fetch; its ListOffsets(latest) is the last batch's base offset
/// + 1, so the tests that read `--until live` end each partition with a single-record batch.
@Suite("CLI integration (Tansu)")
struct CLIIntegrationTests {
    /// The `gregor` executable in the build products folder next to the running tests.
    static func findGregor() -> URL? {
        var candidates: [URL] = []
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: link))
        }
        if let executable = Bundle.main.executableURL { candidates.append(executable) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ""))
        for start in candidates {
            var folder = start.deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = folder.appendingPathComponent("gregor")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    FileManager.default.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        return nil
    }

    func gregor(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws -> ChildProcessResult {
        let binary = try #require(Self.findGregor(), "the gregor binary was not built next to the tests")
        return try await ChildProcess.run(
            binary, arguments: arguments, environment: environment, input: input.map { Data($0.utf8) }, timeout: .seconds(60))
    }

    func expectSuccess(_ result: ChildProcessResult, _ what: String) {
        #expect(result.succeeded, "\(what): \(result.summary())")
    }

    @Test func topicsCreateListDescribeDelete() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("cli-topics")
        let create = try await gregor(["topics", "create", topic, "--partitions", "3", "--replication-factor", "1",
                                       "--config", "retention.ms=123456", "-b", broker.bootstrap])
        expectSuccess(create, "create")
        #expect(create.outputText == "created topic \(topic) with 3 partitions\n")

        let list = try await gregor(["topics", "list", "-b", broker.bootstrap])
        expectSuccess(list, "list")
        #expect(list.outputText.split(separator: "\n").map(String.init).contains(topic))

        let describe = try await gregor(["topics", "describe", topic, "--bootstrap-server", broker.bootstrap])
        expectSuccess(describe, "describe")
        let lines = describe.outputText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("topic \(topic)  id ") == true)
        #expect(lines.first?.hasSuffix("partitions 3  replication factor 1") == true)
        for partition in 0..<3 {
            #expect(lines.contains { $0.hasPrefix("  partition \(partition)  leader ") }, "partition \(partition) in \(lines)")
        }

        let delete = try await gregor(["topics", "delete", topic, "-b", broker.bootstrap])
        expectSuccess(delete, "delete")
        #expect(delete.outputText == "deleted topic \(topic)\n")
        let after = try await gregor(["topics", "list"], environment: ["KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap])
        expectSuccess(after, "list after delete")
        #expect(!after.outputText.split(separator: "\n").map(String.init).contains(topic))
    }

    @Test func produceFromStdinThenConsumeUntilLivePrintsExactlyTheRecords() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("cli-roundtrip")
        expectSuccess(try await gregor(["topics", "create", topic, "--partitions", "1", "-b", broker.bootstrap]), "create")

        // key|value lines: text, an empty value, quotes and backslashes, non-ASCII, a line without
        // the separator (null key), a value containing the separator.
        let input = "user-1|hello\nuser-2|\nq|say \"hi\" \\ bye\nü|grüße 😀\nno separator here\nk|a|b\n"
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let produce = try await gregor(["produce", topic, "--key-separator", "|", "--acks", "all", "-b", broker.bootstrap], input: input)
        expectSuccess(produce, "produce")
        #expect(produce.outputText.isEmpty)
        #expect(produce.errorText.hasPrefix("produced 6 records ("), "\(produce.errorText)")
        // A single-record batch ends the partition: Tansu's ListOffsets(latest) is the last batch's
        // base offset + 1 (brokers.md), and `--until live` stops at that end.
        try await endPartitions(topic, count: 1, separator: "|", broker: broker)
        let after = Int64(Date().timeIntervalSince1970 * 1000) + 1

        let consume = try await gregor(["consume", topic, "--from", "earliest", "--until", "live", "--format", "jsonl", "-b", broker.bootstrap])
        expectSuccess(consume, "consume")
        let lines = consume.outputText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = [
            #"{"topic":"TOPIC","partition":0,"offset":0,"timestamp":TS,"key":"user-1","value":"hello","headers":{}}"#,
            #"{"topic":"TOPIC","partition":0,"offset":1,"timestamp":TS,"key":"user-2","value":"","headers":{}}"#,
            #"{"topic":"TOPIC","partition":0,"offset":2,"timestamp":TS,"key":"q","value":"say \"hi\" \\ bye","headers":{}}"#,
            #"{"topic":"TOPIC","partition":0,"offset":3,"timestamp":TS,"key":"ü","value":"grüße 😀","headers":{}}"#,
            #"{"topic":"TOPIC","partition":0,"offset":4,"timestamp":TS,"key":null,"value":"no separator here","headers":{}}"#,
            #"{"topic":"TOPIC","partition":0,"offset":5,"timestamp":TS,"key":"k","value":"a|b","headers":{}}"#,
            #"{"topic":"TOPIC","partition":0,"offset":6,"timestamp":TS,"key":"end","value":"end-0","headers":{}}"#,
            "",
        ].map { $0.replacingOccurrences(of: "TOPIC", with: topic) }
        let timestampPattern = try Regex(#""timestamp":(-?[0-9]+)"#)
        var normalized: [String] = []
        for line in lines {
            if let match = line.firstMatch(of: timestampPattern), let digits = match.output[1].substring, let value = Int64(digits) {
                #expect(value >= before && value <= after, "timestamp \(value) not in [\(before), \(after)]")
            }
            normalized.append(line.replacing(timestampPattern, with: #""timestamp":TS"#))
        }
        #expect(normalized == expected, "\(consume.summary())")
        #expect(consume.errorText.hasPrefix("consumed 7 records ("), "\(consume.errorText)")
    }

    @Test func keyedRecordsOverSeveralPartitionsAllComeBackOnce() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("cli-partitions")
        expectSuccess(try await gregor(["topics", "create", topic, "--partitions", "4", "-b", broker.bootstrap]), "create")
        let pairs = (0..<500).map { ("key-\($0 % 37)", "value-\($0)") }
        let input = pairs.map { "\($0.0)\t\($0.1)\n" }.joined()
        expectSuccess(try await gregor(["produce", topic, "--key-separator", "\t", "--compression", "zstd", "-b", broker.bootstrap], input: input), "produce")
        try await endPartitions(topic, count: 4, separator: "\t", broker: broker)

        let consume = try await gregor(["consume", topic, "--until", "live", "-b", broker.bootstrap])
        expectSuccess(consume, "consume")
        var received: [(String, String)] = []
        var partitionsSeen: Set<Int> = []
        for line in consume.outputText.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if object["key"] as? String == "end" { continue }
            received.append((try #require(object["key"] as? String), try #require(object["value"] as? String)))
            partitionsSeen.insert(try #require(object["partition"] as? Int))
        }
        let receivedPairs = received.map { "\($0.0)=\($0.1)" }
        let producedPairs = pairs.map { "\($0.0)=\($0.1)" }
        #expect(received.count == pairs.count, "\(consume.errorText)")
        #expect(Set(receivedPairs).count == receivedPairs.count, "a record came back twice")
        let missing = Set(producedPairs).subtracting(receivedPairs)
        #expect(missing.isEmpty, "\(missing.count) records missing, e.g. \(missing.sorted().prefix(3))")
        #expect(partitionsSeen.count > 1, "37 distinct keys should spread over the 4 partitions")

        let limited = try await gregor(["consume", topic, "--until", "live", "--max-messages", "7", "--format", "table", "-b", broker.bootstrap])
        expectSuccess(limited, "consume --max-messages")
        let tableLines = limited.outputText.split(separator: "\n")
        #expect(tableLines.count == 8)
        #expect(tableLines.first?.hasPrefix("TOPIC") == true)
    }

    /// Writes one record (key `end`, value `end-<p>`) alone into each partition.
    private func endPartitions(_ topic: String, count: Int, separator: String, broker: TestBroker) async throws {
        for partition in 0..<count {
            let end = try await gregor(
                ["produce", topic, "--key-separator", separator, "--partition", "\(partition)", "-b", broker.bootstrap],
                input: "end\(separator)end-\(partition)\n")
            expectSuccess(end, "end record of partition \(partition)")
        }
    }

    @Test func unreachableBootstrapPrintsOneErrorLineAndFails() async throws {
        let result = try await gregor(["topics", "list", "-b", "127.0.0.1:1"])
        #expect(!result.succeeded)
        #expect(result.outputText.isEmpty)
        let lines = result.errorText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "expected exactly one line: \(result.errorText)")
        #expect(result.errorText.hasPrefix("gregor: error: "), "\(result.errorText)")
    }

    @Test func missingBootstrapAndUsageErrorsAreOneLine() async throws {
        let missing = try await gregor(["topics", "list"], environment: ["KAFKA_BOOTSTRAP_SERVERS": ""])
        #expect(!missing.succeeded)
        #expect(missing.errorText == "gregor: error: no bootstrap server: pass --bootstrap-server host:port or set KAFKA_BOOTSTRAP_SERVERS\n")

        let usage = try await gregor(["produce"])
        #expect(!usage.succeeded)
        #expect(usage.errorText.hasPrefix("gregor: error: "), "\(usage.errorText)")
        #expect(usage.errorText.filter { $0 == "\n" }.count == 1, "\(usage.errorText)")

        let badFrom = try await gregor(["consume", "t", "--from", "yesterday", "-b", "127.0.0.1:1"])
        #expect(!badFrom.succeeded)
        #expect(badFrom.errorText.hasPrefix("gregor: error: --from 'yesterday' is not"), "\(badFrom.errorText)")
    }
}
