import ArgumentParser
import Foundation
import Gregor
import GregorCLISupport
import GregorTables

/// `gregor bench table --metric M`: one Tables benchmark, the Swift side of
/// `scripts/bench-tables.sh` (the Python side is `Benchmarks/peers/ktables_bench.py`; same data,
/// same metrics). Prints one JSON line.
struct BenchTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "table", abstract: "Tables benchmark.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("metric"), help: "catchup-raw, catchup-json, barrier-idle, barrier-churn, propagation, writer or memory.")
    var metric: String

    @Option(name: .customLong("keys"), help: "Keys for catchup-*, memory and writer.")
    var keys = 100_000

    @Option(name: .customLong("partitions"), help: "Partitions of the topic the benchmark creates.")
    var partitions: Int32 = 4

    @Option(name: .customLong("topic-prefix"), help: "Prefix of the topic the benchmark creates.")
    var topicPrefix = "gregor-bench"

    @Option(name: .customLong("topic"), help: "Use this existing topic instead of creating one (with --no-admin).")
    var topic: String?

    @Flag(name: .customLong("no-admin"), help: "Do not create the topic (the mock cluster has no admin APIs; it auto-creates).")
    var noAdmin = false

    @Option(name: .customLong("samples"), help: "Barrier or propagation samples.")
    var samples = 200

    @Option(name: .customLong("budget"), help: "Seconds a sampling loop may take at most.")
    var budget: Double = 60

    @Option(name: .customLong("fetch-max-wait-ms"), help: "The table's Fetch max wait (default: the library's, 500 ms).")
    var fetchMaxWaitMs: Int?

    @Option(name: .customLong("partition-max-bytes"), help: "The table's Fetch partition max bytes (default: the library's).")
    var partitionMaxBytes: Int32?

    @Option(name: .customLong("fetch-max-bytes"), help: "The table's Fetch max bytes, for the whole answer (default: the library's).")
    var fetchMaxBytes: Int32?

    @Option(name: .customLong("fetch-connections"), help: "The table's Fetch connections per broker (default: the library's).")
    var fetchConnections: Int?

    @Flag(name: .customLong("prefilled"), help: "The --topic already holds this metric's records for --keys (written by an earlier run): skip the pre-fill.")
    var prefilled = false

    @Option(name: .customLong("broker-pid"), help: "Process id of the broker, when it runs on this machine: its CPU time during a catch-up is reported too (broker_cpu_seconds).")
    var brokerPID: Int32?

    @Flag(name: .customLong("fill-only"), help: "Create and fill the topic for --metric (catchup-*, memory), print a JSON line naming it, measure nothing; then measure in another process with --topic NAME --prefilled.")
    var fillOnly = false

    func validate() throws {
        guard BenchTableMetric(rawValue: metric) != nil else {
            throw ValidationError("--metric must be one of \(BenchTableMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard keys > 0, samples > 0, budget > 0 else { throw ValidationError("--keys, --samples and --budget must be positive") }
        if let fetchMaxWaitMs, fetchMaxWaitMs < 1 { throw ValidationError("--fetch-max-wait-ms must be positive") }
        if let partitionMaxBytes, partitionMaxBytes < 1 { throw ValidationError("--partition-max-bytes must be positive") }
        if let fetchMaxBytes, fetchMaxBytes < 1 { throw ValidationError("--fetch-max-bytes must be positive") }
        if let brokerPID, brokerPID < 1 { throw ValidationError("--broker-pid must be a positive process id") }
        if prefilled, topic == nil { throw ValidationError("--prefilled needs --topic") }
        if fillOnly {
            guard !prefilled else { throw ValidationError("--fill-only and --prefilled exclude each other") }
            guard BenchTableMetric(rawValue: metric)?.replaysPreFill == true else {
                throw ValidationError("--fill-only is for catchup-raw, catchup-json and memory; the other metrics write their own records")
            }
        }
    }

    func run() async throws {
        try await runReportingErrors {
            guard let metric = BenchTableMetric(rawValue: metric) else { return }
            let bench = BenchTableRun(
                client: try connection.clientConfiguration(), metric: metric, keys: keys, partitions: partitions,
                topic: topic ?? "\(topicPrefix)-\(metric.rawValue)-\(UInt32.random(in: 0...UInt32.max))", createTopic: !noAdmin && !prefilled,
                samples: samples, budget: .milliseconds(Int64(budget * 1000)), fetchMaxWait: fetchMaxWaitMs.map { .milliseconds($0) },
                partitionMaxBytes: partitionMaxBytes, fetchMaxBytes: fetchMaxBytes, fetchConnections: fetchConnections, prefilled: prefilled, fillOnly: fillOnly,
                brokerPID: brokerPID)
            let fields = try await bench.run()
            print(BenchTableRun.jsonLine(fields))
        }
    }
}

/// The Tables benchmarks.
enum BenchTableMetric: String, CaseIterable {
    case catchupRaw = "catchup-raw"
    case catchupJSON = "catchup-json"
    case barrierIdle = "barrier-idle"
    case barrierChurn = "barrier-churn"
    case propagation
    case writer
    case memory

    /// Whether the metric replays records written before it is measured (a pre-fill, which
    /// `--fill-only` writes); the others write their own as they measure.
    var replaysPreFill: Bool {
        switch self {
        case .catchupRaw, .catchupJSON, .memory: true
        case .barrierIdle, .barrierChurn, .propagation, .writer: false
        }
    }
}

/// The JSON value of `catchup-json`: 100 bytes, the same as the Python peer's
/// `{"id":i,"name":"k<15 digits>","pad":"xx…"}`.
struct BenchJSONValue: Codable, Sendable {
    var id: Int
    var name: String
    var pad: String

    static func bytes(_ index: Int) -> [UInt8] {
        let digits = String(index)
        let head = #"{"id":\#(index),"name":"k\#(String(repeating: "0", count: max(0, 15 - digits.count)))\#(digits)","pad":""#
        return Array(head.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: max(0, 100 - head.utf8.count - 2)) + Array(#""}"#.utf8)
    }
}
