/// A topic to create.
public struct NewTopic: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// The partition count; `nil` for the broker's default (`num.partitions`).
    public var partitions: Int32?
    /// The replication factor; `nil` for the broker's default (`default.replication.factor`).
    public var replicationFactor: Int16?
    /// Topic configs to set at creation, for example `["cleanup.policy": "compact"]`.
    public var configs: [String: String]

    /// Describes a topic to create; `nil` counts use the broker's defaults.
    public init(name: String, partitions: Int32? = nil, replicationFactor: Int16? = nil, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}
