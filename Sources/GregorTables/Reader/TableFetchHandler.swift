import Gregor
import GregorProtocol

/// Connects one fetch engine (one epoch of the reader) to the reader.
///
/// The handler only walks each answer to move the engine's position on (a cheap pass: no keys
/// or values are copied) and queues the answer; the reader's apply loop decodes it into the
/// store. So the engine's next Fetch overlaps the apply of the previous answer. Events go
/// through the same queue, in order with the answers.
struct TableFetchHandler<Store: TableStore>: FetchHandler {
    let reader: TableReader<Store>
    /// The reader's epoch when this engine was made: answers of an older engine are ignored.
    let epoch: UInt64
    let queue: TableApplyQueue<TablePendingWork>

    func handle(_ records: inout FetchedRecords) async {
        let undecoded = records
        // Sets the position the engine fetches from next; a decoding error fails the partition in
        // the engine (and the apply loop applies what decoded before it, as it meets the error).
        var walk = DiscardingRecordSink()
        _ = try? records.decode(into: &walk)
        await queue.push(.records(undecoded, epoch: epoch))
    }

    func handle(_ event: FetchEvent) async {
        await queue.push(.event(event, epoch: epoch))
    }
}

/// What the fetch handler hands to the reader's apply loop.
enum TablePendingWork: Sendable {
    /// One partition's answer, not decoded yet.
    case records(FetchedRecords, epoch: UInt64)
    /// An engine event.
    case event(FetchEvent, epoch: UInt64)
}

/// A sink that drops every record: decoding into it only walks and checks the batches.
struct DiscardingRecordSink: RecordSink {
    mutating func record(
        offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, headers: RecordHeaders
    ) throws(KafkaDecodingError) {}
}
