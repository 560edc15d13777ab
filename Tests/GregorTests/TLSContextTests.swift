import Foundation
@testable import Gregor
import Testing

/// Building the NIOSSL context from `KafkaTLSConfiguration` (no sockets): file errors name the
/// file but never its contents. Certificates come from scripts/tls-proxy.sh (openssl CLI).
@Suite struct TLSContextTests {
    private static func expectInvalidConfiguration(
        _ tls: KafkaTLSConfiguration, mentioning fragments: [String], notMentioning secret: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try makeNIOSSLContext(tls)
            Issue.record("accepted \(tls)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == .invalidConfiguration, sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
            }
            if let secret {
                #expect(!error.description.contains(secret), sourceLocation: sourceLocation)
            }
        }
    }

    @Test func validCAAndClientCertificateBuildAContext() async throws {
        let pki = try await TLSTestPKI.make()
        defer { pki.remove() }
        _ = try makeNIOSSLContext(KafkaTLSConfiguration(caFile: pki.caFile))
        _ = try makeNIOSSLContext(KafkaTLSConfiguration(caFile: pki.caFile, certificateFile: pki.clientCertificateFile, privateKeyFile: pki.clientKeyFile))
        _ = try makeNIOSSLContext(KafkaTLSConfiguration())  // system trust store
        _ = try makeNIOSSLContext(KafkaTLSConfiguration(verifyCertificates: false))
    }

    @Test func aMissingCAFileIsNamed() {
        let path = "/nonexistent/gregor-\(UUID().uuidString)/ca.pem"
        Self.expectInvalidConfiguration(KafkaTLSConfiguration(caFile: path), mentioning: ["tls.caFile", path, "does not exist"])
    }

    @Test func aCAFileWithoutCertificatesIsNamedWithoutItsContents() throws {
        let path = TLSTestPKI.temporaryDirectory("tls-junk") + ".pem"
        let secret = "not-a-certificate-but-a-secret-42"
        try secret.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        Self.expectInvalidConfiguration(KafkaTLSConfiguration(caFile: path), mentioning: ["tls.caFile", path], notMentioning: secret)
    }

    @Test func aPrivateKeyFileThatIsNotAKeyIsNamedWithoutItsContents() async throws {
        let pki = try await TLSTestPKI.make()
        defer { pki.remove() }
        let keyText = try String(contentsOfFile: pki.clientKeyFile, encoding: .utf8)
        // The certificate where the key should be.
        Self.expectInvalidConfiguration(
            KafkaTLSConfiguration(certificateFile: pki.clientCertificateFile, privateKeyFile: pki.clientCertificateFile),
            mentioning: ["tls.privateKeyFile", pki.clientCertificateFile])
        // The key where the certificate should be: the error must not quote the key.
        let keyBody = keyText.split(separator: "\n").dropFirst().first.map(String.init) ?? keyText
        Self.expectInvalidConfiguration(
            KafkaTLSConfiguration(certificateFile: pki.clientKeyFile, privateKeyFile: pki.clientKeyFile),
            mentioning: ["tls.certificateFile", pki.clientKeyFile], notMentioning: keyBody)
    }

    @Test func aKeyThatDoesNotMatchTheCertificateIsRejected() async throws {
        let pki = try await TLSTestPKI.make()
        defer { pki.remove() }
        Self.expectInvalidConfiguration(
            KafkaTLSConfiguration(certificateFile: pki.clientCertificateFile, privateKeyFile: pki.serverKeyFile),
            mentioning: ["TLS settings"])
    }

    @Test func certificateAndKeyMustBeGivenTogether() async throws {
        let pki = try await TLSTestPKI.make()
        defer { pki.remove() }
        Self.expectInvalidConfiguration(KafkaTLSConfiguration(certificateFile: pki.clientCertificateFile), mentioning: ["together"])
        Self.expectInvalidConfiguration(KafkaTLSConfiguration(privateKeyFile: pki.clientKeyFile), mentioning: ["together"])
    }

    @Test func handlerAcceptsHostNamesAndIPAddresses() async throws {
        let pki = try await TLSTestPKI.make()
        defer { pki.remove() }
        let tls = KafkaTLSConfiguration(caFile: pki.caFile)
        let context = try makeNIOSSLContext(tls)
        _ = try makeTLSClientHandler(context: context, tls: tls, host: "broker.example.com")
        _ = try makeTLSClientHandler(context: context, tls: tls, host: "127.0.0.1")  // no SNI for an IP
        _ = try makeTLSClientHandler(context: context, tls: tls, host: "::1")
        var named = tls
        named.serverName = "localhost"
        _ = try makeTLSClientHandler(context: context, tls: named, host: "127.0.0.1")
    }
}
