@testable import Gregor
import NIOCore
import Testing

/// The SASL exchange driver (SaslHandshake v1 + SaslAuthenticate rounds) against a scripted
/// broker. A real broker cannot be used: neither Tansu nor the librdkafka mock cluster offers
/// SASL (/work/shared/brokers.md).
@Suite struct SecuritySASLExchangeTests {
    /// A broker answering from a script and recording what the client sent.
    final class ScriptedBroker {
        var enabledMechanisms: [String]
        var handshakeErrorCode: Int16 = 0
        var answers: [SaslAuthenticateResponse]
        var handshakes: [String] = []
        var clientMessages: [String] = []

        init(enabledMechanisms: [String], answers: [SaslAuthenticateResponse]) {
            self.enabledMechanisms = enabledMechanisms
            self.answers = answers
        }

        func handshake(_ request: SaslHandshakeRequest) -> SaslHandshakeResponse {
            handshakes.append(request.mechanism)
            return SaslHandshakeResponse(errorCode: handshakeErrorCode, mechanisms: enabledMechanisms)
        }

        func authenticate(_ request: SaslAuthenticateRequest) throws -> SaslAuthenticateResponse {
            clientMessages.append(String(decoding: Array(buffer: request.authBytes), as: UTF8.self))
            guard !answers.isEmpty else { throw TestSupportError("the client sent more messages than scripted") }
            return answers.removeFirst()
        }

        func run(_ configuration: KafkaSASLConfiguration, nonce: String? = nil) async throws(KafkaError) -> SASLSession {
            try await authenticateSASL(
                configuration: configuration, broker: "127.0.0.1:9092", clientNonce: nonce,
                handshake: { self.handshake($0) }, authenticate: { try self.authenticate($0) })
        }
    }

    static func answer(_ text: String, lifetime: Int64 = 0) -> SaslAuthenticateResponse {
        SaslAuthenticateResponse(errorCode: 0, errorMessage: nil, authBytes: ByteBuffer(string: text), sessionLifetimeMs: lifetime)
    }

    static let rfcConfiguration = KafkaSASLConfiguration(mechanism: .scramSHA256, username: "user", password: "pencil")
    static let rfcServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"

