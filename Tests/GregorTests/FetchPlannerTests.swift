import Gregor
import NIOCore
import Testing

/// The fetch planner, driven by hand: no sockets, no clock.
@Suite struct FetchPlannerTests {
    typealias F = FetchFixtures
    let t0 = FetchFixtures.t0

    @Test func unknownLeaderAsksForMetadataBeforeFetching() {
        var planner = FetchPlanner(configuration: F.configuration(), seed: 1)
        planner.assign(F.id("a", 0), from: .offset(5))
        let actions = planner.nextActions(now: t0)
        #expect(actions.refreshMetadata == ["a"])
        #expect(actions.fetches.isEmpty)
        #expect(planner.state(of: F.id("a", 0))?.status == .awaitingLeader)
        // A second call does not ask again while the refresh is in flight.
        #expect(planner.nextActions(now: t0).refreshMetadata == nil)
    }

    @Test func seededMetadataAnswersTheAssignmentsRefreshUnlessALeaderIsStillUnknown() {
        var planner = FetchPlanner(configuration: F.configuration(), seed: 1)
        planner.assign(F.id("a", 0), from: .offset(5))
        planner.assign(F.id("a", 1), from: .offset(5))
        _ = planner.seedMetadata(F.metadata([F.id("a", 0): 1, F.id("a", 1): 2]), now: t0)
        let actions = planner.nextActions(now: t0)
        #expect(actions.refreshMetadata == nil)
        #expect(actions.fetches.map(\.nodeId) == [1, 2])

        var partial = FetchPlanner(configuration: F.configuration(), seed: 1)
        partial.assign(F.id("a", 0), from: .offset(5))
        partial.assign(F.id("b", 0), from: .offset(5))
        _ = partial.seedMetadata(F.metadata([F.id("a", 0): 1]), now: t0)
        let first = partial.nextActions(now: t0)
        #expect(first.fetches.map(\.nodeId) == [1])
        #expect(first.refreshMetadata == nil)  // after the retry backoff, not at once
        #expect(partial.nextActions(now: t0 + .seconds(5)).refreshMetadata == ["a", "b"])
    }

    @Test func partitionsAreGroupedByLeaderWithPositionAndEpoch() {
        var planner = FetchPlanner(configuration: F.configuration(), seed: 1)
        planner.assign(F.id("a", 0), from: .offset(5))
        planner.assign(F.id("a", 1), from: .offset(7))
        planner.assign(F.id("b", 0), from: .offset(9))
        _ = planner.nextActions(now: t0)
        _ = planner.applyMetadata(F.metadata([F.id("a", 0): 1, F.id("a", 1): 2, F.id("b", 0): 1], epoch: 4), now: t0)
        let fetches = planner.nextActions(now: t0).fetches
        #expect(fetches.map(\.nodeId) == [1, 2])
        let node1 = Dictionary(uniqueKeysWithValues: fetches[0].entries.map { ($0.id, $0.fetchOffset) })
        #expect(node1 == [F.id("a", 0): 5, F.id("b", 0): 9])
        #expect(fetches[1].entries.map(\.id) == [F.id("a", 1)])
        #expect(fetches[1].entries[0].fetchOffset == 7)
        #expect(fetches[1].entries[0].leaderEpoch == 4)
    }

