/// ISO-8601 timestamps as milliseconds since the Unix epoch.
public enum ISO8601Timestamp {
    /// Parses an ISO-8601 date or date-time into milliseconds since the epoch.
    ///
    /// Accepted: `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM`, `HH:MM:SS` or
    /// `HH:MM:SS.fraction` (up to 9 digits; digits beyond milliseconds are truncated), optionally
    /// followed by `Z` or an offset `±HH:MM`, `±HHMM` or `±HH`. Without an offset the time is UTC.
    /// Returns `nil` when `text` is not of that form or a field is out of range.
    public static func parse(_ text: String) -> Int64? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.digits(exactly: 4), scanner.take("-"),
            let month = scanner.digits(exactly: 2), scanner.take("-"),
            let day = scanner.digits(exactly: 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month) else { return nil }
        var milliseconds = CivilTime.daysSinceEpoch(year: year, month: month, day: day) * 86_400_000
        if scanner.isAtEnd { return milliseconds }

        guard scanner.take("T") || scanner.take("t") || scanner.take(" ") else { return nil }
        guard let hour = scanner.digits(exactly: 2), scanner.take(":"), let minute = scanner.digits(exactly: 2) else { return nil }
        var second: Int64 = 0
        var fractionMilliseconds: Int64 = 0
        if scanner.take(":") {
            guard let parsedSecond = scanner.digits(exactly: 2) else { return nil }
            second = parsedSecond
            if scanner.take(".") || scanner.take(",") {
                guard let (fraction, length) = scanner.digits(upTo: 9), length > 0 else { return nil }
                // Scale the fraction to milliseconds: 5 → 500, 12 → 120, 123456 → 123.
                var scaled = fraction
                var digits = length
                while digits < 3 { scaled *= 10; digits += 1 }
                while digits > 3 { scaled /= 10; digits -= 1 }
                fractionMilliseconds = scaled
            }
        }
        // 60 is a leap second; it folds into the next minute like most converters do.
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        milliseconds += ((hour * 60 + minute) * 60 + second) * 1000 + fractionMilliseconds

        if scanner.isAtEnd { return milliseconds }
        if scanner.take("Z") || scanner.take("z") { return scanner.isAtEnd ? milliseconds : nil }
        let sign: Int64
        if scanner.take("+") { sign = 1 } else if scanner.take("-") { sign = -1 } else { return nil }
        guard let offsetHours = scanner.digits(exactly: 2) else { return nil }
        var offsetMinutes: Int64 = 0
        if !scanner.isAtEnd {
            _ = scanner.take(":")
            guard let parsed = scanner.digits(exactly: 2) else { return nil }
            offsetMinutes = parsed
        }
        guard scanner.isAtEnd, offsetHours <= 23, offsetMinutes <= 59 else { return nil }
        // Local time = UTC + offset, so UTC = local - offset.
        return milliseconds - sign * (offsetHours * 60 + offsetMinutes) * 60_000
    }

    /// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC).
    public static func format(_ milliseconds: Int64) -> String {
        // Floor division so that times before 1970 still get a positive time of day.
        let (days, remainder) = floorDivide(milliseconds, 86_400_000)
        let date = CivilTime.civilDate(daysSinceEpoch: days)
        let hour = remainder / 3_600_000
        let minute = remainder / 60_000 % 60
        let second = remainder / 1000 % 60
        let millisecond = remainder % 1000
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T"
            + "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millisecond, 3))Z"
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}

/// Reads fixed-width decimal fields and literal characters from ASCII bytes.
struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    /// Consumes `character` if it is next.
    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, UInt32(bytes[index]) == character.value else { return false }
        index += 1
        return true
    }

    /// Consumes exactly `count` decimal digits.
    mutating func digits(exactly count: Int) -> Int64? {
        guard bytes.count - index >= count else { return nil }
        var value: Int64 = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    /// Consumes up to `limit` decimal digits (more digits make it fail); returns the value and count.
    mutating func digits(upTo limit: Int) -> (Int64, Int)? {
        var value: Int64 = 0
        var count = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            guard count < limit else { return nil }
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            count += 1
            index += 1
        }
        return (value, count)
    }
}
