import Foundation
import Gregor

/// A running broker (or cluster) the integration tests talk to.
struct TestBroker: Sendable, CustomStringConvertible {
    /// Which implementation answers; tests of behaviour a broker gets wrong check this
    /// (see /work/shared/brokers.md).
    enum Kind: Sendable, Hashable {
        /// The Tansu broker this test process started (one node, memory storage).
        case tansu
        /// The cluster named by `GREGOR_TEST_BOOTSTRAP` (real Kafka, Redpanda, …).
        case external
        /// A librdkafka mock cluster (see `MockCluster`).
        case mockCluster
    }

    /// Which implementation answers.
    let kind: Kind
    /// The bootstrap list, `host:port[,host:port…]`.
    let bootstrap: String

    /// The bootstrap list parsed into addresses.
    func addresses() throws -> [KafkaBrokerAddress] {
        try KafkaBrokerAddress.parseList(bootstrap)
    }

    /// A client configuration for this broker with short timeouts suited to tests.
    func configuration(clientId: String = "gregor-tests") throws -> KafkaClientConfiguration {
        var configuration = KafkaClientConfiguration(bootstrapServers: try addresses())
        configuration.clientId = clientId
        configuration.connectTimeout = .seconds(5)
        configuration.requestTimeout = .seconds(15)
        return configuration
    }

    var description: String { "\(kind) at \(bootstrap)" }
}
