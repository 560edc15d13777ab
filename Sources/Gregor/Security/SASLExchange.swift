import NIOCore

/// The outcome of a successful SASL exchange.
struct SASLSession: Sendable, Hashable {
    /// The mechanism used.
    var mechanism: KafkaSASLConfiguration.Mechanism
    /// The broker's session lifetime in milliseconds (SaslAuthenticate v1+, KIP-368); 0 when the
    /// broker sets none. After it the broker expects re-authentication or closes the connection.
    var sessionLifetimeMs: Int64
}

/// Authenticates a freshly opened connection (after ApiVersions, before any other request).
///
/// Sends SaslHandshake through `handshake` — the caller must send it at **version 1** (v0 would mean
/// raw SASL tokens outside SaslAuthenticate, which Gregor does not speak) — checks that the broker
/// enables the configured mechanism, then runs `SASLAuthenticator`, each client message going out
/// through `authenticate` (SaslAuthenticate, any of v0...v2). Errors thrown by the closures pass
/// through unchanged when they are `KafkaError`s. Broker codes UNSUPPORTED_SASL_MECHANISM,
/// ILLEGAL_SASL_STATE and SASL_AUTHENTICATION_FAILED become `.authenticationFailed` carrying the
/// broker's message; other codes become `.broker(code)`. No error contains the password.
func authenticateSASL(
    configuration: KafkaSASLConfiguration,
    broker: String,
    clientNonce: String? = nil,
    isolation: isolated (any Actor)? = #isolation,
    handshake: (SaslHandshakeRequest) async throws -> SaslHandshakeResponse,
    authenticate: (SaslAuthenticateRequest) async throws -> SaslAuthenticateResponse
) async throws(KafkaError) -> SASLSession {
    var authenticator: SASLAuthenticator
    do {
        authenticator = try SASLAuthenticator(configuration: configuration, clientNonce: clientNonce)
    } catch {
        throw error.at(broker: broker)
    }
    let mechanism = configuration.mechanism.rawValue

    let handshakeResponse: SaslHandshakeResponse
    do {
        handshakeResponse = try await handshake(SaslHandshakeRequest(mechanism: mechanism))
    } catch {
        throw SASLErrorMapping.passThrough(error, step: "SaslHandshake", broker: broker)
    }
    let enabled = handshakeResponse.mechanisms.map { SCRAMMessage.sanitized($0) }.joined(separator: ", ")
    let enabledText = enabled.isEmpty ? "none" : enabled
    guard handshakeResponse.errorCode == 0 else {
        throw SASLErrorMapping.brokerError(
            code: handshakeResponse.errorCode,
            brokerMessage: "broker does not enable SASL mechanism \(mechanism) (it enables: \(enabledText))",
            mechanism: mechanism, broker: broker)
    }
    guard handshakeResponse.mechanisms.contains(mechanism) else {
        throw KafkaError(.authenticationFailed, "broker does not enable SASL mechanism \(mechanism) (it enables: \(enabledText))", broker: broker)
    }

    var outgoing = authenticator.start()
    var sessionLifetimeMs: Int64 = 0
    // Terminates: the authenticator answers .done or throws after at most two server messages.
    while true {
        let response: SaslAuthenticateResponse
        do {
            response = try await authenticate(SaslAuthenticateRequest(authBytes: ByteBuffer(bytes: outgoing)))
        } catch {
            throw SASLErrorMapping.passThrough(error, step: "SaslAuthenticate", broker: broker)
        }
        guard response.errorCode == 0 else {
            let text = response.errorMessage.map { SCRAMMessage.sanitized($0) }.flatMap { $0.isEmpty ? nil : $0 }
            throw SASLErrorMapping.brokerError(
                code: response.errorCode, brokerMessage: text ?? "\(mechanism) authentication failed",
                mechanism: mechanism, broker: broker)
        }
        sessionLifetimeMs = response.sessionLifetimeMs
        let step: SASLStep
        do {
            step = try authenticator.receive(Array(buffer: response.authBytes))
        } catch {
            throw error.at(broker: broker)
        }
        switch step {
        case .send(let bytes): outgoing = bytes
        case .done: return SASLSession(mechanism: configuration.mechanism, sessionLifetimeMs: sessionLifetimeMs)
        }
    }
}

/// How broker answers and transport failures during SASL become `KafkaError`s.
enum SASLErrorMapping {
    /// A broker error code from SaslHandshake or SaslAuthenticate.
    static func brokerError(code: Int16, brokerMessage: String, mechanism: String, broker: String) -> KafkaError {
        let errorCode = KafkaErrorCode.lookup(code)
        switch errorCode {
        case .unsupportedSaslMechanism, .illegalSaslState, .saslAuthenticationFailed:
            return KafkaError(.authenticationFailed, "\(errorCode.name): \(brokerMessage)", broker: broker)
        default:
            return KafkaError(.broker(errorCode), "during \(mechanism) authentication: \(brokerMessage)", broker: broker)
        }
    }

    /// A failure of the transport closure: `KafkaError`s unchanged, anything else wrapped.
    static func passThrough(_ error: any Error, step: String, broker: String) -> KafkaError {
        if let kafkaError = error as? KafkaError { return kafkaError }
        return KafkaError(.connectionFailed, "\(step) failed: \(error)", broker: broker)
    }
}

extension KafkaError {
    /// This error with `broker` filled in when it was empty.
    fileprivate func at(broker: String) -> KafkaError {
        var copy = self
        if copy.broker == nil { copy.broker = broker }
        return copy
    }
}
