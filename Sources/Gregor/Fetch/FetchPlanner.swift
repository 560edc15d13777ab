import GregorProtocol

/// The fetch engine's decisions as a pure value: which partitions to fetch from which leader,
/// from where, and what to do about every answer and error. No I/O, no clock: time comes in as
/// `now`. The engine feeds it inputs (assignments, pause/resume, metadata, Fetch and ListOffsets
/// answers, failures) and performs the `FetchActions` it returns.
///
/// Invariants:
/// - a partition is in at most one Fetch and one ListOffsets request at a time, and each leader
///   has at most one Fetch and one ListOffsets request in flight;
/// - a position only moves forward on data (`lastOffset + 1` of the last complete batch), or is
///   set by an assignment, a seek or a ListOffsets answer;
/// - an answer planned before an assignment or seek of its partition is dropped (`generation`).
public struct FetchPlanner: Sendable {
    /// A partition's public state plus the planner's bookkeeping.
    struct Entry: Sendable {
        var state: FetchPartitionState
        /// The start policy still to resolve with ListOffsets.
        var pendingStart: FetchStartOffset?
        /// The position before an out-of-range reset (reported in the reset event).
        var resetFrom: Int64?
        /// Bumped by every assignment and seek; answers planned under another value are dropped.
        var generation: UInt64
        var retryAt: ContinuousClock.Instant?
        var fetchInFlight = false
        var listOffsetsInFlight = false
        /// Unknown-topic reports in a row.
        var unknownCount = 0
        var failure: KafkaError?
    }

    /// The settings.
    public let configuration: FetchConfiguration
    var entries: [FetchPartitionID: Entry] = [:]
    var nextGeneration: UInt64 = 1
    /// The leaders' fetch connections with a Fetch in flight.
    var fetchLanesInFlight: Set<FetchLane> = []
    var listOffsetsNodesInFlight: Set<Int32> = []
    var metadataWanted = false
    var metadataInFlight = false
    var metadataRetryAt: ContinuousClock.Instant?
    var metadataFailures = 0
    /// Rotates the partition order of successive requests.
    var rotation = 0
    var random: SplitMix64

    /// A planner with no partitions. `seed` fixes the backoff jitter (for tests).
    public init(configuration: FetchConfiguration, seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        self.configuration = configuration
        self.random = SplitMix64(seed: seed)
    }

    // MARK: - Reading state

    /// The state of one partition, `nil` when it is not assigned.
    public func state(of id: FetchPartitionID) -> FetchPartitionState? {
        entries[id].map(Self.snapshot)
    }

    /// The state of every assigned partition, sorted by topic and partition.
    public var states: [FetchPartitionState] {
        entries.keys.sorted().compactMap { entries[$0].map(Self.snapshot) }
    }

    /// The assigned partitions.
    public var assignedPartitions: Set<FetchPartitionID> { Set(entries.keys) }

    static func snapshot(_ entry: Entry) -> FetchPartitionState {
        var state = entry.state
        state.status =
            if entry.failure != nil { .failed }
            else if entry.retryAt != nil { .backingOff }
            else if entry.pendingStart != nil && entry.state.leader != nil { .resolvingOffset }
            else if entry.state.leader == nil { .awaitingLeader }
            else { .fetching }
        state.lastError = entry.failure ?? state.lastError
        return state
    }

    // MARK: - Caller inputs

    /// Starts fetching `id` from `start` (replacing any earlier assignment of it). A partition
    /// whose leader is unknown waits for metadata; a policy start is resolved with ListOffsets.
    public mutating func assign(_ id: FetchPartitionID, from start: FetchStartOffset) {
        var entry = Entry(state: FetchPartitionState(id: id), generation: takeGeneration())
        if let old = entries[id] {
            // Keep what metadata and the last answer told us.
            entry.state.topicId = old.state.topicId
            entry.state.leader = old.state.leader
            entry.state.leaderEpoch = old.state.leaderEpoch
            entry.state.isPaused = old.state.isPaused
        } else if let known = entries.values.first(where: { $0.state.id.topic == id.topic && $0.state.topicId != .zero }) {
            entry.state.topicId = known.state.topicId
        }
        entries[id] = entry
        setStart(id, start)
        if entries[id]?.state.leader == nil { metadataWanted = true }
    }

    /// Stops fetching `id`; an answer in flight for it is dropped.
    public mutating func unassign(_ id: FetchPartitionID) {
        entries[id] = nil
    }

    /// Moves `id` to `start`; clears a failure or backoff. An answer in flight for it is dropped.
    /// Returns false when `id` is not assigned.
    @discardableResult
    public mutating func seek(_ id: FetchPartitionID, to start: FetchStartOffset) -> Bool {
        guard var entry = entries[id] else { return false }
        entry.generation = takeGeneration()
        entry.failure = nil
        entry.retryAt = nil
        entry.fetchInFlight = false
        entry.listOffsetsInFlight = false
        entry.unknownCount = 0
        entry.resetFrom = nil
        entry.state.lastError = nil
        entry.state.retryAttempts = 0
        entries[id] = entry
        setStart(id, start)
        return true
    }

