import GregorTestSupport
import Foundation

/// Runs the Python checks under `Tests/GregorArrowTests/Peer/` with the repository's venv.
enum PythonPeer {
    /// The repository root (this file is `Tests/GregorArrowTests/Support/PythonPeer.swift`).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // GregorArrowTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The venv Python made by `scripts/setup-python.sh` (pyarrow, polars, kafkars).
    static var python: URL { repositoryRoot.appendingPathComponent(".venv/bin/python") }

    /// A failed or impossible peer run, with everything needed to see why.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `script` with `arguments` on a thread of its own (never blocking the test process's
    /// cooperative threads, which other suites need meanwhile); returns stdout, or throws with the
    /// exit status and output.
    @discardableResult
    static func run(_ script: String, arguments: [String]) async throws -> String {
        try await GregorTestSupport.runBlocking { try runToCompletion(script, arguments: arguments) }
    }

    private static func runToCompletion(_ script: String, arguments: [String]) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "no Python venv at \(python.path): run `bash scripts/setup-python.sh` first")
        }
        let scriptURL = repositoryRoot.appendingPathComponent("Tests/GregorArrowTests/Peer").appendingPathComponent(script)
        let process = Process()
        process.executableURL = python
        process.arguments = [scriptURL.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // One pipe for both streams, read to the end before waiting: the child cannot block on it.
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw Failure(description: "\(script) failed (status \(process.terminationStatus)):\n\(output)")
        }
        return output
    }
}

/// A scratch directory removed when the value is deinitialised.
final class TemporaryDirectory {
    /// The directory.
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gregor-arrow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
