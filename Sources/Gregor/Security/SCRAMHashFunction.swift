import Crypto

/// The hash function behind a SCRAM mechanism: H, HMAC and Hi (RFC 5802 §2.2).
enum SCRAMHashFunction: Sendable, Hashable {
    /// SCRAM-SHA-256 (RFC 7677).
    case sha256
    /// SCRAM-SHA-512 (same construction with SHA-512, as Kafka defines it).
    case sha512

    /// H(data).
    func hash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }

    /// HMAC(key, data).
    func hmac(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        let symmetricKey = SymmetricKey(data: key)
        switch self {
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: data, using: symmetricKey))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: data, using: symmetricKey))
        }
    }

    /// Hi(password, salt, iterations): PBKDF2 with HMAC as the PRF and one output block, which is
    /// all SCRAM needs (the output is exactly one hash long). `iterations` must be at least 1.
    func hi(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        switch self {
        case .sha256: Self.pbkdf2SingleBlock(HMAC<SHA256>(key: SymmetricKey(data: password)), salt: salt, iterations: iterations)
        case .sha512: Self.pbkdf2SingleBlock(HMAC<SHA512>(key: SymmetricKey(data: password)), salt: salt, iterations: iterations)
        }
    }

    /// U1 = HMAC(P, salt || INT(1)), Ui = HMAC(P, Ui-1), result = U1 xor U2 xor … xor Ui.
    /// `keyed` is an HMAC already initialised with the password; copying it per round avoids
    /// re-deriving the padded key each time.
    private static func pbkdf2SingleBlock<H: HashFunction>(_ keyed: HMAC<H>, salt: [UInt8], iterations: Int) -> [UInt8] {
        var first = keyed
        first.update(data: salt + [0, 0, 0, 1])
        var previous = Array(first.finalize())
        var result = previous
        var round = 1
        while round < iterations {
            var next = keyed
            next.update(data: previous)
            previous = Array(next.finalize())
            for index in result.indices { result[index] ^= previous[index] }
            round += 1
        }
        return result
    }
}
