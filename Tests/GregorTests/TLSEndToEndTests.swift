import Gregor
import Logging
import NIOPosix
import Testing

/// TLS end to end through stunnel (scripts/tls-proxy.sh) in front of the test broker: Tansu (or
/// `GREGOR_TEST_BOOTSTRAP`), neither of which speaks TLS itself (/work/shared/brokers.md).
///
/// Tested at the `KafkaConnection` level, one connection through the proxy: the broker behind it
/// advertises its own plaintext listener, so after bootstrap a cluster client would be sent to the
/// plaintext port. SASL cannot be tested end to end here: no available broker offers it.
@Suite(.serialized) struct TLSEndToEndTests {
    private static let logger = Logger(label: "gregor.tests.tls")

    private static func connect(_ address: KafkaBrokerAddress, _ configuration: KafkaClientConfiguration) async throws -> KafkaConnection {
        try await KafkaConnection.connect(
            to: address, nodeId: nil, configuration: configuration,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }

    /// Connects, checks ApiVersions negotiation and a Metadata round trip, closes.
    private static func expectWorkingConnection(_ address: KafkaBrokerAddress, _ configuration: KafkaClientConfiguration) async throws {
        let connection = try await connect(address, configuration)
        #expect(connection.isActive)
        #expect(connection.negotiatedVersions.version(for: .metadata) != nil)
        let metadata = try await connection.send(MetadataRequest(topics: []))
        #expect(!metadata.brokers.isEmpty)
        await connection.close()
    }

    /// Expects connecting to fail with `kind`.
    private static func expectConnectFailure(
        _ address: KafkaBrokerAddress, _ configuration: KafkaClientConfiguration, kind: KafkaError.Kind,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            let connection = try await connect(address, configuration)
            await connection.close()
            Issue.record("connected although it should fail with \(kind)", sourceLocation: sourceLocation)
        } catch let error as KafkaError {
            #expect(error.kind == kind, "got \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a KafkaError: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func connectsThroughTheProxyTrustingTheTestCA() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        // 127.0.0.1: no SNI, verified against the certificate's IP address SAN.
        try await Self.expectWorkingConnection(proxy.tlsAddress, try proxy.configuration(tls: KafkaTLSConfiguration(caFile: proxy.pki.caFile)))
    }

    @Test func serverNameIsVerifiedAgainstTheCertificatesDNSName() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        // The DNS-only certificate (no IP SAN), so only the name can match.
        try await Self.expectWorkingConnection(
            proxy.dnsOnlyAddress, try proxy.configuration(tls: KafkaTLSConfiguration(caFile: proxy.pki.caFile, serverName: "localhost")))
    }

    @Test func anUntrustedCertificateFailsWithTLSFailed() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        await Self.expectConnectFailure(
            proxy.tlsAddress, try proxy.configuration(tls: KafkaTLSConfiguration(caFile: proxy.pki.otherCAFile)), kind: .tlsFailed)
    }

    @Test func aServerNameNotInTheCertificateFailsWithTLSFailed() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        // NIOSSL also accepts a certificate whose IP SAN matches the peer address, so this uses the
        // DNS-only certificate.
        await Self.expectConnectFailure(
            proxy.dnsOnlyAddress,
            try proxy.configuration(tls: KafkaTLSConfiguration(caFile: proxy.pki.caFile, serverName: "kafka.invalid")), kind: .tlsFailed)
    }

    @Test func anIPAddressNotInTheCertificateFailsWithTLSFailed() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        // Host 127.0.0.1, no serverName: the DNS-only certificate names no IP address.
        await Self.expectConnectFailure(
            proxy.dnsOnlyAddress, try proxy.configuration(tls: KafkaTLSConfiguration(caFile: proxy.pki.caFile)), kind: .tlsFailed)
    }

    @Test func withVerificationOffAnUntrustedCertificateIsAccepted() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        try await Self.expectWorkingConnection(
            proxy.tlsAddress,
            try proxy.configuration(tls: KafkaTLSConfiguration(caFile: proxy.pki.otherCAFile, verifyCertificates: false, serverName: "kafka.invalid")))
    }

    @Test func mutualTLSWorksWithAClientCertificate() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        try await Self.expectWorkingConnection(
            proxy.mutualTLSAddress,
            try proxy.configuration(tls: KafkaTLSConfiguration(
                caFile: proxy.pki.caFile, certificateFile: proxy.pki.clientCertificateFile, privateKeyFile: proxy.pki.clientKeyFile)))
    }

    @Test func mutualTLSWithoutAClientCertificateFailsWithTLSFailed() async throws {
        let proxy = try await SharedTLSProxy.instance.proxy()
        await Self.expectConnectFailure(
            proxy.mutualTLSAddress, try proxy.configuration(tls: KafkaTLSConfiguration(caFile: proxy.pki.caFile)), kind: .tlsFailed)
    }
}
