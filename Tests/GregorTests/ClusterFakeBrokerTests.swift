@testable import Gregor
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// KafkaCluster behaviour that needs precise control over the broker: `ConnectionFakeBroker`.
@Suite struct ClusterFakeBrokerTests {
    /// A fake that answers ApiVersions and Metadata (naming itself node 1, leader of "t").
    private func startBroker() async throws -> ConnectionFakeBroker {
        let broker = try await ConnectionFakeBroker.start { request in
            switch request.apiKey {
            case 18: return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4)
            case 3: return ConnectionFakeBroker.metadataAnswer(request)
            default: return nil
            }
        }
        return broker
    }

    /// A loopback port bound but not listening, so connecting to it is refused; held until
    /// `close` (a port merely found free could be taken by another test running beside this one).
    private struct RefusingPort {
        let socket: Int32
        let address: KafkaBrokerAddress

        init() throws {
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr("127.0.0.1")
            local.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &local) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                    bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
                }
            }
            guard bound else {
                Glibc.close(descriptor)
                throw TestSupportError("binding a loopback port failed: errno \(errno)")
            }
            socket = descriptor
            address = try KafkaBrokerAddress(host: "127.0.0.1", port: Int(UInt16(bigEndian: local.sin_port)))
        }

        func close() { Glibc.close(socket) }
    }

    @Test func bootstrapMovesOnPastAnUnreachableServer() async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let dead = refusing.address
        let broker = try await startBroker()
        defer { Task { await broker.stop() } }
        var configuration = KafkaClientConfiguration(bootstrapServers: [dead, broker.address])
        configuration.connectTimeout = ConnectionFakeBroker.patientTimeout
        let cluster = KafkaCluster(configuration: configuration)
        let metadata = try await cluster.metadata(topics: ["t"])
        #expect(metadata.topics["t"]?.partitionCount == 2)
        #expect(metadata.topics["t"]?.partitions[0]?.leaderEpoch == 5)
        #expect(try await cluster.leader(topic: "t", partition: 1) == 1)
        await cluster.shutdown()
    }

    @Test func cachedMetadataIsNotFetchedAgainUntilInvalidated() async throws {
        let broker = try await startBroker()
        defer { Task { await broker.stop() } }
        let cluster = KafkaCluster(configuration: KafkaClientConfiguration(bootstrapServers: [broker.address]))
        _ = try await cluster.metadata(topics: ["t"])
        _ = try await cluster.leader(topic: "t", partition: 0)
        _ = try await cluster.metadata(topics: ["t"])
        #expect(broker.requests.filter { $0.apiKey == 3 }.count == 1)
        await cluster.invalidateMetadata(topic: "t")
        _ = try await cluster.metadata(topics: ["t"])
        #expect(broker.requests.filter { $0.apiKey == 3 }.count == 2)
        await cluster.shutdown()
    }

    @Test func concurrentMetadataCallsShareOneRequest() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let broker = try await ConnectionFakeBroker.start(group: group) { request in
            switch request.apiKey {
            case 18: return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4)
            case 3:
                usleep(200_000)  // a slow broker: blocks only the fake's own event loop
                return ConnectionFakeBroker.metadataAnswer(request)
            default: return nil
            }
        }
        let cluster = KafkaCluster(configuration: KafkaClientConfiguration(bootstrapServers: [broker.address]))
        let partitions = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for _ in 0..<10 { tasks.addTask { try await cluster.metadata(topics: ["t"]).topics["t"]?.partitionCount ?? 0 } }
            var total = 0
            for try await count in tasks { total += count }
            return total
        }
        #expect(partitions == 20)
        #expect(broker.requests.filter { $0.apiKey == 3 }.count == 1)
        await cluster.shutdown()
        await broker.stop()
        try await group.shutdownGracefully()
    }

    @Test func reconnectAttemptsToADownBrokerAreSpacedByTheBackoff() async throws {
        let broker = try await startBroker()
        var configuration = KafkaClientConfiguration(bootstrapServers: [broker.address])
        // Long enough that a delayed attempt stands out from a slow refused connect on a busy
        // machine (one took 1.8 s in CI with all suites starting at once).
        configuration.reconnectBackoff = KafkaBackoff(initial: .seconds(4), maximum: .seconds(16), jitter: 0.1)
        configuration.connectTimeout = .seconds(2)
        let cluster = KafkaCluster(configuration: configuration)
        _ = try await cluster.metadata(topics: ["t"])
        await broker.stop()  // refuses new connections from now on

        let first = ContinuousClock.now
        await #expect(throws: KafkaError.self) { _ = try await cluster.connection(toNode: 1, purpose: .data) }
        let second = ContinuousClock.now
        await #expect(throws: KafkaError.self) { _ = try await cluster.connection(toNode: 1, purpose: .data) }
        let third = ContinuousClock.now
        await #expect(throws: KafkaError.self) { _ = try await cluster.connection(toNode: 1, purpose: .data) }
        let end = ContinuousClock.now
        // The backoff runs from each failure, which lies inside the call that saw it, so the
        // bounds that hold under any scheduling delay are measured from the start of a call.
        #expect(second - first < .milliseconds(3000))  // the first attempt is not delayed
        #expect(third - first >= .milliseconds(3600))  // attempt 2 waits 4 s ± 10 % after failure 1
        #expect(end - second >= .milliseconds(7200))  // attempt 3 waits 8 s ± 10 % after failure 2
        await cluster.shutdown()
    }

    @Test func withRetriesStopsAfterMaxAttemptsForRetriableErrors() async throws {
        var configuration = KafkaClientConfiguration(bootstrapServers: [try KafkaBrokerAddress(host: "127.0.0.1", port: 9)])
        configuration.retryBackoff = KafkaBackoff(initial: .milliseconds(1), maximum: .milliseconds(5))
        let cluster = KafkaCluster(configuration: configuration)
        var calls = 0
        await #expect {
            try await cluster.withRetries(maxAttempts: 4) { _ in
                calls += 1
                throw KafkaError(.timedOut, "slow")
            }
        } throws: { error in
            (error as? KafkaError)?.kind == .timedOut
        }
        #expect(calls == 4)
    }

    @Test func withRetriesDoesNotRetryFinalErrors() async throws {
        let cluster = KafkaCluster(configuration: KafkaClientConfiguration(bootstrapServers: [try KafkaBrokerAddress(host: "127.0.0.1", port: 9)]))
        var calls = 0
        await #expect(throws: KafkaError.self) {
            try await cluster.withRetries { _ in
                calls += 1
                throw KafkaError(.broker(.topicAuthorizationFailed), "denied")
            }
        }
        #expect(calls == 1)
    }

    @Test func withRetriesReturnsTheFirstSuccess() async throws {
        var configuration = KafkaClientConfiguration(bootstrapServers: [try KafkaBrokerAddress(host: "127.0.0.1", port: 9)])
        configuration.retryBackoff = KafkaBackoff(initial: .milliseconds(1), maximum: .milliseconds(5))
        let cluster = KafkaCluster(configuration: configuration)
        let value = try await cluster.withRetries { attempt -> Int in
            if attempt < 2 { throw KafkaError(.connectionClosed, "gone") }
            return attempt
        }
        #expect(value == 2)
    }
}

