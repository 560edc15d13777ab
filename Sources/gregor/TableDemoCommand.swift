import ArgumentParser
import Gregor
import GregorCLISupport
import GregorTables

/// `gregor table-demo TOPIC`: the Tables part of the main job (scripts/demo.sh).
struct TableDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table-demo",
        abstract: "Register services in a table topic, read them with a live table, prove the last write visible with a barrier.",
        discussion: """
            A writer registers --services services (key service-N, a small JSON value) while a table \
            in the same process follows the topic; then the writer moves one service and a barrier \
            must make that last write visible. Creates the topic compacted when missing. Prints what \
            happened and the table.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The registry's topic.") var topic: String
    @Option(name: .customLong("services"), help: "How many services to register.") var services = 8

    func validate() throws {
        guard (1...10_000).contains(services) else { throw ValidationError("--services must be between 1 and 10000") }
    }

    func run() async throws {
        try await runReportingErrors {
            let client = try connection.clientConfiguration()
            let logger = ClientSession.makeLogger("gregor.cli.table-demo")
            let writer = try KafkaTableWriter(
                topic: topic, configuration: KafkaTableWriterConfiguration(client: client), keyCodec: .string, valueCodec: .string, logger: logger)
            let ensured = try await writer.start()
            print("topic:    \(topic) (\(ensured?.description ?? "not checked"))")
            let table = try KafkaTable(topic: topic, configuration: KafkaTableConfiguration(client: client), keyCodec: .string, valueCodec: .string, logger: logger)
            try await table.run { table in
                print("table:    \(table.status.name) with \(table.count) entries at start")
                let started = ContinuousClock.now
                for i in 0..<services {
                    try await writer.set("service-\(i)", #"{"host":"10.0.0.\#(i % 250 + 1)","port":\#(8000 + i)}"#)
                }
                let moved = #"{"host":"10.0.1.1","port":9000}"#
                let last = try await writer.set("service-0", moved)
                print("writer:   \(services + 1) acknowledged writes in \(Self.milliseconds(ContinuousClock.now - started)) ms; the last at \(topic)-\(last.partition)@\(last.offset)")
                let barrierStarted = ContinuousClock.now
                let fresh = try await table.barrier(timeout: .seconds(30))
                let visible = table["service-0"] == moved
                print("barrier:  \(fresh ? "true" : "false") after \(Self.milliseconds(ContinuousClock.now - barrierStarted)) ms; last write visible: \(visible ? "yes" : "NO")")
                let snapshot = table.snapshot()
                let keys = snapshot.keys.sorted()
                print("entries:  \(keys.count) (\(table.stats.setsApplied) sets applied, \(table.stats.tombstonesApplied) tombstones)")
                for key in keys.prefix(5) { print("  \(key) = \(snapshot[key] ?? "")") }
                if keys.count > 5 { print("  … \(keys.count - 5) more") }
                guard fresh, visible else { throw CLIError("the barrier did not make the last write visible") }
            }
            await writer.close()
        }
    }

    private static func milliseconds(_ duration: Duration) -> String {
        String((secondsOf(duration) * 10_000).rounded() / 10)
    }
}
