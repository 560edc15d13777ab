/// Text-level pieces of SCRAM messages (RFC 5802 §5.1, §7).
enum SCRAMMessage {
    /// The `saslname` form of a user name: `=` becomes `=3D` and `,` becomes `=2C`.
    ///
    /// Like Kafka's own client, Gregor applies no SASLprep normalisation: Kafka stores and compares
    /// names and passwords as their plain UTF-8 bytes.
    static func escapeSASLName(_ name: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(name.utf8.count)
        for character in name.unicodeScalars {
            switch character {
            case "=": escaped += "=3D"
            case ",": escaped += "=2C"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Whether `text` is a valid SCRAM nonce: printable ASCII except `,` (RFC 5802 §7 `printable`).
    static func isValidNonce(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: ",") }
    }

    /// Splits `message` into `key=value` attributes, in order. `nil` when an attribute is not a
    /// single ASCII letter followed by `=` (values may themselves contain `=`).
    static func attributes(of message: Substring) -> [(key: Character, value: Substring)]? {
        var result: [(key: Character, value: Substring)] = []
        for part in message.split(separator: ",", omittingEmptySubsequences: false) {
            let bytes = part.utf8
            guard bytes.count >= 2,
                  let first = bytes.first, (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first),
                  bytes[bytes.index(after: bytes.startIndex)] == UInt8(ascii: "=")
            else { return nil }
            result.append((key: Character(Unicode.Scalar(first)), value: part.dropFirst(2)))
        }
        return result
    }

    /// A short, printable rendering of text chosen by the server (for error messages): ASCII
    /// printable characters only, at most 120 of them.
    static func sanitized(_ text: some StringProtocol) -> String {
        let printable = text.unicodeScalars.lazy.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(120)
        return String(String.UnicodeScalarView(printable))
    }

    /// Equality of two byte strings in time independent of where they differ.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
