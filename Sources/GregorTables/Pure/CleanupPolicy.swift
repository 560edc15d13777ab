/// A topic's `cleanup.policy`: compact, delete, both, or (Kafka 4.2+) neither.
///
/// Parsed the way Kafka reads a LIST config and validates this one: the value is trimmed, split
/// at commas (with any whitespace around them), and every element must be exactly `compact` or
/// `delete` (case-sensitive, as Kafka's validator is). Order and spacing do not matter, so
/// `"delete, compact"` is `[.compact, .delete]`. An all-blank value is the empty policy (Kafka
/// 4.2 accepts it as "delete nothing, compact nothing"). Repeated elements are accepted (older
/// brokers stored them) and count once.
public struct CleanupPolicy: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The policy bits.
    public let rawValue: UInt8

    /// A policy from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Log compaction: the latest value per key is kept.
    public static let compact = CleanupPolicy(rawValue: 1 << 0)
    /// Retention: old segments are deleted by time or size.
    public static let delete = CleanupPolicy(rawValue: 1 << 1)

    /// The config's name, `cleanup.policy`.
    public static let configName = "cleanup.policy"

    /// Parses a `cleanup.policy` value; the error names the value and the bad element.
    public init(parsing value: String) throws(CleanupPolicyParseError) {
        self = []
        // Unicode scalars, not Characters: Kafka splits Java chars, and a comma followed by a
        // combining mark must still split.
        let trimmed = Self.trimming(value.unicodeScalars[...], where: { $0.value <= 0x20 })
        if trimmed.isEmpty { return }
        for element in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let token = String(Substring(Self.trimming(element, where: Self.isRegexWhitespace)))
            switch token {
            case "compact": insert(.compact)
            case "delete": insert(.delete)
            default: throw CleanupPolicyParseError(value: value, element: token)
            }
        }
    }

    /// The policy declared in a topic config map, or `nil` when the map has no `cleanup.policy`.
    public static func declared(in configs: [String: String]) throws(CleanupPolicyParseError) -> CleanupPolicy? {
        guard let value = configs[configName] else { return nil }
        return try CleanupPolicy(parsing: value)
    }

    /// Whether the policy includes compaction (what a table needs).
    public var compacts: Bool { contains(.compact) }

    /// Whether the policy includes retention-based deletion (keys not rewritten may expire).
    public var deletes: Bool { contains(.delete) }

    /// The value to send to Kafka: `compact`, `delete`, `compact,delete`, or empty.
    public var kafkaValue: String {
        [compacts ? "compact" : nil, deletes ? "delete" : nil].compactMap { $0 }.joined(separator: ",")
    }

    /// The Kafka value, or `(none)` for the empty policy.
    public var description: String { isEmpty ? "(none)" : kafkaValue }

    /// Drops the scalars matching `isTrimmed` at both ends. With `value <= 0x20` this is Java's
    /// `String.trim()`.
    private static func trimming(
        _ scalars: Substring.UnicodeScalarView, where isTrimmed: (Unicode.Scalar) -> Bool
    ) -> Substring.UnicodeScalarView {
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return scalars[scalars.startIndex..<scalars.startIndex] }
        return scalars[first...last]
    }

    /// The whitespace Kafka's split pattern `\s*,\s*` removes (Java `\s`): space, tab, LF, VT, FF, CR.
    private static func isRegexWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: true
        default: false
        }
    }
}

/// A `cleanup.policy` value that Kafka would not accept.
public struct CleanupPolicyParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole value as given.
    public let value: String
    /// The offending element after trimming (empty for an empty element, as in `"compact,"`).
    public let element: String

    /// An error for `value` whose offending element is `element`.
    public init(value: String, element: String) {
        self.value = value
        self.element = element
    }

    /// Names the value and the element, and lists the valid elements.
    public var description: String {
        let what = element.isEmpty ? "an empty element" : "unknown element \"\(element)\""
        return "cleanup.policy \"\(value)\" has \(what); valid elements are compact and delete, comma-separated"
    }
}
