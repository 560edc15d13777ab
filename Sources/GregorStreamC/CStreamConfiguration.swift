import Foundation
import Gregor
import GregorStream

/// The JSON a C caller passes to `gregor_stream_new`: the connection and the Stream's settings.
///
/// ```json
/// {"bootstrap_servers": "localhost:9092", "client_id": "analytics",
///  "topics": [{"name": "events", "policy": "earliest"},
///             {"name": "metrics", "policy": "relative_time", "relative_ms": 3600000, "shard": [0, 4]}],
///  "cutoff_ms": 1790000000000, "batch_size": 10000, "memory_budget_bytes": 268435456,
///  "lateness_ms": 0, "bounded": false}
/// ```
///
/// Policies: `earliest`, `latest`, `timestamp` (needs `timestamp_ms`), `relative_time` (needs
/// `relative_ms`), `offsets` (needs `offsets`: {"<partition>": offset}). Optional per topic:
/// `partitions` (a subset), `shard` ([i, n]). Without `bootstrap_servers` the connection comes
/// from the environment (`KAFKA_BOOTSTRAP_SERVERS`, TLS and SASL variables).
struct CStreamConfiguration: Decodable {
    struct Topic: Decodable {
        var name: String
        var policy: String?
        var timestampMs: Int64?
        var relativeMs: Int64?
        var offsets: [String: Int64]?
        var partitions: [Int32]?
        var shard: [Int]?
    }

    var bootstrapServers: String?
    var clientId: String?
    var topics: [Topic]
    var cutoffMs: Int64?
    var batchSize: Int?
    var memoryBudgetBytes: Int?
    var latenessMs: Int64?
    var bounded: Bool?
    var fetchMaxWaitMs: Int64?

    /// Parses `json`; the error says which key is wrong.
    static func parse(_ json: String) throws(KafkaError) -> CStreamConfiguration {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(CStreamConfiguration.self, from: Data(json.utf8))
        } catch let DecodingError.keyNotFound(key, context) {
            throw KafkaError(.invalidConfiguration, "the configuration lacks \"\(Self.path(context.codingPath + [key]))\"")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw KafkaError(.invalidConfiguration, "\"\(Self.path(context.codingPath))\" has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw KafkaError(.invalidConfiguration, "the configuration is not valid JSON: \(context.debugDescription)")
        } catch {
            throw KafkaError(.invalidConfiguration, "the configuration could not be read: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// The client settings: `bootstrap_servers` and `client_id`, else the environment.
    func clientConfiguration() throws(KafkaError) -> KafkaClientConfiguration {
        var client: KafkaClientConfiguration
        if let bootstrapServers {
            client = try KafkaClientConfiguration(bootstrap: bootstrapServers)
        } else {
            client = try KafkaClientConfiguration(environment: ProcessInfo.processInfo.environment)
        }
        if let clientId { client.clientId = clientId }
        return client
    }

    /// The Stream's settings; a policy missing its value or an unknown policy is an error.
    func streamConfiguration() throws(KafkaError) -> StreamConfiguration {
        var topics: [SourceTopic] = []
        for topic in self.topics {
            var source = SourceTopic(topic.name, startPolicy: try Self.policy(topic))
            if let partitions = topic.partitions { source = source.partitions(Set(partitions)) }
            if let shard = topic.shard {
                guard shard.count == 2 else {
                    throw KafkaError(.invalidConfiguration, "\"shard\" takes [index, count]", topic: topic.name)
                }
                source = source.shard(shard[0], of: shard[1])
            }
            topics.append(source)
        }
        var configuration = StreamConfiguration(topics: topics)
        configuration.cutoffMilliseconds = cutoffMs
        if let batchSize { configuration.batchSize = batchSize }
        if let memoryBudgetBytes { configuration.memoryBudget = memoryBudgetBytes }
        if let latenessMs { configuration.latenessWindow = .milliseconds(latenessMs) }
        if let bounded { configuration.bounded = bounded }
        if let fetchMaxWaitMs { configuration.fetch.maxWait = .milliseconds(fetchMaxWaitMs) }
        return configuration
    }

    private static func policy(_ topic: Topic) throws(KafkaError) -> StreamStartPolicy {
        switch topic.policy ?? "earliest" {
        case "earliest": return .earliest
        case "latest": return .latest
        case "timestamp":
            guard let milliseconds = topic.timestampMs else {
                throw KafkaError(.invalidConfiguration, "policy \"timestamp\" needs \"timestamp_ms\"", topic: topic.name)
            }
            return .timestamp(milliseconds: milliseconds)
        case "relative_time":
            guard let milliseconds = topic.relativeMs else {
                throw KafkaError(.invalidConfiguration, "policy \"relative_time\" needs \"relative_ms\"", topic: topic.name)
            }
            return .relativeTime(.milliseconds(milliseconds))
        case "offsets":
            guard let offsets = topic.offsets else {
                throw KafkaError(.invalidConfiguration, "policy \"offsets\" needs \"offsets\"", topic: topic.name)
            }
            var byPartition: [Int32: Int64] = [:]
            for (key, offset) in offsets {
                guard let partition = Int32(key) else {
                    throw KafkaError(.invalidConfiguration, "\"offsets\" keys are partition numbers, not \"\(key)\"", topic: topic.name)
                }
                byPartition[partition] = offset
            }
            return .offsets(byPartition)
        case let other:
            throw KafkaError(.invalidConfiguration, "unknown policy \"\(other)\" (earliest, latest, timestamp, relative_time, offsets)", topic: topic.name)
        }
    }
}
