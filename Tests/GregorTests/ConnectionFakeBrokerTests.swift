@testable import Gregor
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// Connection behaviour against `ConnectionFakeBroker`, a scripted broker on loopback.
@Suite struct ConnectionFakeBrokerTests {
    private func configuration(_ broker: ConnectionFakeBroker) -> KafkaClientConfiguration {
        var configuration = KafkaClientConfiguration(bootstrapServers: [broker.address])
        configuration.connectTimeout = ConnectionFakeBroker.patientTimeout
        configuration.requestTimeout = ConnectionFakeBroker.patientTimeout
        return configuration
    }

    private func connect(_ broker: ConnectionFakeBroker, _ configuration: KafkaClientConfiguration? = nil) async throws -> KafkaConnection {
        try await KafkaConnection.connect(
            to: broker.address, nodeId: 1, configuration: configuration ?? self.configuration(broker),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
    }

    @Test func errorThirtyFiveMakesTheClientRetryApiVersionsWithV0() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            request.apiKey == 18 ? ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 0) : nil
        }
        defer { Task { await broker.stop() } }
        let connection = try await connect(broker)
        defer { Task { await connection.close() } }
        #expect(broker.requests.map(\.apiVersion) == [ApiVersionsRequest.supportedVersions.upperBound, 0])
        #expect(connection.apiVersionsVersion == 0)
        #expect(connection.negotiatedVersions.version(for: .produce) == ProduceRequest.supportedVersions.upperBound)
        #expect(connection.negotiatedVersions.version(for: .fetch) == FetchRequest.supportedVersions.upperBound)
    }

    @Test func aBrokerAnsweringTheNewestApiVersionsIsAskedOnce() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            request.apiKey == 18 ? ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4) : nil
        }
        defer { Task { await broker.stop() } }
        let connection = try await connect(broker)
        defer { Task { await connection.close() } }
        #expect(broker.requests.map(\.apiVersion) == [4])
    }

    @Test func anApiBelowTheFloorFailsWhenUsedAndNamesTheApi() async throws {
        var ranges = KafkaNegotiatedVersions.gregorSupportedVersions
        ranges[.produce] = 0...2
        let advertised = ranges
        let broker = try await ConnectionFakeBroker.start { request in
            request.apiKey == 18 ? ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4, ranges: advertised) : nil
        }
        defer { Task { await broker.stop() } }
        let connection = try await connect(broker)
        defer { Task { await connection.close() } }
        await #expect {
            _ = try await connection.send(ProduceRequest())
        } throws: { error in
            (error as? KafkaError)?.kind == .unsupportedVersion && (error as? KafkaError)?.message.contains("Produce") == true
        }
        #expect(connection.isActive)
    }

    @Test func aRequestWithoutAnswerTimesOutAndClosesTheConnection() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            request.apiKey == 18 ? ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4) : nil
        }
        defer { Task { await broker.stop() } }
        var configuration = configuration(broker)
        configuration.requestTimeout = .milliseconds(200)
        let connection = try await connect(broker, configuration)
        let started = ContinuousClock.now
        await #expect {
            _ = try await connection.send(MetadataRequest(topics: []))
        } throws: { error in
            (error as? KafkaError)?.kind == .timedOut
        }
        #expect(ContinuousClock.now - started < .seconds(5))  // without the timeout it would never end
        try await connection.closeFuture.get()
        #expect(!connection.isActive)
    }

    @Test func connectTimeoutCoversApiVersions() async throws {
        let broker = try await ConnectionFakeBroker.start { _ in nil }
        defer { Task { await broker.stop() } }
        var configuration = configuration(broker)
        configuration.connectTimeout = .milliseconds(300)
        await #expect {
            _ = try await connect(broker, configuration)
        } throws: { error in
            (error as? KafkaError)?.kind == .timedOut
        }
    }

    @Test func anOversizeResponseFailsTheRequestAndClosesTheConnection() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            if request.apiKey == 18 { return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4) }
            var huge = ByteBuffer()
            huge.writeInteger(Int32(10_000))
            huge.writeInteger(request.correlationId)
            return huge
        }
        defer { Task { await broker.stop() } }
        var configuration = configuration(broker)
        configuration.maxResponseSize = 4096
        let connection = try await connect(broker, configuration)
        await #expect {
            _ = try await connection.send(MetadataRequest(topics: []))
        } throws: { error in
            (error as? KafkaError)?.kind == .protocolViolation && (error as? KafkaError)?.message.contains("maxResponseSize") == true
        }
        try await connection.closeFuture.get()
        #expect(!connection.isActive)
    }

    @Test func aResponseToAnUnknownCorrelationIdClosesTheConnection() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            if request.apiKey == 18 { return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4) }
            var wrong = request
            wrong.correlationId = request.correlationId &+ 1000
            return ConnectionFakeBroker.metadataAnswer(wrong, port: 1)
        }
        defer { Task { await broker.stop() } }
        let connection = try await connect(broker)
        await #expect {
            _ = try await connection.send(MetadataRequest(topics: []))
        } throws: { error in
            (error as? KafkaError)?.kind == .protocolViolation
        }
        #expect(!connection.isActive)
    }

    @Test func pipelinedRequestsBeyondTheInFlightBoundAllComplete() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            if request.apiKey == 18 { return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4) }
            return ConnectionFakeBroker.metadataAnswer(request)
        }
        defer { Task { await broker.stop() } }
        var configuration = configuration(broker)
        configuration.maxInFlightRequestsPerConnection = 2
        let connection = try await connect(broker, configuration)
        defer { Task { await connection.close() } }
        let count = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask { try await connection.send(MetadataRequest(topics: [])).brokers.count }
            }
            var total = 0
            for try await brokers in group { total += brokers }
            return total
        }
        #expect(count == 50)
        let ids = broker.requests.filter { $0.apiKey == 3 }.map(\.correlationId)
        #expect(Set(ids).count == 50)
    }

    @Test func aResponseToAnAcksZeroStyleRequestIsDiscarded() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            if request.apiKey == 18 { return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4) }
            // Answers everything, as the mock cluster answers acks=0 Produce.
            return ConnectionFakeBroker.metadataAnswer(request, port: 1)
        }
        defer { Task { await broker.stop() } }
        let connection = try await connect(broker)
        defer { Task { await connection.close() } }
        try await connection.sendWithoutResponse(MetadataRequest(topics: []), version: nil)
        let response = try await connection.send(MetadataRequest(topics: []))
        #expect(response.clusterId == "fake")
        #expect(connection.isActive)
    }

    @Test func aClosedConnectionFailsNewRequestsWithConnectionClosed() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            request.apiKey == 18 ? ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4) : nil
        }
        defer { Task { await broker.stop() } }
        let connection = try await connect(broker)
        await connection.close()
        await #expect {
            _ = try await connection.send(MetadataRequest(topics: []))
        } throws: { error in
            (error as? KafkaError)?.kind == .connectionClosed
        }
    }

    @Test func nothingListeningIsConnectionFailed() async throws {
        let broker = try await ConnectionFakeBroker.start { _ in nil }
        let address = broker.address
        await broker.stop()
        var configuration = KafkaClientConfiguration(bootstrapServers: [address])
        configuration.connectTimeout = .seconds(2)
        await #expect {
            _ = try await KafkaConnection.connect(
                to: address, nodeId: nil, configuration: configuration,
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        } throws: { error in
            (error as? KafkaError)?.kind == .connectionFailed
        }
    }
}
