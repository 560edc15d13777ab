/// A broker as DescribeCluster (or Metadata) lists it.
public struct BrokerDescription: Sendable, Hashable, CustomStringConvertible {
    /// The node id.
    public var nodeId: Int32
    /// The advertised host.
    public var host: String
    /// The advertised port.
    public var port: Int32
    /// The rack, when configured.
    public var rack: String?

    /// Creates a value.
    public init(nodeId: Int32, host: String, port: Int32, rack: String? = nil) {
        self.nodeId = nodeId
        self.host = host
        self.port = port
        self.rack = rack
    }

    /// `node N at host:port`.
    public var description: String {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return "node \(nodeId) at \(address)" + (rack.map { " (rack \($0))" } ?? "")
    }
}

/// The cluster as a whole: its id, its controller and its brokers.
public struct ClusterDescription: Sendable, Hashable {
    /// The cluster id; `nil` when the broker sent none.
    public var clusterId: String?
    /// The node id the broker names as controller; `nil` when unknown (-1). In KRaft mode brokers
    /// name some live broker here, and any broker forwards admin requests to the real controller.
    public var controllerId: Int32?
    /// The live brokers, by node id.
    public var brokers: [BrokerDescription]

    /// Creates a value.
    public init(clusterId: String?, controllerId: Int32?, brokers: [BrokerDescription]) {
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.brokers = brokers
    }
}
