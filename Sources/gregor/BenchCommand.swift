import ArgumentParser

/// `gregor bench produce|consume`: the client benchmarks run by `scripts/bench-client.sh`
/// (hidden from help). Each prints one JSON line: client, operation, records, bytes, seconds.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Client benchmarks (used by scripts/bench-client.sh).",
        shouldDisplay: false,
        subcommands: [BenchProduceCommand.self, BenchConsumeCommand.self, BenchStreamCommand.self, BenchTableCommand.self]
    )
}

/// The benchmark's records, byte for byte the same as `Benchmarks/peers/bench_data.py` makes:
/// record i has key `k` + i in 15 zero-padded digits (16 bytes) and value `v` + i in 15
/// zero-padded digits + 84 × `x` (100 bytes).
enum BenchData {
    static let keySize = 16
    static let valueSize = 100

    /// The key of record `index`.
    static func key(_ index: Int) -> [UInt8] {
        Array("k".utf8) + digits(index)
    }

    /// The value of record `index`.
    static func value(_ index: Int) -> [UInt8] {
        Array("v".utf8) + digits(index) + [UInt8](repeating: UInt8(ascii: "x"), count: valueSize - 16)
    }

    private static func digits(_ index: Int) -> [UInt8] {
        let text = Array(String(index).utf8.suffix(15))
        return [UInt8](repeating: UInt8(ascii: "0"), count: 15 - text.count) + text
    }

    /// One result line as JSON.
    static func resultLine(operation: String, records: Int, bytes: Int, seconds: Double) -> String {
        #"{"client": "gregor", "operation": "\#(operation)", "records": \#(records), "bytes": \#(bytes), "seconds": \#(seconds)}"#
    }
}

/// Seconds of a `Duration`, as a `Double`.
func secondsOf(_ duration: Duration) -> Double {
    let components = duration.components
    return Double(components.seconds) + Double(components.attoseconds) / 1e18
}
