import Gregor

/// How a table writer sends: connection, producer settings, and the topic check at start.
public struct KafkaTableWriterConfiguration: Sendable {
    /// Connection settings shared with the rest of the client.
    public var client: KafkaClientConfiguration
    /// Producer settings. Defaults: acks all and idempotent (an acknowledged write is on every
    /// in-sync replica and never duplicated by a retry), and no linger: an awaited `set` is sent
    /// at once, while concurrent sets still travel together in the batch that builds up while a
    /// request is in flight.
    public var producer: ProducerConfiguration
    /// Whether `start()` first makes sure the topic exists and is compacted (`ensureTopic`).
    public var ensureTopic: Bool = true
    /// How `ensureTopic` creates the topic and treats a `cleanup.policy` mismatch.
    public var topicSettings: TableTopicSettings = TableTopicSettings()

    /// A configuration over `client` with every other setting at its default.
    public init(client: KafkaClientConfiguration) {
        self.client = client
        var producer = ProducerConfiguration()
        producer.linger = .zero
        self.producer = producer
    }

    /// A configuration from a bootstrap list such as `host1:9092,host2:9092`.
    public init(bootstrap: String) throws(KafkaError) {
        self.init(client: try KafkaClientConfiguration(bootstrap: bootstrap))
    }

    /// A configuration whose connection settings come from environment variables
    /// (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_TLS_*`, `KAFKA_SASL_*`, …; see
    /// `KafkaClientConfiguration.EnvironmentVariable`).
    public init(environment: [String: String]) throws(KafkaError) {
        self.init(client: try KafkaClientConfiguration(environment: environment))
    }

    /// Checks every setting; the error names the offending one.
    public func validate() throws(KafkaError) {
        try client.validate()
        try producer.validate()
        try topicSettings.validate()
    }
}
