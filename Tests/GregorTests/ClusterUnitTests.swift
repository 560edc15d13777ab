@testable import Gregor
import Testing

@Suite struct ClusterBackoffTests {
    private let policy = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0.2)

    @Test func aNodeWithoutFailuresMayBeDialledAtOnce() {
        let backoff = ReconnectBackoff<String>(policy: policy)
        #expect(backoff.delay(for: "node 1", now: .now) == .zero)
    }

    @Test func consecutiveFailuresDoubleTheWaitUpToTheMaximum() {
        var backoff = ReconnectBackoff<String>(policy: policy)
        let now = ContinuousClock.now
        // random 0.5 means no jitter.
        let waits = (0..<6).map { _ in backoff.recordFailure("node 1", now: now, random: 0.5) }
        #expect(waits == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        #expect(backoff.delay(for: "node 1", now: now) == .seconds(1))
        #expect(backoff.delay(for: "node 1", now: now + .milliseconds(400)) == .milliseconds(600))
        #expect(backoff.delay(for: "node 2", now: now) == .zero)
    }

    @Test func jitterSpreadsTheWaitWithinItsFraction() {
        var low = ReconnectBackoff<String>(policy: policy)
        var high = ReconnectBackoff<String>(policy: policy)
        let now = ContinuousClock.now
        #expect(low.recordFailure("n", now: now, random: 0) == .milliseconds(80))
        #expect(high.recordFailure("n", now: now, random: 0.999_999) > .milliseconds(119))
    }

    @Test func aSuccessResetsTheBackoff() {
        var backoff = ReconnectBackoff<String>(policy: policy)
        let now = ContinuousClock.now
        backoff.recordFailure("n", now: now, random: 0.5)
        backoff.recordFailure("n", now: now, random: 0.5)
        backoff.recordSuccess("n")
        #expect(backoff.delay(for: "n", now: now) == .zero)
        #expect(backoff.failures(for: "n") == 0)
        #expect(backoff.recordFailure("n", now: now, random: 0.5) == .milliseconds(100))
    }
}

@Suite struct ClusterRetryDecisionTests {
    private let backoff = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0.2)

    @Test func aRetriableBrokerErrorIsRetriedWithBackoffAndInvalidatesItsTopic() {
        let error = KafkaError(.broker(.notLeaderOrFollower), "moved", topic: "t", partition: 0)
        let decision = RetryDecision.decide(error: error, attempt: 1, maxAttempts: 5, backoff: backoff, now: .now, deadline: nil, random: 0.5)
        #expect(decision.delay == .milliseconds(200))
        #expect(decision.invalidation == .topic("t"))
    }

    @Test func aNonRetriableErrorIsNotRetried() {
        let error = KafkaError(.broker(.topicAuthorizationFailed), "no")
        let decision = RetryDecision.decide(error: error, attempt: 0, maxAttempts: 5, backoff: backoff, now: .now, deadline: nil, random: 0.5)
        #expect(decision.delay == nil)
        #expect(decision.invalidation == .none)
    }

    @Test func attemptsAreBounded() {
        let error = KafkaError(.timedOut, "slow")
        let decision = RetryDecision.decide(error: error, attempt: 4, maxAttempts: 5, backoff: backoff, now: .now, deadline: nil, random: 0.5)
        #expect(decision.delay == nil)
    }

    @Test func theDeadlineStopsRetriesThatWouldEndAfterIt() {
        let now = ContinuousClock.now
        let error = KafkaError(.connectionClosed, "gone")
        let tooLate = RetryDecision.decide(error: error, attempt: 0, maxAttempts: 5, backoff: backoff, now: now, deadline: now + .milliseconds(50), random: 0.5)
        #expect(tooLate.delay == nil)
        #expect(tooLate.invalidation == .all)
        let inTime = RetryDecision.decide(error: error, attempt: 0, maxAttempts: 5, backoff: backoff, now: now, deadline: now + .seconds(5), random: 0.5)
        #expect(inTime.delay == .milliseconds(100))
    }

    @Test func unknownTopicWithoutATopicNameInvalidatesEverything() {
        let error = KafkaError(.broker(.unknownTopicOrPartition), "gone")
        #expect(RetryDecision.invalidation(for: error) == .all)
        #expect(RetryDecision.invalidation(for: KafkaError(.broker(.requestTimedOut), "slow")) == .none)
    }
}

@Suite struct ClusterMetadataTests {
    private func response() -> MetadataResponse {
        MetadataResponse(
            brokers: [
                .init(nodeId: 1, host: "127.0.0.1", port: 9001),
                .init(nodeId: 2, host: "127.0.0.1", port: 9002),
                .init(nodeId: 3, host: "", port: 9003),  // invalid: left out
            ],
            clusterId: "c1", controllerId: 2,
            topics: [
                .init(errorCode: 0, name: "orders", topicId: KafkaUUID(high: 7, low: 9), partitions: [
                    .init(errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 3, replicaNodes: [1, 2], isrNodes: [1]),
                    .init(errorCode: 5, partitionIndex: 1, leaderId: -1, leaderEpoch: -1, replicaNodes: [2], isrNodes: []),
                    .init(errorCode: 0, partitionIndex: 2, leaderId: 3, leaderEpoch: 1, replicaNodes: [3], isrNodes: [3]),
                ]),
                .init(errorCode: 3, name: "missing", partitions: []),
            ])
    }

