import GregorProtocol

/// DescribeConfigs: the request for a set of resources and the per-resource entries of the response.
enum DescribeConfigsMapping {
    /// The request; `keys == nil` asks for every config (`ConfigurationKeys` null).
    /// Documentation is asked for only at v3+, where the field exists.
    static func request(_ resources: [ConfigResource], keys: [String]?, includeDocumentation: Bool, version: Int16) -> DescribeConfigsRequest {
        DescribeConfigsRequest(
            resources: resources.map {
                DescribeConfigsRequest.DescribeConfigsResource(
                    resourceType: $0.resourceType,
                    resourceName: $0.resourceName,
                    configurationKeys: keys
                )
            },
            includeSynonyms: false,
            includeDocumentation: includeDocumentation && version >= 3
        )
    }

    /// Per-resource config entries, keyed by entry name.
    static func results(_ response: DescribeConfigsResponse, requested: [ConfigResource]) -> KafkaAdminResults<ConfigResource, [String: ConfigEntry]> {
        var byResource: [ConfigResource: DescribeConfigsResponse.DescribeConfigsResult] = [:]
        for result in response.results {
            guard let resource = ConfigResource(resourceType: result.resourceType, resourceName: result.resourceName) else { continue }
            byResource[resource] = result
        }
        var results: [ConfigResource: Result<[String: ConfigEntry], KafkaError>] = [:]
        for resource in requested {
            guard let result = byResource[resource] else {
                results[resource] = .failure(missingResource(resource))
                continue
            }
            if let error = resource.error(code: result.errorCode, message: result.errorMessage) {
                results[resource] = .failure(error)
                continue
            }
            var entries: [String: ConfigEntry] = [:]
            for config in result.configs {
                entries[config.name] = ConfigEntry(
                    name: config.name,
                    value: config.value,
                    isReadOnly: config.readOnly,
                    source: ConfigSource(wireValue: config.configSource),
                    isSensitive: config.isSensitive,
                    type: ConfigType(rawValue: config.configType) ?? .unknown,
                    documentation: config.documentation
                )
            }
            results[resource] = .success(entries)
        }
        return KafkaAdminResults(results: results, order: requested)
    }

    /// The error for a resource the response does not mention.
    static func missingResource(_ resource: ConfigResource) -> KafkaError {
        switch resource {
        case .topic(let name): AdminWire.missing(resource.description, topic: name)
        case .broker(let id), .brokerLogger(let id): AdminWire.missing(resource.description, broker: AdminWire.nodeName(id))
        }
    }
}
