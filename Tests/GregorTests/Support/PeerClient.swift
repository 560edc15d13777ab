import Foundation

/// Runs the confluent-kafka peer scripts (`Tests/GregorTests/Peer/*.py`) with the repository's
/// venv Python, for interop tests: a real, independent client on the other end of the wire.
enum PeerClient {
    /// Runs `script` with `args`, feeding `input` on stdin; returns stdout (the script's JSON).
    /// Throws with the script's stderr and stdout when it exits non-zero or not at all.
    static func run(
        script: String,
        args: [String],
        input: Data? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> Data {
        let result = try await runAllowingFailure(script: script, args: args, input: input, timeout: timeout)
        guard result.succeeded else {
            throw TestSupportError("peer script \(script) \(args.joined(separator: " ")) failed: \(result.summary())")
        }
        return result.standardOutput
    }

    /// Like `run`, but returns the result whatever the exit status.
    static func runAllowingFailure(
        script: String,
        args: [String],
        input: Data? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> ChildProcessResult {
        let python = RepositoryPaths.venvPython
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw TestSupportError("no Python venv at \(python.path): run `bash scripts/setup-python.sh` first")
        }
        let path = RepositoryPaths.peerScript(script)
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw TestSupportError("no peer script \(path.path)")
        }
        return try await ChildProcess.run(
            python, arguments: ["-u", path.path] + args, environment: ["PYTHONDONTWRITEBYTECODE": "1"],
            input: input, timeout: timeout)
    }

    /// Produces `records` to `topic` with confluent-kafka (`peer_produce.py`) and returns the delivery
    /// reports in record order. `codec` is a Kafka codec name: none, gzip, snappy, lz4, zstd.
    static func produce(
        bootstrap: String,
        topic: String,
        records: [PeerRecord],
        codec: String = "none",
        acks: String = "all",
        config: [String: String] = [:]
    ) async throws -> [PeerDeliveryReport] {
        let spec = try JSONEncoder().encode(PeerProduceSpec(records: records))
        var args = ["--bootstrap", bootstrap, "--topic", topic, "--codec", codec, "--acks", acks]
        for (key, value) in config.sorted(by: { $0.key < $1.key }) { args += ["--config", "\(key)=\(value)"] }
        let output = try await run(script: "peer_produce.py", args: args, input: spec)
        do {
            return try JSONDecoder().decode(PeerProduceOutput.self, from: output).reports
        } catch {
            throw TestSupportError("peer_produce.py printed unexpected JSON (\(error)): \(String(decoding: output, as: UTF8.self).suffixForReport(2000))")
        }
    }

    /// Reads `topic` from the beginning with confluent-kafka (`peer_consume.py`) until `count` records
    /// arrived; returns them ordered by (partition, offset). Throws if fewer arrive within `timeout`.
    static func consume(
        bootstrap: String,
        topic: String,
        count: Int,
        timeout: Duration = .seconds(20),
        config: [String: String] = [:]
    ) async throws -> [PeerConsumedRecord] {
        var args = ["--bootstrap", bootstrap, "--topic", topic, "--count", String(count),
                    "--timeout", String(timeout.timeInterval)]
        for (key, value) in config.sorted(by: { $0.key < $1.key }) { args += ["--config", "\(key)=\(value)"] }
        let output = try await run(script: "peer_consume.py", args: args, timeout: timeout + .seconds(30))
        do {
            return try JSONDecoder().decode(PeerConsumeOutput.self, from: output).records
        } catch {
            throw TestSupportError("peer_consume.py printed unexpected JSON (\(error)): \(String(decoding: output, as: UTF8.self).suffixForReport(2000))")
        }
    }
}