    @Test func theResponseBecomesASnapshotWithLeadersEpochsAndTopicIds() throws {
        let snapshot = ClusterMetadata(response: response())
        #expect(snapshot.clusterId == "c1")
        #expect(snapshot.controllerId == 2)
        #expect(snapshot.brokers.keys.sorted() == [1, 2])
        #expect(snapshot.brokers[2]?.port == 9002)
        let orders = try #require(snapshot.topics["orders"])
        #expect(orders.topicId == KafkaUUID(high: 7, low: 9))
        #expect(orders.error == nil)
        #expect(orders.partitions[0]?.leader == 1)
        #expect(orders.partitions[0]?.leaderEpoch == 3)
        #expect(orders.partitions[0]?.replicas == [1, 2])
        #expect(orders.partitions[1]?.errorCode == .leaderNotAvailable)
        #expect(snapshot.topics["missing"]?.error?.errorCode == .unknownTopicOrPartition)
    }

    @Test func aLeaderIsKnownOnlyWhenItIsALiveBroker() {
        let snapshot = ClusterMetadata(response: response())
        #expect(snapshot.leader(topic: "orders", partition: 0) == 1)
        #expect(snapshot.leader(topic: "orders", partition: 1) == nil)  // no leader
        #expect(snapshot.leader(topic: "orders", partition: 2) == nil)  // node 3 is not listed
        #expect(snapshot.leader(topic: "orders", partition: 9) == nil)
        #expect(snapshot.leader(topic: "missing", partition: 0) == nil)
    }

    @Test func noLeaderErrorsSayWhy() {
        let snapshot = ClusterMetadata(response: response())
        #expect(KafkaCluster.noLeaderError(snapshot, topic: "missing", partition: 0).kind == .unknownTopicOrPartition)
        #expect(KafkaCluster.noLeaderError(snapshot, topic: "orders", partition: 9).kind == .unknownTopicOrPartition)
        let noLeader = KafkaCluster.noLeaderError(snapshot, topic: "orders", partition: 1)
        #expect(noLeader.errorCode == .leaderNotAvailable)
        #expect(noLeader.isRetriable)
    }
}

@Suite struct ClusterMetadataCacheTests {
    private func snapshot(topics: [String], error: Bool = false) -> ClusterMetadata {
        var metadata = ClusterMetadata(controllerId: 1, brokers: [:])
        if let address = try? KafkaBrokerAddress(host: "h", port: 1) { metadata.brokers[1] = address }
        for name in topics {
            metadata.topics[name] = TopicMetadata(
                name: name, topicId: .zero, partitions: [0: PartitionMetadata(partition: 0, leader: 1)],
                error: error ? KafkaError(.broker(.unknownTopicOrPartition), "x") : nil)
        }
        return metadata
    }

    @Test func anEmptyCacheAnswersNothing() {
        let cache = MetadataCache()
        #expect(cache.answer(for: ["a"], now: .now, maxAge: .seconds(60)) == nil)
        #expect(cache.answer(for: nil, now: .now, maxAge: .seconds(60)) == nil)
    }

    @Test func storedTopicsAreAnsweredUntilTheyAgeOut() {
        var cache = MetadataCache()
        let now = ContinuousClock.now
        cache.store(snapshot(topics: ["a"]), requested: ["a"], now: now)
        #expect(cache.answer(for: ["a"], now: now + .seconds(1), maxAge: .seconds(60))?.topics["a"] != nil)
        #expect(cache.answer(for: ["a"], now: now + .seconds(61), maxAge: .seconds(60)) == nil)
        #expect(cache.answer(for: ["b"], now: now, maxAge: .seconds(60)) == nil)
        #expect(cache.answer(for: nil, now: now, maxAge: .seconds(60)) == nil)  // never fetched all topics
    }

    @Test func laterRequestsMergeTopicsAndAllTopicsReplacesThem() {
        var cache = MetadataCache()
        let now = ContinuousClock.now
        cache.store(snapshot(topics: ["a"]), requested: ["a"], now: now)
        let merged = cache.store(snapshot(topics: ["b"]), requested: ["b"], now: now)
        #expect(Set(merged.topics.keys) == ["a", "b"])
        let all = cache.store(snapshot(topics: ["c"]), requested: nil, now: now)
        #expect(Set(all.topics.keys) == ["c"])
        #expect(cache.answer(for: nil, now: now, maxAge: .seconds(60)) != nil)
    }

    @Test func invalidationMakesATopicOrEverythingStale() {
        var cache = MetadataCache()
        let now = ContinuousClock.now
        cache.store(snapshot(topics: ["a", "b"]), requested: ["a", "b"], now: now)
        cache.invalidate(topic: "a")
        #expect(cache.answer(for: ["a"], now: now, maxAge: .seconds(60)) == nil)
        #expect(cache.answer(for: ["b"], now: now, maxAge: .seconds(60)) != nil)
        cache.invalidate(topic: nil)
        #expect(cache.answer(for: ["b"], now: now, maxAge: .seconds(60)) == nil)
        #expect(cache.address(of: 1) != nil)  // addresses stay usable for reconnecting
    }

    @Test func topicsWithAnErrorAreNeverAnsweredFromTheCache() {
        var cache = MetadataCache()
        let now = ContinuousClock.now
        cache.store(snapshot(topics: ["gone"], error: true), requested: ["gone"], now: now)
        #expect(cache.answer(for: ["gone"], now: now, maxAge: .seconds(60)) == nil)
    }
}
