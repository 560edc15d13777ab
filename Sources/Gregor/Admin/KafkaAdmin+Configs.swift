import GregorProtocol

extension KafkaAdmin {
    /// Describes configs. `keys == nil` asks for every config; each resource's entries are keyed by
    /// name. (Tansu 0.6 closes the connection when explicit keys are sent; ask with `nil` there.) Broker resources are asked at that broker, topic
    /// resources at any broker.
    public func describeConfigs(_ resources: [ConfigResource], keys: [String]? = nil, includeDocumentation: Bool = false) async throws -> KafkaAdminResults<ConfigResource, [String: ConfigEntry]> {
        var results: [ConfigResource: Result<[String: ConfigEntry], KafkaError>] = [:]
        for (brokerId, group) in Self.byDestination(resources) {
            let connection = try await configConnection(brokerId)
            let version = try connection.negotiatedVersions.requireVersion(for: .describeConfigs, broker: connection.brokerDescription)
            let request = DescribeConfigsMapping.request(group, keys: keys, includeDocumentation: includeDocumentation, version: version)
            let response = try await send(request, on: connection, version: version)
            DescribeConfigsMapping.results(response, requested: group).results.forEach { results[$0.key] = $0.value }
        }
        return KafkaAdminResults(results: results, order: resources)
    }

    /// Describes one topic's configs (`keys == nil`: all of them); throws the topic's error.
    public func describeConfigs(topic: String, keys: [String]? = nil) async throws -> [String: ConfigEntry] {
        try await describeConfigs([.topic(topic)], keys: keys).value(for: .topic(topic))
    }

    /// Replaces resources' whole dynamic config sets (legacy AlterConfigs): configs not listed
    /// revert to their defaults. Prefer `incrementalAlterConfigs`. Tansu lacks this API.
    public func alterConfigs(_ configs: [ConfigResource: [String: String]], validateOnly: Bool = false) async throws -> KafkaAdminResults<ConfigResource, Void> {
        var results: [ConfigResource: Result<Void, KafkaError>] = [:]
        for (brokerId, group) in Self.byDestination(Array(configs.keys)) {
            let connection = try await configConnection(brokerId)
            let subset = configs.filter { group.contains($0.key) }
            let request = AlterConfigsMapping.legacyRequest(subset, validateOnly: validateOnly)
            let response = try await send(request, on: connection)
            AlterConfigsMapping.results(response, requested: group).results.forEach { results[$0.key] = $0.value }
        }
        return KafkaAdminResults(results: results, order: AlterConfigsMapping.sortedResources(configs.keys))
    }

    /// Changes configs one by one (IncrementalAlterConfigs): SET, DELETE (back to default), APPEND
    /// and SUBTRACT (list configs). One outcome per resource.
    public func incrementalAlterConfigs(_ changes: [ConfigResource: [ConfigAlteration]], validateOnly: Bool = false) async throws -> KafkaAdminResults<ConfigResource, Void> {
        var results: [ConfigResource: Result<Void, KafkaError>] = [:]
        for (brokerId, group) in Self.byDestination(Array(changes.keys)) {
            let connection = try await configConnection(brokerId)
            let subset = changes.filter { group.contains($0.key) }
            let request = AlterConfigsMapping.incrementalRequest(subset, validateOnly: validateOnly)
            let response = try await send(request, on: connection)
            AlterConfigsMapping.results(response, requested: group).results.forEach { results[$0.key] = $0.value }
        }
        return KafkaAdminResults(results: results, order: AlterConfigsMapping.sortedResources(changes.keys))
    }

    /// Applies changes to one topic's configs; throws the topic's error.
    public func incrementalAlterConfigs(topic: String, _ changes: [ConfigAlteration], validateOnly: Bool = false) async throws {
        try await incrementalAlterConfigs([.topic(topic): changes], validateOnly: validateOnly).value(for: .topic(topic))
    }

    /// Resources grouped by the broker that must answer for them (`nil`: any broker), in a stable
    /// order: any-broker group first, then by node id.
    static func byDestination(_ resources: [ConfigResource]) -> [(brokerId: Int32?, resources: [ConfigResource])] {
        var groups: [Int32?: [ConfigResource]] = [:]
        var seen = Set<ConfigResource>()
        for resource in resources where seen.insert(resource).inserted {
            groups[resource.brokerId, default: []].append(resource)
        }
        return groups.keys
            .sorted { ($0 ?? Int32.min) < ($1 ?? Int32.min) }
            .map { ($0, groups[$0] ?? []) }
    }

    /// The control connection for a config request: to `brokerId` when set, else any broker.
    private func configConnection(_ brokerId: Int32?) async throws -> KafkaConnection {
        if let brokerId {
            return try await cluster.connection(toNode: brokerId, purpose: .control)
        }
        return try await cluster.anyConnection(purpose: .control)
    }
}
