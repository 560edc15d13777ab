import Foundation
import Gregor
import GregorStream
import Testing

/// The Stream's C ABI (libGregorStreamC) driven from Python through ctypes, its batches and
/// partition states imported into pyarrow through the Arrow C Data Interface
/// (`RecordBatch._import_from_c`), on the mock cluster (exact ListOffsets).
///
/// The library is `GREGOR_C_LIBRARY` when set (scripts/test.sh sets it to the release build with
/// the Swift runtime linked statically, and then it must not need the toolchain's libraries),
/// else the build's own `libGregorStreamC.so` beside the tests.
@Suite("Stream C ABI")
struct StreamCABITests {
    static let topic = "c-events"

    static func library() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["GREGOR_C_LIBRARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let gregor = try #require(CLIIntegrationTests.findGregor(), "the gregor binary (and the library beside it) was not built")
        return gregor.deletingLastPathComponent().appendingPathComponent("libGregorStreamC.so")
    }

    @Test func pythonReadsAnOrderedBoundedReplayThroughTheCDataInterface() async throws {
        let library = try Self.library()
        #expect(FileManager.default.fileExists(atPath: library.path), "no \(library.path): build the GregorStreamC product")
        try await TestBrokers.withMockCluster(brokers: 2, topics: [.init(Self.topic, partitions: 3)]) { mock in
            let base = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
            let events = StreamForTests.skewedEvents(counts: [500, 30, 200], base: base)
            try await StreamForTests.produce(events, topic: Self.topic, client: try mock.configuration())
            let configuration = #"{"bootstrap_servers": "\#(mock.bootstrap)", "topics": [{"name": "\#(Self.topic)", "policy": "earliest"}], "bounded": true, "batch_size": 128, "fetch_max_wait_ms": 100}"#
            let output = try await PeerClient.run(script: "stream_c_abi.py", args: [library.path, configuration])
            let result = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
            #expect(result["error"] == nil, "\(result)")

            let rows = try #require(result["rows"] as? [[String: Any]])
            #expect(rows.count == events.count)
            let timestamps = rows.compactMap { $0["timestamp"] as? Int }
            #expect(timestamps == events.map { Int($0.timestamp) }.sorted())
            #expect(Set(rows.compactMap { $0["value"] as? String }) == Set(events.map(\.value)))
            #expect(result["message_schema_equal"] as? Bool == true)
            #expect(result["state_schema_equal"] as? Bool == true)
            #expect(result["released_after_import"] as? Bool == true)
            #expect(result["rows_after_close"] as? Int == events.count)

            let states = try #require(result["states"] as? [[String: Any]])
            #expect(result["partition_count"] as? Int == 3)
            #expect(states.compactMap { $0["replay_end_offset"] as? Int } == [500, 30, 200])
            #expect(states.compactMap { $0["released_offset"] as? Int } == [499, 29, 199])
            #expect(states.allSatisfy { $0["is_live"] as? Bool == true && $0["is_paused"] as? Bool == false })
            #expect(result["is_live"] as? Int == 1)
            #expect(result["held"] as? Int == 0)
            #expect(result["watermark"] as? Int == timestamps.last)

            #expect(result["bad_config_handle_is_null"] as? Bool == true)
            #expect((result["bad_config_error"] as? String)?.contains("needs \"timestamp_ms\"") == true, "\(result["bad_config_error"] ?? "")")
        }
    }

    @Test func theStaticLibraryNeedsNoSwiftToolchainLibraries() async throws {
        guard let path = ProcessInfo.processInfo.environment["GREGOR_C_LIBRARY"], !path.isEmpty else {
            // Without GREGOR_C_LIBRARY there is only the debug build, linked against the toolchain's runtime.
            return
        }
        let ldd = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/ldd"), arguments: [path], timeout: .seconds(30))
        #expect(ldd.succeeded, "\(ldd.summary())")
        #expect(!ldd.outputText.contains("libswift"), "\(ldd.outputText)")
        #expect(!ldd.outputText.contains("libFoundation"), "\(ldd.outputText)")
    }
}
