import Foundation
import Gregor
import Testing

@testable import GregorStream

/// Creation-time checks: configuration errors and the start plan, without a broker.
@Suite struct StreamStartPlanTests {
    static let events = "events"

    static func partition(_ topic: String, _ number: Int32) -> StreamPartition { StreamPartition(topic: topic, partition: number) }

    static func expectError(_ kind: KafkaError.Kind, containing text: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(kind) containing \"\(text)\"")
        } catch let error as KafkaError {
            #expect(error.kind == kind)
            #expect(error.description.contains(text), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func invalidConfigurationsAreRejectedWithTheSettingNamed() {
        Self.expectError(.invalidConfiguration, containing: "at least one topic") { try StreamConfiguration(topics: []).validate() }
        Self.expectError(.invalidConfiguration, containing: "listed twice") {
            try StreamConfiguration(topics: [.earliest("a"), .latest("a")]).validate()
        }
        Self.expectError(.invalidConfiguration, containing: "batchSize") {
            var configuration = StreamConfiguration(topics: [.earliest("a")])
            configuration.batchSize = 0
            try configuration.validate()
        }
        Self.expectError(.invalidConfiguration, containing: "memoryBudget") {
            var configuration = StreamConfiguration(topics: [.earliest("a")])
            configuration.memoryBudget = 1000
            try configuration.validate()
        }
        Self.expectError(.invalidConfiguration, containing: "must not be empty") { try StreamConfiguration(topics: [.earliest("")]).validate() }
        Self.expectError(.invalidConfiguration, containing: "relative start time") {
            try StreamConfiguration(topics: [.relativeTime("a", .seconds(-1))]).validate()
        }
        Self.expectError(.invalidConfiguration, containing: "start timestamp") {
            try StreamConfiguration(topics: [SourceTopic("a", startPolicy: .timestamp(milliseconds: -5))]).validate()
        }
        Self.expectError(.invalidConfiguration, containing: "shard index") { try StreamConfiguration(topics: [.earliest("a").shard(4, of: 4)]).validate() }
        Self.expectError(.invalidConfiguration, containing: "shard count") { try StreamConfiguration(topics: [.earliest("a").shard(0, of: 0)]).validate() }
        Self.expectError(.invalidConfiguration, containing: "subset is empty") { try StreamConfiguration(topics: [.earliest("a").partitions([])]).validate() }
        Self.expectError(.invalidConfiguration, containing: "negative") { try StreamConfiguration(topics: [.offsets("a", [0: -1])]).validate() }
        Self.expectError(.invalidConfiguration, containing: "latenessWindow") {
            var configuration = StreamConfiguration(topics: [.earliest("a")])
            configuration.latenessWindow = .milliseconds(-1)
            try configuration.validate()
        }
    }

    @Test func unknownTopicsAndTopicsWithoutPartitionsFailTheStart() {
        Self.expectError(.unknownTopicOrPartition, containing: "does not exist") {
            _ = try StreamStartPlan.make(topics: [.earliest("missing")], partitionsByTopic: [:], now: 0)
        }
        Self.expectError(.unknownTopicOrPartition, containing: "no partitions") {
            _ = try StreamStartPlan.make(topics: [.earliest("empty")], partitionsByTopic: ["empty": []], now: 0)
        }
        Self.expectError(.unknownTopicOrPartition, containing: "partition 7 does not exist") {
            _ = try StreamStartPlan.make(topics: [.earliest(Self.events).partitions([0, 7])], partitionsByTopic: [Self.events: [0, 1]], now: 0)
        }
        Self.expectError(.unknownTopicOrPartition, containing: "names partition 3") {
            _ = try StreamStartPlan.make(topics: [.offsets(Self.events, [3: 0])], partitionsByTopic: [Self.events: [0, 1]], now: 0)
        }
        Self.expectError(.invalidConfiguration, containing: "select no partition") {
            _ = try StreamStartPlan.make(topics: [.earliest(Self.events).shard(3, of: 4)], partitionsByTopic: [Self.events: [0, 1]], now: 0)
        }
    }

    @Test func policiesBecomeLookupsAndShardsPickPartitionsModuloN() throws {
        let plan = try StreamStartPlan.make(
            topics: [
                .earliest("a").shard(1, of: 2),
                .latest("b"),
                .relativeTime("c", .seconds(10)),
                .offsets("d", [1: 42]),
                SourceTopic("e", startPolicy: .timestamp(milliseconds: 1234)).partitions([2]),
            ],
            partitionsByTopic: ["a": [0, 1, 2, 3], "b": [0], "c": [0], "d": [0, 1], "e": [0, 1, 2]], now: 100_000)
        #expect(
            plan.starts == [
                Self.partition("a", 1): .earliest, Self.partition("a", 3): .earliest,
                Self.partition("b", 0): .end,
                Self.partition("c", 0): .timestamp(90_000),
                Self.partition("d", 0): .earliest, Self.partition("d", 1): .offset(42),
                Self.partition("e", 2): .timestamp(1234),
            ])
    }

    @Test func rangesUseTheAnswersAndRejectOffsetsPastTheEnd() throws {
        let a = Self.partition("a", 0)
        let b = Self.partition("a", 1)
        let c = Self.partition("a", 2)
        let plan = StreamStartPlan(starts: [a: .earliest, b: .timestamp(50), c: .offset(7)])
        let ranges = try plan.ranges(ends: [a: 10, b: 20, c: 9], earliest: [a: 3], byTimestamp: [b: nil])
        #expect(ranges == [a: ReplayRange(start: 3, end: 10), b: ReplayRange(start: 20, end: 20), c: ReplayRange(start: 7, end: 9)])
        Self.expectError(.invalidConfiguration, containing: "past the end") {
            _ = try StreamStartPlan(starts: [c: .offset(12)]).ranges(ends: [c: 9], earliest: [:], byTimestamp: [:])
        }
    }
}
