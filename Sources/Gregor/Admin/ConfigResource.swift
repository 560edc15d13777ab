/// A resource that has configs: a topic, a broker, or a broker's loggers.
public enum ConfigResource: Sendable, Hashable, CustomStringConvertible {
    /// A topic's configs (resource type 2).
    case topic(String)
    /// A broker's configs (resource type 4), by node id.
    case broker(Int32)
    /// A broker's log4j logger levels (resource type 8), by node id.
    case brokerLogger(Int32)

    /// Kafka's resource type code.
    public var resourceType: Int8 {
        switch self {
        case .topic: 2
        case .broker: 4
        case .brokerLogger: 8
        }
    }

    /// The resource name as sent on the wire (a topic name, or a broker id in decimal).
    public var resourceName: String {
        switch self {
        case .topic(let name): name
        case .broker(let id), .brokerLogger(let id): String(id)
        }
    }

    /// The broker a request about this resource must go to, or `nil` when any broker will do
    /// (topic configs: in KRaft mode every broker forwards config changes to the controller).
    public var brokerId: Int32? {
        switch self {
        case .topic: nil
        case .broker(let id), .brokerLogger(let id): id
        }
    }

    /// The resource for a wire type and name; `nil` for types Gregor does not model or a
    /// non-numeric broker name.
    public init?(resourceType: Int8, resourceName: String) {
        switch resourceType {
        case 2: self = .topic(resourceName)
        case 4:
            guard let id = Int32(resourceName) else { return nil }
            self = .broker(id)
        case 8:
            guard let id = Int32(resourceName) else { return nil }
            self = .brokerLogger(id)
        default: return nil
        }
    }

    /// `topic NAME`, `broker N` or `broker-logger N`.
    public var description: String {
        switch self {
        case .topic(let name): "topic \(name)"
        case .broker(let id): "broker \(id)"
        case .brokerLogger(let id): "broker-logger \(id)"
        }
    }

    /// A per-resource broker error named after this resource, or `nil` for code 0.
    func error(code: Int16, message: String?) -> KafkaError? {
        switch self {
        case .topic(let name):
            AdminWire.resourceError(code: code, message: message, topic: name)
        case .broker(let id), .brokerLogger(let id):
            AdminWire.resourceError(code: code, message: message, broker: AdminWire.nodeName(id))
        }
    }
}
