import GregorTestSupport
import Foundation
import Gregor
import Testing

/// The shared test support itself: brokers come up and answer, mock commands answer OK/ERR, the
/// confluent-kafka peer scripts work. Broker: Tansu (or GREGOR_TEST_BOOTSTRAP) and the mock cluster.
@Suite struct TestBrokersTests {
    @Test func sharedBrokerAnswersApiVersionsOverRawTCP() async throws {
        let broker = try await TestBrokers.tansu()
        let addresses = try broker.addresses()
        #expect(!addresses.isEmpty)
        let answer = try await runBlocking { try RawKafkaProbe.apiVersions(at: broker.bootstrap.split(separator: ",")[0].description, correlationId: 4711) }
        #expect(answer.correlationId == 4711)
        #expect(answer.errorCode == 0)
    }

    @Test func sharedBrokerIsStartedOncePerProcess() async throws {
        async let first = TestBrokers.tansu()
        async let second = TestBrokers.tansu()
        let (a, b) = try await (first, second)
        #expect(a.bootstrap == b.bootstrap)
        #expect(a.kind == (TestBrokers.externalBootstrap == nil ? .tansu : .external))
    }

    @Test func uniqueTopicNamesAreLegalAndDistinct() {
        let names = (0..<100).map { _ in TestBrokers.uniqueTopicName("a b/c") }
        #expect(Set(names).count == 100)
        for name in names {
            #expect(name.hasPrefix("gregor-a-b-c-"))
            #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        }
    }

    @Test func mockClusterStartsOneListenerPerBroker() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("t", partitions: 4, replicationFactor: 3)]) { cluster in
            let addresses = cluster.bootstrap.split(separator: ",").map(String.init)
            #expect(addresses.count == 3)
            #expect(Set(addresses).count == 3)
            for address in addresses {
                let answer = try await runBlocking { try RawKafkaProbe.apiVersions(at: address, correlationId: 99) }
                #expect(answer.correlationId == 99)
                #expect(answer.errorCode == 0)
            }
        }
    }

    @Test func mockClusterCommandsAnswerOKOrERR() async throws {
        try await TestBrokers.withMockCluster(brokers: 3, topics: [.init("t", partitions: 2, replicationFactor: 3)]) { cluster in
            #expect(try await cluster.send("ping") == .init(line: "OK"))
            #expect(try await cluster.send("leader t 0 3").isOK)
            #expect(try await cluster.send("rtt 1 500").isOK)
            #expect(try await cluster.send("rtt 1 0").isOK)
            #expect(try await cluster.send("error 1 6 3").isOK)
            #expect(try await cluster.send("error-clear 1").isOK)
            #expect(try await cluster.send("bootstraps") == .init(line: "OK \(cluster.bootstrap)"))

            let unknown = try await cluster.send("no-such-command")
            #expect(!unknown.isOK)
            #expect(unknown.line.hasPrefix("ERR "))
            let badBroker = try await cluster.send("leader t 0 9")
            #expect(badBroker.line.hasPrefix("ERR "))
            await #expect(throws: TestSupportError.self) { try await cluster.run("broker down 9") }
        }
    }

    @Test func mockClusterBrokerDownRefusesKafkaUntilUp() async throws {
        try await TestBrokers.withMockCluster(brokers: 3) { cluster in
            let second = cluster.bootstrap.split(separator: ",").map(String.init)[1]
            try await cluster.brokerDown(2)
            await #expect(throws: TestSupportError.self) {
                _ = try await runBlocking { try RawKafkaProbe.apiVersions(at: second, timeout: .seconds(1)) }
            }
            try await cluster.brokerUp(2)
            let answer = try await runBlocking { try RawKafkaProbe.apiVersions(at: second) }
            #expect(answer.errorCode == 0)
        }
    }

    @Test func mockClusterRoundTripTimeDelaysResponses() async throws {
        try await TestBrokers.withMockCluster(brokers: 1) { cluster in
            try await cluster.setRoundTripTime(broker: 1, milliseconds: 300)
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await runBlocking { try RawKafkaProbe.apiVersions(at: cluster.bootstrap) }
            #expect(clock.now - start >= .milliseconds(300))
        }
    }

    @Test func mockClusterStopsCleanlyAndRefusesLaterCommands() async throws {
        let cluster = try await TestBrokers.mockCluster(brokers: 1)
        await cluster.stop()
        #expect(cluster.exitStatus == 0)
        await #expect(throws: TestSupportError.self) { try await cluster.send("ping") }
        await cluster.stop()  // a second stop is harmless
    }

    @Test func mockClusterStartFailureReportsTheReason() async throws {
        let error = await #expect(throws: TestSupportError.self) {
            _ = try await TestBrokers.mockCluster(brokers: 2, topics: [.init("t", partitions: 1, replicationFactor: 5)])
        }
        #expect(error?.message.contains("replication") == true, "\(error?.message ?? "no error")")
    }

    @Test func peerScriptsRoundTripRecordsByteForByte() async throws {
        let broker = try await TestBrokers.tansu()
        let topic = TestBrokers.uniqueTopicName("peer")
        let records = [
            PeerRecord(key: Array("k1".utf8), value: [0x00, 0xff, 0x10], headers: [.init("h", [1, 2]), .init("n", nil), .init("h", [])],
                       timestamp: 1_700_000_000_123, partition: 0),
            PeerRecord(key: nil, value: nil, timestamp: 1_700_000_000_124, partition: 0),
            PeerRecord(key: [], value: Array(repeating: 0x61, count: 1000), timestamp: 1_700_000_000_125, partition: 0),
        ]
        let reports = try await PeerClient.produce(bootstrap: broker.bootstrap, topic: topic, records: records, codec: "zstd")
        #expect(reports.map(\.error) == [nil, nil, nil])
        #expect(reports.map(\.partition) == [0, 0, 0])
        let consumed = try await PeerClient.consume(bootstrap: broker.bootstrap, topic: topic, count: 3)
        #expect(consumed.map(\.key) == records.map(\.key))
        #expect(consumed.map(\.value) == records.map(\.value))
        #expect(consumed.map(\.headers) == records.map(\.headers))
        #expect(consumed.map(\.timestamp) == records.map(\.timestamp))
        #expect(consumed.map(\.offset) == reports.compactMap(\.offset))
    }

    @Test func peerScriptFailureCarriesItsStderr() async throws {
        let error = await #expect(throws: TestSupportError.self) {
            _ = try await PeerClient.run(script: "peer_produce.py", args: ["--bootstrap", "127.0.0.1:1", "--topic", "t"], input: Data("not json".utf8))
        }
        #expect(error?.message.contains("not JSON") == true)
    }

    @Test func externalBootstrapComesFromTheEnvironment() {
        #expect(TestBrokers.externalBootstrap(in: ["GREGOR_TEST_BOOTSTRAP": " kafka:9092 "]) == "kafka:9092")
        #expect(TestBrokers.externalBootstrap(in: ["GREGOR_TEST_BOOTSTRAP": ""]) == nil)
        #expect(TestBrokers.externalBootstrap(in: [:]) == nil)
    }
}
