/// Whether something holds at a version, simplified against the generated version range.
enum VersionCondition: Equatable {
    case always
    case never
    /// A Swift boolean expression over `version`.
    case expression(String)

    /// The condition "version is in `range`", knowing that `version` is in `within`.
    init(_ range: VersionRange, within: VersionRange) {
        let clipped = range.intersection(within)
        if clipped.isEmpty {
            self = .never
            return
        }
        switch (clipped.low > within.low, clipped.high < within.high) {
        case (false, false): self = .always
        case (true, false): self = .expression("version >= \(clipped.low)")
        case (false, true): self = .expression("version <= \(clipped.high)")
        case (true, true):
            self = clipped.low == clipped.high
                ? .expression("version == \(clipped.low)")
                : .expression("version >= \(clipped.low) && version <= \(clipped.high)")
        }
    }

    /// The negation as a Swift expression (only for `.expression`).
    var negatedExpression: String {
        switch self {
        case .always: return "false"
        case .never: return "true"
        case let .expression(text): return "!(\(text))"
        }
    }
}
