import ArgumentParser
import Gregor
import GregorCLISupport
import GregorTables

/// `gregor table-set TOPIC KEY VALUE`
struct TableSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table-set",
        abstract: "Write KEY=VALUE to a table's topic and wait for the acknowledgement.",
        discussion: "Creates the topic (compacted) when it is missing, unless --no-ensure-topic is given."
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The table's topic.") var topic: String
    @Argument(help: "The key (UTF-8 text).") var key: String
    @Argument(help: "The value (UTF-8 text).") var value: String
    @Flag(name: .customLong("no-ensure-topic"), help: "Do not create or check the topic.") var noEnsureTopic = false

    func run() async throws {
        try await runReportingErrors {
            let report = try await TableWriteSession.write(connection, topic: topic, ensureTopic: !noEnsureTopic) { writer in
                try await writer.set(key, value)
            }
            let output = StandardOutput()
            try output.writeLine("set \(JSONText.quoted(key)) at \(topic)-\(report.partition)@\(report.offset)")
            try output.flush()
        }
    }
}

/// `gregor table-delete TOPIC KEY`
struct TableDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table-delete",
        abstract: "Write a tombstone for KEY to a table's topic and wait for the acknowledgement."
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The table's topic.") var topic: String
    @Argument(help: "The key (UTF-8 text).") var key: String
    @Flag(name: .customLong("no-ensure-topic"), help: "Do not create or check the topic.") var noEnsureTopic = false

    func run() async throws {
        try await runReportingErrors {
            let report = try await TableWriteSession.write(connection, topic: topic, ensureTopic: !noEnsureTopic) { writer in
                try await writer.delete(key)
            }
            let output = StandardOutput()
            try output.writeLine("deleted \(JSONText.quoted(key)) at \(topic)-\(report.partition)@\(report.offset)")
            try output.flush()
        }
    }
}

/// A string-keyed, string-valued writer for one CLI write.
enum TableWriteSession {
    static func write(
        _ connection: ConnectionOptions, topic: String, ensureTopic: Bool,
        _ body: (KafkaTableWriter<String, String>) async throws -> DeliveryReport
    ) async throws -> DeliveryReport {
        var configuration = KafkaTableWriterConfiguration(client: try connection.clientConfiguration())
        configuration.ensureTopic = ensureTopic
        let writer = try KafkaTableWriter(
            topic: topic, configuration: configuration, keyCodec: .string, valueCodec: .string,
            logger: ClientSession.makeLogger("gregor.cli.table"))
        do {
            try await writer.start()
            let report = try await body(writer)
            await writer.close()
            return report
        } catch {
            await writer.close()
            throw error
        }
    }
}
