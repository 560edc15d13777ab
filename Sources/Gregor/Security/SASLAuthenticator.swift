/// The client side of a SASL exchange as a pure value: PLAIN (RFC 4616) and SCRAM-SHA-256 /
/// SCRAM-SHA-512 (RFC 5802, RFC 7677). No I/O: `start()` gives the first message, each server
/// message goes into `receive(_:)`, which answers with the next step. Errors are
/// `KafkaError(.authenticationFailed)` and never contain the password.
struct SASLAuthenticator: Sendable, CustomStringConvertible, CustomReflectable {
    private enum State: Sendable {
        case initial
        case plainSent
        case scramClientFirstSent(SCRAMClient)
        case scramClientFinalSent(SCRAMClient, expectedServerSignature: [UInt8])
        case done
        case failed
    }

    /// The configured mechanism.
    let mechanism: KafkaSASLConfiguration.Mechanism
    private let username: String
    private let password: String
    private let clientNonce: String
    private var state: State = .initial

    /// Prepares an exchange for `configuration`. `clientNonce` is for tests (RFC vectors); by
    /// default 24 bytes from the system's CSPRNG, base64-encoded.
    init(configuration: KafkaSASLConfiguration, clientNonce: String? = nil) throws(KafkaError) {
        try configuration.validate()
        // RFC 4616: neither the user name nor the password may contain NUL (it separates them).
        guard !configuration.username.utf8.contains(0) else { throw KafkaError(.invalidConfiguration, "sasl.username contains a NUL character") }
        guard !configuration.password.utf8.contains(0) else { throw KafkaError(.invalidConfiguration, "sasl.password contains a NUL character") }
        if let clientNonce, !SCRAMMessage.isValidNonce(clientNonce[...]) {
            throw KafkaError(.invalidArgument, "a SCRAM client nonce must be printable ASCII without ','")
        }
        self.mechanism = configuration.mechanism
        self.username = configuration.username
        self.password = configuration.password
        self.clientNonce = clientNonce ?? Self.randomNonce()
    }

    /// The first client message (PLAIN's only message, or SCRAM's client-first-message).
    /// Calling it again restarts the exchange.
    mutating func start() -> [UInt8] {
        switch mechanism {
        case .plain:
            state = .plainSent
            // authzid (empty) NUL authcid NUL passwd
            return [0] + Array(username.utf8) + [0] + Array(password.utf8)
        case .scramSHA256, .scramSHA512:
            let client = SCRAMClient(
                hashFunction: mechanism == .scramSHA256 ? .sha256 : .sha512,
                mechanismName: mechanism.rawValue, username: username, password: password, clientNonce: clientNonce)
            state = .scramClientFirstSent(client)
            return client.clientFirstMessage
        }
    }

    /// Feeds the broker's answer (the `authBytes` of a successful SaslAuthenticate response) and
    /// returns what to do next.
    mutating func receive(_ serverMessage: [UInt8]) throws(KafkaError) -> SASLStep {
        let current = state
        state = .failed
        switch current {
        case .plainSent:
            // A PLAIN server answers success with no data (failure comes as an error code).
            guard serverMessage.isEmpty else { throw KafkaError(.authenticationFailed, "PLAIN: unexpected data from the server") }
            state = .done
            return .done
        case .scramClientFirstSent(let client):
            let final = try client.respond(toServerFirst: serverMessage)
            state = .scramClientFinalSent(client, expectedServerSignature: final.expectedServerSignature)
            return .send(final.clientFinalMessage)
        case .scramClientFinalSent(let client, let expectedServerSignature):
            try client.verifyServerFinal(serverMessage, expectedServerSignature: expectedServerSignature)
            state = .done
            return .done
        case .initial, .done, .failed:
            throw KafkaError(.authenticationFailed, "\(mechanism.rawValue): unexpected server message (exchange not in progress)")
        }
    }

    /// Whether the exchange finished successfully.
    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    var description: String { "SASLAuthenticator(\(mechanism.rawValue), user: \(username), password hidden)" }

    var customMirror: Mirror { Mirror(self, children: ["mechanism": mechanism, "username": username], displayStyle: .struct) }

    private static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SASLBase64.encode(bytes)
    }
}
