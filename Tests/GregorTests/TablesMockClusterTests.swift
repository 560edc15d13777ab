import GregorTestSupport
import Foundation
import Gregor
import GregorTables
import Testing

/// Tables on the librdkafka mock cluster, whose ListOffsets is exact (Tansu's LATEST is not,
/// brokers.md): catch-up, barriers, waits, updates, failures. The mock has no admin APIs, so
/// topics are created by the mock itself and `ensureTopic` is off.
@Suite("Tables on the mock cluster")
struct TablesMockClusterTests {
    static let topic = "registry"

    static func withTable(
        partitions: Int = 3, maxWait: Duration = .milliseconds(200), configure: (inout KafkaTableConfiguration) -> Void = { _ in },
        _ body: (MockCluster, KafkaTable<String, String>, KafkaTableWriter<String, String>) async throws -> Void
    ) async throws {
        try await TestBrokers.withMockCluster(brokers: 2, topics: [.init(topic, partitions: partitions)]) { mock in
            let client = try mock.configuration()
            var configuration = TablesForTests.configuration(client, maxWait: maxWait)
            configure(&configuration)
            let table = try KafkaTable(topic: topic, configuration: configuration, keyCodec: .string, valueCodec: .string, logger: TablesForTests.logger)
            let writer = try KafkaTableWriter(
                topic: topic, configuration: TablesForTests.writerConfiguration(client), keyCodec: .string, valueCodec: .string,
                logger: TablesForTests.logger)
            try await writer.start()
            do {
                try await body(mock, table, writer)
            } catch {
                await table.stop()
                await writer.close()
                throw error
            }
            await table.stop()
            await writer.close()
        }
    }

    @Test func startReturnsCaughtUpWithLastWriteWinsTombstonesAndSkips() async throws {
        try await Self.withTable { mock, table, _ in
            var records: [(key: String?, value: String?)] = []
            for i in 0..<300 { records.append(("k\(i % 40)", "v\(i)")) }
            for i in stride(from: 0, to: 40, by: 3) { records.append(("k\(i)", nil)) }  // tombstones
            records.append((nil, "keyless"))
            records.append(("k1", ""))  // empty bytes are data
            records.append(("never-set", nil))  // a tombstone for an absent key
            try await TablesForTests.produce(records, topic: Self.topic, client: try mock.configuration())

            try await table.start()
            #expect(table.status.isCaughtUp)
            let expected = TablesForTests.expectedMap(records)
            #expect(TablesForTests.contents(table) == expected)
            #expect(table["k1"] == "")
            #expect(table["k0"] == nil)
            #expect(table.count == expected.count)
            let stats = table.stats
            #expect(stats.setsApplied == 301)
            #expect(stats.tombstonesApplied == 15)
            #expect(stats.keylessRecords == 1)
            #expect(stats.catchUpDuration != nil)
            #expect(stats.recordsReplayedAtCatchUp == 316)
        }
    }

    @Test func anEmptyTopicCatchesUpAtOnce() async throws {
        try await Self.withTable { _, table, _ in
            try await table.start()
            #expect(table.status.isCaughtUp)
            #expect(table.count == 0)
        }
    }

    @Test func barrierGivesReadYourOwnWritesForSetsAndDeletes() async throws {
        try await Self.withTable { _, table, writer in
            try await table.start()
            for round in 0..<10 {
                try await writer.set("service-\(round % 3)", "host-\(round)")
                #expect(try await table.barrier(timeout: .seconds(10)))
                #expect(table["service-\(round % 3)"] == "host-\(round)")
            }
            try await writer.delete("service-1")
            #expect(try await table.barrier(timeout: .seconds(10)))
            #expect(table["service-1"] == nil)
            #expect(!table.contains("service-1"))
        }
    }

    @Test func anIdleBarrierDoesNotWaitForTheReadersLongPoll() async throws {
        // The mock holds an idle Fetch for its whole max wait (5 s here); a barrier queued behind
        // it would take about that long.
        try await Self.withTable(maxWait: .seconds(5)) { _, table, _ in
            try await table.start()
            try await Task.sleep(for: .milliseconds(300))  // the reader is now parked in a long poll
            let started = ContinuousClock.now
            #expect(try await table.barrier(timeout: .seconds(10)))
            #expect(ContinuousClock.now - started < .milliseconds(2500))
        }
    }