    /// Leaves `id` out of Fetch requests from the next one on (a request in flight still delivers).
    public mutating func pause(_ id: FetchPartitionID) {
        entries[id]?.state.isPaused = true
    }

    /// Puts `id` back into Fetch requests.
    public mutating func resume(_ id: FetchPartitionID) {
        entries[id]?.state.isPaused = false
    }

    /// Asks for a metadata refresh at the next opportunity (for example after a connection failure).
    public mutating func requestMetadataRefresh() {
        metadataWanted = true
    }

    private mutating func setStart(_ id: FetchPartitionID, _ start: FetchStartOffset) {
        switch start {
        case .offset(let offset):
            entries[id]?.state.position = max(offset, 0)
            entries[id]?.pendingStart = nil
        default:
            entries[id]?.state.position = nil
            entries[id]?.pendingStart = start
        }
    }

    mutating func takeGeneration() -> UInt64 {
        defer { nextGeneration &+= 1 }
        return nextGeneration
    }

    // MARK: - Errors and backoff (shared by the input handlers)

    /// The backoff delay after `attempts` failures in a row.
    mutating func backoffDelay(attempts: Int) -> Duration {
        let unit = Double(random.next() >> 11) / Double(1 << 53)
        return configuration.retryBackoff.delay(attempt: max(attempts - 1, 0), random: unit)
    }

    /// Puts `id` into backoff after a retriable `error`; `forgetLeader` when the leader is stale.
    mutating func backOff(_ id: FetchPartitionID, error: KafkaError, forgetLeader: Bool, now: ContinuousClock.Instant) {
        guard var entry = entries[id] else { return }
        entry.state.retryAttempts += 1
        entry.state.lastError = error
        entry.retryAt = now.advanced(by: backoffDelay(attempts: entry.state.retryAttempts))
        if forgetLeader { entry.state.leader = nil }
        entries[id] = entry
        metadataWanted = true
    }

    /// Stops `id` with a non-retriable `error`.
    mutating func fail(_ id: FetchPartitionID, error: KafkaError) -> FetchEvent? {
        guard entries[id] != nil else { return nil }
        entries[id]?.failure = error
        entries[id]?.state.lastError = error
        entries[id]?.retryAt = nil
        return .partitionFailed(id, error)
    }

    /// Counts an unknown-topic report; fails `id` past the limit, else backs off.
    mutating func unknownTopic(_ id: FetchPartitionID, error: KafkaError, now: ContinuousClock.Instant) -> FetchEvent? {
        guard entries[id] != nil else { return nil }
        entries[id]?.unknownCount += 1
        if (entries[id]?.unknownCount ?? 0) > configuration.unknownTopicRetryLimit {
            let final = KafkaError(
                .unknownTopicOrPartition, "\(id) is unknown to the cluster (\(error.message))",
                topic: id.topic, partition: id.partition)
            return fail(id, error: final)
        }
        backOff(id, error: error, forgetLeader: true, now: now)
        return nil
    }

    /// Applies a partition-level error code from a Fetch or ListOffsets answer.
    mutating func apply(errorCode: KafkaErrorCode, to id: FetchPartitionID, broker: Int32, now: ContinuousClock.Instant) -> FetchEvent? {
        let error = KafkaError(.broker(errorCode), errorCode.message, broker: "node \(broker)", topic: id.topic, partition: id.partition)
        switch errorCode.code {
        case KafkaErrorCode.unknownTopicOrPartition.code, KafkaErrorCode.unknownTopicId.code:
            return unknownTopic(id, error: error, now: now)
        case KafkaErrorCode.notLeaderOrFollower.code, KafkaErrorCode.leaderNotAvailable.code,
            KafkaErrorCode.fencedLeaderEpoch.code, KafkaErrorCode.replicaNotAvailable.code,
            KafkaErrorCode.kafkaStorageError.code, KafkaErrorCode.inconsistentTopicId.code:
            // The leader (or our view of it) is stale: wait for fresh metadata and a backoff.
            backOff(id, error: error, forgetLeader: true, now: now)
            return nil
        default:
            if errorCode.isRetriable || errorCode.code == KafkaErrorCode.unknownLeaderEpoch.code {
                backOff(id, error: error, forgetLeader: false, now: now)
                return nil
            }
            return fail(id, error: error)
        }
    }
}

/// One of a leader's fetch connections (`FetchConfiguration.connectionsPerBroker`).
struct FetchLane: Hashable {
    var node: Int32
    var lane: Int

    /// The connection that fetches `partition` from `node`: partitions are dealt out by index.
    init(node: Int32, partition: FetchPartitionID, lanes: Int) {
        self.node = node
        lane = Int(UInt32(bitPattern: partition.partition)) % Swift.max(1, lanes)
    }

    init(node: Int32, lane: Int) {
        self.node = node
        self.lane = lane
    }

    init(_ plan: FetchRequestPlan) {
        node = plan.nodeId
        lane = plan.lane
    }
}
