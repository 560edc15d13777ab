import Gregor
import GregorProtocol

/// Connects one fetch engine (one epoch of the reader) to the reader.
///
/// The handler only scans each answer to move the engine's position on (batch headers and CRCs:
/// no record is walked, nothing is decompressed) and queues the answer; the reader's apply loop
/// decodes it into the store. So the engine's next Fetch overlaps the apply of the previous
/// answer. Events go through the same queue, in order with the answers.
///
/// For a store with compact entries, the handler also starts a task that prepares the answer's
/// records (`RecordPreparingSink`: decoding, checking, allocating, hashing), which the apply loop
/// awaits before it stores them: the next answers are prepared on other cores while one is
/// stored. The queue's capacity bounds how many run at once.
struct TableFetchHandler<Store: TableStore>: FetchHandler {
    let reader: TableReader<Store>
    /// The reader's epoch when this engine was made: answers of an older engine are ignored.
    let epoch: UInt64
    let queue: TableApplyQueue<TablePendingWork>

    func handle(_ records: inout FetchedRecords) async {
        // Sets the position the engine fetches from next. A broken frame or CRC fails the
        // partition in the engine; the apply loop then meets the same error after applying the
        // batches before it. Once the scan passed, the apply need not check the CRCs again.
        let scanned = try? records.scan()
        let pending = records.undecodedCopy()
        // With subscribers the apply takes the generic path, which decodes in place.
        var prepared: Task<PreparedAnswer, Never>?
        if let forms = reader.entryForms, !reader.hasSubscribers {
            // The batch headers count the records: the list is allocated once, at its size.
            let expected = scanned.map { $0.recordCount + $0.controlRecordCount } ?? 0
            prepared = Task {
                var decoder = RecordBatchDecoder()
                return RecordPreparingSink.prepare(pending, forms: forms, expectedRecords: expected, using: &decoder)
            }
        }
        await queue.push(.records(pending, epoch: epoch, prepared: prepared))
    }

    func handle(_ event: FetchEvent) async {
        await queue.push(.event(event, epoch: epoch))
    }
}

/// What the fetch handler hands to the reader's apply loop.
enum TablePendingWork: Sendable {
    /// One partition's answer, not decoded yet, and the task preparing it, if any.
    case records(FetchedRecords, epoch: UInt64, prepared: Task<PreparedAnswer, Never>?)
    /// An engine event.
    case event(FetchEvent, epoch: UInt64)
}
