@testable import Gregor
import NIOCore
import Testing

/// Pure request builders and response mappers of topic admin (CreateTopics, DeleteTopics,
/// CreatePartitions). No broker: responses are generated message values built by hand.
@Suite struct AdminTopicMappingTests {
    // MARK: CreateTopics

    @Test func createTopicsRequestCarriesCountsConfigsAndFlags() {
        let request = CreateTopicsMapping.request(
            [NewTopic(name: "orders", partitions: 6, replicationFactor: 3, configs: ["retention.ms": "1000", "cleanup.policy": "compact"])],
            validateOnly: true,
            timeout: .milliseconds(2500)
        )
        #expect(request.validateOnly)
        #expect(request.timeoutMs == 2500)
        #expect(request.topics.count == 1)
        let topic = request.topics[0]
        #expect(topic.name == "orders")
        #expect(topic.numPartitions == 6)
        #expect(topic.replicationFactor == 3)
        #expect(topic.assignments.isEmpty)
        // Sorted by name so that requests are reproducible.
        #expect(topic.configs.map(\.name) == ["cleanup.policy", "retention.ms"])
        #expect(topic.configs.map(\.value) == ["compact", "1000"])
    }

    @Test func createTopicsRequestSendsMinusOneForBrokerDefaults() {
        let request = CreateTopicsMapping.request([NewTopic(name: "t")], validateOnly: false, timeout: .seconds(1))
        #expect(request.topics[0].numPartitions == -1)
        #expect(request.topics[0].replicationFactor == -1)
        #expect(!request.validateOnly)
    }

    @Test func createTopicsValidationRejectsBadInput() {
        #expect(throws: KafkaError.self) { try CreateTopicsMapping.validate([NewTopic(name: "")]) }
        #expect(throws: KafkaError.self) { try CreateTopicsMapping.validate([NewTopic(name: "a"), NewTopic(name: "a")]) }
        #expect(throws: KafkaError.self) { try CreateTopicsMapping.validate([NewTopic(name: "a", partitions: 0)]) }
        #expect(throws: KafkaError.self) { try CreateTopicsMapping.validate([NewTopic(name: "a", replicationFactor: -2)]) }
        #expect(throws: Never.self) { try CreateTopicsMapping.validate([NewTopic(name: "a", partitions: 1, replicationFactor: 1)]) }
    }

