import GregorTestSupport
import Foundation
import Testing

/// Regenerates the protocol code from Kafka's specs into a temporary folder and checks that it is
/// identical to what is committed (Sources/GregorProtocol/Generated and the test samples).
@Suite struct CodegenDeterminismTests {
    /// The package root, from this file's location (Tests/GregorProtocolTests/<file>).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// $GREGOR_KAFKA_SPECS, else ../shared/kafka-protocol/messages next to the package.
    static let specsFolder: URL = {
        if let path = ProcessInfo.processInfo.environment["GREGOR_KAFKA_SPECS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/kafka-protocol/messages")
    }()

    static var specsPresent: Bool {
        FileManager.default.fileExists(atPath: specsFolder.appendingPathComponent("FetchRequest.json").path)
    }

    @Test(.enabled(if: specsPresent, "the Kafka JSON specs are not present (set GREGOR_KAFKA_SPECS)"))
    func regeneratingGivesNoDiff() async throws {
        let generator = try #require(Self.findGenerator(), "the gregor-codegen binary was not built next to the tests")
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("gregor-codegen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let sources = temporary.appendingPathComponent("Generated")
        let samples = temporary.appendingPathComponent("Samples")

        let status = try await Self.runGenerator(generator, [Self.specsFolder.path, sources.path, "--samples", samples.path])
        #expect(status == 0)

        try expectSameFiles(sources, Self.packageRoot.appendingPathComponent("Sources/GregorProtocol/Generated"))
        try expectSameFiles(samples, Self.packageRoot.appendingPathComponent("Tests/GregorProtocolTests/Generated"))
    }

    @Test(.enabled(if: specsPresent, "the Kafka JSON specs are not present (set GREGOR_KAFKA_SPECS)"))
    func twoRunsAreByteIdentical() async throws {
        let generator = try #require(Self.findGenerator(), "the gregor-codegen binary was not built next to the tests")
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("gregor-codegen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        for run in ["a", "b"] {
            let status = try await Self.runGenerator(generator, [Self.specsFolder.path, temporary.appendingPathComponent(run).path])
            #expect(status == 0)
        }
        try expectSameFiles(temporary.appendingPathComponent("a"), temporary.appendingPathComponent("b"))
    }

    /// Runs the generator on a thread of its own (a blocking wait on the test process's
    /// cooperative threads would starve the suites running beside it); returns its exit status.
    static func runGenerator(_ generator: URL, _ arguments: [String]) async throws -> Int32 {
        try await runBlocking {
            let process = Process()
            process.executableURL = generator
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    private func expectSameFiles(_ generated: URL, _ committed: URL) throws {
        let manager = FileManager.default
        let generatedNames = try manager.contentsOfDirectory(atPath: generated.path).filter { $0.hasSuffix(".swift") }.sorted()
        let committedNames = try manager.contentsOfDirectory(atPath: committed.path).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(generatedNames == committedNames, "file lists differ in \(committed.lastPathComponent)")
        #expect(!generatedNames.isEmpty)
        for name in generatedNames where committedNames.contains(name) {
            let new = try Data(contentsOf: generated.appendingPathComponent(name))
            let old = try Data(contentsOf: committed.appendingPathComponent(name))
            #expect(new == old, "\(name) differs from the committed copy: rerun gregor-codegen")
        }
    }

    /// The gregor-codegen executable in the same build products folder as the running tests.
    static func findGenerator() -> URL? {
        var candidates: [URL] = []
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: link))
        }
        if let executable = Bundle.main.executableURL { candidates.append(executable) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ""))
        for start in candidates {
            var folder = start.deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = folder.appendingPathComponent("gregor-codegen")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        return nil
    }
}
