@testable import Gregor
import GregorProtocol
import GregorTables
import NIOCore
import Testing

/// `ensureTableTopic`'s reconcile on a broker without IncrementalAlterConfigs: neither test broker
/// is one (Tansu has only the incremental API, the mock cluster no config APIs), so a scripted
/// broker plays an older Kafka that has only the legacy AlterConfigs.
@Suite struct TablesEnsureTopicFakeBrokerTests {
    static let topic = "services"

    /// One existing config of the topic as DescribeConfigs reports it.
    struct Config {
        var name: String
        var value: String?
        /// Kafka's ConfigSource: 1 = an override set on the topic, 5 = the default.
        var source: Int8
        var sensitive = false
    }

    /// A broker with the topic and `configs`, answering AlterConfigs with success; it offers no
    /// IncrementalAlterConfigs.
    private static func startBroker(configs: [Config]) async throws -> ConnectionFakeBroker {
        let served: [KafkaAPI] = [.apiVersions, .metadata, .createTopics, .describeConfigs, .alterConfigs]
        let broker = try await ConnectionFakeBroker.start { request in
            guard let api = KafkaAPI(rawValue: request.apiKey) else { return nil }
            switch api {
            case .apiVersions:
                return ConnectionFakeBroker.apiVersionsAnswer(
                    request, maxApiVersions: KafkaAPI.apiVersions.supportedVersions.upperBound,
                    ranges: Dictionary(uniqueKeysWithValues: served.map { ($0, $0.supportedVersions) }))
            case .metadata:
                return ConnectionFakeBroker.metadataAnswer(request, topic: topic, partitions: 1)
            case .createTopics:
                let body = CreateTopicsResponse(topics: [.init(name: topic, errorCode: 36, errorMessage: "Topic '\(topic)' already exists.")])
                return request.answer(body, to: CreateTopicsRequest.self)
            case .describeConfigs:
                let entries = configs.map {
                    DescribeConfigsResponse.DescribeConfigsResourceResult(
                        name: $0.name, value: $0.sensitive ? nil : $0.value, readOnly: false, configSource: $0.source, isSensitive: $0.sensitive)
                }
                let body = DescribeConfigsResponse(results: [.init(errorCode: 0, resourceType: 2, resourceName: topic, configs: entries)])
                return request.answer(body, to: DescribeConfigsRequest.self)
            case .alterConfigs:
                let body = AlterConfigsResponse(responses: [.init(errorCode: 0, resourceType: 2, resourceName: topic)])
                return request.answer(body, to: AlterConfigsRequest.self)
            default:
                return nil
            }
        }
        return broker
    }

    /// The AlterConfigs requests the broker received, as name → value per request.
    private static func alterConfigsRequests(_ broker: ConnectionFakeBroker) -> [[String: String?]] {
        broker.requests.filter { $0.apiKey == KafkaAPI.alterConfigs.rawValue }.compactMap { request in
            guard let resource = request.decoded(as: AlterConfigsRequest.self)?.resources.first, resource.resourceName == topic else { return nil }
            return Dictionary(uniqueKeysWithValues: resource.configs.map { ($0.name, $0.value) })
        }
    }

    private static func reconcile(on broker: ConnectionFakeBroker) async throws -> EnsureTopicOutcome {
        var client = KafkaClientConfiguration(bootstrapServers: [broker.address])
        client.connectTimeout = ConnectionFakeBroker.patientTimeout
        client.requestTimeout = ConnectionFakeBroker.patientTimeout
        let admin = try KafkaAdmin(configuration: client, maxAttempts: 1, logger: TablesForTests.logger)
        var settings = TableTopicSettings()
        settings.onPolicyMismatch = .reconcile
        do {
            let outcome = try await admin.ensureTableTopic(topic, settings: settings)
            await admin.shutdown()
            return outcome
        } catch {
            await admin.shutdown()
            throw error
        }
    }

    @Test func reconcileFallsBackToAlterConfigsAndResendsTheTopicsOtherOverrides() async throws {
        let broker = try await Self.startBroker(configs: [
            Config(name: "cleanup.policy", value: "delete", source: 1),
            Config(name: "retention.ms", value: "604800000", source: 1),
            Config(name: "max.message.bytes", value: "2000000", source: 1),
            Config(name: "segment.bytes", value: "1073741824", source: 5),  // a default: not resent
        ])
        let outcome = try await Self.reconcile(on: broker)
        await broker.stop()
        #expect(outcome == .reconciled(from: "delete"))
        #expect(broker.requests.contains { $0.apiKey == KafkaAPI.incrementalAlterConfigs.rawValue } == false)
        #expect(Self.alterConfigsRequests(broker) == [[
            "cleanup.policy": "compact", "retention.ms": "604800000", "max.message.bytes": "2000000",
        ]])
    }

    @Test func reconcileRefusesAlterConfigsWhenAnOverrideIsHidden() async throws {
        let broker = try await Self.startBroker(configs: [
            Config(name: "cleanup.policy", value: "delete", source: 1),
            Config(name: "some.secret", value: "x", source: 1, sensitive: true),
        ])
        await #expect {
            _ = try await Self.reconcile(on: broker)
        } throws: { error in
            (error as? KafkaError)?.kind == .invalidState && "\(error)".contains("some.secret")
        }
        await broker.stop()
        #expect(Self.alterConfigsRequests(broker).isEmpty)
    }
}
