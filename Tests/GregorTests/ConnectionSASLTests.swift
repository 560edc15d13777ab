@testable import Gregor
import Logging
import NIOCore
import NIOPosix
import Testing

/// The connection's SASL step (SaslHandshake v1, then SaslAuthenticate) against a scripted fake
/// broker: neither Tansu nor the mock cluster can do SASL (brokers.md). PLAIN keeps the script short;
/// the SCRAM exchange itself is tested against the RFC vectors by the security helper's tests.
@Suite struct ConnectionSASLTests {
    /// A fake that enables `mechanisms` and accepts PLAIN for user/secret only.
    private func startBroker(mechanisms: [String] = ["PLAIN"]) async throws -> ConnectionFakeBroker {
        try await ConnectionFakeBroker.start { request in
            switch request.apiKey {
            case 18:
                return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4)
            case 17:
                let enabled = mechanisms.contains("PLAIN")
                let body = SaslHandshakeResponse(errorCode: enabled ? 0 : KafkaErrorCode.unsupportedSaslMechanism.code, mechanisms: mechanisms)
                return ConnectionFakeBroker.frame(correlationId: request.correlationId, headerVersion: 0, body: body, version: request.apiVersion)
            case 36:
                guard let authenticate = request.decoded(as: SaslAuthenticateRequest.self) else { return nil }
                let accepted = Array(buffer: authenticate.authBytes) == [0] + Array("user".utf8) + [0] + Array("secret".utf8)
                let body = SaslAuthenticateResponse(
                    errorCode: accepted ? 0 : KafkaErrorCode.saslAuthenticationFailed.code,
                    errorMessage: accepted ? nil : "Authentication failed: Invalid username or password",
                    authBytes: ByteBuffer(), sessionLifetimeMs: 0)
                return request.answer(body, to: SaslAuthenticateRequest.self)
            default:
                return nil
            }
        }
    }

    private func connect(_ broker: ConnectionFakeBroker, password: String) async throws -> KafkaConnection {
        var configuration = KafkaClientConfiguration(bootstrapServers: [broker.address])
        configuration.connectTimeout = ConnectionFakeBroker.patientTimeout
        configuration.sasl = KafkaSASLConfiguration(mechanism: .plain, username: "user", password: password)
        return try await KafkaConnection.connect(
            to: broker.address, nodeId: 1, configuration: configuration,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
    }

    @Test func plainAuthenticationRunsAfterApiVersionsAndBeforeTheConnectionIsReturned() async throws {
        let broker = try await startBroker()
        defer { Task { await broker.stop() } }
        let connection = try await connect(broker, password: "secret")
        defer { Task { await connection.close() } }
        #expect(broker.requests.map(\.apiKey) == [18, 17, 36])
        #expect(broker.requests.first { $0.apiKey == 17 }?.apiVersion == 1)
        #expect(connection.isActive)
    }

    @Test func aRejectedPasswordIsAuthenticationFailedAndNeverShowsThePassword() async throws {
        let broker = try await startBroker()
        defer { Task { await broker.stop() } }
        await #expect {
            _ = try await connect(broker, password: "hunter2-wrong")
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.kind == .authenticationFailed && !error.description.contains("hunter2-wrong")
        }
    }

    @Test func aBrokerWithoutTheMechanismIsAuthenticationFailed() async throws {
        let broker = try await startBroker(mechanisms: ["SCRAM-SHA-512"])
        defer { Task { await broker.stop() } }
        await #expect {
            _ = try await connect(broker, password: "secret")
        } throws: { error in
            (error as? KafkaError)?.kind == .authenticationFailed && (error as? KafkaError)?.message.contains("PLAIN") == true
        }
        #expect(!broker.requests.contains { $0.apiKey == 36 })
    }
}
