@testable import Gregor
import NIOCore
import Testing

/// Pure request builders and response mappers of DescribeConfigs, AlterConfigs (legacy) and
/// IncrementalAlterConfigs, with generated message values built by hand. Legacy AlterConfigs has no
/// broker here (Tansu lacks it, the mock cluster closes the connection), so only this covers it.
@Suite struct AdminConfigMappingTests {
    @Test func resourceTypesAndNamesFollowTheProtocol() {
        #expect(ConfigResource.topic("t").resourceType == 2)
        #expect(ConfigResource.broker(3).resourceType == 4)
        #expect(ConfigResource.brokerLogger(3).resourceType == 8)
        #expect(ConfigResource.broker(12).resourceName == "12")
        #expect(ConfigResource(resourceType: 4, resourceName: "12") == .broker(12))
        #expect(ConfigResource(resourceType: 2, resourceName: "t") == .topic("t"))
        #expect(ConfigResource(resourceType: 4, resourceName: "x") == nil)
        #expect(ConfigResource(resourceType: 16, resourceName: "x") == nil)
        #expect(ConfigResource.topic("t").brokerId == nil)
        #expect(ConfigResource.brokerLogger(5).brokerId == 5)
    }

    @Test func describeConfigsRequestCarriesKeysAndDocumentationOnlyFromV3() throws {
        let request = DescribeConfigsMapping.request([.topic("t"), .broker(1)], keys: ["retention.ms"], includeDocumentation: true, version: 4)
        #expect(request.resources.map(\.resourceType) == [2, 4])
        #expect(request.resources.map(\.resourceName) == ["t", "1"])
        #expect(request.resources.allSatisfy { $0.configurationKeys == ["retention.ms"] })
        #expect(request.includeDocumentation)
        #expect(!request.includeSynonyms)

        let old = DescribeConfigsMapping.request([.topic("t")], keys: nil, includeDocumentation: true, version: 2)
        #expect(!old.includeDocumentation)
        #expect(old.resources[0].configurationKeys == nil)
        var buffer = ByteBuffer()
        try old.encode(into: &buffer, version: 2)  // would throw fieldNotSupported if documentation were set
        #expect(try DescribeConfigsRequest(from: &buffer, version: 2) == old)
    }

    @Test func describeConfigsResultsMapEntriesAndErrors() throws {
        let response = DescribeConfigsResponse(results: [
            .init(errorCode: 0, resourceType: 2, resourceName: "t", configs: [
                .init(name: "retention.ms", value: "1000", readOnly: false, configSource: 1, isSensitive: false, configType: 5, documentation: "How long"),
                .init(name: "segment.bytes", value: "1073741824", readOnly: false, configSource: 5, isSensitive: false, configType: 3),
            ]),
            .init(errorCode: 0, resourceType: 4, resourceName: "1", configs: [
                .init(name: "ssl.keystore.password", value: nil, readOnly: true, configSource: 4, isSensitive: true, configType: 9),
            ]),
            .init(errorCode: 3, errorMessage: "Topic gone does not exist", resourceType: 2, resourceName: "gone", configs: []),
            .init(errorCode: 31, errorMessage: nil, resourceType: 4, resourceName: "2", configs: []),
        ])
        let results = DescribeConfigsMapping.results(response, requested: [.topic("t"), .broker(1), .topic("gone"), .broker(2), .topic("missing")])

        let topic = try results.value(for: .topic("t"))
        #expect(topic["retention.ms"]?.value == "1000")
        #expect(topic["retention.ms"]?.source == .dynamicTopic)
        #expect(topic["retention.ms"]?.isDefault == false)
        #expect(topic["retention.ms"]?.type == .long)
        #expect(topic["retention.ms"]?.documentation == "How long")
        #expect(topic["segment.bytes"]?.isDefault == true)
        #expect(topic["segment.bytes"]?.type == .int)

        let broker = try results.value(for: .broker(1))
        #expect(broker["ssl.keystore.password"]?.isSensitive == true)
        #expect(broker["ssl.keystore.password"]?.isReadOnly == true)
        #expect(broker["ssl.keystore.password"]?.source == .staticBroker)
        #expect(broker["ssl.keystore.password"]?.type == .password)

        #expect(results.failures[.topic("gone")]?.kind == .broker(.unknownTopicOrPartition))
        #expect(results.failures[.topic("gone")]?.topic == "gone")
        #expect(results.failures[.broker(2)]?.kind == .broker(.clusterAuthorizationFailed))
        #expect(results.failures[.broker(2)]?.broker == "node 2")
        #expect(results.failures[.topic("missing")]?.kind == .protocolViolation)
    }

    @Test func configSourcesFollowTheProtocolCodes() {
        let expected: [Int8: ConfigSource] = [
            0: .unknown, 1: .dynamicTopic, 2: .dynamicBroker, 3: .dynamicDefaultBroker, 4: .staticBroker,
            5: .defaultConfig, 6: .dynamicBrokerLogger, 7: .clientMetrics, 8: .group, 42: .unknown, -1: .unknown,
        ]
        for (code, source) in expected {
            #expect(ConfigSource(wireValue: code) == source, "code \(code)")
        }
    }

