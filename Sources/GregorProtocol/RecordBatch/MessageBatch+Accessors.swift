extension MessageBatch {
    /// The offset of message `index`.
    public func offset(at index: Int) -> Int64 {
        precondition(index >= 0 && index < count, "MessageBatch index out of range")
        return offsetColumn.pointer.load(fromByteOffset: index * 8, as: Int64.self)
    }

    /// The timestamp (ms since the epoch) of message `index`.
    public func timestamp(at index: Int) -> Int64 {
        precondition(index >= 0 && index < count, "MessageBatch index out of range")
        return timestampColumn.pointer.load(fromByteOffset: index * 8, as: Int64.self)
    }

    /// The partition of message `index`.
    public func partition(at index: Int) -> Int32 {
        precondition(index >= 0 && index < count, "MessageBatch index out of range")
        return partitionColumn.pointer.load(fromByteOffset: index * 4, as: Int32.self)
    }

    /// The topic of message `index`.
    public func topic(at index: Int) -> String {
        precondition(index >= 0 && index < count, "MessageBatch index out of range")
        return topics[Int(topicIndexColumn.pointer.load(fromByteOffset: index * 4, as: Int32.self))]
    }

    /// Calls `body` with the key of message `index` (`nil` when null); the view is valid only inside `body`.
    public func withKey<Result, Failure: Error>(
        at index: Int, _ body: (UnsafeRawBufferPointer?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(index >= 0 && index < count, "MessageBatch index out of range")
        return try withExtendedLifetime(self) { () throws(Failure) -> Result in try body(keyColumn.element(at: index)) }
    }

    /// Calls `body` with the value of message `index` (`nil` when null); the view is valid only inside `body`.
    public func withValue<Result, Failure: Error>(
        at index: Int, _ body: (UnsafeRawBufferPointer?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(index >= 0 && index < count, "MessageBatch index out of range")
        return try withExtendedLifetime(self) { () throws(Failure) -> Result in try body(valueColumn.element(at: index)) }
    }

    /// A copy of the key of message `index`; `nil` when null.
    public func key(at index: Int) -> [UInt8]? {
        withKey(at: index) { $0.map { Array($0) } }
    }

    /// A copy of the value of message `index`; `nil` when null.
    public func value(at index: Int) -> [UInt8]? {
        withValue(at: index) { $0.map { Array($0) } }
    }

    /// The range of message `index`'s headers in the header columns.
    public func headerRange(at index: Int) -> Range<Int> {
        precondition(index >= 0 && index < count, "MessageBatch index out of range")
        let start = headerListOffsets.pointer.load(fromByteOffset: index * 4, as: Int32.self)
        let end = headerListOffsets.pointer.load(fromByteOffset: (index + 1) * 4, as: Int32.self)
        return Int(start)..<Int(end)
    }

    /// Copies of message `index`'s headers, in wire order.
    public func headers(at index: Int) -> [RecordHeader] {
        withExtendedLifetime(self) {
            headerRange(at: index).map { entry in
                RecordHeader(
                    key: String(decoding: headerKeyColumn.element(at: entry) ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self),
                    value: headerValueColumn.element(at: entry).map { Array($0) })
            }
        }
    }
}

extension MessageBatch.BinaryColumn {
    /// Whether row `index` is not null.
    public func isValid(at index: Int) -> Bool {
        precondition(index >= 0 && index < length, "column index out of range")
        let byte = validity.pointer.load(fromByteOffset: index >> 3, as: UInt8.self)
        return byte & UInt8(truncatingIfNeeded: 1 << (index & 7)) != 0
    }

    /// The bytes of row `index`, or `nil` when null; valid while the batch is alive.
    public func element(at index: Int) -> UnsafeRawBufferPointer? {
        guard isValid(at: index) else { return nil }
        let start = Int(offsets.pointer.load(fromByteOffset: index * 4, as: Int32.self))
        let end = Int(offsets.pointer.load(fromByteOffset: (index + 1) * 4, as: Int32.self))
        return UnsafeRawBufferPointer(start: data.pointer + start, count: end - start)
    }
}