    @Test func stopDoesNotWaitForTheReadersLongPoll() async throws {
        // The mock holds an idle Fetch for its whole max wait (10 s here); a stop that waited for
        // the answer would take about that long.
        try await Self.withTable(maxWait: .seconds(10)) { _, table, _ in
            try await table.start()
            try await Task.sleep(for: .milliseconds(300))  // the reader is now parked in a long poll
            let started = ContinuousClock.now
            await table.stop()
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(table.status.name == "stopped")
        }
    }

    @Test func concurrentBarriersAllSeeTheWritesBeforeThem() async throws {
        try await Self.withTable { _, table, writer in
            try await table.start()
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool, String?).self) { group in
                for i in 0..<16 {
                    group.addTask {
                        try await writer.set("key-\(i)", "value-\(i)")
                        let fresh = try await table.barrier(timeout: .seconds(15))
                        return (i, fresh, table["key-\(i)"])
                    }
                }
                var all: [(Int, Bool, String?)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.count == 16)
            for (i, fresh, value) in outcomes {
                #expect(fresh)
                #expect(value == "value-\(i)")
            }
        }
    }

    @Test func barriersUnderWriteChurnStayCorrect() async throws {
        try await Self.withTable { _, table, writer in
            try await table.start()
            let churn = Task {
                var i = 0
                while !Task.isCancelled {
                    _ = try? await writer.set("churn-\(i % 50)", "c\(i)")
                    i += 1
                }
            }
            for round in 0..<20 {
                try await writer.set("probe", "p\(round)")
                #expect(try await table.barrier(timeout: .seconds(15)))
                #expect(table["probe"] == "p\(round)")
            }
            churn.cancel()
            _ = await churn.value
        }
    }

    @Test func waitForAWritersReportMakesTheWriteVisible() async throws {
        try await Self.withTable { _, table, writer in
            try await table.start()
            let report = try await writer.set("billing", "10.0.0.7")
            #expect(await table.wait(for: report, timeout: .seconds(10)))
            #expect(table["billing"] == "10.0.0.7")
        }
    }

    @Test func aBarrierTimesOutWhenTheBrokersAreSlow() async throws {
        try await Self.withTable { mock, table, _ in
            try await table.start()
            try await mock.setRoundTripTime(broker: -1, milliseconds: 3000)
            let started = ContinuousClock.now
            #expect(try await table.barrier(timeout: .milliseconds(300)) == false)
            #expect(ContinuousClock.now - started < .milliseconds(2000))  // not the 3 s round trip
            try await mock.setRoundTripTime(broker: -1, milliseconds: 0)
        }
    }

    @Test func stopRacingABarrierEndsItWithFalse() async throws {
        try await Self.withTable { mock, table, _ in
            try await table.start()
            try await mock.setRoundTripTime(broker: -1, milliseconds: 2000)
            let barrier = Task { try await table.barrier(timeout: .seconds(30)) }
            try await Task.sleep(for: .milliseconds(100))
            await table.stop()
            #expect(try await barrier.value == false)
            #expect(table.status.name == "stopped")
            try await mock.setRoundTripTime(broker: -1, milliseconds: 0)
        }
    }

    @Test func misuseThrowsInvalidState() async throws {
        try await Self.withTable { _, table, _ in
            await #expect { _ = try await table.barrier() } throws: { ($0 as? KafkaError)?.kind == .invalidState }
            try await table.start()
            await #expect { try await table.start() } throws: { ($0 as? KafkaError)?.kind == .invalidState }
            await table.stop()
            await #expect { _ = try await table.barrier() } throws: { ($0 as? KafkaError)?.kind == .invalidState }
        }
    }

    @Test func updatesDeliverSetsAndDeletesInOrder() async throws {
        try await Self.withTable(partitions: 1) { _, table, writer in
            let updates = table.updates()
            try await table.start()
            try await writer.set("a", "1")
            try await writer.set("a", "2")
            try await writer.delete("a")
            let seen = await TablesForTests.firstChanges(updates, count: 3)
            #expect(seen == [.set(key: "a", value: "1"), .set(key: "a", value: "2"), .deleted(key: "a", previous: "2")])
        }
    }

    @Test func snapshotAndUpdatesGiveTheContentsThenExactlyTheLaterChanges() async throws {
        try await Self.withTable(partitions: 1) { _, table, writer in
            try await writer.set("a", "1")
            try await writer.set("b", "1")
            try await table.start()
            let (snapshot, updates) = table.snapshotAndUpdates()
            #expect(Dictionary(uniqueKeysWithValues: snapshot.map { ($0.key, $0.value) }) == ["a": "1", "b": "1"])
            try await writer.set("a", "2")
            try await writer.delete("b")
            let seen = await TablesForTests.firstChanges(updates, count: 2)
            // The replayed sets of a and b, already in the snapshot, do not come again.
            #expect(seen == [.set(key: "a", value: "2"), .deleted(key: "b", previous: "1")])
            #expect(snapshot["a"] == "1")
        }
    }

    @Test func aNonRetriableFetchErrorFailsTheTableFreezesItAndEndsBarriers() async throws {
        try await Self.withTable(partitions: 1) { mock, table, writer in
            try await table.start()
            try await writer.set("before", "1")
            #expect(try await table.barrier(timeout: .seconds(10)))
            // TOPIC_AUTHORIZATION_FAILED (29) on the next Fetch requests: not retriable.
            try await mock.pushErrors(apiKey: 1, code: 29, count: 50)
            try await writer.set("after", "2")
            #expect(try await table.barrier(timeout: .seconds(10)) == false)
            #expect(table.status.name == "failed")
            #expect(table.status.failure != nil)
            #expect(table["before"] == "1")
            #expect(table["after"] == nil)
        }
    }

    @Test func aSlowCatchUpIsDegradedThenCaughtUp() async throws {
        try await TestBrokers.withMockCluster(brokers: 1, topics: [.init(Self.topic, partitions: 1)]) { mock in
            let client = try mock.configuration()
            try await TablesForTests.produce((0..<20).map { ("k\($0)", "v\($0)") }, topic: Self.topic, client: client)
            var configuration = TablesForTests.configuration(client)
            configuration.catchUpTimeout = .milliseconds(400)
            let table = try KafkaTable(topic: Self.topic, configuration: configuration, keyCodec: .string, valueCodec: .string, logger: TablesForTests.logger)
            try await mock.setRoundTripTime(broker: -1, milliseconds: 1000)
            try await table.start()
            #expect(table.status.name == "degraded")
            try await mock.setRoundTripTime(broker: -1, milliseconds: 0)
            let deadline = ContinuousClock.now + .seconds(15)
            while !table.status.isCaughtUp && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(table.status.isCaughtUp)
            #expect(table.count == 20)
            await table.stop()
        }
    }

    @Test func stalenessGrowsWhileTheLeaderIsDown() async throws {
        try await TestBrokers.withMockCluster(brokers: 2, topics: [.init(Self.topic, partitions: 1)]) { mock in
            try await mock.setLeader(topic: Self.topic, partition: 0, broker: 2)
            let table = try KafkaTable(
                topic: Self.topic, configuration: TablesForTests.configuration(try mock.configuration()), keyCodec: .string,
                valueCodec: .string, logger: TablesForTests.logger)
            try await table.start()
            // An idle partition is answered every 200 ms long poll.
            #expect(await eventually { (table.staleness ?? .seconds(99)) < .seconds(1) })
            try await mock.brokerDown(2)
            #expect(await eventually(timeout: .seconds(20)) { (table.staleness ?? .zero) >= .seconds(2) })
            #expect(table.status.isCaughtUp)  // an outage is not a failure
            try await mock.brokerUp(2)
            #expect(await eventually(timeout: .seconds(30)) { (table.staleness ?? .seconds(99)) < .seconds(1) })
            await table.stop()
        }
    }

    @Test func aDeletedAndRecreatedTopicIsRebuilt() async throws {
        try await Self.withTable(partitions: 1, configure: { $0.metadataRefreshInterval = .milliseconds(200) }) { mock, table, _ in
            let client = try mock.configuration()
            try await TablesForTests.produce((0..<10).map { ("old-\($0)", "x") }, topic: Self.topic, client: client)
            try await table.start()
            #expect(table.count == 10)
            try await mock.run("delete-topic \(Self.topic)")
            try await mock.createTopic(Self.topic, partitions: 1)
            try await TablesForTests.produce([("new", "y")], topic: Self.topic, client: client)
            let deadline = ContinuousClock.now + .seconds(15)
            while !(table.stats.rebuilds == 1 && table.status.isCaughtUp && table.count == 1) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(table.stats.rebuilds == 1)
            #expect(TablesForTests.contents(table) == ["new": "y"])
        }
    }
}