    @Test func oneFetchPerLeaderIsInFlightAtATime() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1])
        let first = planner.nextActions(now: t0).fetches
        #expect(first.count == 1)
        #expect(planner.nextActions(now: t0).fetches.isEmpty)
        let outcome = planner.receive(F.response(["t": [F.partitionData(0)]]), for: first[0], version: 12, now: t0)
        #expect(planner.nextActions(now: t0).fetches.isEmpty)  // not completed yet
        _ = planner.complete(first[0], deliveries: outcome.deliveries, now: t0)
        #expect(planner.nextActions(now: t0).fetches.count == 1)
    }

    @Test func withTwoConnectionsPerBrokerALeadersPartitionsSplitIntoTwoRequestsEachInFlightOnItsOwn() throws {
        var configuration = F.configuration()
        configuration.connectionsPerBroker = 2
        let ids = (0..<4).map { F.id("t", Int32($0)) } + [F.id("u", 1)]
        var leaders: [FetchPartitionID: Int32] = [F.id("v", 0): 2]
        for id in ids { leaders[id] = 1 }
        var planner = F.readyPlanner(leaders, configuration: configuration)
        let first = planner.nextActions(now: t0).fetches
        // Node 1: even partitions on lane 0, odd on lane 1; node 2's one partition on lane 0.
        #expect(first.map { "\($0.nodeId)/\($0.lane)" } == ["1/0", "1/1", "2/0"])
        #expect(Set(first[0].entries.map(\.id)) == [F.id("t", 0), F.id("t", 2)])
        #expect(Set(first[1].entries.map(\.id)) == [F.id("t", 1), F.id("t", 3), F.id("u", 1)])
        #expect(planner.nextActions(now: t0).fetches.isEmpty)
        // Completing lane 1 frees lane 1 only.
        let outcome = planner.receive(
            F.response(["t": [F.partitionData(1), F.partitionData(3)], "u": [F.partitionData(1)]]), for: first[1], version: 12, now: t0)
        _ = planner.complete(first[1], deliveries: outcome.deliveries, now: t0)
        let next = planner.nextActions(now: t0).fetches
        #expect(next.map { "\($0.nodeId)/\($0.lane)" } == ["1/1"])
        // A failed request frees its lane too.
        planner.fetchFailed(first[0], error: KafkaError(.timedOut, "test"), now: t0)
        #expect(!planner.nextActions(now: t0 + .seconds(5)).fetches.filter { $0.nodeId == 1 && $0.lane == 0 }.isEmpty)
    }

    @Test func pausedPartitionsAreLeftOutUntilResumed() {
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1])
        planner.pause(F.id("t", 1))
        let plan = planner.nextActions(now: t0).fetches
        #expect(plan.count == 1)
        #expect(plan[0].entries.map(\.id) == [F.id("t", 0)])
        #expect(planner.state(of: F.id("t", 1))?.isPaused == true)
        _ = planner.complete(plan[0], deliveries: [], now: t0)
        planner.resume(F.id("t", 1))
        let next = planner.nextActions(now: t0).fetches
        #expect(Set(next[0].entries.map(\.id)) == [F.id("t", 0), F.id("t", 1)])
    }

    @Test func allPausedMeansNoRequest() {
        var planner = F.readyPlanner([F.id("t", 0): 1])
        planner.pause(F.id("t", 0))
        #expect(planner.nextActions(now: t0).fetches.isEmpty)
    }

    @Test func decodedRecordsAdvanceThePositionAndWatermarks() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let records = try F.batch(baseOffset: 0, count: 3)
        let response = F.response(["t": [F.partitionData(0, records: records, highWatermark: 10, lastStableOffset: 9, logStartOffset: 0)]])
        var outcome = planner.receive(response, for: plan, version: 12, now: t0)
        #expect(outcome.deliveries.count == 1)
        let decoded = try F.decodeAll(&outcome.deliveries[0])
        #expect(decoded.offsets == [0, 1, 2])
        #expect(decoded.values == ["v0", "v1", "v2"])
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0 + .seconds(1))
        let state = try #require(planner.state(of: F.id("t", 0)))
        #expect(state.position == 3)
        #expect(state.highWatermark == 10)
        #expect(state.lastStableOffset == 9)
        #expect(state.logStartOffset == 0)
        #expect(state.lastFetchTime == t0 + .seconds(1))
        #expect(state.lag(isolation: .readUncommitted) == 7)
        #expect(planner.nextActions(now: t0).fetches[0].entries[0].fetchOffset == 3)
    }

    @Test func undecodedRecordsKeepThePositionButUpdateWatermarks() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let response = F.response(["t": [F.partitionData(0, records: try F.batch(baseOffset: 0, count: 3), highWatermark: 3)]])
        let outcome = planner.receive(response, for: plan, version: 12, now: t0)
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        #expect(planner.state(of: F.id("t", 0))?.position == 0)
        #expect(planner.state(of: F.id("t", 0))?.highWatermark == 3)
    }

    @Test func aControlBatchAdvancesThePositionWithoutRecords() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let records = F.concat(try F.batch(baseOffset: 0, count: 2, producerId: 7, transactional: true),
                               try F.marker(.commit, offset: 2, producerId: 7))
        var outcome = planner.receive(F.response(["t": [F.partitionData(0, records: records, highWatermark: 3)]]), for: plan, version: 12, now: t0)
        let decoded = try F.decodeAll(&outcome.deliveries[0])
        #expect(decoded.offsets == [0, 1])
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        #expect(planner.state(of: F.id("t", 0))?.position == 3)
    }

    @Test func recordsBeforeTheFetchOffsetAreSkipped() throws {
        var planner = FetchPlanner(configuration: F.configuration(), seed: 1)
        planner.assign(F.id(), from: .offset(2))
        _ = planner.nextActions(now: t0)
        _ = planner.applyMetadata(F.metadata([F.id(): 1]), now: t0)
        let plan = planner.nextActions(now: t0).fetches[0]
        // A compressed batch comes back whole although the fetch asked from its middle.
        let records = try F.batch(baseOffset: 0, count: 5, compression: .gzip)
        var outcome = planner.receive(F.response(["t": [F.partitionData(0, records: records, highWatermark: 5)]]), for: plan, version: 12, now: t0)
        let decoded = try F.decodeAll(&outcome.deliveries[0])
        #expect(decoded.offsets == [2, 3, 4])
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        #expect(planner.state(of: F.id())?.position == 5)
    }

    @Test func aTrailingPartialBatchIsFetchedAgain() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let second = try F.batch(baseOffset: 2, count: 2)
        let records = F.concat(try F.batch(baseOffset: 0, count: 2), second.getSlice(at: 0, length: second.readableBytes - 5)!)
        var outcome = planner.receive(F.response(["t": [F.partitionData(0, records: records, highWatermark: 4)]]), for: plan, version: 12, now: t0)
        #expect(try F.decodeAll(&outcome.deliveries[0]).offsets == [0, 1])
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        #expect(planner.state(of: F.id())?.position == 2)
    }

    @Test func aCorruptBatchFailsThePartition() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        var records = try F.batch(baseOffset: 0, count: 2)
        let last = records.writerIndex - 1
        records.setInteger(records.getInteger(at: last, as: UInt8.self)! ^ 0xFF, at: last)
        var outcome = planner.receive(F.response(["t": [F.partitionData(0, records: records, highWatermark: 2)]]), for: plan, version: 12, now: t0)
        #expect(throws: KafkaDecodingError.self) { try F.decodeAll(&outcome.deliveries[0]) }
        let events = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        guard case .partitionFailed(let id, let error)? = events.first, case .decoding = error.kind else {
            Issue.record("expected a decoding failure, got \(events)")
            return
        }
        #expect(id == F.id())
        #expect(planner.state(of: F.id())?.status == .failed)
        #expect(planner.state(of: F.id())?.position == 0)
        #expect(planner.nextActions(now: t0).fetches.isEmpty)
    }

    @Test func outOfRangeWithEarliestPolicyResetsThroughListOffsets() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let outcome = planner.receive(F.response(["t": [F.partitionData(0, error: .offsetOutOfRange, highWatermark: -1)]]), for: plan, version: 12, now: t0)
        #expect(outcome.deliveries.isEmpty)
        _ = planner.complete(plan, deliveries: [], now: t0)
        #expect(planner.state(of: F.id())?.position == nil)
        #expect(planner.state(of: F.id())?.status == .resolvingOffset)
        let actions = planner.nextActions(now: t0)
        #expect(actions.fetches.isEmpty)
        let lookup = try #require(actions.listOffsets.first)
        #expect(lookup.nodeId == 1)
        #expect(lookup.entries.map(\.timestamp) == [-2])
        let events = planner.receive(F.listOffsets("t", 0, offset: 40), for: lookup, now: t0)
        guard case .positionReset(let id, let from, let to)? = events.first else {
            Issue.record("expected a reset event, got \(events)")
            return
        }
        #expect(id == F.id() && from == 0 && to == 40)
        #expect(planner.nextActions(now: t0).fetches.first?.entries.first?.fetchOffset == 40)
    }

    @Test func outOfRangeWithLatestPolicyAsksForTheEnd() throws {
        var planner = F.readyPlanner([F.id(): 1], configuration: F.configuration { $0.offsetResetPolicy = .latest })
        let plan = planner.nextActions(now: t0).fetches[0]
        _ = planner.receive(F.response(["t": [F.partitionData(0, error: .offsetOutOfRange)]]), for: plan, version: 12, now: t0)
        _ = planner.complete(plan, deliveries: [], now: t0)
        #expect(planner.nextActions(now: t0).listOffsets.first?.entries.map(\.timestamp) == [-1])
    }

    @Test func outOfRangeWithFailPolicyStopsThePartitionUntilASeek() throws {
        var planner = F.readyPlanner([F.id(): 1], configuration: F.configuration { $0.offsetResetPolicy = .fail })
        let plan = planner.nextActions(now: t0).fetches[0]
        let outcome = planner.receive(F.response(["t": [F.partitionData(0, error: .offsetOutOfRange)]]), for: plan, version: 12, now: t0)
        guard case .partitionFailed(_, let error)? = outcome.events.first else {
            Issue.record("expected a failure event")
            return
        }
        #expect(error.errorCode == .offsetOutOfRange)
        _ = planner.complete(plan, deliveries: [], now: t0)
        #expect(planner.state(of: F.id())?.status == .failed)
        #expect(planner.nextActions(now: t0).fetches.isEmpty)
        let revived = planner.seek(F.id(), to: .offset(11))
        #expect(revived)
        #expect(planner.nextActions(now: t0).fetches.first?.entries.first?.fetchOffset == 11)
    }

    @Test func notLeaderBacksOffRefreshesMetadataAndFollowsTheNewLeader() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let outcome = planner.receive(F.response(["t": [F.partitionData(0, error: .notLeaderOrFollower)]]), for: plan, version: 12, now: t0)
        #expect(outcome.retried == [F.id(): .notLeaderOrFollower])  // the engine logs these
        #expect(outcome.events.isEmpty)
        _ = planner.complete(plan, deliveries: [], now: t0)
        let state = try #require(planner.state(of: F.id()))
        #expect(state.status == .backingOff)
        #expect(state.leader == nil)
        #expect(state.lastError?.errorCode == .notLeaderOrFollower)
        let actions = planner.nextActions(now: t0)
        #expect(actions.refreshMetadata == ["t"])
        #expect(actions.fetches.isEmpty)
        #expect(actions.wakeUp == t0 + .milliseconds(100))
        _ = planner.applyMetadata(F.metadata([F.id(): 2], epoch: 1), now: t0)
        #expect(planner.nextActions(now: t0 + .milliseconds(50)).fetches.isEmpty)
        let retry = planner.nextActions(now: t0 + .milliseconds(100)).fetches
        #expect(retry.map(\.nodeId) == [2])
        #expect(retry.first?.entries.first?.fetchOffset == 0)
        #expect(retry.first?.entries.first?.leaderEpoch == 1)
    }

    @Test func backoffGrowsWithRepeatedErrors() throws {
        var planner = F.readyPlanner([F.id(): 1])
        var now = t0
        var delays: [Duration] = []
        for _ in 0..<3 {
            _ = planner.applyMetadata(F.metadata([F.id(): 1]), now: now)
            let plan = try #require(planner.nextActions(now: now).fetches.first)
            _ = planner.receive(F.response(["t": [F.partitionData(0, error: .kafkaStorageError)]]), for: plan, version: 12, now: now)
            _ = planner.complete(plan, deliveries: [], now: now)
            let wake = try #require(planner.nextActions(now: now).wakeUp)
            delays.append(now.duration(to: wake))
            now = wake
        }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
    }

    @Test func unknownTopicIsRetriedABoundedNumberOfTimes() throws {
        var planner = F.readyPlanner([F.id(): 1], configuration: F.configuration { $0.unknownTopicRetryLimit = 2 })
        var now = t0
        var failure: KafkaError?
        for _ in 0..<3 {
            _ = planner.applyMetadata(F.metadata([F.id(): 1]), now: now)
            let plan = try #require(planner.nextActions(now: now).fetches.first)
            let outcome = planner.receive(F.response(["t": [F.partitionData(0, error: .unknownTopicOrPartition)]]), for: plan, version: 12, now: now)
            _ = planner.complete(plan, deliveries: [], now: now)
            if case .partitionFailed(_, let error)? = outcome.events.first { failure = error }
            now = now + .seconds(5)
        }
        #expect(failure?.kind == .unknownTopicOrPartition)
        #expect(planner.state(of: F.id())?.status == .failed)
    }

    @Test func aPartitionMissingFromMetadataCountsAsUnknown() throws {
        var planner = FetchPlanner(configuration: F.configuration { $0.unknownTopicRetryLimit = 1 }, seed: 1)
        planner.assign(F.id("gone", 0), from: .offset(0))
        _ = planner.nextActions(now: t0)
        #expect(planner.applyMetadata(F.metadata([:]), now: t0).isEmpty)
        let events = planner.applyMetadata(F.metadata([:]), now: t0 + .seconds(1))
        guard case .partitionFailed(let id, let error)? = events.first else {
            Issue.record("expected a failure, got \(events)")
            return
        }
        #expect(id == F.id("gone", 0))
        #expect(error.kind == .unknownTopicOrPartition)
    }

    @Test func aNonRetriableErrorFailsOnlyThatPartition() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let outcome = planner.receive(F.response(["t": [
            F.partitionData(0, error: .topicAuthorizationFailed), F.partitionData(1, highWatermark: 0),
        ]]), for: plan, version: 12, now: t0)
        #expect(outcome.events.count == 1)
        #expect(outcome.deliveries.map(\.partition) == [F.id("t", 1)])
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        #expect(planner.state(of: F.id("t", 0))?.status == .failed)
        #expect(planner.state(of: F.id("t", 0))?.lastError?.errorCode == .topicAuthorizationFailed)
        #expect(planner.nextActions(now: t0).fetches.first?.entries.map(\.id) == [F.id("t", 1)])
    }

    @Test func aFailedRequestBacksOffItsPartitionsAndRefreshesMetadata() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        planner.fetchFailed(plan, error: KafkaError(.connectionClosed, "gone"), now: t0)
        let actions = planner.nextActions(now: t0)
        #expect(actions.fetches.isEmpty)
        #expect(actions.refreshMetadata == ["t"])
        #expect(planner.state(of: F.id())?.status == .backingOff)
        #expect(planner.nextActions(now: t0 + .milliseconds(100)).fetches.first?.entries.first?.fetchOffset == 0)
    }

    @Test func anAnswerPlannedBeforeASeekIsDropped() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        planner.seek(F.id(), to: .offset(100))
        let outcome = planner.receive(F.response(["t": [F.partitionData(0, records: try F.batch(baseOffset: 0, count: 2), highWatermark: 2)]]), for: plan, version: 12, now: t0)
        #expect(outcome.deliveries.isEmpty)
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        #expect(planner.state(of: F.id())?.position == 100)
        #expect(planner.nextActions(now: t0).fetches.first?.entries.first?.fetchOffset == 100)
    }

    @Test func anAnswerForAnUnassignedPartitionIsDropped() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        planner.unassign(F.id())
        let outcome = planner.receive(F.response(["t": [F.partitionData(0, records: try F.batch(baseOffset: 0, count: 2))]]), for: plan, version: 12, now: t0)
        #expect(outcome.deliveries.isEmpty)
        #expect(planner.state(of: F.id()) == nil)
    }

    @Test func aPartitionIsNotFetchedFromANewLeaderWhileItsOldRequestIsInFlight() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        _ = planner.applyMetadata(F.metadata([F.id(): 2]), now: t0)
        #expect(planner.nextActions(now: t0).fetches.isEmpty)
        let outcome = planner.receive(F.response(["t": [F.partitionData(0, records: try F.batch(baseOffset: 0, count: 2), highWatermark: 2)]]), for: plan, version: 12, now: t0)
        var delivery = outcome.deliveries
        _ = try F.decodeAll(&delivery[0])
        _ = planner.complete(plan, deliveries: delivery, now: t0)
        let next = planner.nextActions(now: t0).fetches
        #expect(next.map(\.nodeId) == [2])
        #expect(next.first?.entries.first?.fetchOffset == 2)
    }

    @Test func startPoliciesAreResolvedWithListOffsets() throws {
        var planner = FetchPlanner(configuration: F.configuration { $0.isolationLevel = .readCommitted }, seed: 1)
        planner.assign(F.id("t", 0), from: .earliest)
        planner.assign(F.id("t", 1), from: .latest)
        planner.assign(F.id("t", 2), from: .timestamp(1_234))
        _ = planner.nextActions(now: t0)
        _ = planner.applyMetadata(F.metadata([F.id("t", 0): 1, F.id("t", 1): 1, F.id("t", 2): 1]), now: t0)
        let lookup = try #require(planner.nextActions(now: t0).listOffsets.first)
        #expect(lookup.entries.map(\.timestamp) == [-2, -1, 1_234])
        let request = lookup.makeRequest()
        #expect(request.isolationLevel == 1)
        #expect(request.replicaId == -1)
        #expect(request.topics.first?.partitions.map(\.timestamp) == [-2, -1, 1_234])
        let response = ListOffsetsResponse(topics: [.init(name: "t", partitions: [
            .init(partitionIndex: 0, offset: 3), .init(partitionIndex: 1, offset: 8), .init(partitionIndex: 2, offset: -1),
        ])])
        let events = planner.receive(response, for: lookup, now: t0)
        #expect(events.count == 2)
        #expect(planner.state(of: F.id("t", 0))?.position == 3)
        #expect(planner.state(of: F.id("t", 1))?.position == 8)
        // No record at or after the timestamp: the partition starts at the end instead.
        #expect(planner.state(of: F.id("t", 2))?.position == nil)
        let actions = planner.nextActions(now: t0)
        #expect(actions.listOffsets.first?.entries.map(\.timestamp) == [-1])
        #expect(Set(actions.fetches.first?.entries.map(\.id) ?? []) == [F.id("t", 0), F.id("t", 1)])
    }

    @Test func topicIdsAreUsedFromFetchV13() throws {
        let topicId = KafkaUUID(high: 1, low: 2)
        var planner = FetchPlanner(configuration: F.configuration(), seed: 1)
        planner.assign(F.id("t", 0), from: .offset(4))
        planner.assign(F.id("u", 0), from: .offset(0))
        _ = planner.nextActions(now: t0)
        _ = planner.applyMetadata(F.metadata([F.id("t", 0): 1], topicIds: ["t": topicId]), now: t0)
        let plan = try #require(planner.nextActions(now: t0).fetches.first)
        #expect(plan.version(negotiated: 17) == 17)
        #expect(plan.version(negotiated: 11) == 11)
        let request = plan.makeRequest(version: 17)
        #expect(request.topics.first?.topicId == topicId)
        #expect(request.topics.first?.topic == "")
        #expect(plan.makeRequest(version: 12).topics.first?.topic == "t")
        let response = FetchResponse(responses: [.init(topicId: topicId, partitions: [F.partitionData(0, records: try F.batch(baseOffset: 4, count: 1), highWatermark: 5)])])
        let outcome = planner.receive(response, for: plan, version: 17, now: t0)
        #expect(outcome.deliveries.map(\.partition) == [F.id("t", 0)])
    }

    @Test func aTopicWithoutIdKeepsThePlanAtV12() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = try #require(planner.nextActions(now: t0).fetches.first)
        #expect(plan.version(negotiated: 17) == 12)
    }

    @Test func theRequestIsAFullSessionlessFetchWithTheConfiguredLimits() throws {
        let configuration = F.configuration {
            $0.maxWait = .milliseconds(250)
            $0.minBytes = 10
            $0.maxBytes = 1_000_000
            $0.partitionMaxBytes = 4_096
            $0.isolationLevel = .readCommitted
        }
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1], configuration: configuration)
        let plan = try #require(planner.nextActions(now: t0).fetches.first)
        for version in [Int16(4), 7, 11, 12] {
            let request = plan.makeRequest(version: version)
            #expect(request.sessionId == 0)
            #expect(request.sessionEpoch == -1)
            #expect(request.maxWaitMs == 250)
            #expect(request.minBytes == 10)
            #expect(request.maxBytes == 1_000_000)
            #expect(request.isolationLevel == 1)
            #expect(request.replicaId == -1)
            #expect(request.topics.count == 1)
            #expect(request.topics.first?.partitions.allSatisfy { $0.partitionMaxBytes == 4_096 } == true)
            var buffer = ByteBuffer()
            try request.encode(into: &buffer, version: version)
            let decoded = try FetchRequest(from: &buffer, version: version)
            #expect(decoded.topics.first?.partitions.map(\.fetchOffset) == request.topics.first?.partitions.map(\.fetchOffset))
        }
    }

    @Test func partitionOrderRotatesBetweenRequests() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1, F.id("t", 2): 1])
        var firsts: Set<FetchPartitionID> = []
        for _ in 0..<3 {
            let plan = try #require(planner.nextActions(now: t0).fetches.first)
            firsts.insert(plan.entries[0].id)
            _ = planner.complete(plan, deliveries: [], now: t0)
        }
        #expect(firsts.count == 3)
    }

    @Test func readCommittedFiltersAbortedTransactionsWithTheAnswersList() throws {
        // No test broker returns the aborted-transaction list (brokers.md), so the answer is built here.
        var planner = F.readyPlanner([F.id(): 1], configuration: F.configuration { $0.isolationLevel = .readCommitted })
        let plan = planner.nextActions(now: t0).fetches[0]
        let records = F.concat(
            try F.batch(baseOffset: 0, count: 2, producerId: 7, transactional: true),  // aborted below
            try F.batch(baseOffset: 2, count: 2, producerId: 8, transactional: true),  // committed
            try F.marker(.abort, offset: 4, producerId: 7),
            try F.marker(.commit, offset: 5, producerId: 8),
            try F.batch(baseOffset: 6, count: 1))
        let response = F.response(["t": [F.partitionData(
            0, records: records, highWatermark: 7, lastStableOffset: 7,
            aborted: [FetchResponse.AbortedTransaction(producerId: 7, firstOffset: 0)])]])
        var outcome = planner.receive(response, for: plan, version: 12, now: t0)
        #expect(outcome.deliveries[0].options.abortedTransactions == [AbortedTransaction(producerId: 7, firstOffset: 0)])
        let decoded = try F.decodeAll(&outcome.deliveries[0])
        #expect(decoded.offsets == [2, 3, 6])
        _ = planner.complete(plan, deliveries: outcome.deliveries, now: t0)
        #expect(planner.state(of: F.id())?.position == 7)
    }

    @Test func readUncommittedDeliversAbortedRecords() throws {
        var planner = F.readyPlanner([F.id(): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        let records = F.concat(try F.batch(baseOffset: 0, count: 2, producerId: 7, transactional: true), try F.marker(.abort, offset: 2, producerId: 7))
        let response = F.response(["t": [F.partitionData(0, records: records, highWatermark: 3, aborted: [.init(producerId: 7, firstOffset: 0)])]])
        var outcome = planner.receive(response, for: plan, version: 12, now: t0)
        #expect(outcome.deliveries[0].options.abortedTransactions == nil)
        #expect(try F.decodeAll(&outcome.deliveries[0]).offsets == [0, 1])
    }

    @Test func aTopLevelErrorAppliesToEveryPartition() throws {
        var planner = F.readyPlanner([F.id("t", 0): 1, F.id("t", 1): 1])
        let plan = planner.nextActions(now: t0).fetches[0]
        var response = F.response([:])
        response.errorCode = KafkaErrorCode.notLeaderOrFollower.code
        _ = planner.receive(response, for: plan, version: 12, now: t0)
        _ = planner.complete(plan, deliveries: [], now: t0)
        #expect(planner.states.allSatisfy { $0.status == .backingOff })
    }

    @Test func configurationValidationNamesTheSetting() {
        var configuration = FetchConfiguration()
        configuration.maxWait = .zero
        #expect(throws: KafkaError.self) { try configuration.validate() }
        configuration = FetchConfiguration()
        configuration.partitionMaxBytes = 0
        do {
            try configuration.validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("partitionMaxBytes"))
        }
        for connections in [0, FetchConfiguration.maximumConnectionsPerBroker + 1] {
            configuration = FetchConfiguration()
            configuration.connectionsPerBroker = connections
            do {
                try configuration.validate()
                Issue.record("expected an error for \(connections) connections per broker")
            } catch {
                #expect(error.message.contains("connectionsPerBroker"))
            }
        }
        configuration.connectionsPerBroker = FetchConfiguration.maximumConnectionsPerBroker
        #expect(throws: Never.self) { try configuration.validate() }
    }
}
