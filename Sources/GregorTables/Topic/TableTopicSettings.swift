import Gregor

/// How `ensureTopic` creates a table's topic when it is missing, and what it does when the topic
/// exists with another `cleanup.policy`.
public struct TableTopicSettings: Sendable, Hashable {
    /// Partitions of a created topic.
    public var partitions: Int32 = 1
    /// Replicas of a created topic; `nil` takes the broker's `default.replication.factor`.
    public var replicationFactor: Int16? = nil
    /// Topic configs of a created topic; `cleanup.policy=compact` unless you set another policy.
    public var configs: [String: String] = ["cleanup.policy": "compact"]
    /// What to do when an existing topic is not compacted.
    public var onPolicyMismatch: PolicyMismatchAction = .warn

    /// The defaults: 1 partition, the broker's replication factor, compacted, warn on mismatch.
    public init() {}

    /// Checks every setting; the error names the offending one.
    public func validate() throws(KafkaError) {
        guard partitions >= 1 else { throw KafkaError(.invalidConfiguration, "topicSettings.partitions must be at least 1") }
        if let replicationFactor, replicationFactor < 1 {
            throw KafkaError(.invalidConfiguration, "topicSettings.replicationFactor must be at least 1 (or nil for the broker's default)")
        }
        if let policy = configs["cleanup.policy"] {
            let parsed: CleanupPolicy
            do {
                parsed = try CleanupPolicy(parsing: policy)
            } catch {
                throw KafkaError(.invalidConfiguration, "topicSettings.configs has an invalid cleanup.policy: \(error)")
            }
            guard parsed.compacts else {
                throw KafkaError(
                    .invalidConfiguration,
                    "topicSettings.configs sets cleanup.policy=\(policy), which does not compact: a table's topic must be compacted")
            }
        }
    }

    /// The configs a created topic gets: `configs`, with `cleanup.policy=compact` when unset.
    var creationConfigs: [String: String] {
        var configs = configs
        if configs["cleanup.policy"] == nil { configs["cleanup.policy"] = "compact" }
        return configs
    }
}