    @Test func scramExchangeSendsRFC7677MessagesAndReturnsTheSessionLifetime() async throws {
        let broker = ScriptedBroker(enabledMechanisms: ["PLAIN", "SCRAM-SHA-256"], answers: [
            Self.answer(Self.rfcServerFirst),
            Self.answer("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", lifetime: 3_600_000),
        ])
        let session = try await broker.run(Self.rfcConfiguration, nonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(broker.handshakes == ["SCRAM-SHA-256"])
        #expect(broker.clientMessages == [
            "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        ])
        #expect(session == SASLSession(mechanism: .scramSHA256, sessionLifetimeMs: 3_600_000))
    }

    @Test func plainExchangeIsOneRound() async throws {
        let broker = ScriptedBroker(enabledMechanisms: ["PLAIN"], answers: [Self.answer("")])
        let session = try await broker.run(KafkaSASLConfiguration(mechanism: .plain, username: "alice", password: "pw"))
        #expect(broker.handshakes == ["PLAIN"])
        #expect(broker.clientMessages == ["\u{0}alice\u{0}pw"])
        #expect(session.mechanism == .plain)
    }

    @Test func aMechanismTheBrokerDoesNotEnableFailsListingTheBrokersMechanisms() async {
        let broker = ScriptedBroker(enabledMechanisms: ["PLAIN", "GSSAPI"], answers: [])
        do {
            _ = try await broker.run(KafkaSASLConfiguration(mechanism: .scramSHA512, username: "u", password: "pw"))
            Issue.record("authenticated with a mechanism the broker does not enable")
        } catch {
            #expect(error.kind == .authenticationFailed)
            #expect(error.message.contains("SCRAM-SHA-512"))
            #expect(error.message.contains("PLAIN, GSSAPI"))
            #expect(error.broker == "127.0.0.1:9092")
        }
        #expect(broker.clientMessages.isEmpty)
    }

    @Test func unsupportedMechanismErrorCodeFromTheHandshakeIsAnAuthenticationFailure() async {
        let broker = ScriptedBroker(enabledMechanisms: ["SCRAM-SHA-512"], answers: [])
        broker.handshakeErrorCode = KafkaErrorCode.unsupportedSaslMechanism.code
        do {
            _ = try await broker.run(Self.rfcConfiguration)
            Issue.record("authenticated despite UNSUPPORTED_SASL_MECHANISM")
        } catch {
            #expect(error.kind == .authenticationFailed)
            #expect(error.message.contains("UNSUPPORTED_SASL_MECHANISM"))
            #expect(error.message.contains("SCRAM-SHA-512"))
        }
        #expect(broker.clientMessages.isEmpty)
    }

    @Test func brokerAuthenticationErrorsCarryTheBrokersMessageButNotThePassword() async {
        for code in [KafkaErrorCode.saslAuthenticationFailed, .illegalSaslState, .unsupportedSaslMechanism] {
            let broker = ScriptedBroker(enabledMechanisms: ["SCRAM-SHA-256"], answers: [
                SaslAuthenticateResponse(errorCode: code.code, errorMessage: "Authentication failed: invalid credentials", authBytes: ByteBuffer()),
            ])
            do {
                _ = try await broker.run(Self.rfcConfiguration)
                Issue.record("authenticated despite \(code.name)")
            } catch {
                #expect(error.kind == .authenticationFailed)
                #expect(error.message.contains(code.name))
                #expect(error.message.contains("Authentication failed: invalid credentials"))
                #expect(!String(describing: error).contains("pencil"))
            }
        }
    }

    @Test func otherBrokerErrorCodesKeepTheirCode() async {
        let broker = ScriptedBroker(enabledMechanisms: ["SCRAM-SHA-256"], answers: [
            SaslAuthenticateResponse(errorCode: KafkaErrorCode.unknownServerError.code, errorMessage: nil, authBytes: ByteBuffer()),
        ])
        do {
            _ = try await broker.run(Self.rfcConfiguration)
            Issue.record("authenticated despite an error code")
        } catch {
            #expect(error.kind == .broker(.unknownServerError))
        }
    }

    @Test func aWrongServerSignatureFailsTheExchange() async {
        let broker = ScriptedBroker(enabledMechanisms: ["SCRAM-SHA-256"], answers: [
            Self.answer(Self.rfcServerFirst),
            Self.answer("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="),
        ])
        do {
            _ = try await broker.run(Self.rfcConfiguration, nonce: "rOprNGfwEbeRWgbNEkqO")
            Issue.record("accepted a wrong server signature")
        } catch {
            #expect(error.kind == .authenticationFailed)
            #expect(error.broker == "127.0.0.1:9092")
        }
    }

    @Test func transportErrorsPassThroughOrBecomeConnectionErrors() async {
        let closed = KafkaError(.connectionClosed, "peer closed", broker: "x")
        do {
            _ = try await authenticateSASL(
                configuration: Self.rfcConfiguration, broker: "b",
                handshake: { _ in throw closed }, authenticate: { _ in SaslAuthenticateResponse() })
            Issue.record("no error")
        } catch {
            #expect(error.kind == .connectionClosed)
            #expect(error.message == "peer closed")
        }
        do {
            _ = try await authenticateSASL(
                configuration: Self.rfcConfiguration, broker: "b",
                handshake: { _ in SaslHandshakeResponse(errorCode: 0, mechanisms: ["SCRAM-SHA-256"]) },
                authenticate: { _ in throw TestSupportError("socket gone") })
            Issue.record("no error")
        } catch {
            #expect(error.kind == .connectionFailed)
            #expect(error.broker == "b")
        }
    }
}