    @Test func createTopicsRequestEncodesAtEveryVersionWeSpeak() throws {
        let request = CreateTopicsMapping.request([NewTopic(name: "x", partitions: 2, configs: ["a": "b"])], validateOnly: false, timeout: .seconds(5))
        for version in CreateTopicsRequest.supportedVersions {
            var buffer = ByteBuffer()
            try request.encode(into: &buffer, version: version)
            let decoded = try CreateTopicsRequest(from: &buffer, version: version)
            #expect(decoded == request, "v\(version)")
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func createTopicsResultsMapSuccessAndPerTopicErrors() {
        let id = KafkaUUID(high: 1, low: 2)
        let response = CreateTopicsResponse(topics: [
            .init(name: "new", topicId: id, errorCode: 0, errorMessage: nil, numPartitions: 3, replicationFactor: 1, configs: [
                .init(name: "retention.ms", value: "1000", readOnly: false, configSource: 1, isSensitive: false),
            ]),
            .init(name: "old", topicId: .zero, errorCode: 36, errorMessage: "Topic 'old' already exists.", numPartitions: -1, replicationFactor: -1),
            .init(name: "bad", topicId: .zero, errorCode: 38, errorMessage: nil, numPartitions: -1, replicationFactor: -1),
        ])
        let results = CreateTopicsMapping.results(response, requested: ["new", "old", "bad"])
        #expect(results.order == ["new", "old", "bad"])

        let created = try? results.value(for: "new")
        #expect(created?.topicId == id)
        #expect(created?.partitions == 3)
        #expect(created?.replicationFactor == 1)
        #expect(created?.configs.first?.name == "retention.ms")
        #expect(created?.configs.first?.value == "1000")
        #expect(created?.configs.first?.source == .dynamicTopic)

        let exists = results.failures["old"]
        #expect(exists?.kind == .broker(.topicAlreadyExists))
        #expect(exists?.topic == "old")
        #expect(exists?.message == "Topic 'old' already exists.")
        #expect(exists?.description.contains("TOPIC_ALREADY_EXISTS") == true)

        // Without a broker message, Kafka's description of the code is used.
        let badFactor = results.failures["bad"]
        #expect(badFactor?.errorCode?.code == 38)
        #expect(badFactor?.topic == "bad")
        #expect(badFactor?.message == KafkaErrorCode.invalidReplicationFactor.message)
        #expect(!results.allSucceeded)
        #expect(throws: KafkaError.self) { try results.get() }
    }

    @Test func createTopicsResultTreatsMinusOneAndZeroIdAsUnreported() {
        let response = CreateTopicsResponse(topics: [.init(name: "v", topicId: .zero, errorCode: 0, numPartitions: -1, replicationFactor: -1, configs: nil)])
        let created = try? CreateTopicsMapping.results(response, requested: ["v"]).value(for: "v")
        #expect(created == CreatedTopic(name: "v", topicId: nil, partitions: nil, replicationFactor: nil, configs: []))
    }

    @Test func createTopicsMissingTopicInResponseIsAProtocolViolation() {
        let results = CreateTopicsMapping.results(CreateTopicsResponse(topics: []), requested: ["lost"])
        #expect(results.failures["lost"]?.kind == .protocolViolation)
        #expect(results.failures["lost"]?.topic == "lost")
    }

    @Test func createIfMissingTurnsAlreadyExistsIntoSuccessOnly() {
        let response = CreateTopicsResponse(topics: [
            .init(name: "new", errorCode: 0, numPartitions: 1, replicationFactor: 1),
            .init(name: "old", errorCode: 36, errorMessage: "exists"),
            .init(name: "bad", errorCode: 37, errorMessage: "partitions"),
        ])
        let results = CreateTopicsMapping.ifMissing(CreateTopicsMapping.results(response, requested: ["new", "old", "bad"]))
        #expect(results.order == ["new", "old", "bad"])
        if case .success(.created(let topic)) = results["new"] {
            #expect(topic.name == "new")
        } else {
            Issue.record("new should be created, got \(String(describing: results["new"]))")
        }
        if case .success(.alreadyExisted) = results["old"] {} else { Issue.record("old should count as existing") }
        #expect(results.failures["bad"]?.kind == .broker(.invalidPartitions))
    }

    @Test func notControllerErrorsAreFlaggedForResend() {
        let response = CreateTopicsResponse(topics: [
            .init(name: "a", errorCode: 41),
            .init(name: "b", errorCode: 0),
            .init(name: "c", errorCode: 36),
        ])
        #expect(CreateTopicsMapping.controllerMoved(CreateTopicsMapping.results(response, requested: ["a", "b", "c"])) == ["a"])
    }

    // MARK: DeleteTopics

    @Test func deleteTopicsByNameUsesTopicsFromV6AndTopicNamesBefore() throws {
        let v6 = DeleteTopicsMapping.request(names: ["a", "b"], timeout: .seconds(3), version: 6)
        #expect(v6.topics.map(\.name) == ["a", "b"])
        #expect(v6.topics.allSatisfy { $0.topicId == .zero })
        #expect(v6.topicNames.isEmpty)
        #expect(v6.timeoutMs == 3000)

        let v5 = DeleteTopicsMapping.request(names: ["a", "b"], timeout: .seconds(3), version: 5)
        #expect(v5.topicNames == ["a", "b"])
        #expect(v5.topics.isEmpty)

        // Each encodes at the version it was built for (the generated encoder rejects the other field).
        for (request, version) in [(v6, Int16(6)), (v5, Int16(5)), (DeleteTopicsMapping.request(names: ["a"], timeout: .seconds(1), version: 1), Int16(1))] {
            var buffer = ByteBuffer()
            try request.encode(into: &buffer, version: version)
            #expect(try DeleteTopicsRequest(from: &buffer, version: version) == request)
        }
    }

    @Test func deleteTopicsByIdNeedsV6() throws {
        let id = KafkaUUID(high: 7, low: 9)
        #expect(throws: KafkaError.self) { try DeleteTopicsMapping.request(ids: [id], timeout: .seconds(1), version: 5) }
        let request = try DeleteTopicsMapping.request(ids: [id], timeout: .seconds(1), version: 6)
        #expect(request.topics == [.init(name: nil, topicId: id)])
    }

    @Test func deleteTopicsResultsByNameAndById() throws {
        let idA = KafkaUUID(high: 1, low: 1)
        let idB = KafkaUUID(high: 2, low: 2)
        let response = DeleteTopicsResponse(responses: [
            .init(name: "a", topicId: idA, errorCode: 0),
            .init(name: nil, topicId: idB, errorCode: 100, errorMessage: "no such id"),
            .init(name: "gone", topicId: .zero, errorCode: 3),
        ])
        let byName = DeleteTopicsMapping.results(response, requestedNames: ["a", "gone", "never"])
        #expect((try? byName.value(for: "a")) != nil)
        #expect(byName.failures["gone"]?.kind == .broker(.unknownTopicOrPartition))
        #expect(byName.failures["gone"]?.topic == "gone")
        #expect(byName.failures["never"]?.kind == .protocolViolation)

        let byId = DeleteTopicsMapping.results(response, requestedIds: [idA, idB])
        #expect(try byId.value(for: idA) == "a")
        #expect(byId.failures[idB]?.errorCode?.code == 100)
        #expect(byId.failures[idB]?.message == "no such id")
    }

    // MARK: CreatePartitions (no broker here implements it: Tansu lacks it, the mock closes the connection)

    @Test func createPartitionsRequestEncodesAsTheSpecSaysAtV3() throws {
        let request = CreatePartitionsMapping.request(["t": 4], validateOnly: false, timeout: .milliseconds(1000))
        var buffer = ByteBuffer()
        try request.encode(into: &buffer, version: 3)
        // v3 is flexible: compact array (n+1), compact string (len+1), int32 count, nullable compact
        // array of assignments (0 = null), tagged fields (0); then timeout int32, validateOnly bool, tags.
        let expected: [UInt8] = [
            0x02,  // 1 topic
            0x02, 0x74,  // "t"
            0x00, 0x00, 0x00, 0x04,  // count 4
            0x00,  // assignments null
            0x00,  // topic tagged fields
            0x00, 0x00, 0x03, 0xE8,  // timeout 1000
            0x00,  // validateOnly false
            0x00,  // tagged fields
        ]
        #expect(buffer.readBytes(length: buffer.readableBytes) == expected)
    }

    @Test func createPartitionsValidatesAndMapsResults() {
        #expect(throws: KafkaError.self) { try CreatePartitionsMapping.validate(["t": 0]) }
        #expect(throws: KafkaError.self) { try CreatePartitionsMapping.validate(["": 3]) }
        let response = CreatePartitionsResponse(results: [
            .init(name: "ok", errorCode: 0),
            .init(name: "same", errorCode: 37, errorMessage: "Topic already has 4 partitions."),
        ])
        let results = CreatePartitionsMapping.results(response, requested: ["ok", "same"])
        #expect((try? results.value(for: "ok")) != nil)
        #expect(results.failures["same"]?.kind == .broker(.invalidPartitions))
        #expect(results.failures["same"]?.topic == "same")
        #expect(results.failures["same"]?.message == "Topic already has 4 partitions.")
    }

    // MARK: Shared

    @Test func timeoutsBecomeClampedMilliseconds() {
        #expect(AdminWire.milliseconds(.milliseconds(1500)) == 1500)
        #expect(AdminWire.milliseconds(.seconds(-3)) == 0)
        #expect(AdminWire.milliseconds(.seconds(Int64.max / 2)) == Int32.max)
    }

    @Test func resultsGetReportsTheFirstFailureInCallerOrder() {
        let results = KafkaAdminResults<String, Int>(
            results: ["a": .success(1), "b": .failure(KafkaError(.invalidArgument, "b")), "c": .failure(KafkaError(.invalidArgument, "c"))],
            order: ["c", "a", "b"]
        )
        #expect(results.order == ["c", "a", "b"])
        do {
            _ = try results.get()
            Issue.record("get() should throw")
        } catch {
            #expect(error.message == "c")
        }
        #expect(results.successes == ["a": 1])
        #expect(Set(results.failures.keys) == ["b", "c"])
        #expect(throws: KafkaError.self) { try results.value(for: "zzz") }
    }
}
