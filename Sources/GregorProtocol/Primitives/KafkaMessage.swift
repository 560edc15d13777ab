import NIOCore

/// A Kafka API key (the first field of every request header).
public typealias KafkaAPIKey = Int16

/// A request or response body that can be written at a given version.
public protocol KafkaEncodable: Sendable {
    /// Writes the body (without any header) at `version`.
    func encode(into buffer: inout ByteBuffer, version: Int16) throws(KafkaEncodingError)
}

/// A request or response body that can be read at a given version.
public protocol KafkaDecodable: Sendable {
    /// Reads the body (without any header) at `version`.
    init(from buffer: inout ByteBuffer, version: Int16) throws(KafkaDecodingError)
}

/// A top-level Kafka message generated from a JSON spec.
public protocol KafkaMessage: KafkaEncodable, KafkaDecodable, Hashable {
    /// The API key shared by the request and its response.
    static var apiKey: KafkaAPIKey { get }
    /// The versions this type can encode and decode (from Kafka 4.0's floor to the spec's maximum).
    static var supportedVersions: ClosedRange<Int16> { get }
    /// The first flexible version (compact encodings and tagged fields), or `nil` if none is.
    static var firstFlexibleVersion: Int16? { get }
}

extension KafkaMessage {
    /// Whether `version` uses the flexible (KIP-482) encoding.
    @inlinable
    public static func isFlexible(_ version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }
}

/// A request body; `Response` is the body the broker answers with.
public protocol KafkaRequestMessage: KafkaMessage {
    /// The matching response type.
    associatedtype Response: KafkaResponseMessage
}

/// A response body.
public protocol KafkaResponseMessage: KafkaMessage {}
