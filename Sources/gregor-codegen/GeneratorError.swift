/// Why generation failed.
enum GeneratorError: Error, CustomStringConvertible {
    /// A spec file is malformed or uses something the generator does not support.
    case invalidSpec(String)
    /// A file could not be read or written.
    case io(String)

    var description: String {
        switch self {
        case let .invalidSpec(message): return "invalid spec: \(message)"
        case let .io(message): return "I/O error: \(message)"
        }
    }
}
