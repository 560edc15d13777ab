import Gregor
import GregorProtocol

/// What the fetch engine's handler passes to `gregor consume`'s printing loop.
enum ConsumeEvent: Sendable {
    /// Records of one partition, decoded into a columnar batch, and the partition's position after them.
    case records(FetchPartitionID, MessageBatch, nextPosition: Int64)
    /// A partition stopped on a non-retriable error.
    case partitionFailed(FetchPartitionID, KafkaError)
    /// The engine stopped with an error.
    case engineFailed(any Error)
}

/// Bounds how many decoded batches wait for printing: the fetch handler acquires a slot before
/// handing a batch over and the printing loop releases it, so a slow stdout slows fetching down
/// instead of filling memory. `close()` lets every waiter through (shutdown).
actor ConsumeBudget {
    private let limit: Int
    private var outstanding = 0
    private var isClosed = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A budget of `limit` batches.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Waits for a free slot (returns at once after `close()`).
    func acquire() async {
        if isClosed { return }
        if outstanding < limit {
            outstanding += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Frees a slot, passing it to the oldest waiter if there is one.
    func release() {
        if !waiters.isEmpty {
            waiters.removeFirst().resume()
        } else if outstanding > 0 {
            outstanding -= 1
        }
    }

    /// Lets every current and future waiter through.
    func close() {
        isClosed = true
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume() }
    }
}

/// The fetch handler of `gregor consume`: decodes each partition's records into a `MessageBatch`
/// and hands it to the printing loop.
struct ConsumeFetchHandler: FetchHandler {
    let continuation: AsyncStream<ConsumeEvent>.Continuation
    let budget: ConsumeBudget

    func handle(_ records: inout FetchedRecords) async {
        var builder = MessageBatchBuilder(capacity: 256, averageMessageSize: 128)
        do {
            try records.decode(into: &builder)
        } catch {
            // The engine fails the partition and reports it as an event.
            return
        }
        let batch = builder.finish()
        // Empty answers matter too: they carry the position past control batches.
        await budget.acquire()
        continuation.yield(.records(records.partition, batch, nextPosition: records.nextPosition))
    }

    func handle(_ event: FetchEvent) async {
        if case .partitionFailed(let id, let error) = event {
            continuation.yield(.partitionFailed(id, error))
        }
    }
}
