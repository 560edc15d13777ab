@testable import Gregor
import NIOCore
import Testing

/// The SASL password never appears in descriptions, reflection or errors.
@Suite struct SecuritySecretsTests {
    static let password = "Tr0ub4dor&3-gregor-secret"

    /// Every textual rendering Swift offers for `value`.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test func configurationsNeverRenderThePassword() throws {
        let sasl = KafkaSASLConfiguration(mechanism: .scramSHA512, username: "alice", password: Self.password)
        var configuration = try KafkaClientConfiguration(bootstrap: "127.0.0.1:9092")
        configuration.sasl = sasl
        configuration.tls = KafkaTLSConfiguration(caFile: "/etc/ssl/ca.pem")
        for rendering in Self.renderings(sasl) + Self.renderings(configuration) + Self.renderings([configuration]) {
            #expect(!rendering.contains(Self.password), "leaked in: \(rendering)")
        }
        // The renderings still say what they describe.
        #expect(String(describing: sasl).contains("alice"))
        #expect(String(describing: sasl).contains("SCRAM-SHA-512"))
    }

    @Test func authenticatorsNeverRenderThePassword() throws {
        for mechanism in KafkaSASLConfiguration.Mechanism.allCases {
            var authenticator = try SASLAuthenticator(configuration: KafkaSASLConfiguration(mechanism: mechanism, username: "alice", password: Self.password))
            _ = authenticator.start()
            for rendering in Self.renderings(authenticator) {
                #expect(!rendering.contains(Self.password), "leaked in: \(rendering)")
            }
        }
    }

    @Test func authenticationErrorsNeverContainThePassword() async throws {
        var errors: [KafkaError] = []
        // Every failure path of the SCRAM client, for hostile or broken server messages.
        let hostileServerMessages = [
            "r=other,s=QUJD,i=4096",
            "e=invalid-proof",
            "r=nonceSERVER,s=QUJD,i=1",
            "garbage",
        ]
        for message in hostileServerMessages {
            var authenticator = try SASLAuthenticator(
                configuration: KafkaSASLConfiguration(mechanism: .scramSHA256, username: "alice", password: Self.password), clientNonce: "nonce")
            _ = authenticator.start()
            do { _ = try authenticator.receive(Array(message.utf8)) } catch { errors.append(error) }
        }
        var authenticator = try SASLAuthenticator(
            configuration: KafkaSASLConfiguration(mechanism: .scramSHA256, username: "alice", password: Self.password), clientNonce: "nonce")
        _ = authenticator.start()
        _ = try authenticator.receive(Array("r=nonceSERVER,s=QUJD,i=4096".utf8))
        do { _ = try authenticator.receive(Array("v=AAAA".utf8)) } catch { errors.append(error) }
        // Broker-side rejections through the exchange driver.
        for code in [KafkaErrorCode.saslAuthenticationFailed, .illegalSaslState, .unknownServerError] {
            do {
                _ = try await authenticateSASL(
                    configuration: KafkaSASLConfiguration(mechanism: .plain, username: "alice", password: Self.password), broker: "b",
                    handshake: { _ in SaslHandshakeResponse(errorCode: 0, mechanisms: ["PLAIN"]) },
                    authenticate: { _ in SaslAuthenticateResponse(errorCode: code.code, errorMessage: "Invalid username or password", authBytes: ByteBuffer()) })
            } catch {
                errors.append(error)
            }
        }
        #expect(errors.count == 8)
        for error in errors {
            for rendering in Self.renderings(error) {
                #expect(!rendering.contains(Self.password), "leaked in: \(rendering)")
            }
        }
    }
}
