/// Where `gregor consume` starts reading each partition (`--from`).
public enum ConsumeStartPosition: Sendable, Equatable {
    /// The log start offset.
    case earliest
    /// The end of the log: only records produced from now on.
    case latest
    /// The first record whose timestamp is at or after this time (ms since the epoch).
    case timestamp(Int64)
    /// The first record at or after "now minus this many milliseconds".
    case ago(milliseconds: Int64)

    /// Parses `earliest`, `latest`, an epoch in milliseconds (digits only), an ISO-8601 date or
    /// date-time (see `ISO8601Timestamp.parse`) or `-<duration>` such as `-15m`, `-2h`, `-30s`, `-1d`.
    public init(parsing text: String) throws(CLIError) {
        switch text.lowercased() {
        case "earliest", "beginning": self = .earliest
        case "latest", "end": self = .latest
        default:
            if text.hasPrefix("-") {
                self = .ago(milliseconds: try RelativeDuration.parseMilliseconds(String(text.dropFirst())))
            } else if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                guard let milliseconds = Int64(text) else { throw CLIError("--from '\(text)': epoch milliseconds out of range") }
                self = .timestamp(milliseconds)
            } else if let milliseconds = ISO8601Timestamp.parse(text) {
                self = .timestamp(milliseconds)
            } else {
                throw CLIError("--from '\(text)' is not earliest, latest, epoch milliseconds, an ISO-8601 time or -<duration> (e.g. -15m)")
            }
        }
    }

    /// The timestamp to look offsets up by, given the current time; `nil` for earliest/latest.
    public func lookupTimestamp(now: Int64) -> Int64? {
        switch self {
        case .earliest, .latest: nil
        case .timestamp(let milliseconds): milliseconds
        case .ago(let milliseconds): max(0, now &- milliseconds)
        }
    }
}
