import Foundation

/// A contiguous range of versions from a spec string: "none", "3", "3+", "3-7".
struct VersionRange: Equatable {
    /// The lowest version, inclusive.
    let low: Int
    /// The highest version, inclusive (`Int.max` for an open range).
    let high: Int

    /// The empty range.
    static let none = VersionRange(low: 1, high: 0)

    /// Whether the range holds no version.
    var isEmpty: Bool { low > high }

    init(low: Int, high: Int) {
        self.low = low
        self.high = high
    }

    /// Parses a spec version string.
    init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "none" {
            self = .none
        } else if trimmed.hasSuffix("+"), let low = Int(trimmed.dropLast()) {
            self.init(low: low, high: Int.max)
        } else if let dash = trimmed.firstIndex(of: "-"),
                  let low = Int(trimmed[..<dash]), let high = Int(trimmed[trimmed.index(after: dash)...]) {
            self.init(low: low, high: high)
        } else if let single = Int(trimmed) {
            self.init(low: single, high: single)
        } else {
            throw GeneratorError.invalidSpec("bad version range '\(text)'")
        }
    }

    /// The versions both ranges hold.
    func intersection(_ other: VersionRange) -> VersionRange {
        let result = VersionRange(low: max(low, other.low), high: min(high, other.high))
        return result.isEmpty ? .none : result
    }

    /// Whether `version` is in the range.
    func contains(_ version: Int) -> Bool { version >= low && version <= high }
}
