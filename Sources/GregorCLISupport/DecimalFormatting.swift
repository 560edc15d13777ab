/// Fixed-point decimal text without Foundation.
public enum DecimalFormatting {
    /// `value` rounded to `places` decimals (0...9), e.g. `fixed(3.14159, places: 2)` is `"3.14"`.
    public static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let places = min(max(places, 0), 9)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else { return String(value) }
        let units = UInt64(scaled)
        let scaleInteger = UInt64(scale)
        let whole = units / scaleInteger
        var text = (value < 0 && units != 0 ? "-" : "") + String(whole)
        if places > 0 {
            let fraction = String(units % scaleInteger)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }

    /// A byte count for people: `512 B`, `1.5 KiB`, `20.3 MiB`, `1.20 GiB`.
    public static func bytes(_ count: Int) -> String {
        let value = Double(count)
        if count < 1024 { return "\(count) B" }
        if value < 1024 * 1024 { return fixed(value / 1024, places: 1) + " KiB" }
        if value < 1024 * 1024 * 1024 { return fixed(value / (1024 * 1024), places: 1) + " MiB" }
        return fixed(value / (1024 * 1024 * 1024), places: 2) + " GiB"
    }
}
