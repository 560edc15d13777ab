/// The closing line of `gregor produce` / `gregor consume`: records, bytes, elapsed time, rates.
public struct ThroughputSummary: Sendable, Equatable {
    /// What was done, e.g. `produced` or `consumed`.
    public var verb: String
    /// Number of records.
    public var records: Int
    /// Payload bytes (keys plus values).
    public var bytes: Int
    /// Wall-clock time taken.
    public var elapsed: Duration

    /// Creates a summary.
    public init(verb: String, records: Int, bytes: Int, elapsed: Duration) {
        self.verb = verb
        self.records = records
        self.bytes = bytes
        self.elapsed = elapsed
    }

    /// Elapsed time in seconds.
    public var seconds: Double {
        let components = elapsed.components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Records per second (0 when no time elapsed).
    public var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }

    /// e.g. `produced 10000 records (1.1 MiB) in 0.532 s: 18797 records/s, 2.0 MiB/s`.
    public var line: String {
        let byteRate = seconds > 0 ? Int((Double(bytes) / seconds).rounded()) : 0
        return "\(verb) \(records) record\(records == 1 ? "" : "s") (\(DecimalFormatting.bytes(bytes))) in "
            + "\(DecimalFormatting.fixed(seconds, places: 3)) s: \(DecimalFormatting.fixed(recordsPerSecond, places: 0)) records/s, "
            + "\(DecimalFormatting.bytes(byteRate))/s"
    }
}
