import GregorProtocol

/// The one error type of the Gregor client.
///
/// Retriable conditions (a leader moved, a broker restarted) are retried inside the client; what
/// reaches the caller is either final or has exhausted its retries. `description` is one clear line
/// that never contains secrets.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// A setting is invalid; `message` names it.
        case invalidConfiguration
        /// A caller passed an invalid argument (an empty topic name, a negative partition, …).
        case invalidArgument
        /// A TCP or TLS connection could not be opened.
        case connectionFailed
        /// An open connection closed or broke; requests in flight on it fail with this.
        case connectionClosed
        /// A request got no response within its timeout.
        case timedOut
        /// TLS handshake or certificate verification failed.
        case tlsFailed
        /// SASL authentication failed or the broker does not offer the mechanism.
        case authenticationFailed
        /// The broker supports none of the versions Gregor speaks for an API (below Kafka 4.0's
        /// floor, or the API is missing).
        case unsupportedVersion
        /// The broker answered with a Kafka error code.
        case broker(KafkaErrorCode)
        /// Bytes from the broker could not be decoded.
        case decoding(KafkaDecodingError)
        /// A request could not be encoded.
        case encoding(KafkaEncodingError)
        /// The broker broke the protocol (a response to no request, a missing partition, …).
        case protocolViolation
        /// A topic or partition does not exist (after metadata refreshes).
        case unknownTopicOrPartition
        /// The producer's buffer is full and the caller asked not to wait.
        case bufferFull
        /// The client (or the component) has been shut down.
        case shutDown
        /// A call came at a time its component does not allow it (a table used before `start()`).
        case invalidState
    }

    /// What went wrong.
    public var kind: Kind
    /// A human-readable explanation; never contains secrets.
    public var message: String
    /// The broker involved, as `host:port` or `node N`, when one is.
    public var broker: String?
    /// The topic involved, when one is.
    public var topic: String?
    /// The partition involved, when one is.
    public var partition: Int32?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, broker: String? = nil, topic: String? = nil, partition: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.broker = broker
        self.topic = topic
        self.partition = partition
    }

    /// Whether retrying the same operation may succeed.
    public var isRetriable: Bool {
        switch kind {
        case .connectionFailed, .connectionClosed, .timedOut: true
        case .broker(let code): code.isRetriable
        default: false
        }
    }

    /// The Kafka error code, when the broker sent one.
    public var errorCode: KafkaErrorCode? {
        if case .broker(let code) = kind { return code }
        return nil
    }

    public var description: String {
        var where_: [String] = []
        if let topic { where_.append(partition.map { "\(topic)-\($0)" } ?? topic) }
        if let broker { where_.append("broker \(broker)") }
        let context = where_.isEmpty ? "" : " (\(where_.joined(separator: ", ")))"
        switch kind {
        case .broker(let code): return "\(code.name): \(message)\(context)"
        default: return "\(message)\(context)"
        }
    }

    /// Wraps a broker error code; `nil` for code 0 (no error).
    public static func broker(_ code: Int16, _ message: String? = nil, broker: String? = nil, topic: String? = nil, partition: Int32? = nil) -> KafkaError? {
        guard code != 0 else { return nil }
        let errorCode = KafkaErrorCode.lookup(code)
        return KafkaError(.broker(errorCode), message ?? errorCode.message, broker: broker, topic: topic, partition: partition)
    }
}
