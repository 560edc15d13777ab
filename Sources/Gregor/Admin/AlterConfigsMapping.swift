import GregorProtocol

/// AlterConfigs (legacy, replaces a resource's whole dynamic config set) and
/// IncrementalAlterConfigs (SET / DELETE / APPEND / SUBTRACT per config): requests and per-resource
/// results.
enum AlterConfigsMapping {
    /// The legacy request: every listed resource gets exactly `configs` (configs left out revert to
    /// their defaults). Resources and names are sent sorted.
    static func legacyRequest(_ configs: [ConfigResource: [String: String]], validateOnly: Bool) -> AlterConfigsRequest {
        AlterConfigsRequest(
            resources: sortedResources(configs.keys).map { resource in
                AlterConfigsRequest.AlterConfigsResource(
                    resourceType: resource.resourceType,
                    resourceName: resource.resourceName,
                    configs: (configs[resource] ?? [:]).sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }
                )
            },
            validateOnly: validateOnly
        )
    }

    /// The incremental request; the changes of each resource keep the caller's order.
    static func incrementalRequest(_ changes: [ConfigResource: [ConfigAlteration]], validateOnly: Bool) -> IncrementalAlterConfigsRequest {
        IncrementalAlterConfigsRequest(
            resources: sortedResources(changes.keys).map { resource in
                IncrementalAlterConfigsRequest.AlterConfigsResource(
                    resourceType: resource.resourceType,
                    resourceName: resource.resourceName,
                    configs: (changes[resource] ?? []).map {
                        .init(name: $0.name, configOperation: $0.operationCode, value: $0.value)
                    }
                )
            },
            validateOnly: validateOnly
        )
    }

    /// Per-resource results of the legacy response.
    static func results(_ response: AlterConfigsResponse, requested: [ConfigResource]) -> KafkaAdminResults<ConfigResource, Void> {
        results(response.responses.map { ($0.resourceType, $0.resourceName, $0.errorCode, $0.errorMessage) }, requested: requested)
    }

    /// Per-resource results of the incremental response.
    static func results(_ response: IncrementalAlterConfigsResponse, requested: [ConfigResource]) -> KafkaAdminResults<ConfigResource, Void> {
        results(response.responses.map { ($0.resourceType, $0.resourceName, $0.errorCode, $0.errorMessage) }, requested: requested)
    }

    /// Both responses share this shape: (type, name, error code, error message) per resource.
    private static func results(
        _ answers: [(type: Int8, name: String, code: Int16, message: String?)],
        requested: [ConfigResource]
    ) -> KafkaAdminResults<ConfigResource, Void> {
        var byResource: [ConfigResource: (code: Int16, message: String?)] = [:]
        for answer in answers {
            guard let resource = ConfigResource(resourceType: answer.type, resourceName: answer.name) else { continue }
            byResource[resource] = (answer.code, answer.message)
        }
        var results: [ConfigResource: Result<Void, KafkaError>] = [:]
        for resource in requested {
            guard let answer = byResource[resource] else {
                results[resource] = .failure(DescribeConfigsMapping.missingResource(resource))
                continue
            }
            if let error = resource.error(code: answer.code, message: answer.message) {
                results[resource] = .failure(error)
            } else {
                results[resource] = .success(())
            }
        }
        return KafkaAdminResults(results: results, order: requested)
    }

    /// A stable order for resources: topics by name, then brokers, then broker loggers by id.
    static func sortedResources(_ resources: some Sequence<ConfigResource>) -> [ConfigResource] {
        resources.sorted { lhs, rhs in
            if lhs.resourceType != rhs.resourceType { return lhs.resourceType < rhs.resourceType }
            switch (lhs, rhs) {
            case (.topic(let a), .topic(let b)): return a < b
            default: return (lhs.brokerId ?? 0) < (rhs.brokerId ?? 0)
            }
        }
    }
}