    @Test func sensitiveValuesNeverAppearInDescriptionsOrDumps() {
        let secret = "hunter2-very-secret"
        let entry = ConfigEntry(name: "sasl.jaas.config", value: secret, isSensitive: true)
        #expect(!entry.description.contains(secret))
        #expect(!entry.debugDescription.contains(secret))
        #expect(!String(describing: [entry]).contains(secret))
        #expect(!String(reflecting: entry).contains(secret))
        var dumped = ""
        dump(entry, to: &dumped)
        #expect(!dumped.contains(secret))
        #expect(entry.description == "sasl.jaas.config=[redacted]")
        // Non-sensitive values are shown.
        #expect(ConfigEntry(name: "retention.ms", value: "5").description == "retention.ms=5")
        #expect(!ConfigAlteration.set(name: "sasl.jaas.config", value: secret).description.contains(secret))
    }

    @Test func incrementalAlterRequestCarriesOperationCodes() throws {
        let request = AlterConfigsMapping.incrementalRequest(
            [
                .topic("t"): [
                    .set(name: "retention.ms", value: "1000"),
                    .delete(name: "segment.ms"),
                    .append(name: "cleanup.policy", value: "compact"),
                    .subtract(name: "cleanup.policy", value: "delete"),
                ],
                .broker(1): [.set(name: "log.cleaner.threads", value: "2")],
            ],
            validateOnly: true
        )
        #expect(request.validateOnly)
        #expect(request.resources.map(\.resourceType) == [2, 4])
        let topic = request.resources[0]
        #expect(topic.resourceName == "t")
        #expect(topic.configs.map(\.configOperation) == [0, 1, 2, 3])
        #expect(topic.configs.map(\.name) == ["retention.ms", "segment.ms", "cleanup.policy", "cleanup.policy"])
        #expect(topic.configs.map(\.value) == ["1000", nil, "compact", "delete"])
        for version in IncrementalAlterConfigsRequest.supportedVersions {
            var buffer = ByteBuffer()
            try request.encode(into: &buffer, version: version)
            #expect(try IncrementalAlterConfigsRequest(from: &buffer, version: version) == request)
        }
    }

    @Test func legacyAlterRequestEncodesAsTheSpecSaysAtV0() throws {
        let request = AlterConfigsMapping.legacyRequest([.topic("t"): ["b": "2", "a": "1"]], validateOnly: false)
        #expect(request.resources[0].configs.map(\.name) == ["a", "b"])
        var buffer = ByteBuffer()
        try request.encode(into: &buffer, version: 0)
        // v0 (not flexible): int32 array lengths, int16 string lengths, nullable strings.
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x01,  // 1 resource
            0x02,  // resource type TOPIC
            0x00, 0x01, 0x74,  // "t"
            0x00, 0x00, 0x00, 0x02,  // 2 configs
            0x00, 0x01, 0x61, 0x00, 0x01, 0x31,  // a=1
            0x00, 0x01, 0x62, 0x00, 0x01, 0x32,  // b=2
            0x00,  // validateOnly false
        ]
        #expect(buffer.readBytes(length: buffer.readableBytes) == expected)
    }

    @Test func alterResultsMapPerResourceErrors() {
        let legacy = AlterConfigsResponse(responses: [
            .init(errorCode: 0, resourceType: 2, resourceName: "t"),
            .init(errorCode: 40, errorMessage: "Invalid value x for retention.ms", resourceType: 2, resourceName: "u"),
        ])
        let legacyResults = AlterConfigsMapping.results(legacy, requested: [.topic("t"), .topic("u")])
        #expect(legacyResults.failures.count == 1)
        #expect(legacyResults.failures[.topic("u")]?.kind == .broker(.invalidConfig))
        #expect(legacyResults.failures[.topic("u")]?.message == "Invalid value x for retention.ms")

        let incremental = IncrementalAlterConfigsResponse(responses: [
            .init(errorCode: 44, resourceType: 4, resourceName: "3"),
        ])
        let incrementalResults = AlterConfigsMapping.results(incremental, requested: [.broker(3), .topic("t")])
        #expect(incrementalResults.failures[.broker(3)]?.kind == .broker(.policyViolation))
        #expect(incrementalResults.failures[.broker(3)]?.broker == "node 3")
        #expect(incrementalResults.failures[.topic("t")]?.kind == .protocolViolation)
    }

    @Test func configRequestsAreGroupedByTheBrokerThatMustAnswer() {
        let groups = KafkaAdmin.byDestination([.broker(2), .topic("a"), .brokerLogger(2), .topic("b"), .broker(1), .topic("a")])
        #expect(groups.map(\.brokerId) == [nil, 1, 2])
        #expect(groups[0].resources == [.topic("a"), .topic("b")])
        #expect(groups[1].resources == [.broker(1)])
        #expect(groups[2].resources == [.broker(2), .brokerLogger(2)])
    }
}
