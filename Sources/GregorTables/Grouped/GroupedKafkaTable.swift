import Gregor
import Logging

/// A grouped global table: a nested `{group: {member: value}}` view over one compacted topic in
/// which every (group, member) pair is its own key — so many processes can each announce their own
/// member of a shared group with no read-modify-write and no lost update.
///
/// Keys use ktables' composite format (`GroupedKey`), so a Python ktables process and a Gregor
/// process can share a grouped topic. Records whose key is not in that format are skipped and
/// counted (`stats.foreignKeys`): give a grouped table its own topic. Everything else — start,
/// status, barrier, updates — works as for `KafkaTable`.
public final class GroupedKafkaTable<Value: Sendable>: Sendable {
    /// The topic read.
    public let topic: String
    /// The settings.
    public var configuration: KafkaTableConfiguration { reader.configuration }
    let reader: TableReader<GroupedTableStore<Value>>

    /// A grouped table of `topic` decoding values with `valueCodec`. Throws `.invalidConfiguration`
    /// naming a wrong setting, `.invalidArgument` for an illegal topic name.
    public init(
        topic: String, configuration: KafkaTableConfiguration, valueCodec: TableCodec<Value>,
        logger: Logger = Logger(label: "gregor.tables")
    ) throws {
        try TableTopicName.validate(topic)
        try configuration.validate()
        self.topic = topic
        self.reader = TableReader(topic: topic, configuration: configuration, store: GroupedTableStore(valueCodec: valueCodec), logger: logger)
    }

    /// Ensures the topic, replays it, returns once caught up (see `KafkaTable.start()`).
    public func start() async throws {
        try await reader.start()
    }

    /// Stops reading; contents stay readable (frozen).
    public func stop() async {
        await reader.stop()
    }

    /// Starts the table, runs `body`, and stops the table however `body` ends.
    public func run<R: Sendable>(_ body: (GroupedKafkaTable) async throws -> R) async throws -> R {
        try await start()
        do {
            let result = try await body(self)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    /// The value of `member` in `group`, or `nil` (O(1)).
    public func member(_ member: String, in group: String) -> Value? {
        reader.withStore { $0.state.snapshot().member(member, in: group) } ?? nil
    }

    /// The members of `group` and their values (O(1); empty when the group has none).
    public func members(in group: String) -> TableSnapshot<String, Value> {
        reader.withStore { $0.state.snapshot().members(in: group) } ?? TableSnapshot()
    }

    /// The groups that have at least one member.
    public var groups: [String] {
        reader.withStore { Array($0.state.snapshot().groups) } ?? []
    }

    /// Members in all groups.
    public var count: Int {
        reader.withStore { $0.count } ?? 0
    }

    /// The whole nested view now, immutable (O(1)).
    public func snapshot() -> GroupedSnapshot<Value> {
        reader.withStore { $0.state.snapshot() } ?? GroupedSnapshot()
    }

    /// Where the table is (see `TableStatus`).
    public var status: TableStatus { reader.status }

    /// Counters of applied and skipped records (foreign keys included), rebuilds, catch-up time.
    public var stats: TableStats { reader.stats }

    /// Time since the partition heard from least recently last got a Fetch answer.
    public var staleness: Duration? { reader.staleness() }

    /// What `ensureTopic` did at start; `nil` when it was off or has not run.
    public var ensureTopicOutcome: EnsureTopicOutcome? { reader.ensureOutcome }

    /// Read-your-writes on demand (see `KafkaTable.barrier(timeout:)`).
    public func barrier(timeout: Duration = .seconds(30)) async throws -> Bool {
        try await reader.barrier(timeout: timeout)
    }

    /// Waits until the table has applied the write `report` describes.
    public func wait(for report: DeliveryReport, timeout: Duration = .seconds(30)) async -> Bool {
        guard report.topic == topic, report.offset >= 0 else { return false }
        return await reader.wait(for: OffsetTargets(offsets: [report.partition: report.offset &+ 1]), timeout: timeout)
    }

    /// Every change from now on, until the table stops or fails.
    public func updates() -> AsyncStream<GroupedTableChange<Value>> {
        reader.subscribe()
    }

    /// The contents now and every change after them, taken together: nothing is missed between
    /// the two and nothing already in the snapshot comes again.
    public func snapshotAndUpdates() -> (snapshot: GroupedSnapshot<Value>, updates: AsyncStream<GroupedTableChange<Value>>) {
        let (snapshot, updates) = reader.subscribe { $0.state.snapshot() }
        return (snapshot ?? GroupedSnapshot(), updates)
    }
}
