import ArgumentParser
import Gregor
import GregorCLISupport
import GregorTables

/// `gregor table TOPIC [--format jsonl|table] [--follow] [--grouped]`
struct TableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Print a compacted topic as a table (last value per key), optionally following changes.",
        discussion: """
            Replays TOPIC from the beginning into a map and prints it, sorted by key, once caught up \
            to the end offsets taken at start. JSON lines are {"key","value"} (grouped: \
            {"group","member","value"}); bytes that are not UTF-8 appear as key_base64/value_base64. \
            With --follow, every later change is printed as it arrives ("value":null for a removed \
            key) until interrupted. The topic is read as is: nothing is created or altered.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The topic to read.")
    var topic: String

    @Option(name: .customLong("format"), help: "Output format: jsonl or table.")
    var format = CaseArgument<OutputFormat>(.jsonl)

    @Flag(name: .customLong("follow"), help: "After printing the table, print changes as they arrive.")
    var follow = false

    @Flag(name: .customLong("grouped"), help: "Read a grouped table (ktables' \"<n>:<group><member>\" keys).")
    var grouped = false

    @Option(name: .customLong("catch-up-timeout"), help: ArgumentHelp("Seconds to wait for the replay before printing what there is.", valueName: "seconds"))
    var catchUpTimeout: Double = 60

    func validate() throws {
        guard catchUpTimeout > 0, catchUpTimeout.isFinite else { throw ValidationError("--catch-up-timeout must be a positive number of seconds") }
    }

    func run() async throws {
        try await runReportingErrors {
            var configuration = KafkaTableConfiguration(client: try connection.clientConfiguration())
            configuration.ensureTopic = false
            configuration.catchUpTimeout = .milliseconds(Int64(catchUpTimeout * 1000))
            let logger = ClientSession.makeLogger("gregor.cli.table")
            if grouped {
                let table = try GroupedKafkaTable(topic: topic, configuration: configuration, valueCodec: .bytes, logger: logger)
                try await TablePrinter(format: format.value).printGrouped(table, follow: follow)
            } else {
                let table = try KafkaTable(topic: topic, configuration: configuration, keyCodec: .bytes, valueCodec: .bytes, logger: logger)
                try await TablePrinter(format: format.value).printPlain(table, follow: follow)
            }
        }
    }
}
