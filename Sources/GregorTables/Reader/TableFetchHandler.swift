import Gregor

/// Connects one fetch engine (one epoch of the reader) to the reader.
struct TableFetchHandler<Store: TableStore>: FetchHandler {
    let reader: TableReader<Store>
    /// The reader's epoch when this engine was made: answers of an older engine are ignored.
    let epoch: UInt64

    func handle(_ records: inout FetchedRecords) async {
        reader.apply(&records, epoch: epoch)
    }

    func handle(_ event: FetchEvent) async {
        await reader.handle(event, epoch: epoch)
    }
}
