import Logging
import Metrics

/// Fetches many partitions from their leaders and hands the records to a `FetchHandler`: the
/// shared engine under Stream and Tables.
///
/// One Fetch long-poll at a time per leader (so leaders are fetched concurrently), full fetches
/// without sessions, positions tracked per partition. What to fetch and how to react to errors
/// is decided by a `FetchPlanner`; the engine only performs its actions.
///
/// ```swift
/// let engine = FetchEngine(cluster: cluster, configuration: FetchConfiguration(), handler: myHandler)
/// await engine.assign([FetchPartitionID(topic: "events", partition: 0): .earliest])
/// let task = Task { await engine.run() }
/// ...
/// await engine.stop()   // run() returns
/// ```
public actor FetchEngine {
    nonisolated let transport: any FetchTransport
    nonisolated let handler: any FetchHandler
    nonisolated let logger: Logger
    /// The settings.
    public nonisolated let configuration: FetchConfiguration
    var planner: FetchPlanner
    var isStopped = false
    var isRunning = false
    var wakePending = true
    /// The generation of the last `setPaused` applied.
    var pauseGeneration: UInt64 = 0
    var waiter: CheckedContinuation<Void, Never>?
    var timer: Task<Void, Never>?
    nonisolated let recordsIn = Counter(label: "gregor_records_in_total")
    nonisolated let fetchesSent = Counter(label: "gregor_fetch_requests_total")

    /// An engine over `transport`. `configuration` is validated by `run()`.
    public init(
        transport: any FetchTransport, configuration: FetchConfiguration = FetchConfiguration(), handler: any FetchHandler,
        logger: Logger = Logger(label: "gregor.fetch")
    ) {
        self.transport = transport
        self.handler = handler
        self.logger = logger
        self.configuration = configuration
        self.planner = FetchPlanner(configuration: configuration)
    }

    // MARK: - Assignment, pause, seek (take effect on the next request)

    /// Starts fetching each partition from its start (replacing earlier assignments of them).
    public func assign(_ partitions: [FetchPartitionID: FetchStartOffset]) {
        for (id, start) in partitions { planner.assign(id, from: start) }
        wake()
    }

    /// Takes metadata the caller has just read, as if the engine had refreshed it: assigned
    /// partitions get their leaders and topic ids without another Metadata request (a partition
    /// it does not list counts as unknown, as after a refresh). Events go to the handler.
    public func applyMetadata(_ metadata: FetchMetadataSnapshot) async {
        let events = planner.seedMetadata(metadata, now: .now)
        wake()
        for event in events { await handler.handle(event) }
    }

    /// Stops fetching these partitions; records of a request in flight for them are dropped.
    public func unassign(_ partitions: some Sequence<FetchPartitionID>) {
        for id in partitions { planner.unassign(id) }
        wake()
    }

    /// Moves a partition to `start` (and revives it when failed). Returns false when unassigned.
    @discardableResult
    public func seek(_ id: FetchPartitionID, to start: FetchStartOffset) -> Bool {
        defer { wake() }
        return planner.seek(id, to: start)
    }

    /// Leaves these partitions out of the next Fetch requests.
    public func pause(_ partitions: some Sequence<FetchPartitionID>) {
        for id in partitions { planner.pause(id) }
    }

    /// Puts these partitions back into Fetch requests.
    public func resume(_ partitions: some Sequence<FetchPartitionID>) {
        for id in partitions { planner.resume(id) }
        wake()
    }

    /// Makes exactly `paused` left out of Fetch requests and every other assigned partition
    /// fetched, unless a call with a higher `generation` came first: callers that decide pauses
    /// concurrently (under their own lock) may reach the engine out of order, and the generation
    /// keeps the latest decision.
    public func setPaused(_ paused: Set<FetchPartitionID>, generation: UInt64) {
        guard generation > pauseGeneration else { return }
        pauseGeneration = generation
        for id in planner.assignedPartitions {
            if paused.contains(id) { planner.pause(id) } else { planner.resume(id) }
        }
        wake()
    }

    /// One partition's state (position, watermarks, leader, status), `nil` when unassigned.
    public func state(of id: FetchPartitionID) -> FetchPartitionState? {
        planner.state(of: id)
    }

    /// Every assigned partition's state, sorted by topic and partition.
    public var states: [FetchPartitionState] {
        planner.states
    }

    // MARK: - Lifecycle

    /// Runs the fetch loops until `stop()` is called or the calling task is cancelled; then waits
    /// for requests in flight to end and returns. Records are delivered only while running.
    /// Throws `KafkaError` `.invalidConfiguration` for bad settings, `.shutDown` when called after
    /// `stop()` or while already running.
    public func run() async throws {
        try planner.configuration.validate()
        guard !isStopped, !isRunning else { throw KafkaError(.shutDown, "the fetch engine is stopped or already running") }
        isRunning = true
        defer {
            isRunning = false
            timer?.cancel()
            timer = nil
        }
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                while !isStopped && !Task.isCancelled {
                    let actions = planner.nextActions(now: .now)
                    if let topics = actions.refreshMetadata {
                        group.addTask { await self.refreshMetadata(topics: topics) }
                    }
                    for plan in actions.listOffsets {
                        group.addTask { await self.performListOffsets(plan) }
                        // A ListOffsets comes before a partition's first Fetch (or after a
                        // reset): the data connections its partitions use open meanwhile, not
                        // after it.
                        let lanes = Set(plan.entries.map { FetchLane(node: plan.nodeId, partition: $0.id, lanes: configuration.connectionsPerBroker).lane })
                        group.addTask { await self.transport.openFetchConnections(node: plan.nodeId, lanes: lanes.sorted()) }
                    }
                    for plan in actions.fetches {
                        group.addTask { await self.performFetch(plan) }
                    }
                    await waitForWake(until: actions.wakeUp)
                }
                isStopped = true
                group.cancelAll()
            }
        } onCancel: {
            Task { await self.stop() }
        }
    }

    /// Stops the engine: `run()` stops planning, cancels requests in flight and returns.
    public func stop() {
        isStopped = true
        wake()
    }

    // MARK: - Waking the planning loop

    func wake() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            wakePending = true
        }
    }

    private func waitForWake(until deadline: ContinuousClock.Instant?) async {
        if wakePending {
            wakePending = false
            return
        }
        timer?.cancel()
        timer = deadline.map { deadline in
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                guard !Task.isCancelled else { return }
                await self?.wake()
            }
        }
        await withCheckedContinuation { continuation in
            waiter = continuation
        }
        wakePending = false
    }
}
