import Gregor
import GregorProtocol

/// Connects one fetch engine (one epoch of the reader) to the reader.
///
/// The handler only scans each answer to move the engine's position on (batch headers and CRCs:
/// no record is walked, nothing is decompressed) and queues the answer; the reader's apply loop
/// decodes it into the store. So the engine's next Fetch overlaps the apply of the previous
/// answer. Events go through the same queue, in order with the answers.
///
/// For a store that keeps decoded values, the handler also starts a task that decodes the answer's
/// values (the costly part of such a replay), which the apply loop awaits before applying that
/// answer: the values of the next answers decode on other cores while one is applied. The queue's
/// capacity bounds how many run at once.
struct TableFetchHandler<Store: TableStore>: FetchHandler {
    let reader: TableReader<Store>
    /// The reader's epoch when this engine was made: answers of an older engine are ignored.
    let epoch: UInt64
    let queue: TableApplyQueue<TablePendingWork>

    func handle(_ records: inout FetchedRecords) async {
        // Sets the position the engine fetches from next. A broken frame or CRC fails the
        // partition in the engine; the apply loop then meets the same error after applying the
        // batches before it. Once the scan passed, the apply need not check the CRCs again.
        _ = try? records.scan()
        let pending = records.undecodedCopy()
        // With subscribers the apply takes the generic path, which decodes in place.
        var values: Task<[(any AnyObject & Sendable)?], Never>?
        if let decode = reader.boxedValueDecoder, !reader.hasSubscribers {
            values = Task { BoxedValueSink.decodeValues(of: pending, with: decode) }
        }
        await queue.push(.records(pending, epoch: epoch, values: values))
    }

    func handle(_ event: FetchEvent) async {
        await queue.push(.event(event, epoch: epoch))
    }
}

/// What the fetch handler hands to the reader's apply loop.
enum TablePendingWork: Sendable {
    /// One partition's answer, not decoded yet, and the task decoding its values ahead, if any.
    case records(FetchedRecords, epoch: UInt64, values: Task<[(any AnyObject & Sendable)?], Never>?)
    /// An engine event.
    case event(FetchEvent, epoch: UInt64)
}
