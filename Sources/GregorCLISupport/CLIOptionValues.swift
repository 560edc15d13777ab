import GregorProtocol

/// `--acks` of `gregor produce`.
public enum AcksOption: String, Sendable, CaseIterable {
    /// No acknowledgement (fire and forget).
    case none = "0"
    /// The leader has written the record.
    case leader = "1"
    /// All in-sync replicas have the record.
    case all = "all"

    /// Parses `0`, `1`, `all` or `-1` (Kafka's number for all).
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "0": self = .none
        case "1": self = .leader
        case "all", "-1": self = .all
        default: return nil
        }
    }

    /// The value of the Produce request's `acks` field.
    public var requestValue: Int16 {
        switch self {
        case .none: 0
        case .leader: 1
        case .all: -1
        }
    }
}

/// `--compression` of `gregor produce`.
public enum CompressionOption {
    /// Parses `none`, `gzip`, `snappy`, `lz4` or `zstd`.
    public static func parse(_ text: String) -> CompressionCodec? {
        CompressionCodec.allCases.first { $0.description == text.lowercased() }
    }
}

/// `--format` of `gregor table`: JSON lines or a text table.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// One JSON object per line.
    case jsonl
    /// An aligned text table.
    case table
}

/// `--until` of `gregor consume`.
public enum ConsumeUntil: String, Sendable, CaseIterable {
    /// Stop once everything that existed at start has been printed.
    case live
    /// Keep following new records until interrupted.
    case never
}
