/// Why a `TableCodec` preset could not encode or decode a value.
public enum TableCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not valid UTF-8 (the `.string` codec never replaces bad bytes).
    case invalidUTF8(byteCount: Int)
    /// The bytes are not JSON of the expected type.
    case jsonDecodingFailed(type: String, reason: String)
    /// The value could not be encoded as JSON.
    case jsonEncodingFailed(type: String, reason: String)

    /// A one-line message naming what failed.
    public var description: String {
        switch self {
        case .invalidUTF8(let byteCount):
            "bytes are not valid UTF-8 (\(byteCount) bytes)"
        case .jsonDecodingFailed(let type, let reason):
            "bytes are not JSON for \(type): \(reason)"
        case .jsonEncodingFailed(let type, let reason):
            "\(type) could not be encoded as JSON: \(reason)"
        }
    }
}
