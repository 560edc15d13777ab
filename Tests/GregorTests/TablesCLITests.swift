import GregorTestSupport
import Foundation
import Testing

/// `gregor table`, `table-set` and `table-delete` end to end on the suite's Tansu (right on
/// CreateTopics, DescribeConfigs and produce/fetch, brokers.md; each write is a single-record batch,
/// so its ListOffsets(latest) is exact for the catch-up).
@Suite("Tables CLI (Tansu)")
struct TablesCLITests {
    private func gregorBinary() throws -> URL {
        try #require(CLIIntegrationTests.findGregor(), "the gregor binary was not built next to the tests")
    }

    private func gregor(_ arguments: [String]) async throws -> ChildProcessResult {
        try await ChildProcess.run(gregorBinary(), arguments: arguments, environment: [:], input: nil, timeout: .seconds(60))
    }

    @Test func setDeleteAndPrintATableAsJSONLinesAndAsText() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("cli-table")
        let b = ["-b", broker.bootstrap]
        let set1 = try await gregor(["table-set", topic, "zeta", "last"] + b)
        #expect(set1.succeeded, "\(set1.summary())")
        #expect(set1.outputText.hasPrefix("set \"zeta\" at \(topic)-0@"))
        for (key, value) in [("alpha", "1"), ("beta", "{\"x\":2}"), ("alpha", "3")] {
            let result = try await gregor(["table-set", topic, key, value] + b)
            #expect(result.succeeded, "\(result.summary())")
        }
        let delete = try await gregor(["table-delete", topic, "beta"] + b)
        #expect(delete.succeeded, "\(delete.summary())")
        #expect(delete.outputText.hasPrefix("deleted \"beta\" at \(topic)-0@"))

        let jsonl = try await gregor(["table", topic] + b)
        #expect(jsonl.succeeded, "\(jsonl.summary())")
        #expect(jsonl.outputText == "{\"key\":\"alpha\",\"value\":\"3\"}\n{\"key\":\"zeta\",\"value\":\"last\"}\n")

        let text = try await gregor(["table", topic, "--format", "table"] + b)
        #expect(text.succeeded, "\(text.summary())")
        #expect(text.outputText == "KEY    VALUE\nalpha  3\nzeta   last\n")
    }

    @Test func followPrintsTheTableThenEachChangeAsItComes() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("cli-follow")
        let b = ["-b", broker.bootstrap]
        let first = try await gregor(["table-set", topic, "alpha", "1"] + b)
        #expect(first.succeeded, "\(first.summary())")

        let child = try Spawn.launch(gregorBinary().path, arguments: ["table", topic, "--follow"] + b, stdin: .null, stdout: .pipe, stderr: .pipe)
        let exit = ChildExit(pid: child.pid)
        let lines = LineReader(FileHandle(fileDescriptor: try #require(child.stdout), closeOnDealloc: true))
        let errors = OutputTail(limit: 8000)
        errors.drain(FileHandle(fileDescriptor: try #require(child.stderr), closeOnDealloc: true))
        defer {
            kill(child.pid, SIGTERM)
            _ = exit.wait(seconds: 10)
        }
        func nextLine() async throws -> String? {
            await runBlocking { lines.nextLine(deadline: Date().addingTimeInterval(60)) }
        }

        // The table after catch-up, then every change, while the process keeps running.
        let table = try await nextLine()
        #expect(table == #"{"key":"alpha","value":"1"}"#, "stderr: \(errors.text)")
        let set = try await gregor(["table-set", topic, "beta", "2"] + b)
        #expect(set.succeeded, "\(set.summary())")
        let setLine = try await nextLine()
        #expect(setLine == #"{"key":"beta","value":"2"}"#, "stderr: \(errors.text)")
        let delete = try await gregor(["table-delete", topic, "alpha"] + b)
        #expect(delete.succeeded, "\(delete.summary())")
        let deleteLine = try await nextLine()
        #expect(deleteLine == #"{"key":"alpha","value":null}"#, "stderr: \(errors.text)")
        #expect(exit.isRunning, "exit: \(String(describing: exit.current))")
    }

    @Test func aGroupedTablePrintsGroupMemberAndValue() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("cli-grouped")
        let b = ["-b", broker.bootstrap]
        // ktables' composite keys written as plain keys: "<n>:<group><member>".
        for (key, value) in [("7:billinghost-a", "up"), ("6:searchhost-b", "down"), ("7:billinghost-0", "up")] {
            let result = try await gregor(["table-set", topic, key, value] + b)
            #expect(result.succeeded, "\(result.summary())")
        }
        let grouped = try await gregor(["table", topic, "--grouped"] + b)
        #expect(grouped.succeeded, "\(grouped.summary())")
        #expect(grouped.outputText == """
            {"group":"billing","member":"host-0","value":"up"}
            {"group":"billing","member":"host-a","value":"up"}
            {"group":"search","member":"host-b","value":"down"}

            """)
    }

    @Test func theTableDemoProvesTheLastWriteVisibleWithABarrier() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("cli-table-demo")
        let result = try await gregor(["table-demo", topic, "--services", "3", "-b", broker.bootstrap])
        #expect(result.succeeded, "\(result.summary())")
        #expect(result.outputText.contains("(created the topic)"))
        #expect(result.outputText.contains("last write visible: yes"))
        #expect(result.outputText.contains("entries:  3 (4 sets applied, 0 tombstones)"))
        #expect(result.outputText.contains("service-0 = {\"host\":\"10.0.1.1\",\"port\":9000}"))
    }

    @Test func anIllegalTopicNameIsOneClearErrorLine() async throws {
        let broker = try await TestBrokers.tansu()
        let result = try await gregor(["table", "bad topic!", "-b", broker.bootstrap])
        #expect(!result.succeeded)
        #expect(result.errorText.hasPrefix("gregor: error: "))
        #expect(result.errorText.split(separator: "\n").count == 1)
        #expect(result.errorText.contains("topic name"))
    }
}
