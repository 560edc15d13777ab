/// Durations written like `15m`, `2h`, `30s`, `1d`, `500ms` or combined (`1h30m`).
public enum RelativeDuration {
    /// Milliseconds per unit suffix.
    static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
    ]

    /// Parses a duration (without a sign) into milliseconds: one or more `<integer><unit>` parts,
    /// units `ms`, `s`, `m`, `h`, `d`, `w`. Throws a `CLIError` naming the problem.
    public static func parseMilliseconds(_ text: String) throws(CLIError) -> Int64 {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw CLIError("empty duration") }
        var index = 0
        var total: Int64 = 0
        while index < bytes.count {
            var amount: Int64 = 0
            let digitsStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times10, overflow1) = amount.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { throw CLIError("duration '\(text)' is too large") }
                amount = sum
                index += 1
            }
            guard index > digitsStart else {
                throw CLIError("duration '\(text)' is not of the form <number><unit>, e.g. 15m, 2h, 30s, 1d")
            }
            let unitStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "a"), bytes[index] <= UInt8(ascii: "z") { index += 1 }
            let unit = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let scale = units.first(where: { $0.suffix == unit })?.milliseconds else {
                throw CLIError(unit.isEmpty
                    ? "duration '\(text)' lacks a unit (ms, s, m, h, d, w)"
                    : "duration '\(text)' has an unknown unit '\(unit)' (use ms, s, m, h, d, w)")
            }
            let (part, overflow1) = amount.multipliedReportingOverflow(by: scale)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            guard !overflow1, !overflow2 else { throw CLIError("duration '\(text)' is too large") }
            total = sum
        }
        return total
    }
}
