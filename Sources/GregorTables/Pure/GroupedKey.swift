/// The composite key of a grouped table: one flat record key per (group, member).
///
/// The format is ktables' `LengthPrefixedKeyCodec`: `"<n>:<group><member>"`, where `n` is the
/// number of Unicode scalars in `group` written in decimal. The length, not a delimiter, ends the
/// group, so group and member may contain anything (colons and digits included) and distinct
/// pairs never share a key. Decoding is strict and returns `nil` for any key `encode` could not
/// have produced (a foreign key).
public enum GroupedKey {
    /// The flat key for one member of one group.
    public static func encode(group: String, member: String) -> String {
        "\(group.unicodeScalars.count):\(group)\(member)"
    }

    /// The (group, member) a flat key stands for, or `nil` for a foreign key: no colon, a prefix
    /// that is empty or not all ASCII digits, a leading zero (other than `0` itself), or a length
    /// longer than what follows the colon.
    public static func decode(_ key: String) -> (group: String, member: String)? {
        let scalars = key.unicodeScalars
        guard let colon = scalars.firstIndex(of: ":") else { return nil }
        let prefix = scalars[..<colon]
        let rest = scalars[scalars.index(after: colon)...]
        guard let length = parseLength(prefix, limit: rest.count) else { return nil }
        let split = rest.index(rest.startIndex, offsetBy: length)
        return (String(Substring(rest[..<split])), String(Substring(rest[split...])))
    }

    /// The decimal length in `prefix` when it is canonical (digits only, no leading zero) and at
    /// most `limit`; `nil` otherwise. Parsing stops as soon as the value exceeds `limit`, so a
    /// prefix of any length costs at most a few digits and never overflows.
    private static func parseLength(_ prefix: Substring.UnicodeScalarView, limit: Int) -> Int? {
        guard let first = prefix.first else { return nil }
        if first == "0" && prefix.count > 1 { return nil }
        var value = 0
        for scalar in prefix {
            guard scalar.isASCII, let digit = Int(exactly: scalar.value), (48...57).contains(digit) else { return nil }
            let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, carried) = times10.addingReportingOverflow(digit - 48)
            guard !overflowed, !carried else { return nil }
            value = next
            // Anything above `limit` is rejected anyway, so stop before the value can grow further.
            if value > limit { return nil }
        }
        return value
    }
}
