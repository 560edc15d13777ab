import Foundation

/// Paths inside the Gregor repository, found from this source file's location, for test support.
enum RepositoryPaths {
    /// The repository root (this file is `Tests/GregorTests/Support/RepositoryPaths.swift`).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // GregorTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// A script under `scripts/`.
    static func script(_ name: String) -> URL {
        root.appendingPathComponent("scripts").appendingPathComponent(name)
    }

    /// The venv Python with confluent-kafka and Tansu (made by `scripts/setup-python.sh`).
    static var venvPython: URL { root.appendingPathComponent(".venv/bin/python") }

    /// The mock cluster binary built by `scripts/mock-cluster.sh build`.
    static var mockClusterBinary: URL { root.appendingPathComponent(".build-tools/mock-cluster") }

    /// The mock cluster's C source (a newer source means the binary needs a rebuild).
    static var mockClusterSource: URL { root.appendingPathComponent("tools/mock-cluster/mock_cluster.c") }

    /// A peer script under `Tests/GregorTests/Peer/`.
    static func peerScript(_ name: String) -> URL {
        root.appendingPathComponent("Tests/GregorTests/Peer").appendingPathComponent(name)
    }
}
