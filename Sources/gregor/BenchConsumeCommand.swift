import ArgumentParser
import Gregor
import GregorCLISupport
import GregorProtocol
import Synchronization

/// `gregor bench consume`: reads a topic from earliest into columnar `MessageBatch`es until every
/// partition's position reaches the end offset it had at start (ListOffsets latest; exact on Tansu
/// when each partition ends with a single-record batch).
struct BenchConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consume", abstract: "Consumer benchmark.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("topic"), help: "Topic to read.")
    var topic: String

    func run() async throws {
        try await runReportingErrors {
            let cluster = KafkaCluster(configuration: try connection.clientConfiguration(), logger: ClientSession.makeLogger("gregor.bench"))
            do {
                try await measure(cluster)
                await cluster.shutdown()
            } catch {
                await cluster.shutdown()
                throw error
            }
        }
    }

    private func measure(_ cluster: KafkaCluster) async throws {
        let admin = KafkaAdmin(cluster: cluster)
        let ends = try await admin.listOffsets(topic: topic, spec: .latest)
        let starts = try await admin.listOffsets(topic: topic, spec: .earliest)
        var targets: [FetchPartitionID: Int64] = [:]
        var expected: Int64 = 0
        for (partition, end) in ends {
            let endOffset = end.offset ?? 0
            let startOffset = starts[partition]?.offset ?? 0
            if endOffset > startOffset {
                targets[FetchPartitionID(topic: topic, partition: partition)] = endOffset
                expected += endOffset - startOffset
            }
        }
        let handler = BenchFetchHandler(targets: targets)
        let engine = FetchEngine(cluster: cluster, configuration: FetchConfiguration(), handler: handler)
        await engine.assign(targets.mapValues { _ in FetchStartOffset.earliest })

        let clock = ContinuousClock()
        let began = clock.now
        let engineTask = Task { try await engine.run() }
        await handler.waitUntilDone()
        let elapsed = clock.now - began
        await engine.stop()
        _ = await engineTask.result
        if let failure = handler.failure { throw failure }
        let (records, bytes) = handler.totals
        guard records == expected else {
            throw CLIError("read \(records) records, expected \(expected)")
        }
        print(BenchData.resultLine(operation: "consume", records: Int(records), bytes: bytes, seconds: secondsOf(elapsed)))
    }
}

/// Decodes every fetched partition answer into a `MessageBatch` and counts; signals once every
/// partition's position has reached its target.
final class BenchFetchHandler: FetchHandler {
    private struct State {
        var remaining: [FetchPartitionID: Int64]
        var records: Int64 = 0
        var bytes = 0
        var waiter: CheckedContinuation<Void, Never>?
        var failure: KafkaError?
        var done: Bool { remaining.isEmpty || failure != nil }
    }

    private let state: Mutex<State>

    init(targets: [FetchPartitionID: Int64]) {
        state = Mutex(State(remaining: targets))
    }

    /// Records and payload bytes decoded so far.
    var totals: (Int64, Int) { state.withLock { ($0.records, $0.bytes) } }

    func handle(_ records: inout FetchedRecords) async {
        var builder = MessageBatchBuilder(capacity: 16_384, averageMessageSize: 100)
        guard (try? records.decode(into: &builder)) != nil else { return }
        let batch = builder.finish()
        let count = Int64(batch.count)
        let bytes = batch.keyColumn.data.byteCount + batch.valueColumn.data.byteCount
        let position = records.nextPosition
        let partition = records.partition
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.records += count
            state.bytes += bytes
            if let target = state.remaining[partition], position >= target { state.remaining[partition] = nil }
            guard state.done, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    func handle(_ event: FetchEvent) async {
        guard case .partitionFailed(let id, let error) = event else { return }
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.failure == nil { state.failure = KafkaError(error.kind, "\(id): \(error.message)") }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The first partition failure, if any.
    var failure: KafkaError? { state.withLock { $0.failure } }

    /// Returns once every partition has reached its target (or one failed).
    func waitUntilDone() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { state -> Bool in
                if state.done { return true }
                state.waiter = continuation
                return false
            }
            if finished { continuation.resume() }
        }
    }
}
