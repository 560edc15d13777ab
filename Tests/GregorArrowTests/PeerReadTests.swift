import Foundation
import GregorArrow
import GregorProtocol
import Testing

/// pyarrow and polars (installed from PyPI into the repository's venv) read what Gregor writes.
/// Serialized: each test starts Python with pyarrow and polars, heavy on a 2-core machine.
@Suite("Arrow IPC read by pyarrow and polars", .serialized)
struct PeerReadTests {
    @Test("pyarrow reads the stream and file, polars the file: every message value, and kafkars' schema for the shared columns")
    func messageBatches() async throws {
        let directory = try TemporaryDirectory()
        let batches = [SampleMessages.first, SampleMessages.second]
        let streamWriter = try ArrowIPCStreamWriter(path: directory.path("messages.arrows"))
        let fileWriter = try ArrowIPCFileWriter(path: directory.path("messages.arrow"))
        for messages in batches {
            let batch = try SampleMessages.batch(messages)
            try streamWriter.write(batch)
            try fileWriter.write(batch)
        }
        try streamWriter.finish()
        try fileWriter.finish()
        let output = try await checkMessages(batches, stream: "messages.arrows", file: "messages.arrow", in: directory)
        #expect(output.contains("OK 7 rows"), "\(output)")
    }

    @Test("pyarrow reads an empty stream and file (schema only)")
    func emptyFiles() async throws {
        let directory = try TemporaryDirectory()
        let streamWriter = try ArrowIPCStreamWriter(path: directory.path("empty.arrows"))
        try streamWriter.finish()
        let fileWriter = try ArrowIPCFileWriter(path: directory.path("empty.arrow"))
        try fileWriter.finish()
        let output = try await checkMessages([], stream: "empty.arrows", file: "empty.arrow", in: directory)
        #expect(output.contains("OK 0 rows"), "\(output)")
    }

    @Test("pyarrow and polars read a partition-state table: utf8, int32, nullable int64, nullable timestamp, bool")
    func table() async throws {
        let directory = try TemporaryDirectory()
        let table = try ArrowTable(columns: [
            .utf8("topic", ["orders", "zählerstände"]),
            .int32("partition", [0, 7]),
            .int64("replay_end_offset", [100, 0]),
            .int64("consumed_offset", [41, nil], nullable: true),
            .timestampMilliseconds("last_consumed_timestamp", [nil, 1_700_000_000_123], nullable: true),
            .bool("is_live", [true, false]),
        ])
        let streamWriter = try ArrowIPCStreamWriter(path: directory.path("state.arrows"), schema: table.schema)
        let fileWriter = try ArrowIPCFileWriter(path: directory.path("state.arrow"), schema: table.schema)
        for _ in 0..<2 {
            try streamWriter.write(table)
            try fileWriter.write(table)
        }
        try streamWriter.finish()
        try fileWriter.finish()
        let expectation: [String: Any] = [
            "batches": [2, 2],
            "columns": [
                ["name": "topic", "type": "utf8", "nullable": false, "values": ["orders", "zählerstände"]],
                ["name": "partition", "type": "int32", "nullable": false, "values": [0, 7]],
                ["name": "replay_end_offset", "type": "int64", "nullable": false, "values": [100, 0]],
                ["name": "consumed_offset", "type": "int64", "nullable": true, "values": [41, NSNull()]],
                ["name": "last_consumed_timestamp", "type": "timestamp", "nullable": true, "values": [NSNull(), 1_700_000_000_123]],
                ["name": "is_live", "type": "bool", "nullable": false, "values": [true, false]],
            ],
        ]
        try JSONSerialization.data(withJSONObject: expectation).write(to: URL(fileURLWithPath: directory.path("expected.json")))
        let output = try await PythonPeer.run("check_table.py", arguments: [
            "--stream", directory.path("state.arrows"), "--file", directory.path("state.arrow"),
            "--expected", directory.path("expected.json"),
        ])
        #expect(output.contains("OK 4 rows"), "\(output)")
    }

    /// Runs `check_messages.py` on the stream and file in `directory`, against `batches`.
    private func checkMessages(_ batches: [[SampleMessage]], stream: String, file: String, in directory: TemporaryDirectory) async throws -> String {
        try SampleMessages.expectationJSON(batches).write(to: URL(fileURLWithPath: directory.path("expected.json")))
        return try await PythonPeer.run("check_messages.py", arguments: [
            "--stream", directory.path(stream), "--file", directory.path(file), "--expected", directory.path("expected.json"),
        ])
    }
}
