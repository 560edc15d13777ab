import ArgumentParser
import Gregor
import GregorCLISupport

/// `gregor topics create NAME --partitions N [--replication-factor R] [--config k=v]...`
struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a topic.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The topic's name.")
    var name: String

    @Option(name: .customLong("partitions"), help: "Number of partitions.")
    var partitions: Int32

    @Option(name: .customLong("replication-factor"), help: "Replicas per partition (default: the broker's default).")
    var replicationFactor: Int16?

    @Option(name: .customLong("config"), help: ArgumentHelp("A topic config, key=value (repeatable).", valueName: "key=value"))
    var configs: [String] = []

    func validate() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        if let replicationFactor, replicationFactor < 1 { throw ValidationError("--replication-factor must be at least 1") }
    }

    func run() async throws {
        try await runReportingErrors {
            var configMap: [String: String] = [:]
            for text in configs {
                let entry = try ConfigArgument(parsing: text)
                guard configMap[entry.name] == nil else { throw CLIError("--config \(entry.name) is given twice") }
                configMap[entry.name] = entry.value
            }
            let topic = NewTopic(name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configMap)
            let created = try await ClientSession.withAdmin(connection) { admin in
                try await admin.createTopic(topic)
            }
            let output = StandardOutput()
            let count = created.partitions ?? partitions
            try output.writeLine("created topic \(name) with \(count) partition\(count == 1 ? "" : "s")")
            try output.flush()
        }
    }
}
