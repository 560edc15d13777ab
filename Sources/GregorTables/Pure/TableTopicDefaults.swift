/// The defaults `ensureTopic` uses when a table or writer creates its topic (ktables'
/// `DEFAULT_TOPIC_CONFIGS` and `ensure_topic` defaults).
public enum TableTopicDefaults {
    /// Topic configs for a new table topic: `cleanup.policy=compact`, nothing else.
    public static let configs: [String: String] = [CleanupPolicy.configName: "compact"]
    /// Partitions of a new table topic (ktables: 1; fit for development, not production).
    public static let partitionCount: Int32 = 1
    /// Replication factor of a new table topic (ktables: 1; production wants 3 with
    /// `min.insync.replicas=2` and an acks=all writer).
    public static let replicationFactor: Int16 = 1
    /// What to do about an existing non-compacting topic (ktables: `warn`).
    public static let policyMismatchAction = PolicyMismatchAction.warn
}
