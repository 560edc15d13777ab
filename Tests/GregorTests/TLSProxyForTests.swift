import Foundation
import Gregor

/// A throwaway PKI for TLS tests, made by `scripts/tls-proxy.sh` with the openssl CLI.
struct TLSTestPKI: Sendable {
    /// The directory holding the files.
    let directory: String

    /// The test CA that signed the server and client certificates.
    var caFile: String { directory + "/ca.pem" }
    /// A CA that signed nothing the proxy presents.
    var otherCAFile: String { directory + "/other-ca.pem" }
    /// The proxy's certificate (SANs DNS:localhost and IP:127.0.0.1).
    var serverCertificateFile: String { directory + "/server.pem" }
    /// The proxy's private key.
    var serverKeyFile: String { directory + "/server.key" }
    /// A client certificate signed by the test CA.
    var clientCertificateFile: String { directory + "/client.pem" }
    /// The client certificate's private key.
    var clientKeyFile: String { directory + "/client.key" }

    /// A fresh directory under the temporary folder.
    static func temporaryDirectory(_ label: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("gregor-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))").path
    }

    /// Deletes the directory (a PKI made by `make()`; the proxy's is deleted by its watcher).
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Generates a new PKI (no proxy); `remove()` it after use.
    static func make() async throws -> TLSTestPKI {
        let directory = temporaryDirectory("tls-pki")
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/bin/bash"), arguments: [RepositoryPaths.script("tls-proxy.sh").path, "certs", directory],
            timeout: .seconds(60))
        guard result.succeeded else { throw TestSupportError("scripts/tls-proxy.sh certs failed: \(result.summary())") }
        return TLSTestPKI(directory: directory)
    }
}

/// stunnel terminating TLS in front of the shared test broker (Tansu, or `GREGOR_TEST_BOOTSTRAP`'s
/// first address), started once per test process and stopped by a watcher when the process exits.
struct TLSTestProxy: Sendable {
    /// The certificates the proxy uses.
    let pki: TLSTestPKI
    /// The TLS port that accepts any client.
    let tlsAddress: KafkaBrokerAddress
    /// The TLS port that requires a client certificate signed by the test CA.
    let mutualTLSAddress: KafkaBrokerAddress
    /// A TLS port presenting a certificate with only DNS:localhost (no IP address SAN).
    let dnsOnlyAddress: KafkaBrokerAddress
    /// The plaintext broker behind the proxy.
    let broker: TestBroker

    /// A configuration for the proxied broker with `tls`.
    func configuration(tls: KafkaTLSConfiguration) throws -> KafkaClientConfiguration {
        var configuration = try broker.configuration(clientId: "gregor-tls-tests")
        configuration.tls = tls
        return configuration
    }
}

/// The one TLS proxy of this test process.
actor SharedTLSProxy {
    /// The process-wide instance.
    static let instance = SharedTLSProxy()

    private var starting: Task<TLSTestProxy, any Error>?

    /// The running proxy, started on first use.
    func proxy() async throws -> TLSTestProxy {
        if let starting { return try await starting.value }
        let task = Task { try await Self.start() }
        starting = task
        do {
            return try await task.value
        } catch {
            starting = nil
            throw error
        }
    }

    private static func start() async throws -> TLSTestProxy {
        let broker = try await TestBrokers.tansu()
        guard let target = try broker.addresses().first else { throw TestSupportError("the test broker has no address") }
        let directory = TLSTestPKI.temporaryDirectory("tls-proxy")
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/bin/bash"),
            arguments: [RepositoryPaths.script("tls-proxy.sh").path, "start", directory, target.description, String(getpid())],
            timeout: .seconds(60))
        let ports = result.outputText.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard result.succeeded, ports.count == 3 else { throw TestSupportError("scripts/tls-proxy.sh start failed: \(result.summary())") }
        return TLSTestProxy(
            pki: TLSTestPKI(directory: directory),
            tlsAddress: try KafkaBrokerAddress(host: "127.0.0.1", port: ports[0]),
            mutualTLSAddress: try KafkaBrokerAddress(host: "127.0.0.1", port: ports[1]),
            dnsOnlyAddress: try KafkaBrokerAddress(host: "127.0.0.1", port: ports[2]),
            broker: broker)
    }
}
