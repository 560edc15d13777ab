/// Receives what the fetch engine fetches: each partition's records and the engine's events.
///
/// The engine calls the handler from its fetch tasks: the partitions of one Fetch answer one
/// after another, answers from different leaders concurrently. A handler decodes with
/// `records.decode(into:)` into its own sink — Stream into a `MessageBatchBuilder`, Tables into
/// a per-record applier — and may pause partitions (over a memory budget) from inside the call.
/// The partition's position advances to `records.nextPosition` after the call returns; a
/// handler that does not decode (say, because it is over budget) gets the same records again
/// from the next Fetch.
public protocol FetchHandler: Sendable {
    /// One partition's share of a Fetch answer (called also when it holds no records, so
    /// watermark changes are seen).
    func handle(_ records: inout FetchedRecords) async

    /// A position reset or a partition failure.
    func handle(_ event: FetchEvent) async
}

extension FetchHandler {
    /// Default: events are ignored (they remain visible in the partition states).
    public func handle(_ event: FetchEvent) async {}
}
