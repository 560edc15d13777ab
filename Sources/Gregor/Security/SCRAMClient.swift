/// The client side of one SCRAM exchange (RFC 5802 §3, §5, §7; RFC 7677), without channel
/// binding and without an authorization identity, as Kafka uses it. Pure: bytes in, bytes out.
struct SCRAMClient: Sendable {
    /// Iteration counts accepted from the server.
    ///
    /// The floor is Kafka's own minimum for SCRAM credentials (4096), which Kafka's Java client
    /// also enforces: fewer iterations would let a hostile server obtain a proof that is cheap to
    /// brute-force. The ceiling bounds the CPU time a server can make the client spend (about a
    /// second of HMAC-SHA-512); it is far above the 16 384 that Kafka accepts when storing a
    /// credential.
    static let acceptedIterations: ClosedRange<Int> = 4096...1_000_000

    /// The hash function of the mechanism.
    let hashFunction: SCRAMHashFunction
    /// The mechanism name, for error messages.
    let mechanismName: String
    /// `n=<saslname>,r=<client nonce>`.
    let clientFirstMessageBare: String
    /// The client's nonce.
    let clientNonce: String
    private let password: [UInt8]

    /// Prepares an exchange for `username`/`password` with `clientNonce` (printable ASCII, no `,`).
    init(hashFunction: SCRAMHashFunction, mechanismName: String, username: String, password: String, clientNonce: String) {
        self.hashFunction = hashFunction
        self.mechanismName = mechanismName
        self.clientNonce = clientNonce
        self.password = Array(password.utf8)
        self.clientFirstMessageBare = "n=\(SCRAMMessage.escapeSASLName(username)),r=\(clientNonce)"
    }

    /// The gs2 header: no channel binding (`n`), no authorization identity.
    static let gs2Header = "n,,"

    /// The client-first-message: gs2 header followed by the bare message.
    var clientFirstMessage: [UInt8] { Array((Self.gs2Header + clientFirstMessageBare).utf8) }

    /// The result of answering the server-first-message.
    struct Final: Sendable {
        /// The client-final-message to send.
        var clientFinalMessage: [UInt8]
        /// The ServerSignature the server-final-message must carry.
        var expectedServerSignature: [UInt8]
    }

    /// Parses the server-first-message and computes the client-final-message (with ClientProof)
    /// and the ServerSignature to expect.
    func respond(toServerFirst bytes: [UInt8]) throws(KafkaError) -> Final {
        guard let message = String(validating: bytes, as: UTF8.self) else { throw failure("server-first-message is not UTF-8") }
        guard !message.hasPrefix("m=") else { throw failure("server requires an unsupported SCRAM extension") }
        guard let attributes = SCRAMMessage.attributes(of: message[...]) else { throw failure("server-first-message is malformed") }
        if let first = attributes.first, first.key == "e" {
            throw failure("server refused: \(SCRAMMessage.sanitized(first.value))")
        }
        guard attributes.count >= 3, attributes[0].key == "r", attributes[1].key == "s", attributes[2].key == "i" else {
            throw failure("server-first-message lacks r=, s=, i= in that order")
        }
        let nonce = attributes[0].value
        // The server appends its own part to the client's nonce; anything else is a replay or an impostor.
        guard SCRAMMessage.isValidNonce(nonce), nonce.hasPrefix(clientNonce), nonce.utf8.count > clientNonce.utf8.count else {
            throw failure("server nonce does not extend the client nonce")
        }
        guard let salt = SASLBase64.decode(attributes[1].value), !salt.isEmpty else { throw failure("server salt is not valid base64") }
        let iterationText = attributes[2].value
        guard iterationText.utf8.count <= 10, iterationText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let iterations = Int(iterationText)
        else { throw failure("server iteration count is not a number") }
        guard Self.acceptedIterations.contains(iterations) else {
            throw failure("server iteration count \(iterations) is outside \(Self.acceptedIterations.lowerBound)...\(Self.acceptedIterations.upperBound)")
        }

        let channelBinding = SASLBase64.encode(Array(Self.gs2Header.utf8))
        let finalWithoutProof = "c=\(channelBinding),r=\(nonce)"
        let authMessage = Array("\(clientFirstMessageBare),\(message),\(finalWithoutProof)".utf8)

        let saltedPassword = hashFunction.hi(password: password, salt: salt, iterations: iterations)
        let clientKey = hashFunction.hmac(key: saltedPassword, Array("Client Key".utf8))
        let storedKey = hashFunction.hash(clientKey)
        let clientSignature = hashFunction.hmac(key: storedKey, authMessage)
        let clientProof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverKey = hashFunction.hmac(key: saltedPassword, Array("Server Key".utf8))
        let serverSignature = hashFunction.hmac(key: serverKey, authMessage)

        let finalMessage = "\(finalWithoutProof),p=\(SASLBase64.encode(clientProof))"
        return Final(clientFinalMessage: Array(finalMessage.utf8), expectedServerSignature: serverSignature)
    }

    /// Checks the server-final-message: `v=` must carry the expected ServerSignature; `e=` is the
    /// server's refusal.
    func verifyServerFinal(_ bytes: [UInt8], expectedServerSignature: [UInt8]) throws(KafkaError) {
        guard let message = String(validating: bytes, as: UTF8.self),
              let attributes = SCRAMMessage.attributes(of: message[...]), let first = attributes.first
        else { throw failure("server-final-message is malformed") }
        switch first.key {
        case "e":
            throw failure("server refused: \(SCRAMMessage.sanitized(first.value))")
        case "v":
            guard let signature = SASLBase64.decode(first.value) else { throw failure("server signature is not valid base64") }
            guard SCRAMMessage.constantTimeEquals(signature, expectedServerSignature) else {
                throw failure("server signature does not match: the broker could not prove it knows the credential")
            }
        default:
            throw failure("server-final-message has neither v= nor e=")
        }
    }

    private func failure(_ text: String) -> KafkaError {
        KafkaError(.authenticationFailed, "\(mechanismName): \(text)")
    }
}
