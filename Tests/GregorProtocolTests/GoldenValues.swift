import NIOCore
@testable import GregorProtocol

/// The values of scripts/gen-golden-fixtures.py, built by hand in Swift. Where the script sets a
/// field that a version lacks, kafka-python drops it silently; Gregor refuses a non-ignorable one
/// (the Java client's rule), so the builders here leave such fields at their defaults.
enum GoldenValues {
    static let topicId = KafkaUUID(high: 0x6ba7_b810_9dad_11d1, low: 0x80b4_00c0_4fd4_30c8)
    static let otherTopicId = KafkaUUID(high: 0x0011_2233_4455_6677, low: 0x8899_aabb_ccdd_eeff)
    static let records = ByteBuffer(bytes: Array(UInt8(0x10)..<UInt8(0x30)))

    /// `value` from version `first` on, else `otherwise`.
    static func since<T>(_ version: Int16, _ first: Int16, _ value: T, else otherwise: T) -> T {
        version >= first ? value : otherwise
    }

    static func value(for prefix: String, version v: Int16) -> (any KafkaEncodable)? {
        switch prefix {
        case "api-versions-request": return apiVersionsRequest(v)
        case "api-versions-response": return apiVersionsResponse(v)
        case "metadata-request": return metadataRequest(v)
        case "metadata-response": return metadataResponse(v)
        case "produce-request": return produceRequest(v)
        case "produce-response": return produceResponse(v)
        case "fetch-request": return fetchRequest(v)
        case "fetch-response": return fetchResponse(v)
        case "list-offsets-request": return listOffsetsRequest(v)
        case "list-offsets-response": return listOffsetsResponse(v)
        case "init-producer-id-request":
            return InitProducerIdRequest(transactionalId: "txn-1", transactionTimeoutMs: 60000,
                                         producerId: since(v, 3, 9000, else: -1), producerEpoch: since(v, 3, 2, else: -1))
        case "init-producer-id-response":
            return InitProducerIdResponse(throttleTimeMs: 0, errorCode: 0, producerId: 9001, producerEpoch: 3)
        case "sasl-handshake-request": return SaslHandshakeRequest(mechanism: "SCRAM-SHA-512")
        case "sasl-handshake-response":
            return SaslHandshakeResponse(errorCode: 0, mechanisms: ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
        case "sasl-authenticate-request":
            return SaslAuthenticateRequest(authBytes: ByteBuffer(bytes: Array("\0user\0secret".utf8)))
        case "sasl-authenticate-response":
            return SaslAuthenticateResponse(errorCode: 0, errorMessage: nil, authBytes: ByteBuffer(string: "server-final"),
                                            sessionLifetimeMs: since(v, 1, 3_600_000, else: 0))
        case "create-topics-request": return createTopicsRequest(v)
        case "create-topics-response": return createTopicsResponse(v)
        case "delete-topics-request": return deleteTopicsRequest(v)
        case "delete-topics-response": return deleteTopicsResponse(v)
        case "create-partitions-request":
            return CreatePartitionsRequest(
                topics: [.init(name: "orders", count: 6, assignments: nil),
                         .init(name: "manual", count: 2, assignments: [.init(brokerIds: [1, 2])])],
                timeoutMs: 10000, validateOnly: false)
        case "create-partitions-response":
            return CreatePartitionsResponse(throttleTimeMs: 2, results: [
                .init(name: "orders", errorCode: 0, errorMessage: nil),
                .init(name: "manual", errorCode: 37, errorMessage: "Number of partitions is invalid."),
            ])
        case "describe-configs-request": return describeConfigsRequest(v)
        case "describe-configs-response": return describeConfigsResponse(v)
        case "alter-configs-request":
            return AlterConfigsRequest(resources: [
                .init(resourceType: 2, resourceName: "orders",
                      configs: [.init(name: "retention.ms", value: "86400000"), .init(name: "cleanup.policy", value: nil)]),
            ], validateOnly: true)
        case "alter-configs-response":
            return AlterConfigsResponse(throttleTimeMs: 0, responses: [
                .init(errorCode: 0, errorMessage: nil, resourceType: 2, resourceName: "orders"),
                .init(errorCode: 40, errorMessage: "Invalid config.", resourceType: 4, resourceName: "1"),
            ])
        case "incremental-alter-configs-request":
            return IncrementalAlterConfigsRequest(resources: [
                .init(resourceType: 2, resourceName: "orders", configs: [
                    .init(name: "retention.ms", configOperation: 0, value: "86400000"),
                    .init(name: "cleanup.policy", configOperation: 1, value: nil),
                ]),
            ], validateOnly: false)
        case "incremental-alter-configs-response":
            return IncrementalAlterConfigsResponse(throttleTimeMs: 9, responses: [
                .init(errorCode: 0, errorMessage: nil, resourceType: 2, resourceName: "orders"),
            ])
        case "delete-records-request":
            return DeleteRecordsRequest(topics: [
                .init(name: "orders", partitions: [.init(partitionIndex: 0, offset: 500), .init(partitionIndex: 1, offset: -1)]),
            ], timeoutMs: 20000)
        case "delete-records-response":
            return DeleteRecordsResponse(throttleTimeMs: 0, topics: [
                .init(name: "orders", partitions: [.init(partitionIndex: 0, lowWatermark: 500, errorCode: 0),
                                                   .init(partitionIndex: 1, lowWatermark: -1, errorCode: 1)]),
            ])
        case "describe-cluster-request":
            return DescribeClusterRequest(includeClusterAuthorizedOperations: true, endpointType: since(v, 1, 2, else: 1))
        case "describe-cluster-response":
            return DescribeClusterResponse(
                throttleTimeMs: 0, errorCode: 0, errorMessage: nil, endpointType: since(v, 1, 2, else: 1),
                clusterId: "cluster-xyz", controllerId: 1,
                brokers: [.init(brokerId: 1, host: "controller-1.example", port: 9093, rack: nil),
                          .init(brokerId: 2, host: "controller-2.example", port: 9093, rack: "rack-b")],
                clusterAuthorizedOperations: 0x0E)
        default:
            return nil
        }
    }

    static func apiVersionsRequest(_ v: Int16) -> ApiVersionsRequest {
        ApiVersionsRequest(clientSoftwareName: since(v, 3, "gregor", else: ""), clientSoftwareVersion: since(v, 3, "0.1.0", else: ""))
    }

    static func apiVersionsResponse(_ v: Int16) -> ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: 0,
            apiKeys: [.init(apiKey: 0, minVersion: 3, maxVersion: 11), .init(apiKey: 1, minVersion: 4, maxVersion: 17),
                      .init(apiKey: 18, minVersion: 0, maxVersion: 4)],
            throttleTimeMs: 25,
            supportedFeatures: since(v, 3, [.init(name: "metadata.version", minVersion: 1, maxVersion: 21)], else: []),
            finalizedFeaturesEpoch: since(v, 3, 42, else: -1),
            finalizedFeatures: since(v, 3, [.init(name: "metadata.version", maxVersionLevel: 21, minVersionLevel: 21)], else: []),
            zkMigrationReady: since(v, 3, true, else: false))
    }

    static func metadataRequest(_ v: Int16) -> MetadataRequest {
        MetadataRequest(
            topics: [.init(topicId: .zero, name: "orders"), .init(topicId: .zero, name: "payments")],
            allowAutoTopicCreation: since(v, 4, false, else: true),
            includeClusterAuthorizedOperations: v >= 8 && v <= 10,
            includeTopicAuthorizedOperations: since(v, 8, true, else: false))
    }

    static func metadataResponse(_ v: Int16) -> MetadataResponse {
        typealias Partition = MetadataResponse.MetadataResponsePartition
        return MetadataResponse(
            throttleTimeMs: 7,
            brokers: [.init(nodeId: 1, host: "broker-1.example", port: 9092, rack: "rack-a"),
                      .init(nodeId: 2, host: "broker-2.example", port: 9093, rack: nil)],
            clusterId: since(v, 2, "cluster-xyz", else: nil),
            controllerId: 2,
            topics: [.init(errorCode: 0, name: "orders", topicId: since(v, 10, topicId, else: .zero), isInternal: false,
                           partitions: [
                               Partition(errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 5,
                                         replicaNodes: [1, 2], isrNodes: [1, 2], offlineReplicas: []),
                               Partition(errorCode: 9, partitionIndex: 1, leaderId: 2, leaderEpoch: 6,
                                         replicaNodes: [2, 1], isrNodes: [2], offlineReplicas: since(v, 5, [1], else: [])),
                           ],
                           topicAuthorizedOperations: since(v, 8, 0x0FF8, else: Int32.min))],
            clusterAuthorizedOperations: v >= 8 && v <= 10 ? 0x0AA8 : Int32.min)
    }

    static func produceRequest(_ v: Int16) -> ProduceRequest {
        ProduceRequest(
            transactionalId: since(v, 4, "txn-1", else: nil), acks: -1, timeoutMs: 30000,
            topicData: [.init(name: "orders", partitionData: [.init(index: 0, records: records), .init(index: 3, records: nil)])])
    }

    static func produceResponse(_ v: Int16) -> ProduceResponse {
        typealias Partition = ProduceResponse.PartitionProduceResponse
        return ProduceResponse(
            responses: [.init(name: "orders", partitionResponses: [
                Partition(index: 0, errorCode: 0, baseOffset: 1000, logAppendTimeMs: -1, logStartOffset: 10,
                          recordErrors: [.init(batchIndex: 2, batchIndexErrorMessage: "bad record")], errorMessage: nil,
                          currentLeader: since(v, 10, .init(leaderId: 3, leaderEpoch: 8), else: .init())),
                Partition(index: 1, errorCode: 6, baseOffset: -1, logAppendTimeMs: 1_700_000_000_000, logStartOffset: -1,
                          recordErrors: [], errorMessage: "not leader"),
            ])],
            throttleTimeMs: 3,
            nodeEndpoints: since(v, 10, [.init(nodeId: 3, host: "broker-3.example", port: 9094, rack: nil)], else: []))
    }

    static func fetchRequest(_ v: Int16) -> FetchRequest {
        typealias Partition = FetchRequest.FetchPartition
        return FetchRequest(
            clusterId: nil, replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: 1,
            sessionId: since(v, 7, 77, else: 0), sessionEpoch: since(v, 7, 3, else: -1),
            topics: [.init(topic: since(v, 13, "", else: "orders"), topicId: since(v, 13, topicId, else: .zero), partitions: [
                Partition(partition: 0, currentLeaderEpoch: since(v, 9, 5, else: -1), fetchOffset: 12345,
                          lastFetchedEpoch: since(v, 12, 4, else: -1), logStartOffset: -1, partitionMaxBytes: 1_048_576),
                Partition(partition: 2, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1,
                          logStartOffset: -1, partitionMaxBytes: 65536),
            ])],
            forgottenTopicsData: since(v, 7, [.init(topic: since(v, 13, "", else: "old"),
                                                    topicId: since(v, 13, otherTopicId, else: .zero), partitions: [1, 4])], else: []),
            rackId: since(v, 11, "rack-a", else: ""))
    }

    static func fetchResponse(_ v: Int16) -> FetchResponse {
        typealias Partition = FetchResponse.PartitionData
        return FetchResponse(
            throttleTimeMs: 11, errorCode: 0, sessionId: since(v, 7, 77, else: 0),
            responses: [.init(topic: since(v, 13, "", else: "orders"), topicId: since(v, 13, topicId, else: .zero), partitions: [
                Partition(partitionIndex: 0, errorCode: 0, highWatermark: 2000, lastStableOffset: 1990,
                          logStartOffset: since(v, 5, 100, else: -1),
                          currentLeader: since(v, 12, .init(leaderId: 1, leaderEpoch: 9), else: .init()),
                          abortedTransactions: [.init(producerId: 4001, firstOffset: 1500)],
                          preferredReadReplica: since(v, 11, 2, else: -1), records: records),
                Partition(partitionIndex: 1, errorCode: 1, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1,
                          abortedTransactions: nil, preferredReadReplica: -1, records: nil),
            ])],
            nodeEndpoints: since(v, 16, [.init(nodeId: 1, host: "broker-1.example", port: 9092, rack: "rack-a")], else: []))
    }

    static func listOffsetsRequest(_ v: Int16) -> ListOffsetsRequest {
        ListOffsetsRequest(
            replicaId: -1, isolationLevel: since(v, 2, 1, else: 0),
            topics: [.init(name: "orders", partitions: [
                .init(partitionIndex: 0, currentLeaderEpoch: since(v, 4, 5, else: -1), timestamp: -1),
                .init(partitionIndex: 1, currentLeaderEpoch: -1, timestamp: 1_700_000_000_000),
            ])],
            timeoutMs: since(v, 10, 2500, else: 0))
    }

    static func listOffsetsResponse(_ v: Int16) -> ListOffsetsResponse {
        ListOffsetsResponse(
            throttleTimeMs: since(v, 2, 4, else: 0),
            topics: [.init(name: "orders", partitions: [
                .init(partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 5000, leaderEpoch: since(v, 4, 7, else: -1)),
                .init(partitionIndex: 1, errorCode: 0, timestamp: 1_700_000_000_000, offset: 4000, leaderEpoch: -1),
            ])])
    }

    static func createTopicsRequest(_ v: Int16) -> CreateTopicsRequest {
        CreateTopicsRequest(
            topics: [.init(name: "orders", numPartitions: 3, replicationFactor: 2, assignments: [],
                           configs: [.init(name: "cleanup.policy", value: "compact"), .init(name: "retention.ms", value: nil)]),
                     .init(name: "manual", numPartitions: -1, replicationFactor: -1,
                           assignments: [.init(partitionIndex: 0, brokerIds: [1, 2]), .init(partitionIndex: 1, brokerIds: [2, 3])],
                           configs: [])],
            timeoutMs: 30000, validateOnly: true)
    }

    static func createTopicsResponse(_ v: Int16) -> CreateTopicsResponse {
        typealias Result = CreateTopicsResponse.CreatableTopicResult
        return CreateTopicsResponse(throttleTimeMs: 0, topics: [
            Result(name: "orders", topicId: since(v, 7, topicId, else: .zero), errorCode: 0, errorMessage: nil,
                   topicConfigErrorCode: 0, numPartitions: since(v, 5, 3, else: -1), replicationFactor: since(v, 5, 2, else: -1),
                   configs: since(v, 5, [.init(name: "cleanup.policy", value: "compact", readOnly: false, configSource: 1,
                                               isSensitive: false)], else: [])),
            Result(name: "bad", topicId: .zero, errorCode: 36, errorMessage: "Topic already exists.",
                   numPartitions: -1, replicationFactor: -1, configs: since(v, 5, nil, else: [])),
        ])
    }

    static func deleteTopicsRequest(_ v: Int16) -> DeleteTopicsRequest {
        DeleteTopicsRequest(
            topics: since(v, 6, [.init(name: "orders", topicId: .zero), .init(name: nil, topicId: topicId)], else: []),
            topicNames: since(v, 6, [], else: ["orders", "payments"]),
            timeoutMs: 15000)
    }

    static func deleteTopicsResponse(_ v: Int16) -> DeleteTopicsResponse {
        DeleteTopicsResponse(throttleTimeMs: 1, responses: [
            .init(name: "orders", topicId: since(v, 6, topicId, else: .zero), errorCode: 0, errorMessage: nil),
            .init(name: "payments", topicId: .zero, errorCode: 3, errorMessage: since(v, 5, "unknown topic", else: nil)),
        ])
    }

    static func describeConfigsRequest(_ v: Int16) -> DescribeConfigsRequest {
        DescribeConfigsRequest(
            resources: [.init(resourceType: 2, resourceName: "orders", configurationKeys: ["retention.ms", "cleanup.policy"]),
                        .init(resourceType: 4, resourceName: "1", configurationKeys: nil)],
            includeSynonyms: true, includeDocumentation: v >= 3)
    }

    static func describeConfigsResponse(_ v: Int16) -> DescribeConfigsResponse {
        typealias Config = DescribeConfigsResponse.DescribeConfigsResourceResult
        return DescribeConfigsResponse(throttleTimeMs: 5, results: [
            .init(errorCode: 0, errorMessage: nil, resourceType: 2, resourceName: "orders", configs: [
                Config(name: "retention.ms", value: "604800000", readOnly: false, configSource: 5, isSensitive: false,
                       synonyms: [.init(name: "log.retention.ms", value: nil, source: 5)],
                       configType: since(v, 3, 5, else: 0), documentation: since(v, 3, "How long to keep a log.", else: nil)),
                Config(name: "sasl.jaas.config", value: nil, readOnly: true, configSource: 4, isSensitive: true,
                       synonyms: [], configType: 0, documentation: nil),
            ]),
        ])
    }
}