@Suite struct ClusterDisconnectTests {
    @Test func aClosedConnectionMakesTheNextMetadataCallRefresh() async throws {
        let broker = try await ConnectionFakeBroker.start { request in
            switch request.apiKey {
            case 18: return ConnectionFakeBroker.apiVersionsAnswer(request, maxApiVersions: 4)
            case 3: return ConnectionFakeBroker.metadataAnswer(request)
            default: return nil
            }
        }
        defer { Task { await broker.stop() } }
        let cluster = KafkaCluster(configuration: KafkaClientConfiguration(bootstrapServers: [broker.address]))
        _ = try await cluster.metadata(topics: ["t"])
        let data = try await cluster.connection(toNode: 1, purpose: .data)
        _ = try await cluster.metadata(topics: ["t"])
        #expect(broker.requests.filter { $0.apiKey == 3 }.count == 1)
        await data.close()
        // The cluster learns of the close asynchronously; poll briefly.
        var refreshed = false
        for _ in 0..<50 where !refreshed {
            _ = try await cluster.metadata(topics: ["t"])
            refreshed = broker.requests.filter { $0.apiKey == 3 }.count == 2
            if !refreshed { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(refreshed)
        let replacement = try await cluster.connection(toNode: 1, purpose: .data)
        #expect(replacement !== data)
        await cluster.shutdown()
    }
}
