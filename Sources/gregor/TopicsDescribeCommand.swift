import ArgumentParser
import Gregor
import GregorCLISupport

/// `gregor topics describe NAME`: id, partitions with leaders, replicas and ISR, configs set on
/// the topic.
struct TopicsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Show a topic's partitions (leader, replicas, in-sync replicas) and the configs set on it.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The topic's name.")
    var name: String

    func run() async throws {
        try await runReportingErrors {
            let (topic, configs) = try await ClientSession.withAdmin(connection) { admin in
                let metadata = try await admin.metadata(topics: [name])
                guard let topic = metadata.topics[name], topic.error == nil, !topic.partitions.isEmpty else {
                    if let error = metadata.topics[name]?.error { throw error }
                    throw CLIError("topic \(name) does not exist")
                }
                // Some brokers answer DescribeConfigs only for explicit keys; configs are extra.
                let configs = try? await admin.describeConfigs(topic: name)
                return (topic, configs)
            }
            let output = StandardOutput()
            for line in TopicDescription.lines(topic: topic, configs: configs) { try output.writeLine(line) }
            try output.flush()
        }
    }
}

/// The text `gregor topics describe` prints.
enum TopicDescription {
    /// Header line, one line per partition, then the configs set on the topic.
    static func lines(topic: TopicMetadata, configs: [String: ConfigEntry]?) -> [String] {
        let partitions = topic.partitions.values.sorted { $0.partition < $1.partition }
        let replication = partitions.map(\.replicas.count).max() ?? 0
        var lines = ["topic \(topic.name)  id \(topic.topicId)  partitions \(partitions.count)  replication factor \(replication)"]
        for partition in partitions {
            var line = "  partition \(partition.partition)  leader \(partition.leader)"
                + "  replicas \(list(partition.replicas))  isr \(list(partition.isr))"
            if let error = partition.errorCode { line += "  error \(error.name)" }
            lines.append(line)
        }
        // Configs set on the topic itself (brokers before DescribeConfigs v1 do not say: `.unknown`).
        let set = (configs ?? [:]).values
            .filter { $0.source == .dynamicTopic || ($0.source == .unknown && $0.value != nil) }
            .sorted { $0.name < $1.name }
        if !set.isEmpty {
            lines.append("configs:")
            for entry in set { lines.append("  \(entry.name)=\(entry.displayValue)") }
        }
        return lines
    }

    private static func list(_ nodes: [Int32]) -> String {
        "[" + nodes.map(String.init).joined(separator: ",") + "]"
    }
}
