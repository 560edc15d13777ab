/// The records of one Fetch answer made ready (`PreparedRecord`), in offset order, kept so that the
/// apply loop can move them into the map (`EncodedEntries.store(_:stats:)`): an entry changes hands
/// without its reference count being touched, so the apply loop never writes to, and for a new
/// key never reads, an entry allocated on another core.
///
/// `@unchecked Sendable`: the preparing task fills it and hands it over through its result; from
/// then on only the apply loop uses it.
final class PreparedRecords: @unchecked Sendable {
    private var base: UnsafeMutablePointer<PreparedRecord>
    private var capacity: Int
    /// The records not moved out yet.
    private(set) var count = 0

    /// An empty list with room for `capacity` records before it grows.
    init(capacity: Int = 64) {
        self.capacity = Swift.max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Adds `record` at the end.
    func append(_ record: consuming PreparedRecord) {
        if count == capacity {
            let grown = UnsafeMutablePointer<PreparedRecord>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: record)
        count += 1
    }

    /// Moves every record, in order, into `body`; the list is empty after. `ahead` sees each
    /// record's key tag `lookahead` records before `body` gets that record (to prefetch).
    func moveAll(lookahead: Int = 0, ahead: (UInt32) -> Void = { _ in }, _ body: (consuming PreparedRecord) -> Void) {
        let moving = count
        // Empty before the first move, so that nothing is deinitialized twice if `body` traps.
        count = 0
        for index in 0..<Swift.min(lookahead, moving) {
            if let tag = base[index].tag { ahead(tag) }
        }
        for index in 0..<moving {
            if index + lookahead < moving, let tag = base[index + lookahead].tag { ahead(tag) }
            body((base + index).move())
        }
    }

    /// Copies of the records, in order (for inspection; the list keeps them).
    var copies: [PreparedRecord] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
